//! What an ACL condition reads of a request (ARCHITECTURE.md, "Role-user ACLs").
//!
//! One place for every spelling a command accepts, so that a value cannot
//! slip past a rule by how it is written: the parameter as `P`, `P<n>` (any
//! leading zeros), `P[n]` or `ADDP<n>`, in any case, and in the other
//! dialect's spelling of the same parameter; a domain or host name
//! as the dialect's commands read it (one trailing dot dropped, Unicode as
//! ACE in HEXONET's IDNA2008 or CentralNic Reseller's transitional mapping,
//! lower case) and in its Unicode form; a value the checks read as a list
//! of names (commas or blanks between them) name by name; a PERIOD as years
//! and as months. Globs ignore case, Unicode letters too.

use std::borrow::Cow;

use crate::dialect::{CNR_SPELLINGS, Dialect};
use crate::registry::{DomainName, Period, glob};

/// Whether request key `key` (upper case, as the parser gives it) is one a
/// condition on `param` binds: the same stem, ignoring case, bare, with an
/// index as `<n>` or `[n]`, or behind `ADD` (ModifyDomain's
/// `ADDNAMESERVER0`, ModifyDNSZone's `ADDRR0`: what it adds ends up as the
/// domain's `P`). A condition naming an index (`DOMAIN0`) binds that index
/// in every spelling (`DOMAIN00`, `DOMAIN[0]`) and the bare `P`, which a
/// command may read as its first (or only) value. `DELP<n>` is not bound:
/// it removes a value rather than sets one. A parameter one dialect spells
/// otherwise ([`CNR_SPELLINGS`]) is bound in either spelling: a role's ACL
/// holds on both routes. `DOMAINAUTH` (`<domain> <auth code>`, which
/// ModifyDomain takes instead of DOMAIN) is bound where the bare `DOMAIN` is;
/// its value is judged name by name, so the code does not hide the domain.
/// The HEXONET view `s_user` (which role checks add to the parameters under
/// that name) is bound where `SUBUSER` is: it is that command's SUBUSER.
/// A contact's inline fields (`OWNERCONTACT0FIRSTNAME=…`, which the domain
/// commands turn into its handle) bind a condition on the contact, each
/// field's value judged: `[ OWNERCONTACT0=* ]:DENY` holds for them too, and
/// a rule naming handles does not take new inline data for one of them.
pub(super) fn binds(param: &str, key: &str) -> bool {
    binds_spelled(param, key)
        || (key.eq_ignore_ascii_case("DOMAINAUTH") && binds_spelled(param, "DOMAIN"))
        || (key == "s_user" && binds_spelled(param, "SUBUSER"))
        || spellings(param).any(|spelling| binds_spelled(spelling, key))
}

/// Every spelling of the parameter `param` names, in either dialect
/// ([`CNR_SPELLINGS`]; ID protection has two CNR ones, so a condition on
/// either binds the other too); none when the table does not list it.
fn spellings(param: &str) -> impl Iterator<Item = &'static str> {
    let hexonet = CNR_SPELLINGS
        .iter()
        .find(|(hexonet, cnr)| {
            param.eq_ignore_ascii_case(hexonet) || param.eq_ignore_ascii_case(cnr)
        })
        .map(|&(hexonet, _)| hexonet);
    CNR_SPELLINGS
        .iter()
        .filter(move |&&(of, _)| Some(of) == hexonet)
        .flat_map(|&(hexonet, cnr)| [hexonet, cnr])
}

