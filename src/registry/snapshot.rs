//! Snapshots of one system (issue 15, `GET /_admin/snapshot`, `POST
//! /_admin/restore`, `otebox --load`): the whole [`System`] as a versioned,
//! checksummed file, and the checks that refuse a wrong one before anything
//! changes. Owns the file format (header below, then the `postcard`
//! encoding of the serde derives the state types carry, `serial.rs`'s
//! helpers for maps and names) and the fix-ups after reading (shared
//! account names, the object log's name tables). Must not change any
//! table's rules; the admin API (`server/admin/snapshot.rs`) owns the HTTP
//! side and the lock.
//!
//! The file: `OTEBOX-SNAPSHOT\n` (16 bytes), the format version (u32 LE),
//! the entity (`1234` or `54cd`, 4 ASCII bytes), the content's length (u64
//! LE), the SHA-256 of the content (32 bytes), then the content. Every
//! table is written in a fixed order (hash maps sorted by key), so the
//! same state gives the same bytes; indexes are stored, not rebuilt, so a
//! restored state equals the original, except the derived lookups that
//! `after_load` rebuilds from the tables (the TMCH claims index, the order
//! id → account index), which are not written. A later journal can reuse the same
//! encoding for its compacted snapshots.

use sha2::{Digest, Sha256};

use super::{Entity, Registry, System, Timestamp};

/// The first bytes of every snapshot.
pub const MAGIC: &[u8; 16] = b"OTEBOX-SNAPSHOT\n";
/// The version of the content's encoding; a change of any state type
/// that changes the encoding raises it. 2: a domain's rare fields keep a
/// pending create, and the clock's queue keys hold the job's kind in 3 bits.
/// 3: a system keeps its domain applications (`application.rs`).
/// 4: a system keeps its ledger of charges and refunds (`ledger.rs`).
/// 5: an event keeps whether DeleteEvent acknowledged it (`event.rs`).
/// 6: a system keeps its queued orders (`order.rs`).
/// 7: a system keeps its registrant verifications (`verification.rs`).
/// 8: an account keeps its USERINDEX (`User::index`), the system the last one given.
/// 9: a domain's lifecycle keeps its last auto-renewal for the auto-renew
/// grace period (`unrenew.rs`), the ledger its refund type.
/// 10: the ledger keeps its manual entries' types (`ledger_manual.rs`).
/// 11: a system keeps its outbox of mails (`outbox.rs`).
/// 12: a mail keeps its reply-to address, a transfer its mail's `EMAIL*`
/// customisation (`outbox_transfer.rs`).
/// 13: a system keeps its invoices and next invoice IDs (`invoice.rs`).
/// 14: a .de domain keeps DENIC's AuthInfo2 (`domain_fields.rs`).
/// 15: a system keeps its TMCH marks and their last number (`tmch.rs`).
/// 16: a system keeps its accounts' user classes and their subusers' classes
/// (`user_class.rs`).
/// 17: a TMCH mark keeps its registration date as a calendar date (`tmch.rs`).
/// 18: applications keep their open backorders per name, the AUCTION-*
/// statuses, and the clock its `Job::Auction` (`backorder.rs`).
/// 19: an order may carry an SSL certificate (CreateSSLCert, `ssl.rs`).
/// 20: a certificate keeps its status, validation start, expiry, job key and
/// renewal links, and the clock its `Job::Ssl` (`ssl_validation.rs`).
/// 21: a DNS zone says whether INTERNALDNS=1 made it and no CreateDNSZone
/// has claimed it yet (`zone/mod.rs`).
/// 22: a contact keeps CNR's AUTODELETE and whether `VALIDATION=1` passed
/// (`contact.rs`).
/// 23: a DNS zone keeps its query counts per hour (`zone/stats.rs`).
/// 24: an invoice may keep an uploaded PDF and its PDFUPDATEDDATE
/// (UpdateInvoicePDF, `invoice.rs`).
/// 25: a pending transfer keeps the `X-` fields its request sent
/// (`transfer.rs`).
/// 26: a domain's rare fields keep its tags (CNR `DOMAINTAG#`, `domain_fields.rs`),
/// an auto-renewal the holder's ledger entry of its charge (`unrenew.rs`).
pub const VERSION: u32 = 26;
/// The earliest wall time a snapshot is read at (2026-01-01, before this
/// build existed): a clock offset that puts even that past the clock's
/// `LATEST` is corrupt.
pub const EARLIEST_WALL: Timestamp = Timestamp(1_767_225_600);
/// Bytes before the content.
pub const HEADER: usize = 64;

impl System {
    /// The system's state as a snapshot file: [`System::encode`] then [`seal`].
    pub fn snapshot(&self) -> Vec<u8> {
        let mut file = self.encode();
        seal(&mut file);
        file
    }

    /// The system's state as a snapshot file still to be [`seal`]ed (its
    /// length and checksum left zero): the part that reads the state, so
    /// the admin API holds the lock for this only.
    pub fn encode(&self) -> Vec<u8> {
        let mut file = Vec::with_capacity(HEADER + 256 * self.domains.len() + 4096);
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&VERSION.to_le_bytes());
        file.extend_from_slice(self.entity.code().as_bytes());
        file.resize(HEADER, 0);
        // Only I/O errors fail an encoding into memory; every type encodes.
        postcard::to_extend(self, file).expect("the state encodes")
    }
}

