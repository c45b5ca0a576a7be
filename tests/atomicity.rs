//! A refused command changes nothing: valid domain, contact, host, user
//! and role-user requests (and domain applications) with one parameter spoiled (a bad value, a missing one, an
//! unknown one, a price past the credit limit) are run against a registry
//! that already holds objects, and whenever the answer is a refusal every
//! observable piece of state must be as it was — balances and the ledger, the lists of
//! domains, contacts and hosts, the full StatusDomain of each domain, and
//! the account's, its subuser's and its role user's records, the zone list
//! and the records of the held zone. A domain of test.user2 stands ready
//! for TransferDomain.
//! The CentralNic Reseller writing commands (sent by the `/cnr/` route, to
//! the same OT&E registry) are held to the same rule.

mod common;

use common::percent_encode;

use std::net::{IpAddr, Ipv4Addr};

use otebox::registry::{Registry, Timestamp};
use otebox::{Meta, handle, wire};
use proptest::prelude::*;

const META: Meta = Meta {
    peer: IpAddr::V4(Ipv4Addr::LOCALHOST),
    now: Timestamp(1_767_225_600),
    route: otebox::dialect::Route::DEFAULT,
    forwarded: None,
    trusted_proxy: false,
    slow: None,
};
/// The `/cnr/api/call.cgi` route: always CentralNic Reseller, on OT&E.
const CNR_META: Meta = Meta {
    route: otebox::dialect::Route::Cnr,
    forwarded: None,
    trusted_proxy: false,
    ..META
};
const AUTH: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
/// test.user2, which holds a domain test.user may take over (TransferDomain).
const AUTH2: &str = "s_entity=1234&s_login=test.user2&s_pw=test.passw0rd";
const CNR_AUTH: &str = "s_login=test.user&s_pw=test.passw0rd";
const OWNER: &str = "OWNERCONTACT0FIRSTNAME=John\nOWNERCONTACT0LASTNAME=Doe\nOWNERCONTACT0STREET=1 Main St\nOWNERCONTACT0CITY=Springfield\nOWNERCONTACT0ZIP=10001\nOWNERCONTACT0COUNTRY=US\nOWNERCONTACT0PHONE=2125550100\nOWNERCONTACT0EMAIL=john@example.net";

