//! The spellings of a parameter and the forms of a value a condition reads
//! (`forms.rs`): each a way past a rule before it was read.

use super::*;
use crate::dialect::Dialect;

fn denied(acl: &Acl, command: &str, params: &[(&str, &str)], dialect: Dialect) -> bool {
    let decision = acl.decide(command, params.iter().copied(), dialect);
    assert_eq!(
        acl.allows(command, params.iter().copied(), dialect),
        decision.allowed()
    );
    !decision.allowed()
}

#[test]
fn a_condition_binds_every_spelling_of_its_parameter() {
    let deny = parse(&["CheckDomains[", "domain=*.uk", "]:DENY"], Policy::Allow).unwrap();
    for key in ["DOMAIN", "DOMAIN0", "DOMAIN00", "DOMAIN[3]", "ADDDOMAIN1"] {
        assert!(
            denied(&deny, "CheckDomains", &[(key, "a.uk")], HEXONET),
            "{key}"
        );
    }
    for key in ["DELDOMAIN0", "DOMAINS", "DOMAIN[x]", "DOMAIN[]", "DOMAIN0X"] {
        assert!(
            !denied(&deny, "CheckDomains", &[(key, "a.uk")], HEXONET),
            "{key}"
        );
    }
}

#[test]
fn an_indexed_condition_binds_its_index_and_the_bare_parameter() {
    let deny = parse(&["CheckDomain[", "DOMAIN1=*.de", "]:DENY"], Policy::Allow).unwrap();
    for key in ["DOMAIN1", "DOMAIN01", "DOMAIN[1]", "DOMAIN"] {
        assert!(
            denied(&deny, "CheckDomain", &[(key, "a.de")], HEXONET),
            "{key}"
        );
    }
    for key in ["DOMAIN10", "DOMAIN0", "DOMAIN[2]"] {
        assert!(
            !denied(&deny, "CheckDomain", &[(key, "a.de")], HEXONET),
            "{key}"
        );
    }
}

#[test]
fn a_list_in_one_value_is_read_name_by_name() {
    let deny = parse(&["CheckDomains[", "DOMAIN=*.uk", "]:DENY"], Policy::Allow).unwrap();
    for list in ["a.uk,b.com", "b.com a.uk", "b.com,\ta.UK."] {
        assert!(
            denied(&deny, "CheckDomains", &[("DOMAIN", list)], HEXONET),
            "{list}"
        );
    }
    assert!(!denied(
        &deny,
        "CheckDomains",
        &[("DOMAIN", "a.com b.net")],
        HEXONET
    ));
    let allow = acl(&["CheckDomains[", "DOMAIN=*.uk", "]:ALLOW"]);
    assert!(denied(
        &allow,
        "CheckDomains",
        &[("DOMAIN", "b.com,a.uk")],
        HEXONET
    ));
    assert!(!denied(
        &allow,
        "CheckDomains",
        &[("DOMAIN", "a.uk, b.UK.")],
        HEXONET
    ));
    // Free text is judged whole, a dotted word in it too.
    let street = acl(&["AddContact[", "STREET=1 Main*", "]:ALLOW"]);
    for text in ["1 Main St", "1 Main St.", "1 Main St., Apt. 2"] {
        assert!(
            !denied(&street, "AddContact", &[("STREET", text)], HEXONET),
            "{text}"
        );
    }
}

#[test]
fn unicode_letters_match_in_either_case() {
    let deny = parse(
        &["StatusDomain[", "DOMAIN=BÜCHER*", "]:DENY"],
        Policy::Allow,
    )
    .unwrap();
    for name in ["bücher.de", "xn--bcher-kva.de", "BÜCHER.DE"] {
        assert!(
            denied(&deny, "StatusDomain", &[("DOMAIN", name)], HEXONET),
            "{name}"
        );
    }
    let allow = acl(&["StatusDomain[", "DOMAIN=bücher.de", "]:ALLOW"]);
    assert!(!denied(
        &allow,
        "StatusDomain",
        &[("DOMAIN", "BÜCHER.de")],
        HEXONET
    ));
}

#[test]
fn a_name_is_read_in_the_dialects_idna() {
    let deny = parse(
        &["CheckDomain[", "DOMAIN=fass.com", "]:DENY"],
        Policy::Allow,
    )
    .unwrap();
    let faß = [("DOMAIN", "faß.com")];
    assert!(denied(&deny, "CheckDomain", &faß, Dialect::Cnr));
    assert!(
        !denied(&deny, "CheckDomain", &faß, HEXONET),
        "IDNA2008: xn--fa-hia.com"
    );
    // `.de` keeps ß on the platform too.
    let de = parse(&["CheckDomain[", "DOMAIN=fass.de", "]:DENY"], Policy::Allow).unwrap();
    assert!(!denied(
        &de,
        "CheckDomain",
        &[("DOMAIN", "faß.de")],
        Dialect::Cnr
    ));
    // Host names are IDNA2008 in both dialects (`DomainName::parse_host`).
    let hosts = acl(&["ModifyDomain[", "NAMESERVER=ns.fass.com", "]:ALLOW"]);
    let ns = [("NAMESERVER0", "ns.faß.com")];
    assert!(denied(&hosts, "ModifyDomain", &ns, Dialect::Cnr));
}

#[test]
fn a_parameter_the_dialects_spell_apart_is_bound_in_both_spellings() {
    let hexonet_name = parse(
        &["AddDomain[", "X-CA-LEGALTYPE=CCT", "]:DENY"],
        Policy::Allow,
    )
    .unwrap();
    let cnr_name = parse(&["AddDomain[", "x-whoisprivacy=1", "]:DENY"], Policy::Allow).unwrap();
    let legal = [("X-CA-LEGAL-TYPE", "CCT")];
    assert!(denied(&hexonet_name, "AddDomain", &legal, Dialect::Cnr));
    let privacy = [("X-ACCEPT-WHOISTRUSTEE-TAC", "1")];
    assert!(denied(&cnr_name, "AddDomain", &privacy, HEXONET));
    assert!(!denied(
        &cnr_name,
        "AddDomain",
        &[("X-ACCEPT-WHOISTRUSTEELITE-TAC", "1")],
        HEXONET
    ));
}
