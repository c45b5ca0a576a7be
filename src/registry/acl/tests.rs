//! The ACL grammar's tests: parsing, its refusals and the property that
//! stored lines parse alike; the decisions are `tests/decisions.rs`'s.

use super::*;

mod decisions;
mod spellings;

const ROLE: &str = "test.user!ci";

const HEXONET: crate::dialect::Dialect = crate::dialect::Dialect::Hexonet;

fn parse(lines: &[&str], default: Policy) -> Result<Acl, AclError> {
    Acl::parse(lines.iter().copied().enumerate(), default)
}

fn acl(lines: &[&str]) -> Acl {
    parse(lines, Policy::Deny).expect("a valid ACL")
}

/// The error text of the first malformed line, as `ACL<n>: (text) why`.
fn refusal(lines: &[&str]) -> String {
    parse(lines, Policy::Deny)
        .expect_err("a malformed ACL")
        .to_string()
}

/// The decision and its explanation; every test through here also checks
/// that the quick `allows` (no explanation) agrees with `decide`.
fn decide<'a>(acl: &'a Acl, command: &'a str, params: &[(&str, &str)]) -> (bool, String) {
    let decision = acl.decide(command, params.iter().copied(), HEXONET);
    assert_eq!(
        acl.allows(command, params.iter().copied(), HEXONET),
        decision.allowed(),
        "allows and decide disagree on {command} {params:?}"
    );
    (decision.allowed(), decision.explain(ROLE))
}

/// The documented CreateRoleUser example (protocol.md §6.3).
const DOC_EXAMPLE: [&str; 7] = [
    "QueryDomainList[]:ALLOW",
    "QueryExtendedDomainList():ALLOW",
    "DeleteDomain():ALLOW",
    "RenewDomain[",
    "DOMAIN = *.uk",
    "PERIOD = 1",
    "]:ALLOW",
];

#[test]
fn parses_every_form_of_the_documented_example() {
    let acl = acl(&DOC_EXAMPLE);
    let rules = acl.rules();
    assert_eq!(rules.len(), 4);
    assert_eq!(&*rules[0].command, "QueryDomainList");
    assert_eq!(rules[0].brackets, Brackets::Square);
    assert_eq!(rules[1].brackets, Brackets::Round);
    assert!(rules[..3].iter().all(|r| r.conditions.is_empty()));
    let renew = &rules[3];
    assert_eq!(
        (renew.first, renew.last, renew.policy),
        (3, 6, Policy::Allow)
    );
    assert_eq!(
        renew.conditions,
        [
            Condition {
                param: "DOMAIN".into(),
                glob: "*.uk".into()
            },
            Condition {
                param: "PERIOD".into(),
                glob: "1".into()
            },
        ]
    );
    assert_eq!(&*renew.text, "RenewDomain[ DOMAIN=*.uk PERIOD=1 ]:ALLOW");
    assert_eq!(renew.span(), "ACL3..ACL6");
    assert_eq!(rules[2].span(), "ACL2");
    assert_eq!(acl.lines()[4], (4, "DOMAIN=*.uk".into()));
    assert_eq!(acl.default_policy(), Policy::Deny);
}

#[test]
fn tolerates_blanks_case_and_empty_values() {
    let acl = Acl::parse(
        [
            (0, "  renewdomain ( "),
            (1, ""),
            (2, "\tdomain=  *.UK  "),
            (3, " )  :  deny "),
            (5, "StatusDomain [] : Allow"),
        ],
        Policy::Allow,
    )
    .unwrap();
    let rules = acl.rules();
    assert_eq!(rules.len(), 2);
    assert_eq!(
        (rules[0].brackets, rules[0].policy),
        (Brackets::Round, Policy::Deny)
    );
    assert_eq!(&*rules[0].conditions[0].glob, "*.UK");
    assert_eq!(&*rules[0].text, "renewdomain ( domain=*.UK )  :  deny");
    assert_eq!((rules[1].first, rules[1].policy), (5, Policy::Allow));
    assert_eq!(acl.lines().len(), 4);
}

#[test]
fn blocks_with_no_condition_and_x_params() {
    let acl = acl(&[
        "AddDomain[",
        "]:DENY",
        "CheckDomain(",
        "X-ACCEPT-PREMIUMPRICE = 1",
        "):ALLOW",
    ]);
    assert!(acl.rules()[0].conditions.is_empty());
    assert_eq!(
        &*acl.rules()[1].conditions[0].param,
        "X-ACCEPT-PREMIUMPRICE"
    );
}