/// Valid requests (lines of `s_command`) that change state when they succeed.
const TEMPLATES: &[&str] = &[
    "COMMAND=AddDomain\nDOMAIN=fresh-name.com\nPERIOD=2\nNAMESERVER0=ns1.example.net\nNAMESERVER1=ns2.example.net\nTRANSFERLOCK=1\n$OWNER",
    "COMMAND=AddDomain\nDOMAIN=premium-name.org\nPERIOD=10\nCLASS=PREMIUM_ORG_A\n$OWNER",
    "COMMAND=AddDomainApplication\nDOMAIN=fresh-name.swiss\nPERIOD=3\nCLASS=GOLIVE\nPRICE=119.00\nCURRENCY=CHF\nNAMESERVER0=ns1.example.net\nX-SWISS-OWNER-TYPE=O\nX-SWISS-UID=CHE-123.456.789\n$OWNER",
    "COMMAND=AddDomainApplication\nDOMAIN=premium-app.com\nCLASS=PREMIUM_COM_A\nPRICE=1090.00\nCURRENCY=EUR\n$OWNER",
    "COMMAND=AddDomain\nDOMAIN=zweiter.de\nNAMESERVER0=ns1.ispapi.net\nNAMESERVER1=ns2.ispapi.net\nINTERNALDNS=1\n$OWNER",
    "COMMAND=ModifyDomain\nDOMAIN=held-one.com\nNAMESERVER0=ns3.example.org\nNAMESERVER1=ns4.example.org\nTRANSFERLOCK=0\nX-ACCEPT-WHOISTRUSTEE-TAC=1\nAUTH=Secret-123",
    "COMMAND=ModifyDomain\nDOMAIN=held-one.com\nADMINCONTACT0FIRSTNAME=Ann\nADMINCONTACT0LASTNAME=Admin\nADMINCONTACT0STREET=3 Back St\nADMINCONTACT0CITY=Springfield\nADMINCONTACT0ZIP=10001\nADMINCONTACT0COUNTRY=US\nADMINCONTACT0PHONE=+1.2125550199\nADMINCONTACT0EMAIL=ann@example.net",
    "COMMAND=RenewDomain\nDOMAIN=held-one.com\nPERIOD=3",
    "COMMAND=TradeDomain\nDOMAIN=held-one.com\nOWNERCONTACT0FIRSTNAME=Jane\nOWNERCONTACT0LASTNAME=Roe\nOWNERCONTACT0STREET=2 Side St\nOWNERCONTACT0CITY=Albany\nOWNERCONTACT0ZIP=12207\nOWNERCONTACT0COUNTRY=US\nOWNERCONTACT0PHONE=5185550100\nOWNERCONTACT0EMAIL=jane@example.net\nX-CONFIRM-DA-OLD-REGISTRANT=1\nX-CONFIRM-DA-NEW-REGISTRANT=1",
    "COMMAND=DeleteDomain\nDOMAIN=held-two.net",
    "COMMAND=SetDomainRenewalMode\nDOMAIN=held-one.com\nRENEWALMODE=AUTODELETE",
    "COMMAND=AddContact\nFIRSTNAME=Max\nLASTNAME=Muster\nSTREET=Hauptstr. 1\nCITY=Berlin\nZIP=10115\nCOUNTRY=DE\nPHONE=+49.301234567\nEMAIL=max@example.de\nNEW=1",
    "COMMAND=ModifyContact\nCONTACT=$CONTACT\nCITY=Boston\nEMAIL=new@example.net",
    "COMMAND=AddNameserver\nNAMESERVER=ns9.held-one.com\nIPADDRESS0=192.0.2.9\nIPADDRESS1=2001:db8::9",
    "COMMAND=ModifyNameserver\nNAMESERVER=ns1.held-one.com\nADDIPADDRESS0=192.0.2.77\nDELIPADDRESS0=192.0.2.1",
    "COMMAND=DeleteNameserver\nNAMESERVER=ns1.held-one.com",
    "COMMAND=SetEnvironment\nENVIRONMENTKEY0=k\nENVIRONMENTNAME0=a\nENVIRONMENTVALUE0=1\nENVIRONMENTKEY1=k\nENVIRONMENTNAME1=b\nENVIRONMENTVALUE1=2",
    "COMMAND=AddUser\nSUBUSER=new.sub\nPASSWORD=new.passw0rd\nVAT=19\nCURRENCY=EUR\nCREDIT=100\nALLOWEDIP0=10.0.0.0/8\nRELATION0=ALLOW_SUBUSER:1\nCOMMENT0=hello",
    "COMMAND=ModifyUser\nSUBUSER=held.sub\nCREDIT=50\nACTIVE=0\nALLOWEDIP0=10.1.0.0/16\nRELATION0=API_QUOTA_PER_MINUTE:5\nCOMMENT0=changed\nOTPSECRET=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    "COMMAND=DeleteUser\nSUBUSER=held.sub",
    "COMMAND=ModifyUserPassword\nPASSWORD=test.passw0rd\nOLDPASSWORD=test.passw0rd\nALLOWEDIP0=127.0.0.0/8\nALLOWEDIP1=10.0.0.0/8",
    "COMMAND=CreateRoleUser\nROLEID=fresh\nPASSWORD=role.passw0rd\nACL0=StatusAccount[]:ALLOW\nALLOWEDIP0=10.0.0.1\nDESCRIPTION0=new role\nSTATUS=ACTIVE\nDEFAULTPOLICY=DENY",
    "COMMAND=UpdateRoleUser\nROLEID=held\nPASSWORD=role2.passw0rd\nACL0=QueryDomainList[]:ALLOW\nALLOWEDIP0=10.0.0.2\nSTATUS=INACTIVE\nDEFAULTPOLICY=ALLOW\nOTPSECRET=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    "COMMAND=DeleteRoleUser\nROLEID=held",
    "COMMAND=TransferDomain\nDOMAIN=away-one.com\nACTION=USERTRANSFER\nAUTH=Secret-654\nOWNERCONTACT0=$CONTACT",
    "COMMAND=AddDomain\nDOMAIN=fresh-dns.com\nINTERNALDNS=1\nNAMESERVER0=ns1.ispapi.net\n$OWNER",
    "COMMAND=ModifyDomain\nDOMAIN=held-two.net\nINTERNALDNS=1\nTRANSFERLOCK=1",
    "COMMAND=CreateDNSZone\nDNSZONE=fresh-zone.com.\nRR0=@ A 192.0.2.1\nRR1=www CNAME @\nRR2=www X-HTTP REDIRECT https://example.net/\nEXTENDED=1\nSOATTL=7200\nSOASERIAL=5",
    "COMMAND=UpdateDNSZone\nDNSZONE=held-one.com\nDELRR0=@ A 192.0.2.1\nADDRR0=www A 192.0.2.5\nADDRR1=@ MX 10 mail\nSOARNAME=admin@held-one.com\nSTATUS=ACTIVE\nINCSERIAL=1",
    "COMMAND=UpdateDNSZone\nDNSZONE=held-one.com\nRR0=@ A 192.0.2.9\nRR1=@ TXT hello\nEXTENDED=1",
    "COMMAND=DeleteDNSZone\nDNSZONE=held-one.com",
];

