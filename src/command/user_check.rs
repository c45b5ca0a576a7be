//! CheckUserProperties: the sign-up form's field checks, one verdict per
//! field sent (`<FIELD>DATE`, `STATUSCODE`, `STATUSTEXT`, `VALUE`,
//! `VERIFICATION`). Reads the request, the user table (is a login name
//! taken) and the contact and price-relation rules; changes nothing. A
//! field that fails its check is a FAILED row, not a refusal: the command
//! answers `200` unless the request itself is malformed.

use super::user_fields::relation;
use super::{Args, Ctx};
use crate::error::Result;
use crate::registry::{
    PASSWORD_LENGTH, is_account_id, is_country, is_email_address, password_fault, phone_number,
};
use crate::wire::Response;

/// The longest free-text field (a contact's).
const MAX_TEXT: usize = 255;

/// The EU member states' VAT prefixes (Greece writes `EL`), for VIESCHECK.
const VIES_PREFIXES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// One field's verdict.
struct Verdict {
    /// The property stem: `EMAIL`, `PHONE1`, `VATIDVIES`.
    field: String,
    /// The value as sent, for the fields whose `VALUE` the reference lists.
    value: Option<String>,
    /// `Ok(text)` passed, `Err((code, text))` failed.
    outcome: std::result::Result<String, (u16, String)>,
}

impl Verdict {
    fn new(field: &str, value: Option<&str>, outcome: Outcome) -> Verdict {
        Verdict {
            field: field.to_owned(),
            value: value.map(str::to_owned),
            outcome,
        }
    }
}

type Outcome = std::result::Result<String, (u16, String)>;

/// A parameter sent with a value (empty means not given).
fn given<'a>(args: &mut Args<'a>, name: &str) -> Option<&'a str> {
    args.optional(name).filter(|value| !value.is_empty())
}

/// `505` with the protocol's text and a detail.
fn syntax(detail: impl std::fmt::Display) -> Outcome {
    Err((505, format!("Invalid attribute value syntax; {detail}")))
}

/// `541` with the protocol's text and a detail.
fn invalid(detail: impl std::fmt::Display) -> Outcome {
    Err((541, format!("Invalid attribute value; {detail}")))
}

