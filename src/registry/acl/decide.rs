//! What an ACL decides for one command and why (ARCHITECTURE.md, "Role-user ACLs"):
//! the `Decision` that `Acl::decide` returns, the reason a tester reads in
//! the refusal, and the parameter and glob matching. Parsing is elsewhere.

use std::borrow::Cow;

use super::{Condition, Policy, Rule};
use crate::registry::{DomainName, Period, glob};
use crate::wire::is_secret;

/// The outcome of [`Acl::decide`] and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision<'a> {
    pub command: &'a str,
    pub policy: Policy,
    pub reason: Reason<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'a> {
    /// A session command, outside the ACL.
    Always,
    /// This rule matched; for each condition, the values that made it hold.
    Rule {
        rule: &'a Rule,
        evidence: Vec<String>,
    },
    /// This `( )` rule enforces `param`, which the request lacks.
    Missing { rule: &'a Rule, param: &'a str },
    /// No rule matched: the default policy, with the rules that missed and why.
    Default { missed: Vec<(&'a Rule, String)> },
}

impl Decision<'_> {
    pub fn allowed(&self) -> bool {
        self.policy == Policy::Allow
    }

    /// The rule that decided, if one did.
    pub fn rule(&self) -> Option<&Rule> {
        match &self.reason {
            Reason::Rule { rule, .. } | Reason::Missing { rule, .. } => Some(rule),
            Reason::Always | Reason::Default { .. } => None,
        }
    }

    /// The detail of design §2.3 for the role `role` (e.g. `test.user!ci`), to
    /// follow `Operation forbidden by ACL; ` in a denial and to go into the log.
    pub fn explain(&self, role: &str) -> String {
        let command = self.command;
        match &self.reason {
            Reason::Always => format!("{command} is always allowed to a role"),
            Reason::Rule { rule, evidence } => {
                let verb = match rule.policy {
                    Policy::Allow => "allows",
                    Policy::Deny => "denies",
                };
                let mut text = format!(
                    "{} \"{}\" of {role} {verb} {command}",
                    rule.span(),
                    rule.text
                );
                if !evidence.is_empty() {
                    text.push_str(&format!(" ({})", evidence.join(", ")));
                }
                text
            }
            Reason::Missing { rule, param } => format!(
                "{} \"{}\" of {role} requires {param}, which the request lacks",
                rule.span(),
                rule.text
            ),
            Reason::Default { missed } if missed.is_empty() => format!(
                "no ACL rule of {role} names {command} and its DEFAULTPOLICY is {}",
                self.policy
            ),
            Reason::Default { missed } => {
                let spans: Vec<_> = missed.iter().map(|(rule, _)| rule.span()).collect();
                let whys: Vec<_> = missed.iter().map(|(_, why)| why.as_str()).collect();
                format!(
                    "the rules for {command} ({}) did not match ({}), DEFAULTPOLICY of {role} is {}",
                    spans.join(", "),
                    whys.join("; "),
                    self.policy
                )
            }
        }
    }
}

/// What one condition says; the texts only when explaining.
pub(super) enum Test {
    Holds(Option<String>),
    Fails(Option<String>),
    Absent,
}

/// One condition against the request: ALLOW holds when every value matches,
/// DENY when any does (design §2.2 step 4). With `explain`, says which
/// values made it so (secrets as `***`); without, allocates nothing.
pub(super) fn test<K, V>(
    condition: &Condition,
    policy: Policy,
    params: impl IntoIterator<Item = (K, V)>,
    explain: bool,
) -> Test
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let glob_text = &*condition.glob;
    let why = |key: &str, value: &str, verb: &str| {
        explain.then(|| {
            let value = if is_secret(&condition.param) {
                "***"
            } else {
                value
            };
            format!("{key} {value} {verb} {glob_text}")
        })
    };
    let mut matched: Vec<String> = Vec::new();
    let mut any_matched = false;
    let mut first_miss = None;
    for (key, value) in params {
        let (key, value) = (key.as_ref(), value.as_ref());
        if value.is_empty() || !is_form(&condition.param, key) {
            continue;
        }
        let direct = glob(glob_text, value);
        let read_as = (!direct)
            .then(|| read_alike(&condition.param, glob_text, value))
            .flatten();
        let hit = direct || read_as.is_some();
        let shown;
        let value = match read_as {
            Some(name) if explain => {
                shown = format!("{value} (read as {name})");
                shown.as_str()
            }
            _ => value,
        };
        match (policy, hit) {
            (Policy::Allow, false) => return Test::Fails(why(key, value, "is not")),
            (Policy::Deny, true) => return Test::Holds(why(key, value, "matches")),
            (Policy::Allow, true) => {
                any_matched = true;
                matched.extend(why(key, value, "matches"));
            }
            (Policy::Deny, false) => {
                if first_miss.is_none() {
                    first_miss = Some(why(key, value, "is not"));
                }
            }
        }
    }
    match first_miss {
        Some(miss) => Test::Fails(miss),
        None if !any_matched => Test::Absent,
        None => Test::Holds(explain.then(|| matched.join(", "))),
    }
}

/// Whether `value` matches `glob_text` in another form of what the command
/// reads from it: a PERIOD as its years (`2`, `2Y`) or months (`24M`), so
/// `PERIOD=2` holds for `2Y`, `02` and `24M`; any other value as a domain name.
fn read_alike<'v>(param: &str, glob_text: &str, value: &'v str) -> Option<Cow<'v, str>> {
    if !param.eq_ignore_ascii_case("PERIOD") {
        return named_alike(glob_text, value);
    }
    let period = Period::parse(value)?;
    let months = format!("{}M", period.months);
    let forms = match period.whole_years() {
        Some(years) => vec![years.to_string(), format!("{years}Y"), months],
        None => vec![months],
    };
    forms
        .into_iter()
        .find(|form| glob(glob_text, form))
        .map(Cow::Owned)
}

/// Whether `value` matches `glob_text` in the form a command reads a domain
/// name in ([`DomainName::normalise`]: one trailing dot dropped, Unicode as
/// ACE, lower case) when that form differs, or in that name's Unicode form:
/// the command acts on that name, so `example.net.`, `example．net` or
/// `xn--bcher-kva.de` must not slip past `DOMAIN=*.net` or `DOMAIN=bücher*`.
/// Returns the form that matched.
fn named_alike<'v>(glob_text: &str, value: &'v str) -> Option<Cow<'v, str>> {
    let ace = DomainName::normalise(value).ok()?;
    let same = matches!(ace, Cow::Borrowed(text) if text.len() == value.len());
    if !same && glob(glob_text, &ace) {
        return Some(ace);
    }
    match DomainName::unicode_of(&ace) {
        Cow::Owned(unicode) if glob(glob_text, &unicode) => Some(Cow::Owned(unicode)),
        _ => None,
    }
}

/// Whether request key `key` is `param` or one of its array forms `param0..n`.
pub(super) fn is_form(param: &str, key: &str) -> bool {
    let (param, key) = (param.as_bytes(), key.as_bytes());
    key.len() >= param.len()
        && key[..param.len()].eq_ignore_ascii_case(param)
        && key[param.len()..].iter().all(u8::is_ascii_digit)
}
