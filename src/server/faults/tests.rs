//! Unit tests of the fault rules: the glob, reading a rule (each refusal
//! names its field), matching and firing (count, seeded probability,
//! window, the quota preset).

use super::rule::Rule;
use super::*;
use crate::wire::parse;

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn rule(pairs: &[(&str, &str)]) -> Result<Rule, String> {
    Rule::read(fields(pairs), 1, 0)
}

#[test]
fn globs_take_stars_and_question_marks_ignoring_case() {
    assert!(glob("*", ""));
    assert!(glob("adddomain", "AddDomain"));
    assert!(glob("Check*", "CheckDomains"));
    assert!(glob("*Domain", "StatusDomain"));
    assert!(!glob("*Domain", "StatusDomains"));
    assert!(glob("Status?omain", "StatusDomain"));
    assert!(!glob("Status?omain", "StatusDDomain"));
    assert!(glob("*.de", "example.de"));
    assert!(glob("?.de", "ü.de"));
    assert!(glob("a*b?c", "axxbyc"));
    assert!(!glob("a*b?c", "axxbc"));
}

#[test]
fn every_refusal_names_its_field() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("code", "421")], "command: missing"),
        (
            &[("command", "X"), ("colour", "red")],
            "unknown field \"colour\"",
        ),
        (
            &[("command", "X"), ("code", "200")],
            "code: \"200\" is not an error code",
        ),
        (&[("command", "X"), ("code", "999")], "code: \"999\""),
        (&[("command", "X")], "code: missing"),
        (
            &[("command", "X"), ("code", "421"), ("probability", "1.5")],
            "probability: \"1.5\"",
        ),
        (
            &[("command", "X"), ("code", "421"), ("probability", "-0.1")],
            "probability:",
        ),
        (
            &[("command", "X"), ("code", "421"), ("http", "close")],
            "http: give code",
        ),
        (&[("command", "X"), ("http", "504")], "http: \"504\""),
        (
            &[("command", "X"), ("code", "421"), ("count", "0")],
            "count: \"0\"",
        ),
        (
            &[("command", "X"), ("code", "421"), ("delay_ms", "600001")],
            "delay_ms:",
        ),
        (
            &[("command", "X"), ("code", "421"), ("entity", "9999")],
            "entity: \"9999\"",
        ),
        (
            &[("command", "X"), ("code", "421"), ("login", "a!")],
            "login:",
        ),
        (
            &[("command", "X"), ("code", "421"), ("param", "*.de")],
            "param:",
        ),
        (
            &[("command", "X"), ("code", "421"), ("from", "tomorrow")],
            "from:",
        ),
        (
            &[
                ("command", "X"),
                ("code", "421"),
                ("from", "2027-01-02T00:00:00Z"),
                ("until", "2027-01-01T00:00:00Z"),
            ],
            "until:",
        ),
        (
            &[("command", "X"), ("http", "502"), ("description", "x")],
            "description:",
        ),
        (&[("preset", "slow")], "preset: \"slow\""),
        (&[("preset", "slow-registry")], "seconds: missing"),
        (
            &[("preset", "slow-registry"), ("seconds", "0")],
            "seconds: \"0\" is not a whole number from 1 to 7776000",
        ),
        (
            &[("preset", "slow-registry"), ("seconds", "7776001")],
            "seconds: \"7776001\"",
        ),
        (
            &[("preset", "slow-registry"), ("seconds", "ten")],
            "seconds: \"ten\"",
        ),
        (
            &[
                ("preset", "slow-registry"),
                ("seconds", "60"),
                ("code", "421"),
            ],
            "code: the slow-registry preset runs the command",
        ),
        (
            &[
                ("preset", "slow-registry"),
                ("seconds", "60"),
                ("http", "close"),
            ],
            "http: the slow-registry preset",
        ),
        (
            &[
                ("preset", "slow-registry"),
                ("seconds", "60"),
                ("command", "StatusDomain"),
            ],
            "command: \"StatusDomain\" matches none of the commands the slow-registry preset slows",
        ),
        (
            &[("command", "X"), ("code", "421"), ("seconds", "60")],
            "seconds: goes with",
        ),
        (
            &[("preset", "quota"), ("per_minute", "5"), ("seconds", "60")],
            "seconds: goes with",
        ),
        (&[("preset", "quota")], "per_minute: missing"),
        (
            &[("preset", "quota"), ("per_minute", "5"), ("code", "421")],
            "code: the quota preset",
        ),
        (
            &[("preset", "maintenance"), ("code", "421")],
            "preset: maintenance",
        ),
        (
            &[("command", "X"), ("code", "421"), ("per_minute", "3")],
            "per_minute: goes with",
        ),
        (&[("command", "X"), ("pending", "yes")], "pending: \"yes\""),
        (
            &[("command", "X"), ("pending", "true"), ("code", "421")],
            "pending: the command runs",
        ),
        (
            &[
                ("preset", "slow-registry"),
                ("seconds", "60"),
                ("pending", "1"),
            ],
            "pending: the command runs",
        ),
    ];
    for (pairs, start) in cases {
        let why = rule(pairs).expect_err(start);
        assert!(why.starts_with(start), "{pairs:?}: {why}");
        assert!(!why.contains('\n'), "{why}");
    }
}

