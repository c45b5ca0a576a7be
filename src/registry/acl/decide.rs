//! What an ACL decides for one command and why (ARCHITECTURE.md, "Role-user ACLs"):
//! the `Decision` that `Acl::decide` returns, the reason a tester reads in
//! the refusal, and one condition's test; what a condition reads of a
//! request is `forms.rs`'s, parsing `grammar.rs`'s.

use super::{Condition, Policy, Rule, forms};
use crate::dialect::Dialect;
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
/// DENY when any does (design §2.2 step 4), each value in every form its
/// command reads ([`forms`]). With `explain`, says which values made it so
/// (secrets as `***`); without, allocates nothing for ASCII values.
pub(super) fn test<K, V>(
    condition: &Condition,
    policy: Policy,
    params: impl IntoIterator<Item = (K, V)>,
    dialect: Dialect,
    explain: bool,
) -> Test
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let glob_text = &*condition.glob;
    let why = |key: &str, value: &str, verb: &str| {
        explain.then(|| {
            // DOMAINAUTH binds a DOMAIN condition: its code stays unshown.
            let value = if is_secret(&condition.param) || is_secret(key) {
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
    let any = policy == Policy::Deny;
    for (key, value) in params {
        let (key, value) = (key.as_ref(), value.as_ref());
        if value.is_empty() || !forms::binds(&condition.param, key) {
            continue;
        }
        let (hit, read_as) = forms::judge(&condition.param, glob_text, value, any, dialect);
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
