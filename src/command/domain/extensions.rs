//! The `X-` fields a domain command sends, checked before anything changes:
//! each value against the type protocol.md Appendix A gives it
//! (`registry::catalogue::field_rule`), a registration's required fields
//! present and each acceptance among them (`-TAC`) given, no required field
//! removed by a change, and the lite ID-protection flag only where the zone
//! offers ID protection. Reads the fields it is given; changes nothing.

use crate::error::{Error, Result};
use crate::registry::catalogue::{Tld, field_rule};
use crate::registry::check_printable;

/// The lite ID-protection flag, stored as an `X-` field.
const LITE: &str = "X-ACCEPT-WHOISTRUSTEELITE-TAC";

/// Each of `fields` (upper-case name, value; an empty value removes a
/// field) against its Appendix A type (`505 ...; NAME: (value) must be
/// ...`), and the lite ID-protection flag against the zone (`541 ...; not
/// supported`, as for `X-ACCEPT-WHOISTRUSTEE-TAC`).
fn check_values<'a>(tld: &Tld, fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<()> {
    for (name, value) in fields {
        if value.is_empty() {
            continue;
        }
        check_printable(name, value)?;
        if let Some(rule) = field_rule(name) {
            rule.check(value)
                .map_err(|why| Error::syntax_rule(name, value, why))?;
        }
        if name == LITE && value == "1" && !tld.id_protection {
            return Err(Error::InvalidValue(format!("{LITE} not supported")));
        }
    }
    Ok(())
}

/// A registration's fields: their values, and each of the zone's required
/// fields present (`504`, as when it is missing) and, for an acceptance of
/// terms (`-TAC`), given (`1`): `0` accepts nothing.
pub(in crate::command) fn check_registration<'a>(
    tld: &Tld,
    fields: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
) -> Result<()> {
    check_values(tld, fields.clone())?;
    for required in tld.required_fields {
        match fields
            .clone()
            .into_iter()
            .find(|(name, _)| name == required)
        {
            Some((name, value)) if !value.is_empty() => check_kept(tld, name, value)?,
            _ => return Err(Error::missing(*required)),
        }
    }
    Ok(())
}

/// A change's fields (ModifyDomain): their values, and none of the zone's
/// required fields removed (sent empty: `504`, the field would be missing)
/// or, for an acceptance, taken back.
pub(in crate::command) fn check_change<'a>(
    tld: &Tld,
    fields: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
) -> Result<()> {
    check_values(tld, fields.clone())?;
    for (name, value) in fields {
        if !tld.required_fields.contains(&name) {
            continue;
        }
        if value.is_empty() {
            return Err(Error::missing(format!(
                "{name} (.{} requires it: it cannot be removed)",
                tld.zone
            )));
        }
        check_kept(tld, name, value)?;
    }
    Ok(())
}

/// A required field's value: an acceptance of terms must be given (`1`).
fn check_kept(tld: &Tld, name: &str, value: &str) -> Result<()> {
    if name.ends_with("-TAC") && value != "1" {
        return Err(Error::missing(format!(
            "{name} (.{} needs its terms accepted: 1)",
            tld.zone
        )));
    }
    Ok(())
}