/// Checks every field sent, as the sign-up form would, each on its own.
/// An empty field is not checked (as everywhere, empty means not given).
///
/// ```text
/// COMMAND       = CheckUserProperties
/// EMAIL, EMAIL<n>           = <address>
/// COUNTRY                   = <ISO 3166-1 alpha-2>
/// STATE, ZIP                = <text>
/// PHONE, PHONE<n>           = <number>   PHONEPREFIX<n> = <+CC>   (PHONE<n>'s calling code)
/// LOGINNAME                 = <new login>
/// PASSWORD, PASSWORD2       = <password>, <the same again>
/// RELATION<n>               = <NAME:VALUE>  (one verdict for all)
/// VATID                     = <CC + 2..12 letters or digits>   VIESCHECK = 0 | 1
/// SWIFTBIC                  = <ISO 9362: 8 or 11 characters>
/// ---
/// PROPERTY[<FIELD>DATE][0]         = <now>
/// PROPERTY[<FIELD>STATUSCODE][0]   = 200 | 505 | 541
/// PROPERTY[<FIELD>STATUSTEXT][0]   = <why>
/// PROPERTY[<FIELD>VALUE][0]        = <as sent>   (COUNTRY, EMAIL*, PHONE*, STATE, VATID*, ZIP)
/// PROPERTY[<FIELD>VERIFICATION][0] = SUCCESS | FAILED
/// ```
pub(super) fn check_user_properties(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let country = given(args, "COUNTRY");
    let mut verdicts = Vec::new();
    if let Some(code) = country {
        verdicts.push(Verdict::new("COUNTRY", Some(code), check_country(code)));
    }
    let known_country = country
        .map(str::to_ascii_uppercase)
        .filter(|code| is_country(code));
    let emails = given(args, "EMAIL").map(|email| (String::from("EMAIL"), email));
    let numbered = args.list("EMAIL").into_iter();
    let numbered = numbered.map(|(n, email)| (format!("EMAIL{n}"), email));
    for (field, email) in emails.into_iter().chain(numbered) {
        if !email.is_empty() {
            verdicts.push(Verdict::new(&field, Some(email), check_email(email)));
        }
    }
    if let Some(state) = given(args, "STATE") {
        verdicts.push(Verdict::new("STATE", Some(state), check_text(state)));
    }
    if let Some(zip) = given(args, "ZIP") {
        verdicts.push(Verdict::new("ZIP", Some(zip), check_zip(zip)));
    }
    let prefixes = args.list("PHONEPREFIX");
    let prefix_of = |n: usize| {
        (prefixes.iter())
            .find(|(at, _)| *at == n)
            .map(|(_, prefix)| *prefix)
            .filter(|prefix| !prefix.is_empty())
    };
    if let Some(phone) = given(args, "PHONE") {
        let outcome = check_phone(phone, None, known_country.as_deref());
        verdicts.push(Verdict::new("PHONE", Some(phone), outcome));
    }
    for (n, phone) in args.list("PHONE") {
        if !phone.is_empty() {
            let outcome = check_phone(phone, prefix_of(n), known_country.as_deref());
            verdicts.push(Verdict::new(&format!("PHONE{n}"), Some(phone), outcome));
        }
    }
    if let Some(login) = given(args, "LOGINNAME") {
        let outcome = check_login(ctx, login);
        verdicts.push(Verdict::new("LOGINNAME", None, outcome));
    }
    let second = given(args, "PASSWORD2");
    if let Some(password) = given(args, "PASSWORD") {
        verdicts.push(Verdict::new(
            "PASSWORD",
            None,
            check_password(password, second),
        ));
    }
    let relations: Vec<_> = (args.list("RELATION").into_iter())
        .filter(|(_, text)| !text.is_empty())
        .collect();
    if !relations.is_empty() {
        verdicts.push(Verdict::new("RELATION", None, check_relations(&relations)));
    }
    let vies = args.flag("VIESCHECK")?.unwrap_or(false);
    if let Some(vat) = given(args, "VATID") {
        let syntax = check_vat(vat);
        if vies {
            let outcome = check_vies(vat, syntax.is_ok());
            verdicts.push(Verdict::new("VATIDVIES", Some(vat), outcome));
        }
        verdicts.push(Verdict::new("VATID", Some(vat), syntax));
    }
    if let Some(bic) = given(args, "SWIFTBIC") {
        verdicts.push(Verdict::new("SWIFTBIC", None, check_bic(bic)));
    }
    args.finish()?;
    let now = ctx.now.datetime().to_string();
    let mut rows: Vec<(String, String)> = Vec::new();
    for verdict in verdicts {
        let field = verdict.field;
        let (code, text, result) = match verdict.outcome {
            Ok(text) => (200, text, "SUCCESS"),
            Err((code, text)) => (code, text, "FAILED"),
        };
        rows.push((format!("{field}DATE"), now.clone()));
        rows.push((format!("{field}STATUSCODE"), code.to_string()));
        rows.push((format!("{field}STATUSTEXT"), text));
        if let Some(value) = verdict.value {
            rows.push((format!("{field}VALUE"), value));
        }
        rows.push((format!("{field}VERIFICATION"), result.to_owned()));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut response = Response::ok();
    for (name, value) in rows {
        response.push_str(name, &value);
    }
    Ok(response)
}

fn check_country(code: &str) -> Outcome {
    match is_country(&code.to_ascii_uppercase()) {
        true => Ok("Command completed successfully; Country code is valid".to_owned()),
        false => syntax(format_args!(
            "COUNTRY ({code}) is not an ISO 3166-1 alpha-2 country code (DE, US, GB, ...)"
        )),
    }
}

fn check_email(email: &str) -> Outcome {
    match is_email_address(email) {
        true => Ok("Command completed successfully; Email address is valid".to_owned()),
        false => syntax(format_args!(
            "({email}) is not an e-mail address (local@domain.tld)"
        )),
    }
}

/// Free text (STATE): printable, at most a contact field's length.
fn check_text(text: &str) -> Outcome {
    if text.chars().any(char::is_control) {
        return syntax("may not hold control characters");
    }
    if text.chars().count() > MAX_TEXT {
        return syntax(format_args!("is longer than {MAX_TEXT} characters"));
    }
    Ok("Syntax check ok".to_owned())
}

/// A postal code: 2 to 12 letters, digits, blanks and hyphens, starting
/// and ending with a letter or digit. No per-country formats.
fn check_zip(zip: &str) -> Outcome {
    let bytes = zip.as_bytes();
    let well_formed = (2..=12).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-'))
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric);
    match well_formed {
        true => Ok("Syntax check ok".to_owned()),
        false => syntax(format_args!(
            "ZIP ({zip}) is not a postal code (2 to 12 letters, digits, blanks or hyphens)"
        )),
    }
}

/// A phone number: PHONEPREFIX<n>'s calling code before a national number,
/// else the number as a contact's PHONE is read (COUNTRY's calling code
/// for a national number).
fn check_phone(phone: &str, prefix: Option<&str>, country: Option<&str>) -> Outcome {
    let number = match prefix {
        Some(prefix) => {
            let digits = prefix.trim();
            let digits = (digits.strip_prefix('+'))
                .or_else(|| digits.strip_prefix("00"))
                .unwrap_or(digits);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return syntax(format_args!(
                    "PHONEPREFIX ({prefix}) is not a calling code (+49, +1, ...)"
                ));
            }
            let phone = phone.trim();
            if phone.starts_with('+') {
                // Written in full after all: read as it is, and it must
                // name the calling code PHONEPREFIX<n> chose.
                return match phone_number(phone, None) {
                    Some(number) if !number.starts_with(&format!("+{digits}.")) => {
                        invalid(format_args!(
                            "({phone}) does not have the calling code of PHONEPREFIX ({prefix})"
                        ))
                    }
                    Some(_) => Ok("Number is valid".to_owned()),
                    None => syntax(format_args!("({phone}) is not a phone number (+CC.NUMBER)")),
                };
            }
            let national = phone.trim_start_matches('0');
            phone_number(&format!("+{digits}.{national}"), None)
        }
        None => phone_number(phone, country),
    };
    match number {
        Some(_) => Ok("Number is valid".to_owned()),
        None => syntax(format_args!(
            "({phone}) is not a phone number (+CC.NUMBER, or a national number with PHONEPREFIX or COUNTRY)"
        )),
    }
}

