//! Trademark Clearinghouse marks (TMCH): what an account registers there,
//! kept per account by ID, each with its name, jurisdiction, classes,
//! registration date, holder and domain-name labels (with their SMD and
//! claims flags), created, updated and expiring on sandbox dates. Owns the
//! mark rules (IDs, who may see or change a mark, expiry and renewal) and
//! the claims the live marks raise (`tmch_claims.rs`, found through the
//! label index of `tmch_index.rs` kept here). Knows no wire text
//! beyond the status names; must not charge (TMCH is free here) nor touch
//! domains.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::tmch_index::ClaimsIndex;
use super::{Period, System, Timestamp};
use crate::error::{Error, Result};

/// The periods a mark is registered or renewed for, in years (TMCH's 1, 3, 5).
pub const MARK_PERIODS: [u32; 3] = [1, 3, 5];
/// The most labels a mark carries (LABEL0..LABEL9 in the reference).
pub const MAX_LABELS: usize = 10;
/// The furthest a renewal moves a mark's expiration date from today, in
/// years (as a domain's: renewals stop at ten years ahead).
pub const MAX_MARK_YEARS: u32 = 10;

/// A mark holder (HOLDER0...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// `owner`, `co-owner` or `assignee`.
    pub entitlement: String,
    pub organization: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub country: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
}

/// One domain-name label of a mark, ASCII lower case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkLabel {
    pub label: String,
    /// SMDINCLUSION: the label is in the mark's signed mark data (sunrise).
    pub smd: bool,
    /// CLAIMSNOTIFY: the label raises a trademark claim.
    pub claims: bool,
}

/// What a mark says about the trademark (CreateTMCHMark's fields,
/// UpdateTMCHMark's changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkData {
    pub name: String,
    pub goods: Vec<String>,
    /// TRADEMARK-JURISDICTION: a country code or a regional office's code.
    pub jurisdiction: String,
    /// TRADEMARK-CLASS: Nice classes 1..=46, sorted, each once.
    pub classes: Vec<u8>,
    pub number: String,
    /// TRADEMARK-REGISTRATIONDATE as `YYYY-MM-DD` (a calendar date, not a
    /// sandbox instant: trademarks are older than 1970); empty: not given.
    pub registered: String,
    pub holder: Holder,
    pub labels: Vec<MarkLabel>,
}

/// One mark of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// `000558YYMMDDNNNN-1`: the creation date and the system's mark number.
    pub id: String,
    /// The account that holds it (USER).
    pub owner: String,
    /// The system's running number of the mark (the ID's NNNN, the claims key's tail).
    pub serial: u32,
    pub data: MarkData,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// EXPIRATIONDATE: midnight of the creation date plus the period.
    pub expires: Timestamp,
}

/// A mark's STATUS: verified at once (the sandbox has no TMCH agent),
/// expired when the sandbox clock reaches its expiration date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkStatus {
    Verified,
    Expired,
}

impl MarkStatus {
    pub fn name(self) -> &'static str {
        match self {
            MarkStatus::Verified => "verified",
            MarkStatus::Expired => "expired",
        }
    }
}

impl Mark {
    pub fn status(&self, now: Timestamp) -> MarkStatus {
        match now < self.expires {
            true => MarkStatus::Verified,
            false => MarkStatus::Expired,
        }
    }
}

/// What UpdateTMCHMark changes: the new data (the command merged the
/// sent fields into the mark's).
pub type MarkChange = MarkData;

/// Every account's marks, and the last mark number given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Marks {
    by_id: BTreeMap<String, Mark>,
    /// Its own counter: no other id shifts when a mark is made.
    last: u32,
    /// The marks by CLAIMSNOTIFY label and number: changed with `by_id`,
    /// rebuilt on load ([`Marks::reindex`]).
    #[serde(skip)]
    index: ClaimsIndex,
}

const DAY: u64 = 86_400;

fn not_found(id: &str) -> Error {
    Error::ObjectNotFound(format!("TMCHMARK {id} does not exist"))
}

impl Marks {
    /// Forgets `account`'s marks (account removal).
    pub fn forget(&mut self, account: &str) {
        let index = &mut self.index;
        self.by_id.retain(|_, mark| {
            let keep = mark.owner != account;
            if !keep {
                index.remove(mark);
            }
            keep
        });
    }

    /// `from` is now `to` (ModifyUser NEWSUBUSER); the index knows no
    /// holder, so it stays.
    pub fn rename(&mut self, from: &str, to: &str) {
        for mark in self.by_id.values_mut() {
            if mark.owner == from {
                mark.owner = to.to_owned();
            }
        }
    }

