//! DENIC's AuthInfo2 letter, read from `GET /_admin/outbox` of the shipped
//! binary, used as a transfer's AUTH (CheckDomainTransfer, TransferDomain).
//! Only this path: the command's every answer is the fixtures'
//! (`domain/denic-auth-codes`), the outbox's other mails `admin_outbox.rs`'s.

mod common;

use common::{Binary, Client, demo_call as api, demo_ok as ok, mail_code, outbox};

/// A .de registration of test.user2 for Erika (erika@example.de).
const ADD_DE: &str = "command=AddDomain&DOMAIN=outbox-posted.de&NAMESERVER0=ns1.ispapi.net\
     &NAMESERVER1=ns2.ispapi.net&INTERNALDNS=1&OWNERCONTACT0FIRSTNAME=Erika\
     &OWNERCONTACT0LASTNAME=Mustermann&OWNERCONTACT0STREET=Hauptstr.+1\
     &OWNERCONTACT0CITY=Berlin&OWNERCONTACT0ZIP=10115&OWNERCONTACT0COUNTRY=DE\
     &OWNERCONTACT0PHONE=%2B49.301234567&OWNERCONTACT0EMAIL=erika%40example.de";

/// The 16 characters after `AUTH: ` in the mails of `json`.
fn posted_code(json: &str) -> &str {
    mail_code(json, "AUTH: ", 16, u8::is_ascii_alphanumeric)
}

#[test]
fn the_posted_auth_info2_transfers_the_domain() {
    let binary = Binary::start(&[], &[]);
    let mut client = Client::connect(binary.addr);
    ok(&mut client, "test.user2", ADD_DE);
    let create = "command=DENIC_CreateAuthInfo2&DOMAIN=outbox-posted.de";
    let created = ok(&mut client, "test.user2", create);
    assert!(!created.body.contains("PROPERTY["), "{}", created.body);
    let json = outbox(&mut client, "to=erika%40example.de");
    assert!(json.contains("The AuthInfo2 of outbox-posted.de"), "{json}");
    let code = posted_code(&json).to_owned();
    // The registrar never sees it: StatusDomain shows no AUTH.
    let status = ok(
        &mut client,
        "test.user2",
        "command=StatusDomain&DOMAIN=outbox-posted.de",
    );
    assert_eq!(status.field("PROPERTY[AUTH][0]"), None, "{}", status.body);
    let check = format!("command=CheckDomainTransfer&DOMAIN=outbox-posted.de&AUTH={code}");
    let checked = api(&mut client, "test.user", &check);
    assert_eq!(checked.field("CODE"), Some("218"), "{}", checked.body);
    assert_eq!(checked.field("PROPERTY[AUTHISVALID][0]"), Some("YES"));
    let transfer = format!("command=TransferDomain&DOMAIN=outbox-posted.de&AUTH={code}");
    ok(&mut client, "test.user", &transfer);
}
