//! The CentralNic Reseller ResendNotification over a real socket, against
//! the shipped binary: each TYPE it resends (ownerchange, domaintransfer,
//! certificate) writes the same mail again to `GET /_admin/outbox` as the
//! HEXONET resend commands do; a refused one writes none.

mod common;

use common::{
    Binary, Client, FORM, HttpResponse, count, create_email_certificate, demo_ok as ok, outbox,
};

/// A CNR request of test.user on the `/cnr/` route.
fn cnr(client: &mut Client, command: &str) -> HttpResponse {
    let body = format!("s_login=test.user&s_pw=test.passw0rd&{command}");
    client.post("/cnr/api/call.cgi", FORM, &body)
}

/// [`cnr`] that must answer `code = 200`.
fn cnr_ok(client: &mut Client, command: &str) {
    let answer = cnr(client, command);
    assert!(answer.body.contains("code = 200"), "{}", answer.body);
}

#[test]
fn resend_notification_mails_again_what_is_pending() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let mails = |client: &mut Client| count(&outbox(client, "entity=1234&account=test.user"));

    // ownerchange: the trade's mails to the old and the new registrant.
    let add = format!(
        "command=AddDomain&DOMAIN=cnr-resend.com&PERIOD=1&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    let trade = format!(
        "command=TradeDomain&DOMAIN=cnr-resend.com&{}",
        common::new_owner()
    );
    ok(&mut client, "test.user", &trade);
    let before = mails(&mut client);
    cnr_ok(
        &mut client,
        "command=ResendNotification&TYPE=ownerchange&OBJECT=cnr-resend.com&RECIPIENT=both",
    );
    assert_eq!(mails(&mut client), before + 2);

    // domaintransfer: the pending inbound transfer's confirmation mail.
    cnr_ok(
        &mut client,
        "command=TransferDomain&DOMAIN=transfer-reject-x.com&AUTH=otebox-transfer",
    );
    let json = outbox(&mut client, "to=holder%40transfer-reject-x.com");
    let sent = count(&json);
    assert!(sent >= 1, "{json}");
    cnr_ok(
        &mut client,
        "command=ResendNotification&type=domaintransfer&object=transfer-reject-x.com&reason=some+reason",
    );
    let json = outbox(&mut client, "to=holder%40transfer-reject-x.com");
    assert_eq!(count(&json), sent + 1, "{json}");

    // certificate: the approval mail of a PENDING EMAIL-validated one.
    let id = create_email_certificate(&mut client);
    let approver = |client: &mut Client| count(&outbox(client, "to=admin%40shop.com"));
    let before = approver(&mut client);
    cnr_ok(
        &mut client,
        &format!("command=ResendNotification&TYPE=certificate&OBJECT={id}"),
    );
    assert_eq!(approver(&mut client), before + 1);

    // A refusal mails nobody.
    let before = mails(&mut client);
    let refused = cnr(
        &mut client,
        "command=ResendNotification&TYPE=ownerchange&OBJECT=transfer-reject-x.com",
    );
    assert!(refused.body.contains("code = 545"), "{}", refused.body);
    assert_eq!(mails(&mut client), before);
}
