//! `--durable` replays what was acknowledged whatever the abuse limits of
//! the restart: a lower `--max-sessions-per-account` or `--quota-per-minute`
//! than the run that wrote the journal refuses no replayed record (each
//! change stays), and the new limits are in force once the server answers.

mod durable_support;
mod shipped;

use durable_support::*;
use shipped::fresh_root;

#[test]
fn a_restart_with_lower_limits_loses_no_acknowledged_change() {
    let root = fresh_root("durable-limits");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    // Three sessions, a contact added through each, and three more by password.
    for n in 0..3 {
        let started = api(addr, "command=StartSession");
        let session = property(&started, "SESSION").expect("a session");
        let answer = call(
            addr,
            &format!("s_session={session}"),
            &format!(
                "command=AddContact&FIRSTNAME=Sess{n}&LASTNAME=Doe&STREET=1+Main+St\
                 &CITY=Springfield&ZIP=10001&COUNTRY=US&PHONE=2125550100\
                 &EMAIL=sess{n}%40example.net"
            ),
        )
        .expect("an answer");
        assert_eq!(code(&answer), 200, "{answer}");
    }
    for n in 0..3 {
        let answer = api(
            addr,
            &format!(
                "command=AddContact&FIRSTNAME=Pass{n}&LASTNAME=Doe&STREET=1+Main+St\
                 &CITY=Springfield&ZIP=10001&COUNTRY=US&PHONE=2125550100\
                 &EMAIL=pass{n}%40example.net"
            ),
        );
        assert_eq!(code(&answer), 200, "{answer}");
    }
    drop(server.kill());

    let limits = [
        "--durable",
        "--max-sessions-per-account",
        "1",
        "--quota-per-minute",
        "3",
    ];
    let server = Server::start(&root, &limits);
    let addr = server.addr;
    // Before the fix the replay was refused past one session (521) and two
    // requests a minute (425): 1 contact of 6 came back.
    assert_eq!(contacts(addr), 6);
    // The limits of this run hold afterwards: the three replayed sessions
    // are open, so a fourth is over the cap of one.
    let fourth = api(addr, "command=StartSession");
    assert_eq!(code(&fourth), 521, "{fourth}");
    // Five calls fall into at most two calendar minutes, so one of them has
    // more than three.
    let codes: Vec<u16> = (0..5)
        .map(|_| code(&api(addr, "command=StatusAccount")))
        .collect();
    assert!(codes.contains(&425), "{codes:?}");
}
