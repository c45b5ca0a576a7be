//! Unit tests of real-DNS answers (`lookup.rs`).

use super::super::{Line, parse_line};
use super::*;
use crate::dialect::Dialect;
use crate::registry::{Entity, Registry, Timestamp};

/// A registry whose OT&E system holds `example.com` with `lines`.
fn registry(lines: &[&str]) -> Registry {
    let mut registry = Registry::new(1);
    let mut zone = Zone::new("example.com", "test.user", Timestamp(0), "test.user");
    zone.add_default_nameservers();
    for line in lines {
        match parse_line(Dialect::Cnr, "example.com", line) {
            Ok(Line::Record(rr)) => {
                zone.records.insert(rr);
            }
            other => panic!("{line}: {other:?}"),
        }
    }
    registry.system_mut(Entity::Ote).insert_zone(zone);
    registry
}

fn ask(registry: &Registry, name: &str, kind: &str) -> Lookup {
    registry.system(Entity::Ote).dns_lookup(name, kind)
}

fn data(lookup: &Lookup) -> Vec<&str> {
    lookup.answers.iter().map(|rr| rr.data.as_str()).collect()
}

#[test]
fn names_types_and_negative_answers() {
    let registry = registry(&["www 300 IN A 192.0.2.1", "a.b.c IN TXT x"]);
    let found = ask(&registry, "WWW.example.com.", "A");
    assert_eq!(found.outcome, Outcome::Answer);
    assert_eq!(data(&found), ["192.0.2.1"]);
    assert_eq!(found.answers[0].ttl, 300);
    assert_eq!(found.authority.len(), 3, "the apex NS");
    let nodata = ask(&registry, "www.example.com", "MX");
    assert_eq!(nodata.outcome, Outcome::NoData);
    let soa = nodata.soa.expect("the SOA");
    assert_eq!(soa.ttl, 3600, "min(SOA TTL, minimum)");
    // An empty non-terminal exists; a name below nothing does not.
    assert_eq!(
        ask(&registry, "b.c.example.com", "A").outcome,
        Outcome::NoData
    );
    assert_eq!(
        ask(&registry, "z.example.com", "A").outcome,
        Outcome::NxDomain
    );
    assert_eq!(ask(&registry, "example.com", "SOA").answers[0].kind, "SOA");
    assert_eq!(ask(&registry, "example.org", "A").outcome, Outcome::Refused);
    assert_eq!(ask(&registry, "com", "A").outcome, Outcome::Refused);
}

#[test]
fn names_at_or_below_a_delegation_get_a_referral() {
    let registry = registry(&[
        "*.example.com. IN A 192.0.2.9",
        "kid IN NS ns.kid.example.com.",
        "kid IN NS ns1.other.net.",
        "ns.kid IN A 192.0.2.53",
        "ns.kid IN AAAA 2001:db8::53",
        "to-kid IN CNAME www.kid.example.com.",
    ]);
    for name in [
        "www.kid.example.com",
        "kid.example.com",
        "ns.kid.example.com",
    ] {
        let referral = ask(&registry, name, "A");
        assert_eq!(referral.outcome, Outcome::Referral, "{name}");
        assert!(
            referral.answers.is_empty() && referral.soa.is_none(),
            "{name}"
        );
        let servers: Vec<_> = referral
            .authority
            .iter()
            .map(|rr| rr.data.as_str())
            .collect();
        assert_eq!(servers, ["ns.kid.example.com.", "ns1.other.net."], "{name}");
        let glue: Vec<_> = referral
            .additional
            .iter()
            .map(|rr| rr.data.as_str())
            .collect();
        assert_eq!(glue, ["192.0.2.53", "2001:db8::53"], "{name}");
    }
    // The wildcard no longer answers below the cut, a CNAME into it gets
    // the referral after the CNAME, and the rest of the zone is still
    // this zone's.
    let into = ask(&registry, "to-kid.example.com", "A");
    assert_eq!(into.outcome, Outcome::Referral);
    assert_eq!(data(&into), ["www.kid.example.com."]);
    assert_eq!(into.authority.len(), 2, "the child's NS");
    assert_eq!(data(&ask(&registry, "x.example.com", "A")), ["192.0.2.9"]);
    assert_eq!(ask(&registry, "example.com", "NS").outcome, Outcome::Answer);
}

/// A chain that ends inside the zone without the data answers as its last
/// name (RFC 6604 §2.1): NXDOMAIN or NODATA, with the SOA (RFC 2308 §2).
#[test]
fn a_cname_chain_ending_without_data_answers_as_its_last_name() {
    let registry = registry(&[
        "dangling IN CNAME nothere.example.com.",
        "alias IN CNAME www.example.com.",
        "www IN A 192.0.2.1",
        "out IN CNAME www.example.org.",
    ]);
    let dangling = ask(&registry, "dangling.example.com", "A");
    assert_eq!(dangling.outcome, Outcome::NxDomain);
    assert_eq!(data(&dangling), ["nothere.example.com."]);
    assert!(dangling.soa.is_some());
    let nodata = ask(&registry, "alias.example.com", "MX");
    assert_eq!(nodata.outcome, Outcome::NoData);
    assert_eq!(data(&nodata), ["www.example.com."]);
    assert!(nodata.soa.is_some());
    let found = ask(&registry, "alias.example.com", "A");
    assert_eq!(found.outcome, Outcome::Answer);
    // Out of the zone, the resolver goes on: an answer.
    assert_eq!(
        ask(&registry, "out.example.com", "A").outcome,
        Outcome::Answer
    );
    // The CNAME asked for itself is the answer.
    assert_eq!(
        ask(&registry, "dangling.example.com", "CNAME").outcome,
        Outcome::Answer
    );
}

