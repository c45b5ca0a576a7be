//! A parent's manual ledger entries on a subuser: AddAccounting books one
//! (a payment received, a fee), ModifyAccounting amends it, DeleteAccounting
//! strikes it, each moving the subuser's balance by the difference so the
//! balance stays the opening balance plus the entries. Only `Kind::Manual`
//! entries change here; the registry's charges and refunds never do. Every
//! function checks before it changes anything. Knows no wire text.

use super::{Entry, Item, Kind, Ledger, hundredths};
use crate::error::{Error, Result};
use crate::registry::{Money, Percent, System, Timestamp};

/// The largest payment, and the largest balance (either sign) a manual
/// entry may leave: the admin API's bound for a balance and a credit line.
pub const MAX_PAYMENT: u64 = 1_000_000_000_000;

/// A manual entry as AddAccounting gives it, or what ModifyAccounting
/// changes (`None`: kept; for AddAccounting only `vat` may be `None`, the
/// account's rate).
#[derive(Debug, Clone, Copy, Default)]
pub struct Manual<'a> {
    /// ACCOUNTINGTYPE, e.g. `PAYMENT`.
    pub type_name: Option<&'a str>,
    pub description: Option<&'a str>,
    /// Signed, two decimals: a payment positive, a charge negative.
    pub payment: Option<Money>,
    pub vat: Option<Percent>,
}

impl Ledger {
    /// `account`'s entry `id` when it is a manual one: `545` when `account`
    /// has no entry `id` (StatusAccounting's refusal), `541` when the
    /// registry booked it.
    fn manual_entry(&self, account: &str, id: u32) -> Result<usize> {
        let entries = self.of(account);
        let at = entries
            .binary_search_by_key(&id, |entry| entry.id)
            .map_err(|_| {
                Error::ObjectNotFound(format!(
                    "ACCOUNTINGID {id} is no entry of {account}'s ledger"
                ))
            })?;
        let entry = &entries[at];
        if entry.kind != Kind::Manual {
            return Err(Error::invalid(
                "ACCOUNTINGID",
                format_args!(
                    "{id} is the registry's {} entry; only manual entries (AddAccounting) \
                     change",
                    entry.kind.name()
                ),
            ));
        }
        Ok(at)
    }

    fn entries_mut(&mut self, account: &str) -> &mut Vec<Entry> {
        self.accounts.entry(account.to_owned()).or_default()
    }
}

/// `after` if a balance may be it (within `MAX_PAYMENT` either way), else
/// `541` naming `param`.
fn bounded(param: &str, owner: &str, after: Money, currency: &str) -> Result<Money> {
    if after.0.abs() > rust_decimal::Decimal::from(MAX_PAYMENT) {
        return Err(Error::invalid(
            param,
            format_args!(
                "{owner}'s balance would be {after} {currency}, past {MAX_PAYMENT} either way"
            ),
        ));
    }
    Ok(after)
}

/// `value` in signed cents.
fn cents(value: Money) -> i64 {
    i64::try_from(hundredths(value.0)).unwrap_or(i64::MAX)
}

impl System {
    /// Books `manual` (every field but `vat` given) on `owner` at `at`:
    /// its balance moves by the payment, the credit line aside (the entry
    /// records what was paid or is owed, not a purchase). Gives the id.
    pub fn book(&mut self, owner: &str, at: Timestamp, manual: Manual<'_>) -> Result<u32> {
        let Some(user) = self.users.get_mut(owner) else {
            return Err(Error::ObjectNotFound(format!("USER {owner}")));
        };
        let account = &mut user.account;
        let payment = manual.payment.unwrap_or_default();
        let after = Money(account.amount.0 + payment.0);
        account.amount = bounded("PAYMENT", owner, after, account.currency)?;
        let item = Item {
            kind: Kind::Manual,
            description: manual.description.unwrap_or_default(),
            months: 12,
            price: payment,
            what: "",
            above: None,
        };
        let vat = manual.vat.unwrap_or(account.vat);
        let id = self.ledger.record(owner, at, &item, 1, vat);
        let name = manual.type_name.unwrap_or(Kind::Manual.name());
        self.ledger.manual.insert(id, name.into());
        Ok(id)
    }

    /// Changes `owner`'s manual entry `id` as `change` says; a new payment
    /// moves the balance by the difference. `545`/`541` as
    /// [`Ledger::manual_entry`], `541` past the balance bound; nothing
    /// changes on a refusal.
    pub fn amend(&mut self, owner: &str, id: u32, change: Manual<'_>) -> Result<()> {
        let at = self.ledger.manual_entry(owner, id)?;
        let Some(user) = self.users.get_mut(owner) else {
            return Err(Error::ObjectNotFound(format!("USER {owner}")));
        };
        let entry = &self.ledger.of(owner)[at];
        let new_cents = change.payment.map_or(entry.cents, cents);
        let difference = Money::from_cents(new_cents - entry.cents);
        let after = Money(user.account.amount.0 + difference.0);
        let after = bounded("PAYMENT", owner, after, user.account.currency)?;
        user.account.amount = after;
        let entry = &mut self.ledger.entries_mut(owner)[at];
        entry.cents = new_cents;
        if let Some(description) = change.description {
            entry.description = description.into();
        }
        if let Some(vat) = change.vat {
            entry.vat = u16::try_from(hundredths(vat.0)).unwrap_or(u16::MAX);
        }
        if let Some(name) = change.type_name {
            self.ledger.manual.insert(id, name.into());
        }
        Ok(())
    }

    /// Removes `owner`'s manual entry `id` and takes its payment back from
    /// the balance. `545`/`541` as [`Ledger::manual_entry`], `541` past the
    /// balance bound; nothing changes on a refusal. The id is not reused.
    pub fn strike(&mut self, owner: &str, id: u32) -> Result<()> {
        let at = self.ledger.manual_entry(owner, id)?;
        let Some(user) = self.users.get_mut(owner) else {
            return Err(Error::ObjectNotFound(format!("USER {owner}")));
        };
        let price = self.ledger.of(owner)[at].price();
        let after = Money(user.account.amount.0 - price.0);
        user.account.amount = bounded("ACCOUNTINGID", owner, after, user.account.currency)?;
        let entries = self.ledger.entries_mut(owner);
        entries.remove(at);
        if entries.is_empty() {
            self.ledger.accounts.remove(owner);
        }
        self.ledger.manual.remove(&id);
        Ok(())
    }
}

#[cfg(test)]
#[path = "ledger_manual_tests.rs"]
mod tests;
