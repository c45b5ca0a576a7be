//! `--durable` with the shipped binary and orders: a refused ExecuteOrder
//! marks its order (ERRORCOUNT, the last answer), the journal keeps that
//! refusal, and a kill's replay and a compaction keep the order as it was.
//! Touches no other state.

mod durable_support;
mod shipped;

use durable_support::*;
use shipped::fresh_root;

/// A refused ExecuteOrder still changes its order (ERRORCOUNT, the last
/// answer): the journal keeps it, and a kill, a replay and a compaction
/// into the snapshot keep the order as it was.
#[test]
fn a_refused_order_execution_survives_a_kill_and_a_compaction() {
    let root = fresh_root("durable-orders");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let placed = api(
        addr,
        "command=RenewDomain&ORDER=CREATE&DOMAIN=not-held.com&PERIOD=1",
    );
    let id = property(&placed, "ORDERID")
        .expect("an order id")
        .to_owned();
    let executed = api(addr, &format!("command=ExecuteOrder&ORDERID={id}"));
    assert_eq!(code(&executed), 545, "{executed}");
    let order = |addr| {
        let list = api(addr, &format!("command=QueryOrderList&ORDERID={id}"));
        let fields = ["ORDERSTATUS", "ERRORCOUNT", "LASTRESPONSECODE"];
        fields.map(|name| property(&list, name).unwrap_or("").to_owned())
    };
    let before = order(addr);
    assert_eq!(before, ["PENDING", "1", "545"]);
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    assert_eq!(order(server.addr), before, "after the kill's replay");
    server.stop();
    let server = Server::start(&root, &["--durable"]);
    assert_eq!(order(server.addr), before, "after the compaction");
}