#[test]
fn a_cname_loop_is_answered_once_round() {
    let registry = registry(&[
        "loop1 IN CNAME loop2.example.com.",
        "loop2 IN CNAME loop1.example.com.",
        "self IN CNAME self.example.com.",
    ]);
    let looped = ask(&registry, "loop1.example.com", "A");
    assert_eq!(data(&looped), ["loop2.example.com.", "loop1.example.com."]);
    assert_eq!(
        data(&ask(&registry, "self.example.com", "A")),
        ["self.example.com."]
    );
}

#[test]
fn cnames_wildcards_and_pseudo_records() {
    let registry = registry(&[
        "@ IN A 192.0.2.1",
        "www IN CNAME @",
        "out IN CNAME elsewhere.example.net.",
        "*.apps IN A 192.0.2.9",
        "fwd IN X-HTTP REDIRECT https://example.net/",
    ]);
    let chased = ask(&registry, "www.example.com", "A");
    assert_eq!(data(&chased), ["example.com.", "192.0.2.1"]);
    assert_eq!(
        data(&ask(&registry, "out.example.com", "A")),
        ["elsewhere.example.net."]
    );
    let wild = ask(&registry, "x.apps.example.com", "A");
    assert_eq!(wild.answers[0].owner, "x.apps.example.com");
    assert_eq!(data(&wild), ["192.0.2.9"]);
    assert_eq!(
        ask(&registry, "x.apps.example.com", "TXT").outcome,
        Outcome::NoData
    );
    // Pseudo-records are never served, under any type.
    assert!(ask(&registry, "fwd.example.com", "ANY").answers.is_empty());
    assert_eq!(
        ask(&registry, "fwd.example.com", "X-HTTP").outcome,
        Outcome::NoData
    );
}

#[test]
fn inactive_zones_are_not_answered() {
    let mut registry = registry(&["www IN A 192.0.2.1"]);
    let system = registry.system_mut(Entity::Ote);
    let mut zone = system.remove_zone("example.com").expect("the zone");
    zone.status = ZoneStatus::Inactive;
    system.insert_zone(zone);
    assert_eq!(
        ask(&registry, "www.example.com", "A").outcome,
        Outcome::Refused
    );
}

#[test]
fn a_zone_inside_another_accounts_domain_is_passed_over() {
    use crate::registry::DEMO_PASSWORD;
    use crate::registry::test_calls::{ADD_CONTACT, call, ok};
    let mut registry = registry(&["www IN A 192.0.2.1"]);
    // Made before example.com was registered here, by another account.
    let mut squatter = Zone::new("www.example.com", "other.user", Timestamp(0), "other.user");
    squatter.add_default_nameservers();
    let line = "www.example.com. IN A 203.0.113.9";
    match parse_line(Dialect::Cnr, "www.example.com", line) {
        Ok(Line::Record(rr)) => squatter.records.insert(rr),
        other => panic!("{other:?}"),
    };
    registry.system_mut(Entity::Ote).insert_zone(squatter);
    assert_eq!(
        data(&ask(&registry, "www.example.com", "A")),
        ["203.0.113.9"]
    );
    let now = Timestamp(1_767_225_600);
    let send = |registry: &mut Registry, lines: &[&str]| {
        ok(call(registry, now, "test.user", DEMO_PASSWORD, lines))
    };
    let answer = send(&mut registry, ADD_CONTACT);
    let handle = answer
        .lines()
        .find_map(|line| line.strip_prefix("PROPERTY[CONTACT][0]="))
        .expect("a handle")
        .trim();
    let owner = format!("OWNERCONTACT0={handle}");
    send(
        &mut registry,
        &["COMMAND=AddDomain", "DOMAIN=example.com", &owner],
    );
    let found = ask(&registry, "www.example.com", "A");
    assert_eq!(
        data(&found),
        ["192.0.2.1"],
        "the domain holder's zone answers"
    );
    assert_eq!(found.zone.as_deref(), Some("example.com"));
}

#[test]
fn a_suffix_zone_answers_nothing_below_another_accounts_domain() {
    use crate::registry::Domain;
    let mut registry = Registry::new(1);
    let system = registry.system_mut(Entity::Ote);
    let mut suffix = Zone::new("co.uk", "other.user", Timestamp(0), "other.user");
    suffix.add_default_nameservers();
    for line in [
        "*.mine.co.uk. IN A 203.0.113.9",
        "free.co.uk. IN A 203.0.113.8",
    ] {
        match parse_line(Dialect::Cnr, "co.uk", line) {
            Ok(Line::Record(rr)) => suffix.records.insert(rr),
            other => panic!("{other:?}"),
        };
    }
    system.insert_zone(suffix);
    // Nobody holds mine.co.uk yet: the suffix zone answers for it.
    let found = ask(&registry, "www.mine.co.uk", "A");
    assert_eq!(data(&found), ["203.0.113.9"]);
    let mut mine = Domain::sample("mine.co.uk", &["ns1.ispapi.net"], "P-NONE");
    mine.owner = "test.user".into();
    registry.system_mut(Entity::Ote).insert_domain(mine);
    // Held by test.user: other.user's suffix zone answers nothing at or
    // below it, for the DNS and for other.user's own forwarding commands.
    for name in ["www.mine.co.uk", "mine.co.uk"] {
        let found = ask(&registry, name, "A");
        assert_eq!(found.outcome, Outcome::Refused, "{name}");
        let system = registry.system(Entity::Ote);
        assert!(
            system
                .enclosing_zone_for(name, Some("other.user"))
                .is_none()
        );
    }
    assert_eq!(data(&ask(&registry, "free.co.uk", "A")), ["203.0.113.8"]);
}