/// Valid CentralNic Reseller requests of every writing CNR command
/// (`$CONTACT` is the held domains' contact, `$FREE` one no domain uses).
const CNR_TEMPLATES: &[&str] = &[
    "COMMAND=AddDomain\nDOMAIN=cnr-fresh.com\nPERIOD=2\nOWNERCONTACT0=$CONTACT\nADMINCONTACT0=$CONTACT\nTECHCONTACT0=$CONTACT\nBILLINGCONTACT0=$CONTACT\nNAMESERVER0=ns1.example.net\nNAMESERVER1=ns2.example.net\nTRANSFERLOCK=1\nRENEWALMODE=AUTORENEW\nAUTH=Secret-789",
    "COMMAND=AddDomain\nDOMAIN=straße.com\nOWNERCONTACT0=$CONTACT\nADMINCONTACT0=$CONTACT\nTECHCONTACT0=$CONTACT\nBILLINGCONTACT0=$CONTACT",
    "COMMAND=RenewDomain\nDOMAIN=held-one.com\nPERIOD=2\nEXPIRATION=2027",
    "COMMAND=DeleteDomain\nDOMAIN=held-two.net\nACTION=INSTANT",
    "COMMAND=SetDomainRenewalMode\nDOMAIN=held-one.com\nRENEWALMODE=AUTOEXPIRE",
    "COMMAND=AddContact\nFIRSTNAME=Max\nLASTNAME=Muster\nSTREET0=Hauptstr. 1\nCITY=Berlin\nZIP=10115\nCOUNTRY=DE\nPHONE=+49.301234567\nEMAIL=max@example.de\nNEW=1",
    "COMMAND=ModifyContact\nCONTACT=$CONTACT\nCITY=Boston\nEMAIL=new@example.net",
    "COMMAND=DeleteContact\nCONTACT=$FREE",
    "COMMAND=AddNameserver\nNAMESERVER=ns8.held-one.com\nIPADDRESS0=192.0.2.8\nIPADDRESS1=2001:db8::8",
    "COMMAND=ModifyNameserver\nNAMESERVER=ns1.held-one.com\nADDIPADDRESS0=192.0.2.77\nDELIPADDRESS0=192.0.2.1",
    "COMMAND=DeleteNameserver\nNAMESERVER=ns1.held-one.com",
    "COMMAND=SetAuthCode\nDOMAIN=held-one.com\nAUTH=Secret-456\nACTION=SET\nTYPE=1",
    "COMMAND=TransferDomain\nDOMAIN=away-one.com\nACTION=USERTRANSFER\nAUTH=Secret-654\nNORENEW=0\nTRANSFERLOCK=1\nOWNERCONTACT0=$CONTACT\nFORCEREQUEST=1",
    "COMMAND=AddDNSZone\nDNSZONE=cnr-zone.com\nRR0=@ 3600 IN A 192.0.2.1\nRR1=www 3600 IN CNAME @\nSOATTL=7200\nSOASERIAL=5\nSIGNED=0",
    "COMMAND=ModifyDNSZone\nDNSZONE=held-one.com\nDELRR0=@ 3600 IN A 192.0.2.1\nADDRR0=www 3600 IN A 192.0.2.5\nADDRR1=@ 3600 IN MX 10 mail\nSOARNAME=admin@held-one.com\nSOAREFRESH=3600",
    "COMMAND=DeleteDNSZone\nDNSZONE=held-one.com",
    "COMMAND=AddWebFwd\nSOURCE=shop.held-one.com\nTARGET=https://example.net/shop\nTYPE=MRD",
    "COMMAND=DeleteWebFwd\nSOURCE=go.held-one.com",
    "COMMAND=AddMailFwd\nFROM=sales@held-one.com\nTO=sales@example.net",
    "COMMAND=DeleteMailFwd\nFROM=info@held-one.com\nTO=x@example.net",
];

/// What a spoiled value may be: malformed, out of range, another account's, empty.
const BAD_VALUES: &[&str] = &[
    "",
    "-",
    "x..y",
    "999",
    "0",
    "13Y",
    "not an e-mail",
    "ZZ",
    "P-NOBODY1",
    "taken-name.com",
    "reserved-x.com",
    "bad host!",
    "300.1.1.1",
    "{BRACE}",
    "ünïcödé",
    "PREMIUM_COM_A",
    "1000000000",
];

