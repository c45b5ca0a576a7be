//! What the registry's scenario tests share (compiled for tests only): one
//! command sent through the whole protocol as an account, an inline
//! registrant and an AddContact. Must not hold assertions of any one test.

use crate::registry::{Registry, Timestamp};
use crate::{Meta, handle};

/// Sends one command as `login` (password `pw`) at `now`; the response's
/// code and its encoded text.
pub(crate) fn call(
    registry: &mut Registry,
    now: Timestamp,
    login: &str,
    pw: &str,
    lines: &[&str],
) -> String {
    call_with(registry, &Meta::loopback(now), login, pw, lines)
}

/// [`call`] with the transport facts `meta` (a slow-registry rule's seconds).
pub(crate) fn call_with(
    registry: &mut Registry,
    meta: &Meta,
    login: &str,
    pw: &str,
    lines: &[&str],
) -> String {
    let mut body = format!("s_entity=1234&s_login={login}&s_pw={pw}");
    for line in lines {
        let (name, value) = line.split_once('=').expect("NAME=value");
        let value: String = value
            .bytes()
            .map(|b| match b {
                b' ' => "+".to_owned(),
                b'+' | b'&' | b'=' | b'%' | b'#' | b':' => format!("%{b:02X}"),
                _ => (b as char).to_string(),
            })
            .collect();
        body.push_str(&format!("&{name}={value}"));
    }
    let outcome = handle(registry, meta, b"", body.as_bytes());
    crate::wire::encode(&outcome.response)
}

pub(crate) fn ok(answer: String) -> String {
    assert!(answer.contains("CODE=200"), "{answer}");
    answer
}

pub(crate) const OWNER: &[&str] = &[
    "OWNERCONTACT0FIRSTNAME=Erika",
    "OWNERCONTACT0LASTNAME=Muster",
    "OWNERCONTACT0STREET=2 Example Road",
    "OWNERCONTACT0CITY=Springfield",
    "OWNERCONTACT0STATE=NY",
    "OWNERCONTACT0ZIP=10001",
    "OWNERCONTACT0COUNTRY=US",
    "OWNERCONTACT0PHONE=2125550199",
    "OWNERCONTACT0EMAIL=erika@example.net",
];

/// One AddContact line set: a German contact with every required field.
pub(crate) const ADD_CONTACT: &[&str] = &[
    "COMMAND=AddContact",
    "FIRSTNAME=Jane",
    "LASTNAME=Doe",
    "STREET=Main St 1",
    "CITY=Berlin",
    "ZIP=10115",
    "COUNTRY=DE",
    "PHONE=+49.301234567",
    "EMAIL=jane@example.net",
];
