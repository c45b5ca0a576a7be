//! Charges and refunds up the reseller tree: the account an action is for
//! pays its price, and every reseller above it pays its own price for the
//! same action (its sheet, in its currency), as the platform bills each
//! level of a reseller chain. All of them can pay or nobody is charged
//! (`546`, nothing recorded). A refund gives each of them back its part
//! of the refunded bill. Owns `charge`, `check_charge` and `refund`; the
//! entries themselves are `ledger.rs`'s, the prices the callers'
//! (`Item::above`).

use super::{Entry, Item, Ledger};
use crate::error::{Error, Result};
use crate::registry::{Money, System, Timestamp};

/// One account's part of a charge.
struct Bill {
    account: String,
    price: Money,
}

impl System {
    /// Takes `item.price` (in the account's currency) from `owner`'s balance
    /// at sandbox time `at`, and from each reseller above it its own price
    /// (`item.above`), recording each in its ledger: `546` and no change (no
    /// entry) if that would pass any of their credit limits. Commands call
    /// it as their last fallible step, after every other check.
    pub fn charge(&mut self, owner: &str, at: Timestamp, item: Item<'_>) -> Result<()> {
        for bill in self.bills(owner, &item)? {
            let Some(user) = self.users.get_mut(&bill.account) else {
                continue;
            };
            let account = &mut user.account;
            account.amount = Money(account.amount.0 - bill.price.0);
            let vat = account.vat;
            let item = Item {
                price: bill.price,
                ..item
            };
            self.ledger.record(&bill.account, at, &item, -1, vat);
        }
        Ok(())
    }

    /// Whether [`System::charge`] would take `item` from `owner` now: its
    /// refusals (`545` for an unknown owner, `546` past the credit limit of
    /// the account or a reseller above it), changing nothing
    /// (CheckDomainRegistration's dry run, early feedback).
    pub fn check_charge(&self, owner: &str, item: &Item<'_>) -> Result<()> {
        self.bills(owner, item).map(drop)
    }

    /// Each account's part of `item`, `owner`'s first, each checked
    /// against its balance and credit line.
    fn bills(&self, owner: &str, item: &Item<'_>) -> Result<Vec<Bill>> {
        let mut bills = Vec::new();
        let (mut account, mut price) = (owner, item.price);
        loop {
            let Some(user) = self.users.get(account) else {
                return Err(Error::ObjectNotFound(format!("USER {account}")));
            };
            let funds = &user.account;
            let available = Money(funds.amount.0 + funds.credit.0);
            if price.0 > available.0 {
                let currency = funds.currency;
                let mut detail = if account == owner {
                    format!(
                        "{} costs {price} {currency}, {available} {currency} available",
                        item.what
                    )
                } else {
                    format!(
                        "{} costs the reseller {account} above {owner} {price} {currency}, more than its balance and credit",
                        item.what
                    )
                };
                // Who can raise the credit line.
                if let Some(parent) = &user.parent {
                    detail.push_str(&format!(
                        "; its parent {parent} sets CREDIT with ModifyUser"
                    ));
                }
                return Err(Error::CreditLimitExceeded(detail));
            }
            bills.push(Bill {
                account: account.to_owned(),
                price,
            });
            let (Some(parent), Some(above)) = (user.parent.as_deref(), item.above) else {
                return Ok(bills);
            };
            price = above(self, parent)?;
            account = parent;
        }
    }

    /// Gives `item.price` back to `owner` at `at` (a refund) and records it
    /// at the VAT rate of the charge it gives back (the account's rate now
    /// when there is none); each reseller above gets back its part of that
    /// charge's bill, once (`Ledger::unrefunded`). Callers call
    /// it only when the charge is given back; a zero amount records nothing
    /// for `owner` (it paid nothing), an unknown owner nothing at all.
    pub fn refund(&mut self, owner: &str, at: Timestamp, item: Item<'_>) {
        self.refund_of(owner, at, item, None);
    }

    /// [`System::refund`] of the charge `origin` (the holder's entry id,
    /// as an auto-renewal keeps it), else of the charge the refund finds.
    pub fn refund_of(&mut self, owner: &str, at: Timestamp, item: Item<'_>, origin: Option<u32>) {
        let charged = origin
            .and_then(|id| self.ledger.charge_of(owner, &item, id))
            .or_else(|| self.ledger.refunded_charge(owner, &item));
        let (vat, origin) = (
            charged.map(Entry::vat),
            charged.map(|entry| (entry.id, entry.at)),
        );
        let Some(user) = self.users.get_mut(owner) else {
            return;
        };
        if !item.price.0.is_zero() {
            user.account.amount = Money(user.account.amount.0 + item.price.0);
            let vat = vat.unwrap_or(user.account.vat);
            self.ledger.record(owner, at, &item, 1, vat);
        }
        // Resellers are paid back the entries of the same bill as the
        // holder's charge (recorded with it, just after it).
        let Some(origin) = origin else {
            return;
        };
        let mut above = user.parent.clone();
        while let Some(account) = above {
            let Some(user) = self.users.get_mut(&account) else {
                return;
            };
            above = user.parent.clone();
            let Some(paid) = self.ledger.unrefunded(&account, &item, origin) else {
                continue;
            };
            let (price, vat) = (Money(-paid.price().0), paid.vat());
            user.account.amount = Money(user.account.amount.0 + price.0);
            self.ledger
                .record(&account, at, &Item { price, ..item }, 1, vat);
        }
    }
}

impl Ledger {
    /// `account`'s part of the bill whose holder's entry is `origin` (id,
    /// time) that the refund `item` gives back: its kind's charge of the
    /// same domain recorded at that time just after it, unless a refund of
    /// `item`'s kind followed it.
    fn unrefunded(
        &self,
        account: &str,
        item: &Item<'_>,
        (id, at): (u32, Timestamp),
    ) -> Option<&Entry> {
        let charge = item.kind.refunded()?;
        let paid = (self.of(account).iter())
            .skip_while(|entry| entry.id <= id)
            .take_while(|entry| entry.at == at)
            .find(|entry| entry.kind == charge && entry.description() == item.description)?;
        let refund = self.latest(account, item.kind, item.description, |_| true);
        refund
            .is_none_or(|refund| refund.id < paid.id)
            .then_some(paid)
    }
}