/// The objects every case starts from, and the handles of its contacts.
struct Held {
    /// The contact of the held domains.
    contact: String,
    /// A contact no domain uses.
    free: String,
}

fn registry() -> (Registry, Held) {
    let mut registry = Registry::new(1);
    let owner_params = OWNER.replace('\n', "%0A").replace(' ', "%20");
    let setup = [
        format!(
            "{AUTH}&s_command=COMMAND%3DAddDomain%0ADOMAIN%3Dheld-one.com%0ANAMESERVER0%3Dns1.example.net%0A{owner_params}"
        ),
        format!("{AUTH}&s_command=COMMAND%3DAddDomain%0ADOMAIN%3Dheld-two.net%0A{owner_params}"),
        format!(
            "{AUTH}&s_command=COMMAND%3DAddNameserver%0ANAMESERVER%3Dns1.held-one.com%0AIPADDRESS0%3D192.0.2.1"
        ),
        format!(
            "{AUTH}&s_command=COMMAND%3DAddUser%0ASUBUSER%3Dheld.sub%0APASSWORD%3Dsub.passw0rd%0AVAT%3D19%0ACURRENCY%3DEUR"
        ),
        format!(
            "{AUTH2}&s_command=COMMAND%3DAddDomain%0ADOMAIN%3Daway-one.com%0AAUTH%3DSecret-654%0A{owner_params}"
        ),
        format!(
            "{AUTH}&s_command=COMMAND%3DCreateRoleUser%0AROLEID%3Dheld%0APASSWORD%3Drole.passw0rd%0AACL0%3DStatusAccount%5B%5D%3AALLOW"
        ),
        format!(
            "{AUTH}&s_command=COMMAND%3DCreateDNSZone%0ADNSZONE%3Dheld-one.com%0ARR0%3D%40%20A%20192.0.2.1%0ARR1%3Dwww%20TXT%20kept%0AEXTENDED%3D1%0ARR2%3Dgo%20X-HTTP%20REDIRECT%20https%3A%2F%2Fexample.net%2F%0ARR3%3D%40%20X-SMTP%20info%40%20MAILFORWARD%20x%40example.net"
        ),
    ];
    for body in setup {
        let outcome = handle(&mut registry, &META, b"", body.as_bytes());
        assert_eq!(outcome.response.code, 200, "{:?}", outcome.response);
    }
    let status = send(&mut registry, "COMMAND=StatusDomain\nDOMAIN=held-one.com");
    let contact = status
        .lines()
        .find_map(|line| line.strip_prefix("PROPERTY[OWNERCONTACT][0]="))
        .expect("an owner handle")
        .trim()
        .to_owned();
    let added = send(
        &mut registry,
        "COMMAND=AddContact\nFIRSTNAME=Free\nLASTNAME=Spare\nSTREET=4 Spare St\nCITY=Springfield\nZIP=10001\nCOUNTRY=US\nPHONE=+1.2125550111\nEMAIL=spare@example.net\nNEW=1",
    );
    let free = added
        .lines()
        .find_map(|line| line.strip_prefix("PROPERTY[CONTACT][0]="))
        .expect("a spare handle")
        .trim()
        .to_owned();
    (registry, Held { contact, free })
}

/// Sends `lines` as test.user on OT&E and returns the encoded answer.
fn send(registry: &mut Registry, lines: &str) -> String {
    let body = format!("{AUTH}&s_command={}", percent_encode(lines));
    wire::encode(&handle(registry, &META, b"", body.as_bytes()).response)
}

/// Sends `lines` as test.user by the CentralNic Reseller route.
fn send_cnr(registry: &mut Registry, lines: &str) -> String {
    let body = format!("{CNR_AUTH}&s_command={}", percent_encode(lines));
    wire::encode(&handle(registry, &CNR_META, b"", body.as_bytes()).response)
}

/// The answer's code, in either layout (`CODE=200` or `code = 200`).
fn code(answer: &str) -> u16 {
    answer
        .lines()
        .find_map(|line| {
            line.strip_prefix("CODE=")
                .or_else(|| line.strip_prefix("code = "))
        })
        .and_then(|code| code.trim().parse().ok())
        .expect("a code")
}