fn facts<'a>(request: &'a Request, login: Option<(&str, Option<&str>)>) -> Facts<'a> {
    Facts {
        command: request.command().unwrap_or(""),
        login: login.map(|(a, r)| (a.to_owned(), r.map(str::to_owned))),
        entity: Entity::Ote,
        dialect: Dialect::Hexonet,
        request,
    }
}

const NOW: Timestamp = Timestamp(1_767_225_600); // 2026-01-01 00:00:00 UTC

#[test]
fn a_count_spends_the_rule_and_a_param_glob_narrows_it() {
    let request = parse(b"", b"command=AddDomain&domain=example.de").unwrap();
    let other = parse(b"", b"command=AddDomain&domain=example.com").unwrap();
    let mut rule = rule(&[
        ("command", "add*"),
        ("code", "549"),
        ("count", "2"),
        ("param", "domain=*.DE"),
    ])
    .unwrap();
    assert!(fire(&mut rule, &facts(&other, None), NOW).is_none());
    for _ in 0..2 {
        let fired = fire(&mut rule, &facts(&request, None), NOW).expect("fires");
        let answer = fired.answer.expect("an answer");
        assert_eq!(answer.code, 549);
        assert_eq!(
            answer.description,
            "Command failed; fault rule 1 of /_admin/faults"
        );
    }
    assert!(fire(&mut rule, &facts(&request, None), NOW).is_none());
    assert_eq!((rule.fired, rule.left()), (2, Some(0)));
}

#[test]
fn logins_match_the_account_and_its_roles_or_one_role() {
    let request = parse(b"", b"command=StatusAccount").unwrap();
    let mut account = rule(&[("command", "*"), ("code", "421"), ("login", "test.user")]).unwrap();
    let mut role = rule(&[("command", "*"), ("code", "421"), ("login", "test.user:ci")]).unwrap();
    assert!(
        fire(
            &mut account,
            &facts(&request, Some(("test.user", None))),
            NOW
        )
        .is_some()
    );
    assert!(
        fire(
            &mut account,
            &facts(&request, Some(("test.user", Some("ci")))),
            NOW
        )
        .is_some()
    );
    assert!(
        fire(
            &mut account,
            &facts(&request, Some(("test.user2", None))),
            NOW
        )
        .is_none()
    );
    assert!(fire(&mut account, &facts(&request, None), NOW).is_none());
    assert!(fire(&mut role, &facts(&request, Some(("test.user", None))), NOW).is_none());
    assert!(
        fire(
            &mut role,
            &facts(&request, Some(("test.user", Some("ci")))),
            NOW
        )
        .is_some()
    );
}

#[test]
fn a_seeded_probability_repeats_and_a_window_bounds_the_rule() {
    let request = parse(b"", b"command=StatusAccount").unwrap();
    let draws = |seed: &str| {
        let mut rule = rule(&[
            ("command", "*"),
            ("code", "421"),
            ("probability", "0.5"),
            ("seed", seed),
        ])
        .unwrap();
        (0..64)
            .map(|_| fire(&mut rule, &facts(&request, None), NOW).is_some())
            .collect::<Vec<bool>>()
    };
    let first = draws("7");
    assert_eq!(first, draws("7"));
    assert_ne!(first, draws("8"));
    let hits = first.iter().filter(|hit| **hit).count();
    assert!((16..=48).contains(&hits), "{hits} of 64");
    let mut window = rule(&[
        ("command", "*"),
        ("code", "421"),
        ("from", "2026-01-01T00:00:00Z"),
        ("until", "2026-01-01T00:01:00Z"),
    ])
    .unwrap();
    assert!(fire(&mut window, &facts(&request, None), Timestamp(NOW.0 - 1)).is_none());
    assert!(fire(&mut window, &facts(&request, None), NOW).is_some());
    assert!(fire(&mut window, &facts(&request, None), Timestamp(NOW.0 + 59)).is_some());
    assert!(fire(&mut window, &facts(&request, None), Timestamp(NOW.0 + 60)).is_none());
}