/// [`binds`] for the one spelling `param`.
fn binds_spelled(param: &str, key: &str) -> bool {
    let (stem, index) = split_index(param.as_bytes());
    let key = key.as_bytes();
    let rest = match strip_ci(key, stem) {
        Some(rest) => rest,
        None => match strip_ci(key, b"ADD").and_then(|key| strip_ci(key, stem)) {
            Some(rest) => rest,
            None => return false,
        },
    };
    let sent = match rest {
        [] => None,
        [b'[', inner @ .., b']'] if is_number(inner) => Some(inner),
        digits if is_number(digits) => Some(digits),
        inline if stem.len() >= 7 && stem[stem.len() - 7..].eq_ignore_ascii_case(b"CONTACT") => {
            match inline_index(inline) {
                Some(digits) => Some(digits),
                None => return false,
            }
        }
        _ => return false,
    };
    match (index, sent) {
        (Some(wanted), Some(sent)) => same_number(wanted, sent),
        (None, _) | (_, None) => true,
    }
}

/// `DOMAIN0` as (`DOMAIN`, `0`); a name without trailing digits (or all
/// digits) as itself without an index.
fn split_index(param: &[u8]) -> (&[u8], Option<&[u8]>) {
    let digits = param
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || digits == param.len() {
        return (param, None);
    }
    let (stem, index) = param.split_at(param.len() - digits);
    (stem, Some(index))
}

/// A contact's inline field after its stem (`0FIRSTNAME` of
/// `OWNERCONTACT0FIRSTNAME`, `0STREET1` of a street line): its index;
/// `None` for anything else.
fn inline_index(rest: &[u8]) -> Option<&[u8]> {
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (index, field) = rest.split_at(digits);
    let letters = field.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let line = &field[letters..];
    (digits > 0 && letters > 0 && line.iter().all(u8::is_ascii_digit)).then_some(index)
}

fn strip_ci<'k>(key: &'k [u8], prefix: &[u8]) -> Option<&'k [u8]> {
    (key.len() >= prefix.len() && key[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &key[prefix.len()..])
}

fn is_number(digits: &[u8]) -> bool {
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// `0` and `00` are the same index (the commands read them alike).
fn same_number(a: &[u8], b: &[u8]) -> bool {
    significant(a) == significant(b)
}

fn significant(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&b| b == b'0').count();
    &digits[zeros..]
}

/// Whether `value` of a parameter bound by a condition on `param` matches
/// `pattern`, and the form that decided when it is not the value as sent.
///
/// A value of a parameter the commands read as a list ([`reads_lists`]):
/// for a DENY rule (`any`) it matches when it or any name in it does, in
/// any of its forms; for an ALLOW rule every name in it must match (so
/// `evil.com,example.uk` is not `*.uk`), and the answer names the first
/// that does not; a value with no such name matches as a whole. Any other
/// parameter's value (free text too) is judged whole.
pub(super) fn judge<'v>(
    param: &str,
    pattern: &str,
    value: &'v str,
    any: bool,
    dialect: Dialect,
) -> (bool, Option<Cow<'v, str>>) {
    let whole = matches(param, pattern, value, dialect);
    if !reads_lists(param) {
        // Free text (a STREET of `1 Main St.`) is judged whole.
        return match whole {
            Some(read_as) => (true, read_as),
            None => (false, None),
        };
    }
    let single = pieces(value).nth(1).is_none();
    // A part that is the whole value was judged as the whole.
    let parts = pieces(value).filter(|piece| piece.len() != value.len());
    if any {
        if let Some(read_as) = whole {
            return (true, read_as);
        }
        let hit = parts
            .map(|piece| (piece, matches(param, pattern, piece, dialect)))
            .find_map(|(piece, read_as)| Some(read_as?.unwrap_or(Cow::Borrowed(piece))));
        return (hit.is_some(), hit);
    }
    let mut names = parts.filter(|piece| piece.contains('.')).peekable();
    match whole {
        Some(read_as) if single || names.peek().is_none() => return (true, read_as),
        None if names.peek().is_none() => return (false, None),
        _ => {}
    }
    let mut last = None;
    for name in names {
        match matches(param, pattern, name, dialect) {
            Some(read_as) => last = Some(read_as.unwrap_or(Cow::Borrowed(name))),
            None => return (false, Some(Cow::Borrowed(name))),
        }
    }
    (true, last)
}

