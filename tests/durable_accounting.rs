//! `--durable` with the shipped binary and a parent's manual bookkeeping:
//! a subuser's manual entries (booked, amended, one deleted) and the
//! balance they moved are the same after a SIGKILL (the request-level
//! journal replays AddAccounting, ModifyAccounting and DeleteAccounting).

mod durable_support;
mod shipped;

use durable_support::*;
use shipped::fresh_root;

#[test]
fn manual_entries_survive_a_kill() {
    let root = fresh_root("durable-accounting");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let steps = [
        "command=AddUser&SUBUSER=cust1&PASSWORD=sub.passw0rd&CURRENCY=EUR&VAT=19",
        "command=AddAccounting&SUBUSER=cust1&DESCRIPTION=Bank&TYPE=PAYMENT&PAYMENT=150.00",
        "command=AddAccounting&SUBUSER=cust1&DESCRIPTION=Fee&TYPE=SETUP%2FFEE&PAYMENT=-12.50",
        "command=ModifyAccounting&SUBUSER=cust1&ACCOUNTINGID=800001&PAYMENT=200.00",
        "command=DeleteAccounting&SUBUSER=cust1&ACCOUNTINGID=800002",
        "command=AddAccounting&SUBUSER=cust1&DESCRIPTION=Voucher&TYPE=VOUCHER&PAYMENT=5.00",
    ];
    for step in steps {
        let answer = api(addr, step);
        assert_eq!(code(&answer), 200, "{step}: {answer}");
    }
    let list = "command=QueryAccountingList&SUBUSER=cust1";
    let balance = "command=StatusAccount&s_user=cust1";
    let before = (api(addr, list), api(addr, balance));
    assert!(
        before.0.contains("PROPERTY[ACCOUNTINGTYPE][1]=VOUCHER"),
        "{}",
        before.0
    );
    assert!(
        before.1.contains("PROPERTY[AMOUNT][0]=205.00"),
        "{}",
        before.1
    );
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    let after = (api(server.addr, list), api(server.addr, balance));
    let strip = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("RUNTIME") && !l.starts_with("QUEUETIME"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&after.0), strip(&before.0));
    assert_eq!(strip(&after.1), strip(&before.1));
}
