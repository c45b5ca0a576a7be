//! `--durable` with `--load` of one system's snapshot: that system starts
//! from the snapshot, the other keeps its durable state (it was reset to
//! the demo data before), and the result is durable itself.

mod durable_support;
mod shipped;

use std::net::SocketAddr;

use durable_support::*;
use shipped::fresh_root;

/// StatusDomain on the LIVE system (54cd) as test.user: the code.
fn live_status(addr: SocketAddr, name: &str) -> u16 {
    let body = format!("s_entity=54cd&{USER}&command=StatusDomain&DOMAIN={name}");
    let (_, answer) = exchange(addr, "POST", "/api/call.cgi", body.as_bytes()).expect("an answer");
    code(&answer)
}

#[test]
fn a_snapshot_of_one_system_leaves_the_other_durable_state_alone() {
    let root = fresh_root("durable-load");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    register(addr, "load-before.com");
    let file = snapshot_bytes(addr);
    register(addr, "load-after.com");
    let body = format!(
        "s_entity=54cd&{USER}&{}",
        add_domain("live-kept.com", "live")
    );
    let (_, answer) = exchange(addr, "POST", "/api/call.cgi", body.as_bytes()).expect("an answer");
    assert_eq!(code(&answer), 200, "{answer}");
    drop(server.kill());

    let path = root.join("ote.snapshot");
    std::fs::write(&path, file).expect("the snapshot written");
    let loaded = ["--durable", "--load", path.to_str().expect("a path")];
    let server = Server::start(&root, &loaded);
    assert_eq!(status_domain(server.addr, "load-before.com"), 200);
    assert_eq!(
        status_domain(server.addr, "load-after.com"),
        545,
        "OT&E is the snapshot's"
    );
    assert_eq!(
        live_status(server.addr, "live-kept.com"),
        200,
        "LIVE kept its state"
    );
    drop(server.kill());

    // The loaded state is the durable state now.
    let server = Server::start(&root, &["--durable"]);
    assert_eq!(status_domain(server.addr, "load-after.com"), 545);
    assert_eq!(live_status(server.addr, "live-kept.com"), 200);
}
