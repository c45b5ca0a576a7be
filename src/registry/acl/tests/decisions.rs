//! The ACL's decisions: which rule of a parsed ACL allows or denies a
//! request, and how the decision explains itself (the parsing tests and the
//! helpers are `tests.rs`'s).

use super::*;

#[test]
fn documented_example_allows_what_the_doc_says() {
    let acl = acl(&DOC_EXAMPLE);
    assert_eq!(
        decide(&acl, "QueryDomainList", &[]),
        (
            true,
            format!("ACL0 \"QueryDomainList[]:ALLOW\" of {ROLE} allows QueryDomainList")
        )
    );
    assert!(decide(&acl, "DeleteDomain", &[("DOMAIN", "a.com")]).0);
    assert_eq!(
        decide(
            &acl,
            "RenewDomain",
            &[("DOMAIN", "example.uk"), ("PERIOD", "1")]
        ),
        (
            true,
            format!(
                "ACL3..ACL6 \"RenewDomain[ DOMAIN=*.uk PERIOD=1 ]:ALLOW\" of {ROLE} allows RenewDomain \
                 (DOMAIN example.uk matches *.uk, PERIOD 1 matches 1)"
            )
        )
    );
    assert_eq!(
        decide(
            &acl,
            "RenewDomain",
            &[("DOMAIN", "example.com"), ("PERIOD", "1")]
        ),
        (
            false,
            format!(
                "the rules for RenewDomain (ACL3..ACL6) did not match (DOMAIN example.com is not *.uk), \
                 DEFAULTPOLICY of {ROLE} is DENY"
            )
        )
    );
    assert_eq!(
        decide(&acl, "RenewDomain", &[("DOMAIN", "example.uk")]).1,
        format!(
            "the rules for RenewDomain (ACL3..ACL6) did not match (PERIOD is absent), DEFAULTPOLICY of {ROLE} is DENY"
        )
    );
    assert_eq!(
        decide(&acl, "QueryContactList", &[]),
        (
            false,
            format!("no ACL rule of {ROLE} names QueryContactList and its DEFAULTPOLICY is DENY")
        )
    );
}

#[test]
fn first_match_in_acl_order_then_default() {
    let acl = parse(
        &[
            "RenewDomain[",
            "DOMAIN=*.uk",
            "]:DENY",
            "RenewDomain[]:ALLOW",
            "RenewDomain[]:DENY",
        ],
        Policy::Deny,
    )
    .unwrap();
    let (allowed, why) = decide(&acl, "RenewDomain", &[("DOMAIN", "example.uk")]);
    assert!(!allowed);
    assert_eq!(
        why,
        format!(
            "ACL0..ACL2 \"RenewDomain[ DOMAIN=*.uk ]:DENY\" of {ROLE} denies RenewDomain (DOMAIN example.uk matches *.uk)"
        )
    );
    let decision = acl.decide("RenewDomain", [("DOMAIN", "example.com")], HEXONET);
    assert!(decision.allowed());
    assert_eq!(decision.rule().map(|r| r.first), Some(3));

    let open = parse(&["QueryDomainList[]:DENY"], Policy::Allow).unwrap();
    assert_eq!(
        decide(&open, "StatusDomain", &[]),
        (
            true,
            format!("no ACL rule of {ROLE} names StatusDomain and its DEFAULTPOLICY is ALLOW")
        )
    );
    assert_eq!(
        decide(&open, "QueryDomainList", &[]),
        (
            false,
            format!("ACL0 \"QueryDomainList[]:DENY\" of {ROLE} denies QueryDomainList")
        )
    );
    let empty = parse(&[], Policy::Allow).unwrap();
    assert!(
        empty
            .decide("AddDomain", [("DOMAIN", "a.com")], HEXONET)
            .allowed()
    );
}

#[test]
fn missed_rules_are_all_listed() {
    let acl = acl(&[
        "AddDomain[",
        "DOMAIN=*.de",
        "]:ALLOW",
        "AddDomain[",
        "PERIOD=2",
        "]:ALLOW",
    ]);
    assert_eq!(
        decide(&acl, "AddDomain", &[("DOMAIN", "a.com"), ("PERIOD", "1")]).1,
        format!(
            "the rules for AddDomain (ACL0..ACL2, ACL3..ACL5) did not match \
             (DOMAIN a.com is not *.de; PERIOD 1 is not 2), DEFAULTPOLICY of {ROLE} is DENY"
        )
    );
}

#[test]
fn command_names_compare_ignoring_case() {
    let acl = acl(&["querydomainlist():ALLOW", "STATUSDOMAIN[]:ALLOW"]);
    assert!(decide(&acl, "QueryDomainList", &[]).0);
    assert!(decide(&acl, "QUERYDOMAINLIST", &[]).0);
    assert!(decide(&acl, "statusdomain", &[]).0);
    assert!(!decide(&acl, "QueryDomainLis", &[]).0);
}

