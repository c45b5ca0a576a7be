//! The outbox over a real socket, against the shipped binary: a gTLD
//! registration's verification mail read from `GET /_admin/outbox`, its
//! TOKEN approving the verification; a pending transfer's confirmation
//! mail and its resend, none for a refused request, TransferDomain's
//! EMAIL* fields (EMAILTO checked, subject, link, reply-to), a pending
//! trade's mails to both registrants (their trigger code approving it:
//! `admin_outbox_trigger.rs`), the whois holder's for
//! a domain at another registrar, none for .uk; RequestDomainAuthInfo's
//! code mail; the filters, the refusals, `DELETE`, a system reset; the
//! token, and a non-loopback peer without one.

mod common;

use common::{
    Binary, Client, FORM, HttpResponse, Server, assert_refused, count, create_email_certificate,
    demo_call as api, demo_ok as ok, mail_code, outbox, percent_encode, trigger,
};

const OUTBOX: &str = "/_admin/outbox";
const ERIKA: &str = "erika@example.net";

/// The 65 characters after `TOKEN: ` in the newest mail of `json`.
fn token(json: &str) -> &str {
    mail_code(json, "TOKEN: ", 65, |_| true)
}

fn delete(client: &mut Client, target: &str, headers: &str) -> HttpResponse {
    let request = format!("DELETE {target} HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n");
    client.send(request.as_bytes());
    client.read_response().expect("a response")
}

#[test]
fn the_verification_mail_carries_the_token_that_approves() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    assert_eq!(
        outbox(&mut client, "entity=1234"),
        "{\"entity\":\"1234\",\"mails\":[]}\n"
    );
    let add = format!(
        "command=AddDomain&DOMAIN=outbox-mail.com&PERIOD=1&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    let json = outbox(
        &mut client,
        &format!("entity=1234&to={}", percent_encode(ERIKA)),
    );
    assert_eq!(count(&json), 1, "{json}");
    assert!(json.contains("\"account\":\"test.user\""), "{json}");
    assert!(json.contains(&format!("\"to\":\"{ERIKA}\"")), "{json}");
    assert!(json.contains("outbox-mail.com"), "{json}");
    let token = token(&json).to_owned();
    let approve = format!("command=ApproveDomainRegistrantVerificationEmail&TOKEN={token}");
    ok(&mut client, "test.user", &approve);
    let status = ok(
        &mut client,
        "test.user",
        "command=StatusDomain&DOMAIN=outbox-mail.com",
    );
    assert_eq!(
        status.field("PROPERTY[X-REGISTRANT-VERIFICATION-STATUS][0]"),
        Some("SUCCESSFUL"),
        "{}",
        status.body
    );
    // Another account's filter and another address see nothing.
    assert_eq!(count(&outbox(&mut client, "account=test.user2")), 0);
    assert_eq!(count(&outbox(&mut client, "to=nobody%40example.net")), 0);
    assert_eq!(count(&outbox(&mut client, "entity=54cd")), 0);
}

#[test]
fn a_pending_transfer_mails_its_confirmation_and_a_refused_one_none() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let add = format!(
        "command=AddDomain&DOMAIN=outbox-move.com&PERIOD=1&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    let auth = "command=ModifyDomain&DOMAIN=outbox-move.com&AUTH=Tr4nsfer-it";
    ok(&mut client, "test.user", auth);
    // Past the 60-day lock after registration.
    let moved = client.post("/_admin/clock", FORM, "advance=61d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    let wrong = api(
        &mut client,
        "test.user2",
        "command=TransferDomain&DOMAIN=outbox-move.com&AUTH=wrong-code",
    );
    assert_ne!(wrong.field("CODE"), Some("200"), "{}", wrong.body);
    assert_eq!(count(&outbox(&mut client, "account=test.user2")), 0);
    let request = "command=TransferDomain&DOMAIN=outbox-move.com&AUTH=Tr4nsfer-it";
    ok(&mut client, "test.user2", request);
    let json = outbox(&mut client, "account=test.user2");
    assert_eq!(count(&json), 1, "{json}");
    assert!(json.contains(&format!("\"to\":\"{ERIKA}\"")), "{json}");
    assert!(
        json.contains("\"subject\":\"Transfer of outbox-move.com: please confirm\""),
        "{json}"
    );
    let resend = "command=ResendDomainTransferConfirmationEmails&DOMAIN=outbox-move.com";
    ok(&mut client, "test.user2", resend);
    assert_eq!(count(&outbox(&mut client, "account=test.user2")), 2);
    assert_eq!(count(&outbox(&mut client, "account=test.user2&limit=1")), 1);
    // The losing side cannot resend: refused, no mail.
    let theirs = api(&mut client, "test.user", resend);
    assert_eq!(theirs.field("CODE"), Some("545"), "{}", theirs.body);
    assert_eq!(count(&outbox(&mut client, "account=test.user2")), 2);
    // DELETE of one account's mails, then a system reset empties the rest.
    let removed = delete(&mut client, &format!("{OUTBOX}?account=test.user2"), "");
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(removed.body, "{\"entity\":\"1234\",\"removed\":2}\n");
    assert_eq!(count(&outbox(&mut client, "")), 1, "the verification mail");
    let reset = client.post("/_admin/reset", FORM, "entity=1234");
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(count(&outbox(&mut client, "")), 0);
}

