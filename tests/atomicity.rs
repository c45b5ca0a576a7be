//! A refused command changes nothing: valid domain, contact and host
//! requests with one parameter spoiled (a bad value, a missing one, an
//! unknown one, a price past the credit limit) are run against a registry
//! that already holds objects, and whenever the answer is a refusal every
//! observable piece of state must be as it was — balances, the lists of
//! domains, contacts and hosts, and the full StatusDomain of each domain.

use std::net::{IpAddr, Ipv4Addr};

use otebox::registry::{Registry, Timestamp};
use otebox::{Meta, handle, wire};
use proptest::prelude::*;

const META: Meta = Meta {
    peer: IpAddr::V4(Ipv4Addr::LOCALHOST),
    now: Timestamp(1_767_225_600),
    route: otebox::dialect::Route::DEFAULT,
};
const AUTH: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
const OWNER: &str = "OWNERCONTACT0FIRSTNAME=John\nOWNERCONTACT0LASTNAME=Doe\nOWNERCONTACT0STREET=1 Main St\nOWNERCONTACT0CITY=Springfield\nOWNERCONTACT0ZIP=10001\nOWNERCONTACT0COUNTRY=US\nOWNERCONTACT0PHONE=2125550100\nOWNERCONTACT0EMAIL=john@example.net";

/// Valid requests (lines of `s_command`) that change state when they succeed.
const TEMPLATES: &[&str] = &[
    "COMMAND=AddDomain\nDOMAIN=fresh-name.com\nPERIOD=2\nNAMESERVER0=ns1.example.net\nNAMESERVER1=ns2.example.net\nTRANSFERLOCK=1\n$OWNER",
    "COMMAND=AddDomain\nDOMAIN=premium-name.org\nPERIOD=10\nCLASS=PREMIUM_ORG_A\n$OWNER",
    "COMMAND=AddDomain\nDOMAIN=zweiter.de\nNAMESERVER0=ns1.ispapi.net\nNAMESERVER1=ns2.ispapi.net\n$OWNER",
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

fn registry() -> (Registry, String) {
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
    (registry, contact)
}

/// Sends `lines` as test.user on OT&E and returns the encoded answer.
fn send(registry: &mut Registry, lines: &str) -> String {
    let body = format!("{AUTH}&s_command={}", encode(lines));
    wire::encode(&handle(registry, &META, b"", body.as_bytes()).response)
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Everything a command could change, as the protocol shows it.
fn snapshot(registry: &mut Registry) -> Vec<String> {
    let mut seen = Vec::new();
    for query in [
        "COMMAND=StatusAccount",
        "COMMAND=QueryDomainList\nWIDE=1",
        "COMMAND=QueryContactList\nWIDE=1",
        "COMMAND=QueryNameserverList\nWIDE=1",
        "COMMAND=QueryObjectList\nOBJECTCLASS=DELETEDDOMAIN\nOBJECTID=held-two.net",
        "COMMAND=QueryEnvironmentList\nENVIRONMENTKEY=k",
        "COMMAND=StatusDomain\nDOMAIN=held-one.com\nHOSTTYPE=ATTRIBUTE",
        "COMMAND=StatusDomain\nDOMAIN=held-two.net",
        "COMMAND=StatusNameserver\nNAMESERVER=ns1.held-one.com",
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

fn apply(template: &str, contact: &str, spoil: &Spoil) -> String {
    let text = template
        .replace("$OWNER", OWNER)
        .replace("$CONTACT", contact);
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_refused_command_changes_nothing(template in 0..TEMPLATES.len(), spoil in spoil()) {
        let (mut registry, contact) = registry();
        let request = apply(TEMPLATES[template], &contact, &spoil);
        let before = snapshot(&mut registry);
        let answer = send(&mut registry, &request);
        let code: u16 = answer
            .lines()
            .find_map(|line| line.strip_prefix("CODE="))
            .and_then(|code| code.trim().parse().ok())
            .expect("a CODE");
        if code >= 300 {
            let after = snapshot(&mut registry);
            let changed: Vec<&String> = after.iter().zip(&before).filter(|(a, b)| a != b).map(|(a, _)| a).collect();
            prop_assert!(changed.is_empty(), "{} was refused ({}) but changed state: {:?}", request, answer, changed);
        }
    }
}

/// The templates themselves succeed, so the property above is about spoiled
/// requests of commands that do change state, not about requests that could
/// never have worked.
#[test]
fn every_template_succeeds_unspoiled() {
    for template in TEMPLATES {
        let (mut registry, contact) = registry();
        let request = template
            .replace("$OWNER", OWNER)
            .replace("$CONTACT", &contact);
        let before = snapshot(&mut registry);
        let answer = send(&mut registry, &request);
        assert!(answer.contains("\r\nCODE=200\r\n"), "{request}\n{answer}");
        assert!(
            snapshot(&mut registry) != before,
            "{request} changed nothing"
        );
    }
}
