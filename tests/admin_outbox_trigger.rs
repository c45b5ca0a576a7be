//! The trigger code of a pending trade's confirmation mail, read from
//! `GET /_admin/outbox` of the shipped binary, approving the trade with
//! ActivateDomainTransfer (a wrong code refused). Only this path: the
//! outbox's other mails are `admin_outbox.rs`'s, the command's every answer
//! the fixtures'.

mod common;

use common::{Binary, Client, demo_call as api, demo_ok as ok, outbox, trigger};

#[test]
fn the_trade_mails_trigger_code_approves_the_trade() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let add = format!(
        "command=AddDomain&DOMAIN=outbox-activate.com&PERIOD=1&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    let new_owner = common::new_owner();
    let trade = format!("command=TradeDomain&DOMAIN=outbox-activate.com&{new_owner}");
    let pending = ok(&mut client, "test.user", &trade);
    assert_eq!(pending.field("PENDING"), Some("1"), "{}", pending.body);
    let json = outbox(&mut client, "to=max%40example.net");
    assert!(json.contains("ACTION=APPROVE TRIGGER="), "{json}");
    let code = trigger(&json).to_owned();
    let activate = "command=ActivateDomainTransfer&DOMAIN=outbox-activate.com&ACTION=APPROVE";
    let wrong = if code == "1000000" {
        "1000001"
    } else {
        "1000000"
    };
    let refused = api(
        &mut client,
        "test.user",
        &format!("{activate}&TRIGGER={wrong}"),
    );
    assert_eq!(refused.field("CODE"), Some("531"), "{}", refused.body);
    // The registrant's page calls with any registrar login: the code is
    // the authorisation.
    ok(
        &mut client,
        "test.user2",
        &format!("{activate}&TRIGGER={code}"),
    );
    let status = ok(
        &mut client,
        "test.user",
        "command=StatusDomain&DOMAIN=outbox-activate.com",
    );
    let owner = status
        .field("PROPERTY[OWNERCONTACT][0]")
        .unwrap_or_default();
    assert!(owner.starts_with("P-MAX"), "{}", status.body);
    let gone = api(
        &mut client,
        "test.user",
        "command=StatusDomainTrade&DOMAIN=outbox-activate.com",
    );
    assert_eq!(gone.field("CODE"), Some("545"), "{}", gone.body);
}
