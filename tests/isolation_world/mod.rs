//! The two trees `tests/isolation.rs` runs every command against: the home
//! test.user → sub1 → sub1a with the role `ci`, and the foreign test.user2 →
//! zyxsub with marked objects; the markers, the request helpers and the
//! foreign tree as its owner sees it. Holds no assertion of the test itself.

use super::common::percent_encode;
use otebox::dialect::Route;
use otebox::registry::{Registry, Timestamp};
use otebox::{Meta, handle, wire};
pub const NOW: Timestamp = Timestamp(1_767_225_600);

/// Texts that exist only in the foreign tree's data (its contact, host,
/// auth code, role user, subuser and settings): none may appear in an
/// answer to the home tree.
pub const MARKERS: &[&str] = &[
    "Zyxfirst",
    "zyx@foreign.example",
    "198.51.100.77",
    "ForeignAuth123",
    "Zyxdescription",
    "Zyxcomment",
    "Zyxenv",
    "Zyxzone",
    "zyxweb.example",
    "zyxapply",
    "zyxsub",
    "Zyxorg",
];

/// One request: transport fields, then the command lines.
pub fn run(
    registry: &mut Registry,
    route: Route,
    fields: &[(&str, &str)],
    lines: &[String],
) -> wire::Response {
    let mut body: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{key}={}", percent_encode(value)))
        .collect();
    body.push(format!("s_command={}", percent_encode(&lines.join("\n"))));
    let meta = Meta {
        route,
        ..Meta::loopback(NOW)
    };
    handle(registry, &meta, b"", body.join("&").as_bytes()).response
}

pub fn ok(registry: &mut Registry, login: &str, lines: &[&str]) -> wire::Response {
    let fields = [
        ("s_entity", "1234"),
        ("s_login", login),
        ("s_pw", "test.passw0rd"),
    ];
    let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    let response = run(registry, Route::DEFAULT, &fields, &lines);
    assert!(response.code < 300, "{login} {lines:?}: {response:?}");
    response
}

pub const CONTACT: [&str; 8] = [
    "LASTNAME=Doe",
    "STREET=Main St 1",
    "CITY=Berlin",
    "ZIP=10115",
    "COUNTRY=DE",
    "PHONE=+49.301234567",
    "ORGANIZATION=",
    "STATE=",
];