#[test]
fn the_transfer_mail_follows_the_requests_email_fields() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let add = format!(
        "command=AddDomain&DOMAIN=outbox-custom.com&PERIOD=1&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    ok(
        &mut client,
        "test.user",
        "command=ModifyDomain&DOMAIN=outbox-custom.com&AUTH=Tr4nsfer-it",
    );
    let moved = client.post("/_admin/clock", FORM, "advance=61d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    let request = "command=TransferDomain&DOMAIN=outbox-custom.com&AUTH=Tr4nsfer-it";
    // EMAILTO must be an address the mail goes to: refused, no transfer, no mail.
    let stranger = format!(
        "{request}&EMAILTO={}",
        percent_encode("someone@example.org")
    );
    let refused = api(&mut client, "test.user2", &stranger);
    assert_eq!(refused.field("CODE"), Some("541"), "{}", refused.body);
    assert_eq!(count(&outbox(&mut client, "account=test.user2")), 0);
    let fields = [
        ("EMAILTO", "Erika@Example.net"),
        ("EMAILSUBJECT", "{ACTION} of {DOMAIN} ({TRIGGER})"),
        (
            "EMAILURL",
            "https://reseller.example/foa?d={DOMAIN}&l={LANGUAGE}&t={TRIGGER}",
        ),
        ("EMAILSENDER", "support@reseller.example"),
        ("EMAILLANGUAGE", "de_DE"),
    ];
    let mut custom = request.to_owned();
    for (name, value) in fields {
        custom += &format!("&{name}={}", percent_encode(value));
    }
    ok(&mut client, "test.user2", &custom);
    let json = outbox(&mut client, "account=test.user2");
    assert_eq!(count(&json), 1, "one mail, to EMAILTO alone: {json}");
    assert!(json.contains("\"to\":\"Erika@Example.net\""), "{json}");
    // {ACTION} is what the link does for the losing side's registrant,
    // {TRIGGER} the code the mail carries.
    let code = trigger(&json).to_owned();
    assert!(
        json.contains(&format!(
            "\"subject\":\"DENY of outbox-custom.com ({code})\""
        )),
        "{json}"
    );
    assert!(
        json.contains(&format!(
            "Confirm: https://reseller.example/foa?d=outbox-custom.com&l=de_DE&t={code}"
        )),
        "{json}"
    );
    assert!(json.contains("ACTION=DENY TRIGGER="), "{json}");
    assert!(
        json.contains("\"reply_to\":\"support@reseller.example\""),
        "{json}"
    );
    // The resend keeps the customisation and the code.
    let resend = "command=ResendDomainTransferConfirmationEmails&DOMAIN=outbox-custom.com";
    ok(&mut client, "test.user2", resend);
    let json = outbox(&mut client, "account=test.user2&limit=1");
    assert!(
        json.contains(&format!(
            "\"subject\":\"DENY of outbox-custom.com ({code})\""
        )),
        "{json}"
    );
}

#[test]
fn a_pending_trade_mails_the_old_and_the_new_registrant() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let add = format!(
        "command=AddDomain&DOMAIN=outbox-trade.com&PERIOD=1&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    let new_owner = common::new_owner();
    let trade = format!("command=TradeDomain&DOMAIN=outbox-trade.com&{new_owner}");
    // Another account's trade is refused and mails nobody.
    let theirs = api(&mut client, "test.user2", &trade);
    assert_eq!(theirs.field("CODE"), Some("531"), "{}", theirs.body);
    assert_eq!(count(&outbox(&mut client, "to=max%40example.net")), 0);
    // Without both Designated-Agent confirmations the trade waits for the
    // registrants: one mail to each.
    let pending = ok(&mut client, "test.user", &trade);
    assert_eq!(pending.field("PENDING"), Some("1"), "{}", pending.body);
    for to in [ERIKA, "max@example.net"] {
        let json = outbox(&mut client, &format!("to={}", percent_encode(to)));
        let subject = "\"subject\":\"Change of registrant of outbox-trade.com: please confirm\"";
        assert_eq!(json.matches(subject).count(), 1, "{json}");
        assert!(
            json.contains("from Erika Muster <erika@example.net> to Max Muster <max@example.net>"),
            "{json}"
        );
        assert!(json.contains("TradeDomain ACTION=CANCEL"), "{json}");
    }
    let resend = "command=ResendDomainTransferConfirmationEmails&DOMAIN=outbox-trade.com";
    ok(&mut client, "test.user", resend);
    let json = outbox(&mut client, "to=max%40example.net");
    assert_eq!(count(&json), 2, "the request's and the resend's: {json}");
}

