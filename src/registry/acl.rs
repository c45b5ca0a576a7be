//! Role-user ACLs (protocol.md §6.3, ARCHITECTURE.md, "Role-user ACLs"): the grammar of the
//! `ACL<n>` lines, parsed into typed rules when stored, and their evaluation
//! against one command. Owns nothing else: it must not know HTTP, wire text,
//! sessions or the command table (so command names are not checked here);
//! which parameters are secrets is `wire::is_secret`'s one rule.

use std::fmt;

mod decide;
mod forms;
mod grammar;
mod scope;

pub use decide::{Decision, Reason};
use decide::{Test, test};
use grammar::{Line, classify, parse_policy};
pub use scope::{Excess, Grant, Lack};

use crate::dialect::Dialect;
use crate::error::Error;
use crate::registry::HashMap;

/// The longest command name a rule may name.
const MAX_COMMAND: usize = 64;

/// Commands an authenticated role may always run, whatever its ACL (design §2.2 step 1).
/// The CNR login is not a command; its caller skips the ACL itself.
const ALWAYS_ALLOWED: [&str; 3] = ["StartSession", "EndSession", "StopSession"];

/// What a rule, or the default policy, says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Policy {
    Allow,
    Deny,
}

impl Policy {
    /// `ALLOW` or `DENY`, ignoring case (the DEFAULTPOLICY parameter too).
    pub fn parse(text: &str) -> Option<Policy> {
        parse_policy(text)
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Policy::Allow => "ALLOW",
            Policy::Deny => "DENY",
        })
    }
}

/// `[ ]`: any number of conditions; `( )`: at most one, and its parameter is enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Brackets {
    Square,
    Round,
}

impl Brackets {
    fn open(self) -> char {
        match self {
            Brackets::Square => '[',
            Brackets::Round => '(',
        }
    }

    fn close(self) -> char {
        match self {
            Brackets::Square => ']',
            Brackets::Round => ')',
        }
    }
}

/// `PARAM=glob`: the parameter (and its array forms `PARAM0..n`) must match the glob.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Condition {
    /// As written; compared ignoring case.
    pub param: Box<str>,
    /// Trimmed, non-empty; `*` is any run of characters, the rest literal, ignoring case.
    pub glob: Box<str>,
}

/// One rule: a one-line `Cmd():ALLOW` / `Cmd[]:DENY`, or a block over several lines.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    /// As written; compared ignoring case.
    pub command: Box<str>,
    pub brackets: Brackets,
    pub conditions: Vec<Condition>,
    pub policy: Policy,
    /// The ACL indexes of the rule's first and last line.
    pub first: usize,
    pub last: usize,
    /// The rule's stored lines joined by a space, e.g. `RenewDomain[ DOMAIN=*.uk ]:DENY`.
    pub text: Box<str>,
}

impl Rule {
    /// `ACL3..ACL6`, or `ACL2` for a one-line rule.
    pub fn span(&self) -> String {
        if self.first == self.last {
            format!("ACL{}", self.first)
        } else {
            format!("ACL{}..ACL{}", self.first, self.last)
        }
    }
}

/// A malformed ACL: the index of the offending `ACL<n>` line, its text and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclError {
    pub index: usize,
    pub text: String,
    pub why: String,
}

impl fmt::Display for AclError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ACL{}: ({}) {}", self.index, self.text, self.why)
    }
}

/// `505 Invalid attribute value syntax; ACL<n>: (text) why`.
impl From<AclError> for Error {
    fn from(e: AclError) -> Error {
        Error::syntax_rule(&format!("ACL{}", e.index), &e.text, e.why)
    }
}

/// A parsed ACL with the role's DEFAULTPOLICY.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Acl {
    rules: Vec<Rule>,
    lines: Vec<(usize, Box<str>)>,
    default: Policy,
    /// The rules naming each command (lower-cased), in ACL order: a request
    /// walks only its command's rules, however long the ACL.
    #[serde(with = "crate::registry::serial::sorted")]
    by_command: HashMap<Box<[u8]>, Vec<usize>>,
}

