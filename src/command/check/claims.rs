//! PHASE=claims of CheckDomain and CheckDomains: the claims key of a name
//! whose label is a CLAIMSNOTIFY label of a live TMCH mark
//! (`registry/tmch_claims.rs` derives it). Reads only.

use super::names::Row;
use crate::error::{Error, Result};
use crate::registry::{DomainName, System, Timestamp};

/// PHASE: whether it asks for claims (`claims`); `sunrise` is accepted,
/// anything else `541`.
pub(super) fn read_phase(phase: Option<&str>) -> Result<bool> {
    match phase {
        None => Ok(false),
        Some(p) if p.eq_ignore_ascii_case("claims") => Ok(true),
        Some(p) if p.eq_ignore_ascii_case("sunrise") => Ok(false),
        Some(p) => Err(Error::invalid(
            "PHASE",
            format_args!("({p}) is not claims or sunrise"),
        )),
    }
}

/// The claims key of `name`'s label before its zone at `now`, if one.
pub(super) fn claim_key(system: &System, name: &str, now: Timestamp) -> Option<String> {
    let label = name.split('.').next()?;
    system.claim_on(label, now).map(|claim| claim.key)
}

/// CheckDomains' CLAIMKEY of one row: the key, empty when the name has no
/// claim or is malformed.
pub(super) fn row_claim_key(system: &System, row: Row<'_>, now: Timestamp) -> String {
    let Row::Name(input) = row else {
        return String::new();
    };
    match DomainName::normalise_label(input) {
        Ok((name, _)) => claim_key(system, &name, now).unwrap_or_default(),
        Err(_) => String::new(),
    }
}
