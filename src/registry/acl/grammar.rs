//! The grammar of one `ACL<n>` line (ARCHITECTURE.md, "Role-user ACLs"), with small nom
//! parsers that quote their rules: what kind of line it is, or what is wrong
//! with it. Knows nothing of blocks (grouping lines is `Acl::parse`'s job) nor
//! of evaluation.

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while};
use nom::character::complete::{satisfy, space0};
use nom::combinator::{all_consuming, recognize, rest, value};
use nom::{IResult, Parser};

use super::{Brackets, MAX_COMMAND, Policy};

/// One classified ACL line (design §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line<'a> {
    Whole(&'a str, Brackets, Policy),
    Open(&'a str, Brackets),
    Condition(&'a str, &'a str),
    Close(Brackets, Policy),
}

/// Classifies one trimmed, non-empty line, or says what is wrong with it.
pub(super) fn classify(text: &str) -> Result<Line<'_>, String> {
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
pub(super) fn diagnose(text: &str) -> String {
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
pub(super) fn line_rule(input: &str) -> IResult<&str, Line<'_>> {
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
pub(super) fn open_line(input: &str) -> IResult<&str, Line<'_>> {
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
pub(super) fn cond_line(input: &str) -> IResult<&str, Line<'_>> {
    (param, space0, tag("="), space0, rest)
        .map(|(p, _, _, _, g): (_, _, _, _, &str)| {
            Line::Condition(p, g.trim_end_matches([' ', '\t']))
        })
        .parse(input)
}

/// ```text
/// close-line = ( "]" | ")" ) , ws , ":" , ws , policy ;
/// ```
pub(super) fn close_line(input: &str) -> IResult<&str, Line<'_>> {
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
pub(super) fn command(input: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(|c| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

/// ```text
/// param = letter , { letter | digit | "_" | "-" } ;
/// ```
pub(super) fn param(input: &str) -> IResult<&str, &str> {
    recognize((
        satisfy(|c| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
    ))
    .parse(input)
}

/// ```text
/// policy = "ALLOW" | "DENY" ;   (* case-insensitive *)
/// ```
pub(super) fn policy(input: &str) -> IResult<&str, Policy> {
    alt((
        value(Policy::Allow, tag_no_case("ALLOW")),
        value(Policy::Deny, tag_no_case("DENY")),
    ))
    .parse(input)
}

/// A whole text that is a policy (`ALLOW` or `DENY`, any case).
pub(super) fn parse_policy(text: &str) -> Option<Policy> {
    all_consuming(policy).parse(text).ok().map(|(_, p)| p)
}
