//! No principal reaches another reseller's objects (issue 8): every command
//! of both tables, with parameters naming the other tree's domain, contact,
//! host, subuser and role user, from an account, its role user and its
//! subuser, under every kind of `s_user` / `SUBUSER` view — and afterwards
//! none of the other tree's data has appeared in a successful answer and
//! none of it has changed. New commands are covered by being in the tables.
//! Each tree holds a DNS zone too (the foreign one with a marked TXT record).

mod common;
mod isolation_world;

use isolation_world::*;
use otebox::command::COMMANDS;
use otebox::command::cnr::CNR_COMMANDS;
use otebox::dialect::Route;
use otebox::registry::{Limits, Registry};
use otebox::wire;

#[test]
fn no_principal_reaches_the_other_resellers_objects() {
    let limits = Limits {
        lockout_failures: 0,
        ..Limits::default()
    };
    let mut registry = Registry::with_limits(1, limits);
    let contact = world(&mut registry);
    let before = foreign_state(&mut registry, &contact);
    let unseen: Vec<&&str> = MARKERS
        .iter()
        .filter(|marker| !before.iter().any(|answer| answer.contains(**marker)))
        .collect();
    assert!(
        unseen.is_empty(),
        "the owner must see every marker, so that a leak would be seen too; unseen: {unseen:?}\n{before:#?}"
    );

    let foreign = format!("CONTACT={contact}");
    let application = ok(
        &mut registry,
        "test.user2",
        &["COMMAND=QueryDomainApplicationList"],
    );
    let application = format!("APPLICATION={}", application.first("APPLICATION").unwrap());
    // A ledger entry of the foreign tree (its .swiss application's charge).
    let entry = ok(
        &mut registry,
        "test.user2",
        &["COMMAND=QueryAccountingList", "DESCRIPTION=zyxapply*"],
    );
    let entry = format!("ACCOUNTINGID={}", entry.first("ACCOUNTINGID").unwrap());
    // The foreign subuser's number (GetUserId USERINDEX).
    let index = ok(
        &mut registry,
        "test.user2",
        &["COMMAND=GetUserIndex", "USER=zyxsub"],
    );
    let index = format!("USERINDEX={}", index.first("USERINDEX").unwrap());
    let templates: Vec<Vec<String>> = [
        vec![application.clone()],
        vec![application.clone(), "DOMAIN=zyxapply.swiss".to_owned()],
        vec![entry.clone()],
        vec![entry, "SUBUSER=test.user2".to_owned()],
        vec!["DOMAIN=foreign-b.com".to_owned()],
        vec!["DOMAIN0=foreign-b.com".to_owned()],
        vec![
            "DOMAIN=foreign-b.com".to_owned(),
            "AUTH=ForeignAuth123".to_owned(),
            "ACTION=REQUEST".to_owned(),
        ],
        vec![foreign.clone()],
        vec![
            foreign.replace("CONTACT=", "OWNERCONTACT0="),
            "DOMAIN=home-a.com".to_owned(),
        ],
        vec!["NAMESERVER=ns1.foreign-b.com".to_owned()],
        vec!["HOST=ns1.foreign-b.com".to_owned()],
        vec!["SUBUSER=zyxsub".to_owned()],
        vec!["SUBUSER=test.user2".to_owned()],
        vec!["USER0=zyxsub".to_owned(), "USERDEPTH0=SUBUSER".to_owned()],
        // The user-tree commands: foreign ids, indexes and contact data.
        vec!["USER=zyxsub".to_owned()],
        vec!["USER=test.user2".to_owned()],
        vec![index],
        vec!["SUBUSER=zyxsub".to_owned(), "USER=sub1".to_owned()],
        vec!["SUBUSER=sub1a".to_owned(), "USER=zyxsub".to_owned()],
        vec!["PATTERN=zyx".to_owned()],
        vec![
            "PATTERN=zyx".to_owned(),
            "MATCHMODE=ENVIRONMENT".to_owned(),
            "WIDE=1".to_owned(),
        ],
        vec![
            "PATTERN=zyx".to_owned(),
            "INVERT=1".to_owned(),
            "WIDE=1".to_owned(),
        ],
        vec!["ROLEID=zyxrole".to_owned()],
        vec!["ROLEID=zyxrole".to_owned(), "SUBUSER=test.user2".to_owned()],
        vec![
            "OBJECTCLASS=DOMAIN".to_owned(),
            "OBJECTID=foreign-b.com".to_owned(),
        ],
        vec!["USERDEPTH=ALL".to_owned()],
        vec![
            "VERSION=2".to_owned(),
            "OBJECTCLASS=DOMAIN*".to_owned(),
            "WIDE=1".to_owned(),
            "USERDEPTH=ALL".to_owned(),
        ],
        vec![
            "ENVIRONMENTKEY=zyx".to_owned(),
            "ENVIRONMENTNAME=key".to_owned(),
        ],
        vec!["DNSZONE=foreign-b.com.".to_owned()],
        vec![
            "DNSZONE=foreign-b.com".to_owned(),
            "EXTENDED=1".to_owned(),
            "SHORT=1".to_owned(),
            "ADDRR0=www A 192.0.2.1".to_owned(),
            "DELRR0=% TXT".to_owned(),
        ],
        vec![
            "RR0=@ TXT Zyxzone".to_owned(),
            "DNSZONE=foreign-b.com".to_owned(),
        ],
        vec!["RTYPE=TXT".to_owned(), "RDATA=Zyxzone".to_owned()],
        vec!["RTYPE=A".to_owned(), "RDATA=198.51.100.77".to_owned()],
        vec![
            "DOMAIN=foreign-b.com".to_owned(),
            "INTERNALDNS=1".to_owned(),
        ],
        // The CentralNic Reseller zone and forwarding forms.
        vec!["DNSZONE=foreign-b.com".to_owned(), "WIDE=1".to_owned()],
        vec![
            "DNSZONE=foreign-b.com".to_owned(),
            "ADDRR0=www 3600 IN A 192.0.2.1".to_owned(),
            "DELRR0=@ 3600 IN TXT Zyxzone".to_owned(),
            "DELRR1=@ 3600 IN MX mx.foreign-b.com.".to_owned(),
        ],
        vec![
            "SOURCE=www.foreign-b.com".to_owned(),
            "TARGET=https://home.example/".to_owned(),
            "TYPE=RD".to_owned(),
        ],
        vec!["SOURCE=www.foreign-b.com".to_owned(), "WIDE=1".to_owned()],
        vec![
            "FROM=info@foreign-b.com".to_owned(),
            "TO=zyx@foreign.example".to_owned(),
        ],
        vec!["FROM=*@foreign-b.com".to_owned()],
    ]
    .into();
    let views = [
        None,
        Some("sub1"),
        Some("sub1 sub1a"),
        Some("zyxsub"),
        Some("test.user2"),
        Some("sub1 zyxsub"),
        Some("nobody"),
    ];
    let principals = ["test.user", "test.user!ci", "sub1"];
    let mut succeeded: std::collections::BTreeMap<(String, Option<&str>), usize> =
        Default::default();
    let mut leaks = Vec::new();
    for (table, route, login_field) in [
        (COMMANDS, Route::DEFAULT, "s_login"),
        (CNR_COMMANDS, Route::Cnr, "s_login"),
    ] {
        for command in table {
            for template in &templates {
                for view in views {
                    for principal in principals {
                        let principal = if route == Route::Cnr {
                            principal.replace('!', ":")
                        } else {
                            principal.to_owned()
                        };
                        let mut fields =
                            vec![(login_field, principal.as_str()), ("s_pw", "test.passw0rd")];
                        let mut lines = vec![format!("COMMAND={}", command.name)];
                        lines.extend(template.iter().cloned());
                        if route == Route::DEFAULT {
                            fields.push(("s_entity", "1234"));
                            if let Some(view) = view {
                                fields.push(("s_user", view));
                            }
                        } else if let Some(view) = view.filter(|v| !v.contains(' '))
                            && !template.iter().any(|line| line.starts_with("SUBUSER="))
                        {
                            lines.push(format!("SUBUSER={view}"));
                        }
                        let response = run(&mut registry, route, &fields, &lines);
                        if response.code >= 300 {
                            continue;
                        }
                        *succeeded.entry((principal.clone(), view)).or_default() += 1;
                        let text = wire::encode(&response);
                        if let Some(marker) = MARKERS.iter().find(|marker| text.contains(**marker))
                        {
                            leaks.push(format!(
                                "{principal} {view:?} {lines:?} shows {marker}:\n{text}"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "{} leaks, the first: {}",
        leaks.len(),
        leaks[0]
    );
    // Each principal got through, in its own account and in its own
    // subusers' views: the refusals above were decisions, not a broken login.
    for principal in ["test.user", "test.user!ci", "test.user:ci", "sub1"] {
        for view in [None, Some("sub1"), Some("sub1 sub1a")] {
            let inside = principal != "sub1" || view.is_none();
            if inside && !(principal.contains(':') && view == Some("sub1 sub1a")) {
                let count = succeeded
                    .get(&(principal.to_owned(), view))
                    .copied()
                    .unwrap_or(0);
                assert!(count > 0, "{principal} with view {view:?} never succeeded");
            }
        }
    }
    let after = foreign_state(&mut registry, &contact);
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before, after, "the foreign tree changed");
    }
}