/// Both trees: test.user → sub1 → sub1a with the role `ci` (DEFAULTPOLICY
/// ALLOW), and the foreign test.user2 → zyxsub with its marked objects.
/// Returns the foreign contact handle.
pub fn world(registry: &mut Registry) -> String {
    for (login, first, email) in [
        ("test.user", "Homefirst", "home@example.net"),
        ("test.user2", "Zyxfirst", "zyx@foreign.example"),
    ] {
        let mut lines = vec![
            "COMMAND=AddContact".to_owned(),
            format!("FIRSTNAME={first}"),
            format!("EMAIL={email}"),
        ];
        lines.extend(CONTACT.iter().map(|l| l.to_string()));
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let handle = ok(registry, login, &lines)
            .first("CONTACT")
            .unwrap()
            .to_owned();
        let domain = if login == "test.user" {
            "home-a.com"
        } else {
            "foreign-b.com"
        };
        let contacts =
            ["OWNER", "ADMIN", "TECH", "BILLING"].map(|role| format!("{role}CONTACT0={handle}"));
        let mut add = vec!["COMMAND=AddDomain".to_owned(), format!("DOMAIN={domain}")];
        add.extend(contacts);
        let add: Vec<&str> = add.iter().map(String::as_str).collect();
        ok(registry, login, &add);
        if login == "test.user2" {
            // A .swiss application (pending review), its domain's code the marked one.
            let owner = format!("OWNERCONTACT0={handle}");
            let apply = [
                "COMMAND=AddDomainApplication",
                "DOMAIN=zyxapply.swiss",
                "CLASS=GOLIVE",
                "PRICE=119.00",
                "CURRENCY=CHF",
                "AUTH=ForeignAuth123",
                "X-SWISS-OWNER-TYPE=O",
                "X-SWISS-UID=CHE-999.999.999",
                &owner,
            ];
            ok(registry, login, &apply);
        }
        let ip = if login == "test.user" {
            "192.0.2.55"
        } else {
            "198.51.100.77"
        };
        ok(
            registry,
            login,
            &[
                "COMMAND=AddNameserver",
                &format!("NAMESERVER=ns1.{domain}"),
                &format!("IPADDRESS0={ip}"),
            ],
        );
        let marker = if login == "test.user" {
            "Homezone"
        } else {
            "Zyxzone"
        };
        ok(
            registry,
            login,
            &[
                "COMMAND=CreateDNSZone",
                &format!("DNSZONE={domain}."),
                &format!("RR0=www A {ip}"),
                &format!("RR1=@ TXT {marker}"),
                "EXTENDED=1",
                "RR2=@ X-SMTP info@ MAILFORWARD zyx@foreign.example",
                if login == "test.user" {
                    "RR3=www X-HTTP REDIRECT https://home.example/"
                } else {
                    "RR3=www X-HTTP REDIRECT https://zyxweb.example/"
                },
            ],
        );
    }
    ok(
        registry,
        "test.user2",
        &[
            "COMMAND=ModifyDomain",
            "DOMAIN=foreign-b.com",
            "AUTH=ForeignAuth123",
        ],
    );
    ok(
        registry,
        "test.user2",
        &[
            "COMMAND=CreateRoleUser",
            "ROLEID=zyxrole",
            "PASSWORD=zyx.passw0rd",
            "DESCRIPTION0=Zyxdescription",
            "ACL0=StatusAccount[]:ALLOW",
        ],
    );
    ok(
        registry,
        "test.user2",
        &[
            "COMMAND=AddUser",
            "SUBUSER=zyxsub",
            "PASSWORD=zyx.passw0rd",
            "VAT=19",
            "CURRENCY=EUR",
            "COMMENT0=Zyxcomment",
        ],
    );
    ok(
        registry,
        "test.user2",
        &[
            "COMMAND=SetEnvironment",
            "ENVIRONMENTKEY=zyx",
            "ENVIRONMENTNAME=key",
            "ENVIRONMENTVALUE=Zyxenv",
        ],
    );
    // Contact data FindUser MATCHMODE=ENVIRONMENT searches.
    ok(
        registry,
        "test.user2",
        &[
            "COMMAND=SetEnvironment",
            "ENVIRONMENTKEY=user-info/contact/company",
            "ENVIRONMENTNAME=organization",
            "ENVIRONMENTVALUE=Zyxorg Ltd",
        ],
    );
    ok(
        registry,
        "test.user",
        &[
            "COMMAND=AddUser",
            "SUBUSER=sub1",
            "PASSWORD=test.passw0rd",
            "VAT=19",
            "CURRENCY=EUR",
            "CREDIT=1000",
            "RELATION0=ALLOW_SUBUSER:1",
        ],
    );
    ok(
        registry,
        "sub1",
        &[
            "COMMAND=AddUser",
            "SUBUSER=sub1a",
            "PASSWORD=test.passw0rd",
            "VAT=19",
            "CURRENCY=EUR",
        ],
    );
    ok(
        registry,
        "test.user",
        &[
            "COMMAND=CreateRoleUser",
            "ROLEID=ci",
            "PASSWORD=test.passw0rd",
            "DEFAULTPOLICY=ALLOW",
        ],
    );
    let contact = ok(registry, "test.user2", &["COMMAND=QueryContactList"]);
    contact.first("CONTACT").unwrap().to_owned()
}

/// The foreign tree as its owner sees it: every byte must stay the same.
pub fn foreign_state(registry: &mut Registry, contact: &str) -> Vec<String> {
    let contact = format!("CONTACT={contact}");
    let reads: [&[&str]; 16] = [
        &["COMMAND=StatusAccount"],
        &["COMMAND=QueryAccountingList", "USERDEPTH=ALL"],
        &["COMMAND=QueryDomainApplicationList", "WIDE=1"],
        &["COMMAND=StatusDomain", "DOMAIN=foreign-b.com"],
        &["COMMAND=StatusContact", &contact],
        &["COMMAND=StatusNameserver", "NAMESERVER=ns1.foreign-b.com"],
        &["COMMAND=StatusUser", "SUBUSER=zyxsub"],
        &["COMMAND=StatusRoleUser", "ROLEID=zyxrole"],
        &["COMMAND=QueryRoleUserList", "USERDEPTH=ALL"],
        &["COMMAND=QueryDomainList", "USERDEPTH=ALL"],
        &["COMMAND=QueryUserList"],
        &[
            "COMMAND=QueryDNSZoneRRList",
            "DNSZONE=foreign-b.com",
            "EXTENDED=1",
        ],
        &["COMMAND=StatusDNSZone", "DNSZONE=foreign-b.com"],
        &["COMMAND=QueryDNSZoneList", "WIDE=1", "USERDEPTH=ALL"],
        &[
            "COMMAND=GetEnvironment",
            "ENVIRONMENTKEY=zyx",
            "ENVIRONMENTNAME=key",
        ],
        &[
            "COMMAND=GetEnvironment",
            "ENVIRONMENTKEY=user-info/contact/company",
            "ENVIRONMENTNAME=organization",
        ],
    ];
    reads
        .iter()
        .map(|lines| wire::encode(&ok(registry, "test.user2", lines)))
        .collect()
}