/// A new login: AddUser's SUBUSER rules, and not taken.
fn check_login(ctx: &Ctx<'_>, login: &str) -> Outcome {
    if !is_account_id(login) {
        return syntax("LOGINNAME takes 3-64 letters, digits, . _ or -");
    }
    match ctx.system.id_taken(login) {
        true => invalid(format_args!("LOGINNAME {login} exists already")),
        false => Ok("Command completed successfully; Login name is available".to_owned()),
    }
}

/// A password of 8 to 128 characters without control characters, and
/// PASSWORD2 the same when sent.
fn check_password(password: &str, second: Option<&str>) -> Outcome {
    if let Some(fault) = password_fault(password) {
        let (min, max) = (PASSWORD_LENGTH.start(), PASSWORD_LENGTH.end());
        return syntax(format_args!(
            "PASSWORD has {fault}; the form takes {min} to {max} characters without control characters"
        ));
    }
    if second.is_some_and(|second| second != password) {
        return invalid("PASSWORD2 differs from PASSWORD");
    }
    Ok("Command completed successfully; Password is valid".to_owned())
}

/// Every RELATION<n> as AddUser reads it; the first bad one fails them all.
fn check_relations(relations: &[(usize, &str)]) -> Outcome {
    for (n, text) in relations {
        if let Err(error) = relation(&format!("RELATION{n}"), text) {
            return Err((error.code(), error.to_string()));
        }
    }
    Ok("Command completed successfully; Relations are valid".to_owned())
}

/// A VAT number without the blanks, dots and hyphens it may be written with.
fn compact_vat(vat: &str) -> String {
    vat.chars().filter(|c| !" .-".contains(*c)).collect()
}

/// A VAT registration number: a two-letter country prefix and 2 to 12
/// letters or digits (blanks, dots and hyphens ignored).
fn check_vat(vat: &str) -> Outcome {
    let compact = compact_vat(vat);
    let (prefix, rest) = match compact.is_ascii() {
        true => compact.split_at(compact.len().min(2)),
        false => ("", ""),
    };
    let well_formed = prefix.len() == 2
        && prefix.bytes().all(|b| b.is_ascii_alphabetic())
        && (2..=12).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        && rest.bytes().any(|b| b.is_ascii_digit());
    match well_formed {
        true => Ok("Syntax check ok".to_owned()),
        false => syntax(format_args!(
            "VATID ({vat}) is not a VAT registration number (a country prefix and 2 to 12 letters or digits)"
        )),
    }
}

/// VIES, offline: a well-formed number with an EU member state's prefix is
/// taken as registered (the sandbox reaches no VIES service). The prefix
/// is read as VATID's syntax check reads it (`D.E.123…` is `DE`).
fn check_vies(vat: &str, well_formed: bool) -> Outcome {
    let compact = compact_vat(vat);
    let prefix = compact.get(..2).unwrap_or(&compact).to_ascii_uppercase();
    if !well_formed {
        return syntax("VATID is not well-formed, so VIES was not asked");
    }
    match VIES_PREFIXES.contains(&prefix.as_str()) {
        true => Ok("Command completed successfully; VAT ID is valid".to_owned()),
        false => invalid(format_args!(
            "{prefix} is not an EU member state's VAT prefix; VIES knows only those"
        )),
    }
}

/// ISO 9362: 4 letters (the institution), a country code, 2 letters or
/// digits (the location) and an optional 3 (the branch).
fn check_bic(bic: &str) -> Outcome {
    let upper = bic.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let well_formed = matches!(bytes.len(), 8 | 11)
        && upper.is_ascii()
        && bytes[..4].iter().all(u8::is_ascii_alphabetic)
        && is_country(&upper[4..6])
        && bytes[6..].iter().all(u8::is_ascii_alphanumeric);
    match well_formed {
        true => Ok("Syntax check ok".to_owned()),
        false => syntax(format_args!(
            "SWIFTBIC ({bic}) is not an ISO 9362 code (4 letters, a country code, 2 and optionally 3 letters or digits)"
        )),
    }
}

#[cfg(test)]
#[path = "user_check_tests.rs"]
mod tests;