/// Everything a command could change, as the protocol shows it.
fn snapshot(registry: &mut Registry) -> Vec<String> {
    let mut seen = Vec::new();
    for query in [
        "COMMAND=StatusAccount",
        "COMMAND=QueryAccountingList\nUSERDEPTH=ALL",
        "COMMAND=QueryDomainList\nWIDE=1",
        "COMMAND=QueryDomainApplicationList\nWIDE=1",
        "COMMAND=QueryContactList\nWIDE=1",
        "COMMAND=QueryNameserverList\nWIDE=1",
        "COMMAND=QueryObjectList\nOBJECTCLASS=DELETEDDOMAIN\nOBJECTID=held-two.net",
        "COMMAND=QueryEnvironmentList\nENVIRONMENTKEY=k",
        "COMMAND=StatusDomain\nDOMAIN=held-one.com\nHOSTTYPE=ATTRIBUTE",
        "COMMAND=StatusDomain\nDOMAIN=held-two.net",
        "COMMAND=StatusNameserver\nNAMESERVER=ns1.held-one.com",
        "COMMAND=StatusUser\nRELATIONS=0",
        "COMMAND=StatusUser\nSUBUSER=held.sub\nRELATIONS=0\nSTATS=1",
        "COMMAND=QueryUserList",
        "COMMAND=QueryRoleUserList",
        "COMMAND=StatusRoleUser\nROLEID=held",
        "COMMAND=QueryDNSZoneList\nWIDE=1",
        "COMMAND=QueryDNSZoneRRList\nDNSZONE=held-one.com\nEXTENDED=1",
    ] {
        seen.push(send(registry, query));
    }
    seen
}

/// One way to spoil a valid request.
#[derive(Debug, Clone)]
enum Spoil {
    /// Replace the value of line `n` (modulo the line count, never COMMAND).
    Value(usize, usize),
    /// Drop line `n`.
    Drop(usize),
    /// Add a parameter the command does not take.
    Unknown,
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        (0usize..64, 0..BAD_VALUES.len()).prop_map(|(line, value)| Spoil::Value(line, value)),
        (0usize..64).prop_map(Spoil::Drop),
        Just(Spoil::Unknown),
    ]
}

/// A template with its placeholders filled in.
fn fill(template: &str, held: &Held) -> String {
    template
        .replace("$OWNER", OWNER)
        .replace("$CONTACT", &held.contact)
        .replace("$FREE", &held.free)
}

fn apply(template: &str, held: &Held, spoil: &Spoil) -> String {
    let text = fill(template, held);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let editable = lines.len() - 1;
    match *spoil {
        Spoil::Value(line, value) => {
            let line = 1 + line % editable;
            let key = lines[line].split('=').next().unwrap_or_default().to_owned();
            lines[line] = format!("{key}={}", BAD_VALUES[value]);
        }
        Spoil::Drop(line) => {
            lines.remove(1 + line % editable);
        }
        Spoil::Unknown => lines.push("NOSUCHPARAMETER=1".to_owned()),
    }
    lines.join("\n")
}

/// Runs `template` spoiled by `spoil` on a fresh registry; a refusal must
/// leave every snapshot as it was.
fn refusal_changes_nothing(
    template: &str,
    cnr: bool,
    spoil: &Spoil,
) -> std::result::Result<(), TestCaseError> {
    let (mut registry, held) = registry();
    let request = apply(template, &held, spoil);
    let before = snapshot(&mut registry);
    let answer = if cnr {
        send_cnr(&mut registry, &request)
    } else {
        send(&mut registry, &request)
    };
    if code(&answer) >= 300 {
        let after = snapshot(&mut registry);
        let changed: Vec<&String> = after
            .iter()
            .zip(&before)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a)
            .collect();
        prop_assert!(
            changed.is_empty(),
            "{} was refused ({}) but changed state: {:?}",
            request,
            answer,
            changed
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_refused_command_changes_nothing(template in 0..TEMPLATES.len(), spoil in spoil()) {
        refusal_changes_nothing(TEMPLATES[template], false, &spoil)?;
    }

    #[test]
    fn a_refused_cnr_command_changes_nothing(template in 0..CNR_TEMPLATES.len(), spoil in spoil()) {
        refusal_changes_nothing(CNR_TEMPLATES[template], true, &spoil)?;
    }
}

/// The templates themselves succeed, so the properties above are about spoiled
/// requests of commands that do change state, not about requests that could
/// never have worked.
#[test]
fn every_template_succeeds_unspoiled() {
    let cases = TEMPLATES.iter().map(|t| (t, false));
    for (template, cnr) in cases.chain(CNR_TEMPLATES.iter().map(|t| (t, true))) {
        let (mut registry, held) = registry();
        let request = fill(template, &held);
        let before = snapshot(&mut registry);
        let answer = if cnr {
            send_cnr(&mut registry, &request)
        } else {
            send(&mut registry, &request)
        };
        assert_eq!(code(&answer), 200, "{request}\n{answer}");
        assert!(
            snapshot(&mut registry) != before,
            "{request} changed nothing"
        );
    }
}