/// A block being read: its opener's index, command and brackets, its lines so far.
struct Open<'a> {
    first: usize,
    command: &'a str,
    brackets: Brackets,
    conditions: Vec<Condition>,
    texts: Vec<String>,
}

impl Acl {
    /// Parses the `ACL<n>` values in index order (as `args.list("ACL")` gives
    /// them); empty values are skipped. Lines are stored trimmed, with the
    /// blanks around a condition's `=` removed.
    pub fn parse<'t>(
        lines: impl IntoIterator<Item = (usize, &'t str)>,
        default: Policy,
    ) -> Result<Acl, AclError> {
        let mut acl = Acl {
            rules: Vec::new(),
            lines: Vec::new(),
            default,
            by_command: HashMap::default(),
        };
        let mut open: Option<Open> = None;
        for (index, raw) in lines {
            let text = raw.trim_matches([' ', '\t']);
            if text.is_empty() {
                continue;
            }
            let fail = |why: String| AclError {
                index,
                text: text.to_owned(),
                why,
            };
            let line = classify(text).map_err(fail)?;
            let stored = match line {
                Line::Condition(param, glob) => format!("{param}={glob}"),
                _ => text.to_owned(),
            };
            acl.lines.push((index, stored.clone().into()));
            match (line, open.as_mut()) {
                (Line::Whole(..) | Line::Open(..), Some(block)) => {
                    return Err(fail(format!(
                        "the block {}{} opened at ACL{} is still open; close it with {}:ALLOW or {}:DENY first",
                        block.command,
                        block.brackets.open(),
                        block.first,
                        block.brackets.close(),
                        block.brackets.close()
                    )));
                }
                (Line::Whole(command, brackets, policy), None) => acl.rules.push(Rule {
                    command: command.into(),
                    brackets,
                    conditions: Vec::new(),
                    policy,
                    first: index,
                    last: index,
                    text: stored.into(),
                }),
                (Line::Open(command, brackets), None) => {
                    open = Some(Open {
                        first: index,
                        command,
                        brackets,
                        conditions: Vec::new(),
                        texts: vec![stored],
                    });
                }
                (Line::Condition(..), None) => {
                    return Err(fail(
                        "a condition is outside a block: open one with Command[ on an earlier line"
                            .into(),
                    ));
                }
                (Line::Condition(param, glob), Some(block)) => {
                    if block.brackets == Brackets::Round && !block.conditions.is_empty() {
                        let first = acl.lines[acl.lines.len() - 2].0;
                        return Err(fail(format!(
                            "round brackets take at most one condition (the first is ACL{first}); use square brackets"
                        )));
                    }
                    block.conditions.push(Condition {
                        param: param.into(),
                        glob: glob.into(),
                    });
                    block.texts.push(stored);
                }
                (Line::Close(..), None) => {
                    return Err(fail(
                        "closes no block: open one with Command[ on an earlier line".into(),
                    ));
                }
                (Line::Close(brackets, policy), Some(block)) => {
                    if brackets != block.brackets {
                        return Err(fail(format!(
                            "opened with {} at ACL{}, close with {}",
                            block.brackets.open(),
                            block.first,
                            block.brackets.close()
                        )));
                    }
                    let Some(mut block) = open.take() else {
                        unreachable!("matched Some above")
                    };
                    block.texts.push(stored);
                    acl.rules.push(Rule {
                        command: block.command.into(),
                        brackets,
                        conditions: block.conditions,
                        policy,
                        first: block.first,
                        last: index,
                        text: block.texts.join(" ").into(),
                    });
                }
            }
        }
        if let Some(block) = open {
            let close = block.brackets.close();
            return Err(AclError {
                index: block.first,
                text: block.texts[0].clone(),
                why: format!("no later line closes it with {close}:ALLOW or {close}:DENY"),
            });
        }
        for (at, rule) in acl.rules.iter().enumerate() {
            let name = rule
                .command
                .to_ascii_lowercase()
                .into_bytes()
                .into_boxed_slice();
            acl.by_command.entry(name).or_default().push(at);
        }
        Ok(acl)
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The stored lines with their ACL indexes, for StatusRoleUser.
    pub fn lines(&self) -> &[(usize, Box<str>)] {
        &self.lines
    }

    pub fn default_policy(&self) -> Policy {
        self.default
    }

    /// The same rules under another DEFAULTPOLICY (UpdateRoleUser).
    pub fn with_default(mut self, default: Policy) -> Acl {
        self.default = default;
        self
    }

    /// Decides `command` with the request's `params` (design §2.2): session
    /// commands always pass; then the rules naming `command` (ignoring case) in
    /// ACL order, where a `( )` rule whose parameter is absent denies at once
    /// and otherwise the first rule whose every condition holds decides; then
    /// the default policy. A condition on `P` reads every spelling of `P`
    /// the commands take (`forms.rs`; empty values do not count), each value
    /// in the forms `dialect`'s commands read it in: for ALLOW every value
    /// must match, for DENY any.
    pub fn decide<'a, K, V>(
        &'a self,
        command: &'a str,
        params: impl IntoIterator<Item = (K, V)> + Clone,
        dialect: Dialect,
    ) -> Decision<'a>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.walk(command, params, dialect, true)
    }

    /// Whether `command` with `params` is allowed: [`Acl::decide`]'s answer
    /// without its explanation, so without allocating. The gateway asks this
    /// on every request of a role and explains only a denial.
    pub fn allows<K, V>(
        &self,
        command: &str,
        params: impl IntoIterator<Item = (K, V)> + Clone,
        dialect: Dialect,
    ) -> bool
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        self.walk(command, params, dialect, false).allowed()
    }

    /// The one evaluation behind `decide` and `allows`; `explain` says
    /// whether to write the reasons down.
    fn walk<'a, K, V>(
        &'a self,
        command: &'a str,
        params: impl IntoIterator<Item = (K, V)> + Clone,
        dialect: Dialect,
        explain: bool,
    ) -> Decision<'a>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let decision = |policy, reason| Decision {
            command,
            policy,
            reason,
        };
        if ALWAYS_ALLOWED
            .iter()
            .any(|c| c.eq_ignore_ascii_case(command))
        {
            return decision(Policy::Allow, Reason::Always);
        }
        let mut lower = [0u8; MAX_COMMAND];
        let rules = lower
            .get_mut(..command.len())
            .and_then(|lower| {
                lower.copy_from_slice(command.as_bytes());
                lower.make_ascii_lowercase();
                self.by_command.get(&*lower)
            })
            .map_or(&[][..], Vec::as_slice);
        let mut missed = Vec::new();
        'rules: for rule in rules.iter().map(|&at| &self.rules[at]) {
            let mut evidence = Vec::new();
            for condition in &rule.conditions {
                match test(condition, rule.policy, params.clone(), dialect, explain) {
                    Test::Holds(why) => evidence.extend(why),
                    Test::Fails(why) => {
                        missed.extend(why.map(|why| (rule, why)));
                        continue 'rules;
                    }
                    Test::Absent if rule.brackets == Brackets::Round => {
                        let param = &condition.param;
                        return decision(Policy::Deny, Reason::Missing { rule, param });
                    }
                    Test::Absent => {
                        if explain {
                            missed.push((rule, format!("{} is absent", condition.param)));
                        }
                        continue 'rules;
                    }
                }
            }
            return decision(rule.policy, Reason::Rule { rule, evidence });
        }
        decision(self.default, Reason::Default { missed })
    }
}

#[cfg(test)]
mod tests;
