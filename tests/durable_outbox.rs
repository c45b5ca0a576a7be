//! `--durable` with the shipped binary and the outbox: a kill's replay
//! writes the verification mail again (same id, time and token), and a
//! `DELETE /_admin/outbox`, compacted like every admin change, stays
//! deleted after the next kill.

mod durable_support;
mod shipped;

use durable_support::*;
use shipped::fresh_root;

fn outbox(addr: std::net::SocketAddr) -> String {
    let (status, body) = exchange(addr, "GET", "/_admin/outbox", b"").expect("an answer");
    assert_eq!(status, 200, "{body}");
    body
}

#[test]
fn the_outbox_survives_a_kill_and_its_emptying_too() {
    let root = fresh_root("durable-outbox");
    let server = Server::start(&root, &["--durable"]);
    register(server.addr, "outbox-kept.com");
    let before = outbox(server.addr);
    assert!(
        before.contains("erika-outbox-kept.com@example.net"),
        "{before}"
    );
    assert!(before.contains("TOKEN: "), "{before}");
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    assert_eq!(outbox(server.addr), before, "after the kill's replay");
    let (status, body) = exchange(server.addr, "DELETE", "/_admin/outbox", b"").expect("an answer");
    assert_eq!(
        (status, body.as_str()),
        (200, "{\"entity\":\"1234\",\"removed\":1}\n")
    );
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    assert_eq!(outbox(server.addr), "{\"entity\":\"1234\",\"mails\":[]}\n");
}