/// Writes the content's length and checksum into the header of an
/// [`System::encode`]d file.
pub fn seal(file: &mut [u8]) {
    let length = (file.len() - HEADER) as u64;
    let digest = Sha256::digest(&file[HEADER..]);
    file[24..32].copy_from_slice(&length.to_le_bytes());
    file[32..HEADER].copy_from_slice(&digest);
}

/// The entity a snapshot file says it holds (its header only); the text
/// of the refusal when the header is not one.
pub fn snapshot_entity(file: &[u8]) -> Result<Entity, String> {
    if file.len() < MAGIC.len() || &file[..MAGIC.len()] != MAGIC {
        return Err("the file is not an otebox snapshot: it does not start with OTEBOX-SNAPSHOT (take one with GET /_admin/snapshot)".into());
    }
    if file.len() < HEADER {
        return Err(format!(
            "the snapshot is truncated: its header needs {HEADER} bytes, the file has {}",
            file.len()
        ));
    }
    let version = u32::from_le_bytes(file[16..20].try_into().expect("4 bytes"));
    if version != VERSION {
        return Err(format!(
            "the snapshot has format version {version}; this otebox reads version {VERSION} only: take the snapshot again with this otebox"
        ));
    }
    match &file[20..24] {
        b"1234" => Ok(Entity::Ote),
        b"54cd" => Ok(Entity::Live),
        other => Err(format!(
            "the snapshot names the entity {:?}, neither 1234 nor 54cd: the file is corrupt",
            String::from_utf8_lossy(other)
        )),
    }
}

/// Reads a snapshot file of `entity` (`None`: whichever it holds): the
/// magic, the version, the entity, the length, the checksum, then the
/// content, which must decode whole into a system of that entity. The
/// `Err` is the one-line refusal.
pub fn read_snapshot(file: &[u8], entity: Option<Entity>) -> Result<System, String> {
    let found = snapshot_entity(file)?;
    if let Some(entity) = entity.filter(|entity| *entity != found) {
        return Err(format!(
            "the snapshot is of entity {}, not {}: restore it with entity={}",
            found.code(),
            entity.code(),
            found.code()
        ));
    }
    let length = u64::from_le_bytes(file[24..32].try_into().expect("8 bytes"));
    let content = &file[HEADER..];
    if content.len() as u64 != length {
        let what = if (content.len() as u64) < length {
            "truncated"
        } else {
            "longer than its header says"
        };
        return Err(format!(
            "the snapshot is {what}: its header announces {length} bytes of content, the file has {}",
            content.len()
        ));
    }
    if Sha256::digest(content)[..] != file[32..HEADER] {
        return Err(
            "the snapshot's checksum does not match its content: the file is corrupt".into(),
        );
    }
    let (mut system, rest) = postcard::take_from_bytes::<System>(content)
        .map_err(|error| format!("the snapshot's content does not decode ({error}): the file is corrupt or of another otebox build"))?;
    if !rest.is_empty() {
        return Err(format!(
            "the snapshot's content has {} bytes after the state: the file is corrupt",
            rest.len()
        ));
    }
    if system.entity != found {
        return Err(format!(
            "the snapshot's header says entity {} but its content is of {}: the file is corrupt",
            found.code(),
            system.entity.code()
        ));
    }
    // The clock may not start past what an advance may reach (LATEST),
    // so no date a command computes outgrows four-digit years: neither the
    // time reached nor the offset over a wall clock of this file's time.
    let (latest, written) = (super::clock::LATEST, EARLIEST_WALL);
    let ahead = written.0.saturating_add(system.clock_offset());
    if system.time_reached() > latest || ahead > latest.0 {
        return Err(format!(
            "the snapshot's sandbox clock is past {} (UTC), the latest time otebox runs at: the file is corrupt or of another otebox build",
            latest.datetime()
        ));
    }
    system.after_load();
    Ok(system)
}

impl System {
    /// What a decoded state needs before it serves: each domain's name
    /// fields share the owner's one copy again, the object log finds its
    /// account and command numbers by name, deleted domains are filed
    /// under their contacts again, TMCH marks under their claims labels, and
    /// orders under their ids.
    fn after_load(&mut self) {
        let owned = &self.owned;
        let deleted = self.deleted.values_mut().map(|gone| &mut gone.domain);
        for domain in self.domains.values_mut().chain(deleted) {
            if let Some(owned) = owned.get(domain.owner()) {
                domain.share_names(&owned.name);
            }
        }
        self.objectlog.rebuild_numbers();
        self.index_deleted_contacts();
        self.marks.reindex();
        self.orders.reindex();
    }
}

impl Registry {
    /// Makes `system` the state of its entity and hands back the one it
    /// replaces (for the caller to drop outside the lock). The running
    /// abuse limits stay (they are configuration, not state).
    pub fn replace_system(&mut self, mut system: System) -> System {
        let slot = self.system_mut(system.entity);
        system.guard.limits = slot.guard.limits;
        std::mem::replace(slot, system)
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "snapshot_state_tests.rs"]
mod state_tests;
