//! `--durable` with the shipped binary and the registry lock: a lock opened
//! for one change (AddDomainRegistrylock, ModifyDomainRegistrylock) is still
//! so after a SIGKILL (the request-level journal replays both), and the one
//! change then closes it. Touches no other state.

mod durable_support;
mod shipped;

use durable_support::*;
use shipped::fresh_root;

#[test]
fn an_opened_registry_lock_survives_a_kill() {
    let root = fresh_root("durable-registry-lock");
    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let add = "command=AddDomain&DOMAIN=durable-lock.com&PERIOD=1\
               &OWNERCONTACT0FIRSTNAME=Erika&OWNERCONTACT0LASTNAME=Muster\
               &OWNERCONTACT0STREET=2+Example+Road&OWNERCONTACT0CITY=Springfield\
               &OWNERCONTACT0STATE=NY&OWNERCONTACT0ZIP=10001&OWNERCONTACT0COUNTRY=US\
               &OWNERCONTACT0PHONE=2125550199&OWNERCONTACT0EMAIL=erika%40example.net";
    for command in [
        add,
        "command=AddDomainRegistrylock&DOMAIN=durable-lock.com",
        "command=ModifyDomainRegistrylock&DOMAIN=durable-lock.com",
    ] {
        let answer = api(addr, command);
        assert_eq!(code(&answer), 200, "{answer}");
    }
    let status = "command=StatusDomain&DOMAIN=durable-lock.com";
    let before = api(addr, status);
    assert!(before.contains("=serverDeleteProhibited"), "{before}");
    assert!(!before.contains("serverUpdateProhibited"), "{before}");
    drop(server.kill());

    let server = Server::start(&root, &["--durable"]);
    let addr = server.addr;
    let after = api(addr, status);
    let strip = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("RUNTIME") && !l.starts_with("QUEUETIME"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&after), strip(&before));
    let modify = "command=ModifyDomain&DOMAIN=durable-lock.com&ADDSTATUS0=clientHold";
    assert_eq!(code(&api(addr, modify)), 200);
    assert_eq!(code(&api(addr, modify)), 552);
}
