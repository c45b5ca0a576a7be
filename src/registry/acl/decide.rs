//! What an ACL decides for one command and why (ARCHITECTURE.md, "Role-user ACLs"):
//! the `Decision` that `Acl::decide` returns, the reason a tester reads in
//! the refusal, and the parameter and glob matching. Parsing is elsewhere.

use super::{Condition, Policy, Rule, SECRET_PARAMS};
use crate::registry::glob;

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

pub(super) enum Test {
    Holds(String),
    Fails(String),
    Absent,
}

/// One condition against the request: ALLOW holds when every value matches,
/// DENY when any does (design §2.2 step 4).
pub(super) fn test<K, V>(
    condition: &Condition,
    policy: Policy,
    params: impl IntoIterator<Item = (K, V)>,
) -> Test
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let glob_text = &*condition.glob;
    let shown = |key: &str, value: &str| {
        let secret = SECRET_PARAMS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(&condition.param));
        format!("{key} {}", if secret { "***" } else { value })
    };
    let mut matched = Vec::new();
    let mut first_miss = None;
    for (key, value) in params {
        let (key, value) = (key.as_ref(), value.as_ref());
        if value.is_empty() || !is_form(&condition.param, key) {
            continue;
        }
        let hit = glob(glob_text, value);
        match (policy, hit) {
            (Policy::Allow, false) => {
                return Test::Fails(format!("{} is not {glob_text}", shown(key, value)));
            }
            (Policy::Deny, true) => {
                return Test::Holds(format!("{} matches {glob_text}", shown(key, value)));
            }
            (Policy::Allow, true) => {
                matched.push(format!("{} matches {glob_text}", shown(key, value)));
            }
            (Policy::Deny, false) => {
                first_miss
                    .get_or_insert_with(|| format!("{} is not {glob_text}", shown(key, value)));
            }
        }
    }
    match first_miss {
        Some(miss) => Test::Fails(miss),
        None if matched.is_empty() => Test::Absent,
        None => Test::Holds(matched.join(", ")),
    }
}

/// Whether request key `key` is `param` or one of its array forms `param0..n`.
pub(super) fn is_form(param: &str, key: &str) -> bool {
    let (param, key) = (param.as_bytes(), key.as_bytes());
    key.len() >= param.len()
        && key[..param.len()].eq_ignore_ascii_case(param)
        && key[param.len()..].iter().all(u8::is_ascii_digit)
}
