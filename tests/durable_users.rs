//! `--durable` with the shipped binary and the user tree: a subuser moved
//! by AssignUser is still under its new parent after a SIGKILL (the
//! request-level journal replays the move). Touches no other state.

mod durable_support;
mod shipped;

use durable_support::*;
use shipped::fresh_root;

#[test]
fn an_assigned_subuser_survives_a_kill() {
    let root = fresh_root("durable-assign-user");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    for (view, id) in [("", "sub1"), ("", "sub2"), ("&s_user=sub1", "sub1a")] {
        let add = format!(
            "command=AddUser{view}&SUBUSER={id}&PASSWORD=sub.passw0rd&CURRENCY=EUR&VAT=19\
             &RELATION0=ALLOW_SUBUSER%3A1"
        );
        let answer = api(addr, &add);
        assert_eq!(code(&answer), 200, "{answer}");
    }
    let moved = api(addr, "command=AssignUser&SUBUSER=sub1a&USER=sub2");
    assert_eq!(code(&moved), 200, "{moved}");
    let branch = "command=GetUserBranch&SUBUSER=sub1a";
    let before = api(addr, branch);
    assert!(before.contains("PROPERTY[USER][1]=sub2"), "{before}");
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    let after = api(server.addr, branch);
    let strip = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("RUNTIME") && !l.starts_with("QUEUETIME"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&after), strip(&before));
}