#[test]
fn parameter_names_and_globs_compare_ignoring_case() {
    let acl = acl(&[
        "TransferDomain[",
        "domain = Ex*.CO*",
        "action=request",
        "]:ALLOW",
    ]);
    assert!(
        decide(
            &acl,
            "TransferDomain",
            &[("DOMAIN", "example.com"), ("ACTION", "REQUEST")]
        )
        .0
    );
    assert!(
        decide(
            &acl,
            "TransferDomain",
            &[("Domain", "EXAMPLE.co.uk"), ("action", "Request")]
        )
        .0
    );
    assert!(
        !decide(
            &acl,
            "TransferDomain",
            &[("DOMAIN", "test.com"), ("ACTION", "REQUEST")]
        )
        .0
    );
    assert!(
        !decide(
            &acl,
            "TransferDomain",
            &[("DOMAIN", "example.com"), ("ACTION", "APPROVE")]
        )
        .0
    );
}

#[test]
fn arrays_allow_only_when_every_value_matches() {
    let acl = acl(&["CheckDomains[", "DOMAIN=*.uk", "]:ALLOW"]);
    let (allowed, why) = decide(
        &acl,
        "CheckDomains",
        &[("DOMAIN0", "a.uk"), ("DOMAIN1", "b.uk")],
    );
    assert!(allowed);
    assert!(
        why.ends_with("(DOMAIN0 a.uk matches *.uk, DOMAIN1 b.uk matches *.uk)"),
        "{why}"
    );
    let (allowed, why) = decide(
        &acl,
        "CheckDomains",
        &[("DOMAIN0", "a.uk"), ("DOMAIN1", "b.com")],
    );
    assert!(!allowed);
    assert!(why.contains("(DOMAIN1 b.com is not *.uk)"), "{why}");
    // Other parameters that only start with the name are not its array forms.
    assert!(!decide(&acl, "CheckDomains", &[("DOMAINS", "a.uk")]).0);
    assert!(!decide(&acl, "CheckDomains", &[("DOMAIN", "")]).0);
}

#[test]
fn arrays_deny_when_any_value_matches() {
    let acl = parse(&["CheckDomains[", "DOMAIN=*.uk", "]:DENY"], Policy::Allow).unwrap();
    let (allowed, why) = decide(
        &acl,
        "CheckDomains",
        &[("DOMAIN0", "a.com"), ("DOMAIN1", "b.uk")],
    );
    assert!(!allowed);
    assert!(
        why.ends_with("denies CheckDomains (DOMAIN1 b.uk matches *.uk)"),
        "{why}"
    );
    let (allowed, why) = decide(
        &acl,
        "CheckDomains",
        &[("DOMAIN0", "a.com"), ("DOMAIN1", "b.de")],
    );
    assert!(allowed);
    assert!(why.contains("(DOMAIN0 a.com is not *.uk)"), "{why}");
    // A DENY condition on an absent parameter does not hold: the rule misses.
    assert!(decide(&acl, "CheckDomains", &[]).0);
}

/// A domain name matches in the form the command reads it (trailing dot
/// dropped, Unicode as ACE): a DENY cannot be slipped past, and an ALLOW
/// holds for the name the command acts on.
#[test]
fn domain_names_match_as_the_command_reads_them() {
    let deny = parse(&["StatusDomain[", "DOMAIN=*.net", "]:DENY"], Policy::Allow).unwrap();
    for name in ["example.net.", "EXAMPLE.NET.", "example\u{ff0e}net"] {
        let (allowed, why) = decide(&deny, "StatusDomain", &[("DOMAIN", name)]);
        assert!(!allowed, "{name}: {why}");
    }
    assert!(decide(&deny, "StatusDomain", &[("DOMAIN", "example.com.")]).0);
    let deny = parse(
        &["StatusDomain[", "DOMAIN=xn--bcher-kva.de", "]:DENY"],
        Policy::Allow,
    )
    .unwrap();
    assert!(!decide(&deny, "StatusDomain", &[("DOMAIN", "b\u{fc}cher.de")]).0);
    let deny = parse(
        &["StatusDomain[", "DOMAIN=b\u{fc}cher*", "]:DENY"],
        Policy::Allow,
    )
    .unwrap();
    let (allowed, why) = decide(&deny, "StatusDomain", &[("DOMAIN", "xn--bcher-kva.de")]);
    assert!(!allowed);
    assert!(
        why.ends_with("(DOMAIN xn--bcher-kva.de (read as b\u{fc}cher.de) matches b\u{fc}cher*)"),
        "{why}"
    );
    let allow = parse(&["RenewDomain(", "DOMAIN=*.uk", "):ALLOW"], Policy::Deny).unwrap();
    assert!(decide(&allow, "RenewDomain", &[("DOMAIN", "example.uk.")]).0);
    assert!(!decide(&allow, "RenewDomain", &[("DOMAIN", "example.uk.com.")]).0);
}

