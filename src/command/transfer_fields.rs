//! What a TransferDomain request (both dialects) sets on the domain when it
//! arrives besides nameservers and contacts: its `X-` fields, checked as
//! ModifyDomain checks a change's, and the registrant sent, held to the
//! zone's rule as AddDomain holds it. Reads and checks only; the record
//! and the move are `transfer.rs`'s and `registry::transfer`'s.

use super::contact::ContactSpec;
use super::domain::shared::{check_change, check_registrant};
use crate::error::Result;
use crate::registry::System;
use crate::registry::catalogue::Tld;
use indexmap::IndexMap;

/// HEXONET's names of the ID protection flags (also what CNR's spellings
/// are read as), which Appendix A gives AddDomain and ModifyDomain only: a
/// transfer ends ID protection, so a transfer never stores them as fields.
const ID_PROTECTION: [&str; 2] = ["X-ACCEPT-WHOISTRUSTEE-TAC", "X-ACCEPT-WHOISTRUSTEELITE-TAC"];

/// The request's `X-` values against their Appendix A types, no required
/// acceptance taken back (ModifyDomain's `505`/`504`), and a registrant
/// sent (OWNERCONTACT0) against the zone's rule with the fields sent
/// (AddDomain's `541`/`504`, the same texts). The registrant a domain
/// keeps when none is sent was accepted by the registry already.
/// TransferDomain and CheckDomainTransfer judge alike.
pub(super) fn check_arrival(
    system: &System,
    tld: &Tld,
    extensions: &IndexMap<String, String>,
    owner: Option<&ContactSpec>,
) -> Result<()> {
    let fields = || (extensions.iter()).map(|(name, value)| (name.as_str(), value.as_str()));
    check_change(tld, fields())?;
    if let Some(owner) = owner {
        check_registrant(system, tld, owner, fields())?;
    }
    Ok(())
}

/// The fields the transfer record keeps, to set at completion: all sent
/// but the ID protection flags.
pub(super) fn stored_fields(sent: IndexMap<String, String>) -> Vec<(String, String)> {
    sent.into_iter()
        .filter(|(field, _)| !ID_PROTECTION.contains(&field.as_str()))
        .collect()
}