#[test]
fn policy_parses_ignoring_case() {
    assert_eq!(Policy::parse("allow"), Some(Policy::Allow));
    assert_eq!(Policy::parse("DeNy"), Some(Policy::Deny));
    assert_eq!(Policy::parse("DENY "), None);
    assert_eq!(Policy::parse("PERMIT"), None);
    assert_eq!(Policy::Allow.to_string(), "ALLOW");
}

#[test]
fn malformed_lines_name_their_index_and_the_fault() {
    let shape = "expected Command():ALLOW, Command[]:DENY, a block opener Command[ or Command(, \
                 a condition PARAM=glob inside a block, or a closer ]:ALLOW / ):DENY";
    let cases: [(&[&str], String); 14] = [
        (&["QueryDomainList"], format!("ACL0: (QueryDomainList) {shape}")),
        (&["A():ALLOW", "1Cmd():ALLOW"], format!("ACL1: (1Cmd():ALLOW) {shape}")),
        (&["Cmd( ):ALLOW"], format!("ACL0: (Cmd( ):ALLOW) {shape}")),
        (&["Cmd():PERMIT"], "ACL0: (Cmd():PERMIT) policy must be ALLOW or DENY".into()),
        (&["Cmd[]:"], "ACL0: (Cmd[]:) policy must be ALLOW or DENY".into()),
        (&["Cmd[", "]:maybe"], "ACL1: (]:maybe) policy must be ALLOW or DENY".into()),
        (
            &["DOMAIN=*.uk"],
            "ACL0: (DOMAIN=*.uk) a condition is outside a block: open one with Command[ on an earlier line".into(),
        ),
        (
            &["X():ALLOW", "RenewDomain[", "DOMAIN=*.uk"],
            "ACL1: (RenewDomain[) no later line closes it with ]:ALLOW or ]:DENY".into(),
        ),
        (
            &["RenewDomain(", "DOMAIN=*.uk", "]:ALLOW"],
            "ACL2: (]:ALLOW) opened with ( at ACL0, close with )".into(),
        ),
        (
            &["RenewDomain(", "DOMAIN=*.uk", "PERIOD=1", "):DENY"],
            "ACL2: (PERIOD=1) round brackets take at most one condition (the first is ACL1); use square brackets".into(),
        ),
        (
            &["RenewDomain[DOMAIN=*.uk]:DENY"],
            "ACL0: (RenewDomain[DOMAIN=*.uk]:DENY) write the condition on its own ACL line".into(),
        ),
        (
            &["RenewDomain[", "AddDomain["],
            "ACL1: (AddDomain[) the block RenewDomain[ opened at ACL0 is still open; close it with ]:ALLOW or ]:DENY first".into(),
        ),
        (
            &["RenewDomain[", "DOMAIN ="],
            "ACL1: (DOMAIN =) a condition needs a pattern; use * for any value".into(),
        ),
        (&["]:ALLOW"], "ACL0: (]:ALLOW) closes no block: open one with Command[ on an earlier line".into()),
    ];
    for (lines, expected) in cases {
        assert_eq!(refusal(lines), expected, "{lines:?}");
    }
    let long = format!("{}():ALLOW", "A".repeat(65));
    assert_eq!(
        refusal(&[&long]),
        format!("ACL0: ({long}) a command name has at most 64 characters")
    );
    assert!(parse(&[&format!("{}():ALLOW", "A".repeat(64))], Policy::Deny).is_ok());
    // A block rule inside an open block is refused like an opener.
    assert!(
        refusal(&["A[", "B():ALLOW"]).starts_with("ACL1: (B():ALLOW) the block A[ opened at ACL0")
    );
}

#[test]
fn an_error_becomes_a_505_naming_the_acl_line() {
    let error: Error = parse(&["Cmd():PERMIT"], Policy::Deny).unwrap_err().into();
    assert_eq!(error.code(), 505);
    assert_eq!(
        error.to_string(),
        "Invalid attribute value syntax; ACL0: (Cmd():PERMIT) policy must be ALLOW or DENY"
    );
}

proptest::proptest! {
    #[test]
    fn any_lines_never_panic_and_stored_lines_reparse_alike(
        lines in proptest::collection::vec("[A-Za-z_ =*.()\\[\\]:-]{0,12}|(Allow|DENY|\\[\\]:ALLOW|Cmd\\[|Cmd\\(|D=\\*|\\):deny)", 0..8),
        command in "[A-Za-z]{1,4}",
    ) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        if let Ok(acl) = parse(&refs, Policy::Deny) {
            let stored = acl.lines().iter().map(|(n, text)| (*n, &**text));
            let again = Acl::parse(stored, Policy::Deny).unwrap();
            proptest::prop_assert_eq!(&again, &acl);
            let _ = acl.decide(&command, [("D", "x"), ("D0", "*")], HEXONET).explain(ROLE);
        }
    }
}