/// A PERIOD matches in every form the command reads alike.
#[test]
fn periods_match_in_years_and_months() {
    let deny = parse(&["RenewDomain[", "PERIOD=2", "]:DENY"], Policy::Allow).unwrap();
    for period in ["2", "2Y", "2y", "02", "24M"] {
        let (allowed, why) = decide(&deny, "RenewDomain", &[("PERIOD", period)]);
        assert!(!allowed, "{period}: {why}");
    }
    let (_, why) = decide(&deny, "RenewDomain", &[("PERIOD", "24M")]);
    assert!(why.ends_with("(PERIOD 24M (read as 2) matches 2)"), "{why}");
    assert!(decide(&deny, "RenewDomain", &[("PERIOD", "1Y")]).0);
    assert!(decide(&deny, "RenewDomain", &[("PERIOD", "20")]).0);
    let deny = parse(&["RenewDomain[", "PERIOD=2Y", "]:DENY"], Policy::Allow).unwrap();
    assert!(!decide(&deny, "RenewDomain", &[("PERIOD", "2")]).0);
    let allow = parse(&["RenewDomain(", "PERIOD=1", "):ALLOW"], Policy::Deny).unwrap();
    assert!(decide(&allow, "RenewDomain", &[("PERIOD", "12M")]).0);
    assert!(!decide(&allow, "RenewDomain", &[("PERIOD", "1M")]).0);
}

#[test]
fn round_brackets_enforce_their_parameter() {
    let acl = parse(
        &[
            "RenewDomain(",
            "DOMAIN=*.uk",
            "):ALLOW",
            "RenewDomain[]:ALLOW",
        ],
        Policy::Deny,
    )
    .unwrap();
    assert_eq!(
        decide(&acl, "RenewDomain", &[("PERIOD", "1")]),
        (
            false,
            format!(
                "ACL0..ACL2 \"RenewDomain( DOMAIN=*.uk ):ALLOW\" of {ROLE} requires DOMAIN, which the request lacks"
            )
        )
    );
    let decision = acl.decide("RenewDomain", [("PERIOD", "1")], HEXONET);
    assert!(matches!(
        decision.reason,
        Reason::Missing {
            param: "DOMAIN",
            ..
        }
    ));
    assert!(decide(&acl, "RenewDomain", &[("DOMAIN", "a.uk")]).0);
    // Present but not matching: falls through to the next rule.
    let decision = acl.decide("RenewDomain", [("DOMAIN", "a.com")], HEXONET);
    assert_eq!(
        (decision.allowed(), decision.rule().map(|r| r.first)),
        (true, Some(3))
    );

    // Enforced whatever the policy, and also by a DENY rule.
    let deny = parse(&["RenewDomain(", "DOMAIN=*.uk", "):DENY"], Policy::Allow).unwrap();
    assert!(!decide(&deny, "RenewDomain", &[]).0);
    assert!(!decide(&deny, "RenewDomain", &[("DOMAIN", "a.uk")]).0);
    assert!(decide(&deny, "RenewDomain", &[("DOMAIN", "a.com")]).0);
    // An earlier matching rule decides before the enforcing rule is reached.
    let earlier = acl_allowing_first();
    assert!(decide(&earlier, "RenewDomain", &[]).0);
}

fn acl_allowing_first() -> Acl {
    acl(&["RenewDomain[]:ALLOW", "RenewDomain(", "DOMAIN=*", "):ALLOW"])
}

#[test]
fn the_empty_round_and_square_forms_match_any_request() {
    let acl = acl(&["A():ALLOW", "B[]:ALLOW", "C(", "):ALLOW"]);
    for command in ["A", "B", "C"] {
        assert!(decide(&acl, command, &[("DOMAIN", "x.com")]).0, "{command}");
    }
}

#[test]
fn session_commands_are_always_allowed() {
    let acl = acl(&["StartSession():DENY"]);
    let (allowed, why) = decide(&acl, "startsession", &[]);
    assert!(allowed);
    assert_eq!(why, "startsession is always allowed to a role");
    assert!(decide(&acl, "EndSession", &[]).0);
    assert!(!decide(&acl, "CheckAuthentication", &[]).0);
}

#[test]
fn secret_values_are_masked() {
    let acl = parse(
        &["ModifyUserPassword[", "PASSWORD=*", "]:DENY"],
        Policy::Allow,
    )
    .unwrap();
    let (_, why) = decide(&acl, "ModifyUserPassword", &[("PASSWORD", "hunter2")]);
    assert!(why.ends_with("(PASSWORD *** matches *)"), "{why}");
    assert!(!why.contains("hunter2"));
    let acl = parse(
        &["UpdateRoleUser[", "OTPSECRET=ABC*", "]:ALLOW"],
        Policy::Deny,
    )
    .unwrap();
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let (allowed, why) = decide(&acl, "UpdateRoleUser", &[("OTPSECRET", secret)]);
    assert!(
        !allowed && why.contains("(OTPSECRET *** is not ABC*)"),
        "{why}"
    );
}

#[test]
fn works_with_the_request_parameter_map() {
    let mut params = crate::registry::IndexMap::default();
    params.insert("DOMAIN".to_owned(), "a.uk".to_owned());
    let acl = acl(&["RenewDomain(", "DOMAIN=*.uk", "):ALLOW"]);
    assert!(acl.decide("RenewDomain", &params, HEXONET).allowed());
}