#[test]
fn a_transfer_from_another_registrar_mails_the_whois_holder() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let request = "command=TransferDomain&DOMAIN=taken-outbox.com&AUTH=otebox-transfer";
    let answer = ok(&mut client, "test.user", request);
    assert_eq!(answer.field("PENDING"), Some("1"), "{}", answer.body);
    let json = outbox(&mut client, "to=HOLDER%40taken-outbox.com");
    assert_eq!(count(&json), 1, "{json}");
    assert!(json.contains("\"account\":\"test.user\""), "{json}");
    // .uk: the losing registrar's push confirms, no mail.
    ok(
        &mut client,
        "test.user",
        "command=TransferDomain&DOMAIN=taken-outbox.uk",
    );
    assert_eq!(count(&outbox(&mut client, "")), 1);
}

#[test]
fn an_eu_auth_code_request_mails_the_code_to_the_registrant() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let add = format!(
        "command=AddDomain&DOMAIN=outbox-code.eu&PERIOD=1&X-EU-REGISTRANT-CITIZENSHIP=DE&{}",
        common::INLINE_OWNER
    );
    ok(&mut client, "test.user", &add);
    assert_eq!(
        count(&outbox(&mut client, "")),
        0,
        "a ccTLD: no verification"
    );
    let ask = "command=RequestDomainAuthInfo&DOMAIN=outbox-code.eu";
    ok(&mut client, "test.user", ask);
    let status = ok(
        &mut client,
        "test.user",
        "command=StatusDomain&DOMAIN=outbox-code.eu",
    );
    let code = status.field("PROPERTY[AUTH][0]").expect("an auth code");
    let json = outbox(&mut client, "");
    assert_eq!(count(&json), 1, "{json}");
    assert!(json.contains(&format!("AUTH: {code}")), "{json}");
    assert!(json.contains(&format!("\"to\":\"{ERIKA}\"")), "{json}");
}

#[test]
fn refusals_are_one_plain_line_and_the_token_guards() {
    let binary = Binary::start(&[], &[("OTEBOX_ADMIN_TOKEN", "s3cret-token")]);
    let mut client = Client::connect(binary.addr);
    let bearer = "Authorization: Bearer s3cret-token\r\n";
    let text = "admin token missing or wrong (Authorization: Bearer …)";
    assert_refused(&client.get(OUTBOX), 401, text);
    assert_refused(&delete(&mut client, OUTBOX, ""), 401, text);
    let cases = [
        ("limit=0", r#"limit: "0" is not a number from 1 to 1000"#),
        (
            "entity=9999",
            r#"entity: "9999" is not 1234 (OT&E) or 54cd (LIVE)"#,
        ),
        (
            "from=x",
            r#"unknown field "from": GET takes entity, to, account and limit"#,
        ),
    ];
    for (query, why) in cases {
        let answer = client.get_with(&format!("{OUTBOX}?{query}"), bearer);
        assert_refused(&answer, 400, why);
    }
    let answer = delete(&mut client, &format!("{OUTBOX}?limit=1"), bearer);
    assert_refused(
        &answer,
        400,
        r#"unknown field "limit": DELETE takes entity and account"#,
    );
    let answer = client.post(OUTBOX, &format!("{FORM}{bearer}"), "");
    assert_refused(
        &answer,
        405,
        "use GET to read the outbox or DELETE to empty it",
    );
    assert_eq!(answer.header("allow"), Some("GET, DELETE"));
    assert_eq!(client.get_with(OUTBOX, bearer).status, 200);
}

#[test]
fn without_a_token_a_peer_off_loopback_is_refused() {
    let Some(server) = Server::start_off_loopback() else {
        eprintln!("skipped: this machine has no non-loopback address");
        return;
    };
    let mut client = Client::connect(server.addr);
    let text = "the admin API answers loopback peers only unless --admin-token is set";
    assert_refused(&client.get(OUTBOX), 403, text);
    assert_refused(&delete(&mut client, OUTBOX, ""), 403, text);
}

#[test]
fn an_email_validated_certificate_mails_its_approver() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    let id = create_email_certificate(&mut client);
    let json = outbox(&mut client, "entity=1234&account=test.user");
    assert_eq!(count(&json), 1, "{json}");
    assert!(json.contains("\"to\":\"admin@shop.com\""), "{json}");
    assert!(
        json.contains("Approve the SSL certificate for shop.com"),
        "{json}"
    );
    // Issued a day later; its renewal is validated again, so mailed again.
    let moved = client.post("/_admin/clock", FORM, "advance=1d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    let renew = format!("command=RenewSSLCert&SSLCERTID={id}");
    ok(&mut client, "test.user", &renew);
    let json = outbox(&mut client, "entity=1234&account=test.user");
    assert_eq!(count(&json), 2, "{json}");
}
