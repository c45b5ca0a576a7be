//! GetVATFromTaxrates: adds up the tax rates a request names into one VAT
//! figure. Pure arithmetic on the request: reads no account, changes nothing,
//! and must not touch the stored TAXRATES of AddUser/ModifyUser.

use rust_decimal::Decimal;

use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::wire::Response;

/// Longest tax rate name otebox takes.
const MAX_NAME: usize = 32;

/// Most rates one request may combine.
const MAX_RATES: usize = 20;

/// One row per `NAME:rate` of TAXRATES (in the order sent, duplicates kept)
/// and their sum as VAT, every figure with four decimals as in the
/// reference's example. TAXRATESNOMINALRATE is always empty: otebox keeps no
/// nominal rates (the reference's example leaves it empty too).
///
/// Refusals (the reference is silent; protocol.md's conventions):
/// TAXRATES absent or empty `504`; an entry that is not `NAME:rate` (no
/// name, no colon, an empty entry between two `+`), a name other than 1-32
/// letters, digits, `_`, `-` or `.`, a rate that is not a plain decimal
/// with at most four decimals, or more than 20 entries `505`; a rate with
/// a minus sign (even `-0`) or above 100 `541`.
///
/// ```text
/// COMMAND  = GetVATFromTaxrates
/// TAXRATES = PST:7.00+GST:5.00
/// ---
/// PROPERTY[TAXRATESNAME][i] = PST   PROPERTY[TAXRATESNOMINALRATE][i] =
/// PROPERTY[TAXRATESRATE][i] = 7.0000
/// PROPERTY[VAT][0]          = 12.0000
/// ```
pub(super) fn get_vat_from_taxrates(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.required("TAXRATES")?;
    args.finish()?;
    let entries: Vec<&str> = text.split('+').collect();
    if entries.len() > MAX_RATES {
        return Err(Error::syntax_rule(
            "TAXRATES",
            text,
            format_args!("combines at most {MAX_RATES} rates"),
        ));
    }
    let mut rates = Vec::with_capacity(entries.len());
    for entry in entries {
        rates.push(parse_entry(entry)?);
    }
    let mut response = Response::ok();
    let mut total = Decimal::ZERO;
    for (name, rate) in &rates {
        total += *rate;
        response
            .push("TAXRATESNAME", name)
            .push("TAXRATESNOMINALRATE", "")
            .push("TAXRATESRATE", four_places(*rate));
    }
    response.push("VAT", four_places(total));
    Ok(response)
}

/// One `NAME:rate` entry: its name and its rate, or the refusal naming it.
fn parse_entry(entry: &str) -> Result<(&str, Decimal)> {
    let Some((name, rate)) = entry.split_once(':') else {
        return Err(Error::syntax_rule("TAXRATES", entry, "is not NAME:rate"));
    };
    let name_ok = (1..=MAX_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if !name_ok {
        return Err(Error::syntax_rule(
            "TAXRATES",
            entry,
            format_args!("the name must be 1-{MAX_NAME} letters, digits, _, - or ."),
        ));
    }
    let (negative, digits) = match rate.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rate),
    };
    let Some(value) = plain_decimal(digits) else {
        return Err(Error::syntax_rule(
            "TAXRATES",
            entry,
            "the rate must be a decimal number with at most four decimals",
        ));
    };
    if negative || value > Decimal::ONE_HUNDRED {
        return Err(Error::invalid(
            "TAXRATES",
            format_args!("({entry}) the rate must lie between 0 and 100"),
        ));
    }
    Ok((name, value))
}

/// `digits[.d{1,4}]` (at most 6 integer digits) as a decimal; `None` for
/// anything else (signs, exponents, spaces, a bare `.`).
fn plain_decimal(text: &str) -> Option<Decimal> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = fraction.len() <= 4 && !text.ends_with('.');
    if whole.is_empty() || whole.len() > 6 || !digits(whole) || !digits(fraction) || !fraction_ok {
        return None;
    }
    text.parse().ok()
}

/// `value` with exactly four decimals (`7` → `7.0000`).
fn four_places(value: Decimal) -> Decimal {
    let mut value = value;
    value.rescale(4);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_only() {
        assert_eq!(plain_decimal("7.00"), Some(Decimal::new(700, 2)));
        assert_eq!(plain_decimal("19"), Some(Decimal::new(19, 0)));
        for bad in ["", ".5", "7.", "7.12345", "1e2", " 7", "7,5", "1234567"] {
            assert_eq!(plain_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn entries_refused_by_family() {
        assert_eq!(parse_entry(":7").unwrap_err().code(), 505);
        assert_eq!(parse_entry("7").unwrap_err().code(), 505);
        assert_eq!(parse_entry("PST:abc").unwrap_err().code(), 505);
        assert_eq!(parse_entry("PST:-1").unwrap_err().code(), 541);
        assert_eq!(parse_entry("PST:100.0001").unwrap_err().code(), 541);
        assert_eq!(parse_entry("PST:-0").unwrap_err().code(), 541);
        assert_eq!(parse_entry("PST:0").unwrap().1, Decimal::ZERO);
    }
}
