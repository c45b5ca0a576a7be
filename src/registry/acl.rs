//! Role-user ACLs (protocol.md §6.3, issue8-design.md §2): the grammar of the
//! `ACL<n>` lines, parsed into typed rules when stored, and their evaluation
//! against one command. Owns nothing else: it must not know HTTP, wire text,
//! sessions or the command table (so command names are not checked here).

use std::fmt;

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while};
use nom::character::complete::{satisfy, space0};
use nom::combinator::{all_consuming, recognize, rest, value};
use nom::{IResult, Parser};

use crate::error::Error;

/// The longest command name a rule may name.
const MAX_COMMAND: usize = 64;

/// Commands an authenticated role may always run, whatever its ACL (design §2.2 step 1).
/// The CNR login is not a command; its caller skips the ACL itself.
const ALWAYS_ALLOWED: [&str; 3] = ["StartSession", "EndSession", "StopSession"];

/// Parameters whose values an explanation shows as `***`.
const SECRET_PARAMS: [&str; 4] = ["PASSWORD", "NEWPASSWORD", "OLDPASSWORD", "AUTH"];

/// What a rule, or the default policy, says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Allow,
    Deny,
}

impl Policy {
    /// `ALLOW` or `DENY`, ignoring case (the DEFAULTPOLICY parameter too).
    pub fn parse(text: &str) -> Option<Policy> {
        all_consuming(policy).parse(text).ok().map(|(_, p)| p)
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// As written; compared ignoring case.
    pub param: Box<str>,
    /// Trimmed, non-empty; `*` is any run of characters, the rest literal, ignoring case.
    pub glob: Box<str>,
}

/// One rule: a one-line `Cmd():ALLOW` / `Cmd[]:DENY`, or a block over several lines.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acl {
    rules: Vec<Rule>,
    lines: Vec<(usize, Box<str>)>,
    default: Policy,
}

/// One classified ACL line (design §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    Whole(&'a str, Brackets, Policy),
    Open(&'a str, Brackets),
    Condition(&'a str, &'a str),
    Close(Brackets, Policy),
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

    /// Decides `command` with the request's `params` (design §2.2): session
    /// commands always pass; then the rules naming `command` (ignoring case) in
    /// ACL order, where a `( )` rule whose parameter is absent denies at once
    /// and otherwise the first rule whose every condition holds decides; then
    /// the default policy. A condition on `P` reads `P` and `P0..Pn` (empty
    /// values do not count): for ALLOW every value must match, for DENY any.
    pub fn decide<'a, K, V>(
        &'a self,
        command: &'a str,
        params: impl IntoIterator<Item = (K, V)> + Clone,
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
        let mut missed = Vec::new();
        'rules: for rule in &self.rules {
            if !rule.command.eq_ignore_ascii_case(command) {
                continue;
            }
            let mut evidence = Vec::new();
            for condition in &rule.conditions {
                match test(condition, rule.policy, params.clone()) {
                    Test::Holds(why) => evidence.push(why),
                    Test::Fails(why) => {
                        missed.push((rule, why));
                        continue 'rules;
                    }
                    Test::Absent if rule.brackets == Brackets::Round => {
                        let param = &condition.param;
                        return decision(Policy::Deny, Reason::Missing { rule, param });
                    }
                    Test::Absent => {
                        missed.push((rule, format!("{} is absent", condition.param)));
                        continue 'rules;
                    }
                }
            }
            return decision(rule.policy, Reason::Rule { rule, evidence });
        }
        decision(self.default, Reason::Default { missed })
    }
}

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

enum Test {
    Holds(String),
    Fails(String),
    Absent,
}

