//! Trademark claims: a domain label that is a CLAIMSNOTIFY label of any
//! account's live (not expired) TMCH mark has a claim, named by a claims
//! key in the TMDB's form, derived from the label and the first such mark
//! (no clock, no generator: the same marks give the same key). Owns the
//! key and the lookups by label and by key (through `tmch_index.rs`: no
//! scan of unrelated marks); the marks are `tmch.rs`'s, the
//! notice's text the command's (`command/tmch_claim.rs`). Changes nothing.

use sha2::{Digest, Sha256};

use super::{Mark, System, Timestamp};
use crate::error::{Error, Result};

/// A label's claim: its key and the live marks that claim the label, by ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim<'s> {
    /// `YYYYMMDD01/H/H/H/<21 characters>-<10 digits>`, as the TMDB's keys.
    pub key: String,
    pub label: String,
    pub marks: Vec<&'s Mark>,
}

/// The characters of the key's middle part (base64url's).
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The claims key of `label` under `mark`: the mark's creation date, three
/// hexadecimal digits and 21 characters of SHA-256 over the mark's ID and
/// the label, and the mark's number.
fn key_of(mark: &Mark, label: &str) -> String {
    let digest = Sha256::digest(format!("{}/{label}", mark.id).as_bytes());
    let date = mark.created.datetime().to_string();
    let day = format!("{}{}{}", &date[0..4], &date[5..7], &date[8..10]);
    let middle: String = (digest[2..23].iter())
        .map(|byte| ALPHABET[usize::from(*byte) % ALPHABET.len()] as char)
        .collect();
    format!(
        "{day}01/{:X}/{:X}/{:X}/{middle}-{:010}",
        digest[0] >> 4,
        digest[0] & 15,
        digest[1] >> 4,
        mark.serial
    )
}

/// The hash that accepts a claims notice: 32 hexadecimal digits of SHA-256
/// over the key and the notice's creation time.
pub fn accept_hash(key: &str, created: Timestamp) -> String {
    let digest = Sha256::digest(format!("{key}|{}", created.0).as_bytes());
    digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl System {
    /// The claim on `label` (ASCII, any case) at `now`, if a live mark has
    /// it: the marks on the label come from the index, by number.
    pub fn claim_on(&self, label: &str, now: Timestamp) -> Option<Claim<'_>> {
        let label = label.to_ascii_lowercase();
        let marks: Vec<&Mark> = (self.marks.claiming(&label))
            .filter(|mark| mark.expires > now)
            .collect();
        let first = marks.first()?;
        Some(Claim {
            key: key_of(first, &label),
            label,
            marks,
        })
    }

    /// The claim whose key is `key` at `now`: `545` when no live mark's
    /// claim has it (the mark expired, lost the label, or never was). The
    /// key's tail names the first claiming mark; only its labels can be
    /// the key's.
    pub fn claim_by_key(&self, key: &str, now: Timestamp) -> Result<Claim<'_>> {
        let mark = (key.rsplit_once('-'))
            .and_then(|(_, serial)| serial.parse::<u32>().ok())
            .and_then(|serial| self.marks.numbered(serial))
            .filter(|mark| mark.expires > now);
        let labels = mark
            .into_iter()
            .flat_map(|mark| mark.data.labels.iter().filter(|l| l.claims));
        for label in labels {
            if let Some(claim) = self.claim_on(&label.label, now)
                && claim.key == key
            {
                return Ok(claim);
            }
        }
        Err(Error::ObjectNotFound(format!(
            "CLAIMKEY {key} is no claim of a live TMCH mark"
        )))
    }
}