    /// Every mark, by ID.
    pub fn all(&self) -> impl Iterator<Item = &Mark> {
        self.by_id.values()
    }

    /// The marks claiming `label` (lower case), by number, expired ones
    /// included: the index's, not a scan.
    pub fn claiming<'s>(&'s self, label: &str) -> impl Iterator<Item = &'s Mark> + use<'s> {
        (self.index.claiming(label)).filter_map(|serial| self.numbered(serial))
    }

    /// The mark number `serial` (a claims key's tail), if it is still there.
    pub fn numbered(&self, serial: u32) -> Option<&Mark> {
        self.by_id.get(self.index.id(serial)?)
    }

    /// Rebuilds the label index from the marks (after a snapshot load).
    pub fn reindex(&mut self) {
        self.index = ClaimsIndex::of(self.by_id.values());
    }
}

impl System {
    /// The mark `id` as `view` may see it: `545` when there is none, `531`
    /// when another account holds it.
    pub fn mark(&self, view: &str, id: &str) -> Result<&Mark> {
        let mark = self.marks.by_id.get(id).ok_or_else(|| not_found(id))?;
        if mark.owner != view {
            return Err(self.not_held(view, &mark.owner, format!("TMCHMARK {id}")));
        }
        Ok(mark)
    }

    /// Every mark, by ID (the list filters by holder).
    pub fn marks(&self) -> impl Iterator<Item = &Mark> {
        self.marks.all()
    }

    /// Registers a mark for `owner`, verified at once, expiring `years`
    /// after today's midnight; answers its ID.
    pub fn create_mark(
        &mut self,
        owner: &str,
        data: MarkData,
        years: u32,
        now: Timestamp,
    ) -> Result<&Mark> {
        check_years(years)?;
        self.marks.last += 1;
        let serial = self.marks.last;
        let today = Timestamp(now.0 / DAY * DAY);
        let date = today.datetime().to_string();
        let (yy, mm, dd) = (&date[2..4], &date[5..7], &date[8..10]);
        let id = format!("000558{yy}{mm}{dd}{serial:04}-1");
        let mark = Mark {
            id: id.clone(),
            owner: owner.to_owned(),
            serial,
            data,
            created: now,
            updated: now,
            expires: today.plus(Period::years(years)),
        };
        self.marks.index.add(&mark);
        Ok(self.marks.by_id.entry(id).or_insert(mark))
    }

    /// Replaces the data of `view`'s mark `id` (`552` once it expired).
    pub fn update_mark(
        &mut self,
        view: &str,
        id: &str,
        change: MarkChange,
        now: Timestamp,
    ) -> Result<()> {
        self.live_mark(view, id, now, "updated")?;
        let mark = self.marks.by_id.get_mut(id).expect("checked above");
        self.marks.index.remove(mark);
        mark.data = change;
        mark.updated = now;
        self.marks.index.add(mark);
        Ok(())
    }

    /// Moves the expiration date of `view`'s mark `id` on by `years`
    /// (`552` once it expired: an expired mark is registered anew; `541`
    /// past [`MAX_MARK_YEARS`] from `now`).
    pub fn renew_mark(&mut self, view: &str, id: &str, years: u32, now: Timestamp) -> Result<()> {
        check_years(years)?;
        let until = self
            .live_mark(view, id, now, "renewed")?
            .expires
            .plus(Period::years(years));
        if until > now.plus(Period::years(MAX_MARK_YEARS)) {
            return Err(Error::invalid(
                "PERIOD",
                format_args!(
                    "TMCHMARK {id} renewed for {years} years would run until {}, more than {MAX_MARK_YEARS} years from now",
                    until.datetime()
                ),
            ));
        }
        let mark = self.marks.by_id.get_mut(id).expect("checked above");
        mark.expires = until;
        mark.updated = now;
        Ok(())
    }

    /// [`System::mark`], and `552` when it has expired.
    fn live_mark(&self, view: &str, id: &str, now: Timestamp, what: &str) -> Result<&Mark> {
        let mark = self.mark(view, id)?;
        if mark.status(now) == MarkStatus::Expired {
            return Err(Error::StatusProhibits(format!(
                "TMCHMARK {id} expired on {} and cannot be {what}; register the mark anew",
                mark.expires.datetime()
            )));
        }
        Ok(mark)
    }
}

fn check_years(years: u32) -> Result<()> {
    match MARK_PERIODS.contains(&years) {
        true => Ok(()),
        false => Err(Error::invalid(
            "PERIOD",
            format_args!("({years}) is not 1, 3 or 5 years"),
        )),
    }
}

#[cfg(test)]
#[path = "tmch_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "tmch_index_tests.rs"]
mod index_tests;