/// One condition against the request: ALLOW holds when every value matches,
/// DENY when any does (design §2.2 step 4).
fn test<K, V>(
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
fn is_form(param: &str, key: &str) -> bool {
    let (param, key) = (param.as_bytes(), key.as_bytes());
    key.len() >= param.len()
        && key[..param.len()].eq_ignore_ascii_case(param)
        && key[param.len()..].iter().all(u8::is_ascii_digit)
}

/// `*` is any run of characters, everything else literal, ASCII case ignored.
/// The same rule as `command::list::glob`, kept here because the registry must
/// not depend on the command layer.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut p, mut t) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            resume = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p].eq_ignore_ascii_case(&text[t]) {
            p += 1;
            t += 1;
        } else if let Some((star, at)) = resume {
            p = star + 1;
            t = at + 1;
            resume = Some((star, at + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Classifies one trimmed, non-empty line, or says what is wrong with it.
fn classify(text: &str) -> Result<Line<'_>, String> {
    let parsed = alt((
        all_consuming(line_rule),
        all_consuming(open_line),
        all_consuming(close_line),
        all_consuming(cond_line),
    ))
    .parse(text);
    match parsed {
        Ok((_, Line::Condition(_, ""))) => {
            Err("a condition needs a pattern; use * for any value".into())
        }
        Ok((_, Line::Whole(command, ..) | Line::Open(command, _)))
            if command.len() > MAX_COMMAND =>
        {
            Err(format!(
                "a command name has at most {MAX_COMMAND} characters"
            ))
        }
        Ok((_, line)) => Ok(line),
        Err(_) => Err(diagnose(text)),
    }
}

/// Why a line that fits no form is wrong, as precisely as its start allows.
fn diagnose(text: &str) -> String {
    let before_policy = alt((
        recognize((
            command,
            space0,
            alt((tag("()"), tag("[]"))),
            space0,
            tag(":"),
        )),
        recognize((alt((tag(")"), tag("]"))), space0, tag(":"))),
    ))
    .parse(text);
    if before_policy.is_ok() {
        return "policy must be ALLOW or DENY".into();
    }
    let opened: IResult<&str, _> = (command, space0, alt((tag("["), tag("(")))).parse(text);
    if let Ok((inside, _)) = opened
        && inside.contains('=')
    {
        return "write the condition on its own ACL line".into();
    }
    "expected Command():ALLOW, Command[]:DENY, a block opener Command[ or Command(, \
     a condition PARAM=glob inside a block, or a closer ]:ALLOW / ):DENY"
        .into()
}

/// ```text
/// line-rule = command , ws , ( "()" | "[]" ) , ws , ":" , ws , policy ;
/// ```
fn line_rule(input: &str) -> IResult<&str, Line<'_>> {
    let brackets = alt((
        value(Brackets::Round, tag("()")),
        value(Brackets::Square, tag("[]")),
    ));
    (command, space0, brackets, space0, tag(":"), space0, policy)
        .map(|(c, _, b, _, _, _, p)| Line::Whole(c, b, p))
        .parse(input)
}

/// ```text
/// open-line = command , ws , ( "[" | "(" ) ;
/// ```
fn open_line(input: &str) -> IResult<&str, Line<'_>> {
    let brackets = alt((
        value(Brackets::Round, tag("(")),
        value(Brackets::Square, tag("[")),
    ));
    (command, space0, brackets)
        .map(|(c, _, b)| Line::Open(c, b))
        .parse(input)
}

/// ```text
/// cond-line = param , ws , "=" , ws , glob ;
/// glob      = visible-char , { any-char } ;   (* trimmed; empty is refused by the caller *)
/// ```
fn cond_line(input: &str) -> IResult<&str, Line<'_>> {
    (param, space0, tag("="), space0, rest)
        .map(|(p, _, _, _, g): (_, _, _, _, &str)| {
            Line::Condition(p, g.trim_end_matches([' ', '\t']))
        })
        .parse(input)
}

/// ```text
/// close-line = ( "]" | ")" ) , ws , ":" , ws , policy ;
/// ```
fn close_line(input: &str) -> IResult<&str, Line<'_>> {
    let brackets = alt((
        value(Brackets::Round, tag(")")),
        value(Brackets::Square, tag("]")),
    ));
    (brackets, space0, tag(":"), space0, policy)
        .map(|(b, _, _, _, p)| Line::Close(b, p))
        .parse(input)
}

/// ```text
/// command = letter , { letter | digit | "_" } ;
/// ```
fn command(input: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(|c| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

/// ```text
/// param = letter , { letter | digit | "_" | "-" } ;
/// ```
fn param(input: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(|c| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
    ))
    .parse(input)
}

/// ```text
/// policy = "ALLOW" | "DENY" ;   (* case-insensitive *)
/// ```
fn policy(input: &str) -> IResult<&str, Policy> {
    alt((
        value(Policy::Allow, tag_no_case("ALLOW")),
        value(Policy::Deny, tag_no_case("DENY")),
    ))
    .parse(input)
}

#[cfg(test)]
mod tests;