/// Whether a condition on `param` is on a parameter whose one value the
/// commands read as a list of names: `DOMAIN` (CheckDomains, ConvertIDN,
/// QueryDomainOptions take `DOMAIN=a.com,b.net`), any index.
fn reads_lists(param: &str) -> bool {
    split_index(param.as_bytes())
        .0
        .eq_ignore_ascii_case(b"DOMAIN")
}

/// The parts of a value between commas and blanks (how CheckDomains,
/// ConvertIDN and QueryDomainOptions read one `DOMAIN` holding several names).
fn pieces(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|piece| !piece.is_empty())
}

/// `Some` when `value` matches `pattern` as sent (`Some(None)`) or in
/// another form the command reads it in (`Some(Some(form))`).
fn matches<'v>(
    param: &str,
    pattern: &str,
    value: &'v str,
    dialect: Dialect,
) -> Option<Option<Cow<'v, str>>> {
    if fits(pattern, value) {
        return Some(None);
    }
    let form = if param.eq_ignore_ascii_case("PERIOD") {
        period_alike(pattern, value)
    } else {
        named_alike(param, pattern, value, dialect)
    };
    form.map(Some)
}

/// [`glob`], and for a pattern or text beyond ASCII the same on both in
/// lower case: `BÜCHER*` is `bücher.de`.
fn fits(pattern: &str, text: &str) -> bool {
    glob(pattern, text)
        || ((!pattern.is_ascii() || !text.is_ascii())
            && glob(&pattern.to_lowercase(), &text.to_lowercase()))
}

/// A PERIOD as its years (`2`, `2Y`) or months (`24M`), so `PERIOD=2`
/// holds for `2Y`, `02` and `24M`.
fn period_alike<'v>(pattern: &str, value: &str) -> Option<Cow<'v, str>> {
    let period = Period::parse(value)?;
    let months = format!("{}M", period.months);
    let forms = match period.whole_years() {
        Some(years) => vec![years.to_string(), format!("{years}Y"), months],
        None => vec![months],
    };
    forms
        .into_iter()
        .find(|form| glob(pattern, form))
        .map(Cow::Owned)
}

/// A name in the form the dialect's commands read it when that differs
/// from the value ([`DomainName::normalise`], and in the CentralNic
/// Reseller dialect also [`DomainName::parse_cnr`]'s transitional mapping,
/// where `faß.com` is `fass.com`), or that name's Unicode form: the command
/// acts on that name, so `example.net.`, `example．net`, `xn--bcher-kva.de`
/// or (CNR) `faß.com` must not slip past `*.net`, `bücher*` or `fass.com`.
/// Host names (`NAMESERVER`, `ADDNAMESERVER`, ...) are IDNA2008 in both
/// dialects, as `DomainName::parse_host` reads them.
fn named_alike<'v>(
    param: &str,
    pattern: &str,
    value: &'v str,
    dialect: Dialect,
) -> Option<Cow<'v, str>> {
    let hexonet = DomainName::normalise(value).ok();
    let host = || {
        param
            .as_bytes()
            .windows(b"NAMESERVER".len())
            .any(|window| window.eq_ignore_ascii_case(b"NAMESERVER"))
    };
    let cnr = match dialect {
        Dialect::Cnr if !value.is_ascii() && !host() => DomainName::parse_cnr(value)
            .ok()
            .map(|name| Cow::Owned(name.as_str().to_owned()))
            .filter(|cnr| hexonet.as_deref() != Some(&**cnr)),
        _ => None,
    };
    [hexonet, cnr].into_iter().flatten().find_map(|ace| {
        let same = matches!(ace, Cow::Borrowed(text) if text.len() == value.len());
        if !same && fits(pattern, &ace) {
            return Some(Cow::Owned(ace.into_owned()));
        }
        match DomainName::unicode_of(&ace) {
            Cow::Owned(unicode) if fits(pattern, &unicode) => Some(Cow::Owned(unicode)),
            _ => None,
        }
    })
}