#[test]
fn the_quota_preset_answers_425_past_the_minutes_calls_of_an_account() {
    let request = parse(b"", b"command=StatusAccount").unwrap();
    let mut rule = rule(&[("preset", "quota"), ("per_minute", "2")]).unwrap();
    let user = facts(&request, Some(("test.user", None)));
    assert!(fire(&mut rule, &user, NOW).is_none());
    assert!(fire(&mut rule, &user, Timestamp(NOW.0 + 1)).is_none());
    let over = fire(&mut rule, &user, Timestamp(NOW.0 + 2))
        .expect("over")
        .answer
        .unwrap();
    assert_eq!((over.code, over.first("QUOTAEXCEEDED")), (425, Some("1")));
    assert_eq!(
        over.description,
        "Service temporarily locked; usage exceeded; test.user made 2 requests in the minute \
         00:00:00-00:00:59 UTC, its quota (fault rule 1, preset quota) is 2: the next minute \
         starts at 00:01:00 UTC"
    );
    // Another account has its own count; the next minute starts again.
    assert!(fire(&mut rule, &facts(&request, Some(("test.user2", None))), NOW).is_none());
    assert!(fire(&mut rule, &user, Timestamp(NOW.0 + 60)).is_none());
}

#[test]
fn the_slow_registry_preset_hands_on_its_seconds_for_registrations_and_transfer_requests() {
    let mut rule = rule(&[("preset", "slow-registry"), ("seconds", "600")]).unwrap();
    for (body, slowed) in [
        (&b"command=AddDomain&domain=a.com"[..], true),
        (b"command=adddomainapplication&domain=a.com", true),
        (b"command=TransferDomain&domain=a.com", true),
        (b"command=TransferDomain&domain=a.com&action=Request", true),
        (b"command=TransferDomain&domain=a.com&action=approve", false),
        (
            b"command=TransferDomain&domain=a.com&action=USERTRANSFER",
            false,
        ),
        (b"command=StatusDomain&domain=a.com", false),
        (b"command=RenewDomain&domain=a.com", false),
    ] {
        let request = parse(b"", body).unwrap();
        let fired = fire(&mut rule, &facts(&request, None), NOW);
        let body = String::from_utf8_lossy(body);
        match fired {
            Some(fired) => {
                assert!(slowed, "{body} fired");
                assert!(fired.answer.is_none() && fired.http.is_none(), "{body}");
                assert_eq!(fired.slow, Some(600), "{body}");
            }
            None => assert!(!slowed, "{body} did not fire"),
        }
    }
    assert_eq!(rule.fired, 4);
    // A narrower glob and a login still narrow it.
    let mut narrow = rule_of(&[
        ("preset", "slow-registry"),
        ("seconds", "60"),
        ("command", "Transfer*"),
        ("login", "test.user"),
    ]);
    let add = parse(b"", b"command=AddDomain").unwrap();
    let transfer = parse(b"", b"command=TransferDomain").unwrap();
    let user = Some(("test.user", None));
    assert!(fire(&mut narrow, &facts(&add, user), NOW).is_none());
    assert!(
        fire(
            &mut narrow,
            &facts(&transfer, Some(("test.user2", None))),
            NOW
        )
        .is_none()
    );
    assert!(fire(&mut narrow, &facts(&transfer, user), NOW).is_some());
    assert!(
        narrow
            .json()
            .contains("\"preset\":\"slow-registry\",\"command\":\"Transfer*\"")
    );
    assert!(
        narrow.json().contains("\"seconds\":60"),
        "{}",
        narrow.json()
    );
}

#[test]
fn a_pending_rule_runs_the_command_and_answers_a_200_as_pending() {
    let mut rule = rule_of(&[("command", "ModifyDomain"), ("pending", "true")]);
    assert!(rule.json().contains("\"pending\":true"), "{}", rule.json());
    let request = parse(b"", b"command=ModifyDomain&DOMAIN=a.com").unwrap();
    let fired = fire(&mut rule, &facts(&request, None), NOW).expect("fires");
    assert!(fired.pending && fired.answer.is_none() && fired.slow.is_none());
    let mut done = Response::ok();
    answer_pending(&mut done);
    assert!(done.pending);
    assert_eq!(
        done.description,
        "Command completed successfully; action pending"
    );
    let mut refused = Response::status(545, "Entity reference not found");
    answer_pending(&mut refused);
    assert!(!refused.pending, "a refusal stays as it is");
    let other = parse(b"", b"command=StatusDomain&DOMAIN=a.com").unwrap();
    assert!(fire(&mut rule, &facts(&other, None), NOW).is_none());
}

fn rule_of(pairs: &[(&str, &str)]) -> Rule {
    rule(pairs).unwrap()
}
