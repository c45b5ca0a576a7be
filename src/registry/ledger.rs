//! The account ledger (HEXONET's accounting list): one entry per charge and
//! refund that moved an account's balance, kept per account in id order.
//! Owns the entry layout and the ledger's own id counter; `charge` and
//! `refund` (`ledger_charge.rs`, up the reseller tree) with the manual entries'
//! book, amend and strike (`ledger_manual.rs`) are the only functions that move
//! a balance after an account's creation. Knows no command and no wire text; never
//! draws from the system's sequence or its generator, so no other id shifts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{HashMap, Money, Percent, System, Timestamp};
use crate::error::Result;

/// The first id the ledger hands out is one past this.
const FIRST_ID: u32 = 800_000;

/// What an entry was for (ACCOUNTINGTYPE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    AddDomain,
    RenewDomain,
    TransferDomain,
    RestoreDomain,
    TradeDomain,
    /// A registration's charge given back: DeleteDomain within the add grace
    /// period, a `.swiss` application the registry's review turned down.
    RefundAddDomain,
    /// An automatic renewal's charge given back within the auto-renew grace
    /// period (SetDomainRenewalMode to a mode that does not renew, DeleteDomain).
    RefundRenewDomain,
    /// A certificate ordered (CreateSSLCert).
    CreateSslCert,
    /// A certificate's next period ordered (RenewSSLCert).
    RenewSslCert,
    /// A parent's manual entry (AddAccounting): its type is the ledger's
    /// `manual` table's, not this enum's.
    Manual,
}

impl Kind {
    /// The wire name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Kind::AddDomain => "ADD_DOMAIN",
            Kind::RenewDomain => "RENEW_DOMAIN",
            Kind::TransferDomain => "TRANSFER_DOMAIN",
            Kind::RestoreDomain => "RESTORE_DOMAIN",
            Kind::TradeDomain => "TRADE_DOMAIN",
            Kind::RefundAddDomain => "REFUND_ADD_DOMAIN",
            Kind::RefundRenewDomain => "REFUND_RENEW_DOMAIN",
            Kind::CreateSslCert => "CREATE_SSLCERT",
            Kind::RenewSslCert => "RENEW_SSLCERT",
            Kind::Manual => "MANUAL",
        }
    }

    /// The charge a refund of this kind gives back.
    fn refunded(self) -> Option<Kind> {
        match self {
            Kind::RefundAddDomain => Some(Kind::AddDomain),
            Kind::RefundRenewDomain => Some(Kind::RenewDomain),
            _ => None,
        }
    }

    /// Whether `name` is a type the registry books (a manual entry takes
    /// another, so a domain's charge always reads as the registry's).
    pub fn is_registry_type(name: &str) -> bool {
        const REGISTRY: [Kind; 9] = [
            Kind::AddDomain,
            Kind::RenewDomain,
            Kind::TransferDomain,
            Kind::RestoreDomain,
            Kind::TradeDomain,
            Kind::RefundAddDomain,
            Kind::RefundRenewDomain,
            Kind::CreateSslCert,
            Kind::RenewSslCert,
        ];
        REGISTRY.iter().any(|kind| kind.name() == name)
    }
}

/// What the same charge costs another account, in its currency: a reseller
/// above the account charged pays its own price for it (`ledger_charge.rs`).
pub type PriceFor<'a> = &'a dyn Fn(&System, &str) -> Result<Money>;

/// What a charge or refund is: the ledger entry's facts and, for a charge,
/// what its `546` names.
#[derive(Clone, Copy)]
pub struct Item<'a> {
    pub kind: Kind,
    /// ACCOUNTINGDESCRIPTION: the domain name.
    pub description: &'a str,
    /// The period in months (ACCOUNTINGAMOUNT is it in years); 12 for a
    /// one-off such as a restore or a trade (a restore that renews the
    /// expired domain names that renewal's period).
    pub months: u32,
    /// What is charged or given back, in the account's currency, positive.
    pub price: Money,
    /// The charge as the `546` refusal names it ("AddDomain x.com for 1Y").
    pub what: &'a str,
    /// A charge: what each reseller above the account pays for the same
    /// thing. `None`: the account alone (a refund, which gives each reseller
    /// back what it paid; a manual entry).
    pub above: Option<PriceFor<'a>>,
}

impl std::fmt::Debug for Item<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item")
            .field("kind", &self.kind)
            .field("description", &self.description)
            .field("months", &self.months)
            .field("price", &self.price)
            .field("above", &self.above.is_some())
            .finish()
    }
}

/// One ledger entry: 40 bytes plus its description's allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The sandbox time of the charge.
    pub at: Timestamp,
    /// The signed price in cents: negative for a charge.
    cents: i64,
    description: Box<str>,
    pub id: u32,
    /// The period in months (at most ten years: 120).
    months: u8,
    /// The account's VAT rate at the time, in hundredths of a percent.
    vat: u16,
    pub kind: Kind,
}

impl Entry {
    pub fn description(&self) -> &str {
        &self.description
    }

    /// ACCOUNTINGPRICE: negative for a charge, positive for a refund.
    pub fn price(&self) -> Money {
        Money::from_cents(self.cents)
    }

    pub fn vat(&self) -> Percent {
        Percent(rust_decimal::Decimal::new(i64::from(self.vat), 2))
    }

    /// ACCOUNTINGVATPRICE: the VAT on the price, rounded to cents.
    pub fn vat_price(&self) -> Money {
        Money::rounded(self.price().0 * self.vat().0 / rust_decimal::Decimal::ONE_HUNDRED)
    }

    /// ACCOUNTINGAMOUNT: the period in years with `places` decimals
    /// (whole years without any when `places` is 0).
    pub fn years(&self, places: u32) -> String {
        let years = rust_decimal::Decimal::from(self.months) / rust_decimal::Decimal::from(12);
        let mut years = years.round_dp(4.max(places));
        if places == 0 && years.fract().is_zero() {
            years.rescale(0);
        } else {
            years.rescale(4.max(places));
        }
        years.to_string()
    }
}

/// Every account's entries, each account's in id order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// The last id handed out (0: none yet; the first is `FIRST_ID + 1`).
    last: u32,
    #[serde(with = "crate::registry::serial::sorted")]
    accounts: HashMap<String, Vec<Entry>>,
    /// The type of every manual entry, by id (entries of other kinds name
    /// theirs by their `Kind`), so an entry stays 40 bytes.
    manual: BTreeMap<u32, Box<str>>,
}

/// `value` in hundredths, exact to the cent (amounts are two-decimal).
fn hundredths(value: rust_decimal::Decimal) -> i128 {
    let mut value = Money::rounded(value).0;
    value.rescale(2);
    value.mantissa()
}

impl Ledger {
    /// Appends `item` to `account`'s entries and gives its new id.
    fn record(
        &mut self,
        account: &str,
        at: Timestamp,
        item: &Item<'_>,
        sign: i64,
        vat: Percent,
    ) -> u32 {
        self.last = self.last.max(FIRST_ID) + 1;
        let entry = Entry {
            at,
            cents: sign * i64::try_from(hundredths(item.price.0)).unwrap_or(i64::MAX),
            description: item.description.into(),
            id: self.last,
            months: u8::try_from(item.months).unwrap_or(u8::MAX),
            vat: u16::try_from(hundredths(vat.0)).unwrap_or(u16::MAX),
            kind: item.kind,
        };
        match self.accounts.get_mut(account) {
            Some(entries) => entries.push(entry),
            None => {
                self.accounts.insert(account.to_owned(), vec![entry]);
            }
        }
        self.last
    }

    /// `account`'s charge that the refund `item` gives back (a refund
    /// returns the VAT charged, whatever the account's rate is now): its
    /// kind's latest charge of the same domain at that price, else its
    /// latest (a renewal by hand may follow the auto-renewal refunded).
    fn refunded_charge(&self, account: &str, item: &Item<'_>) -> Option<&Entry> {
        let kind = item.kind.refunded()?;
        let price = Money(-item.price.0);
        (self.latest(account, kind, item.description, |entry| {
            entry.price() == price
        }))
        .or_else(|| self.latest(account, kind, item.description, |_| true))
    }

    /// `account`'s entry of `kind` for `description` recorded at `at` (the
    /// latest, if more than one was).
    pub fn charged_at(
        &self,
        account: &str,
        kind: Kind,
        description: &str,
        at: Timestamp,
    ) -> Option<&Entry> {
        self.latest(account, kind, description, |entry| entry.at == at)
    }

    /// The charge `origin` of `account` (an entry id), when it is one of
    /// the kind the refund `item` gives back, of the same domain.
    fn charge_of(&self, account: &str, item: &Item<'_>, origin: u32) -> Option<&Entry> {
        let kind = item.kind.refunded()?;
        self.entry(account, origin)
            .filter(|entry| entry.kind == kind && entry.description() == item.description)
    }

    /// `account`'s latest entry of `kind` for `description` that `also`
    /// accepts.
    fn latest(
        &self,
        account: &str,
        kind: Kind,
        description: &str,
        also: impl Fn(&Entry) -> bool,
    ) -> Option<&Entry> {
        (self.of(account).iter().rev())
            .find(|entry| entry.kind == kind && entry.description() == description && also(entry))
    }

    /// `account`'s entries, oldest first.
    pub fn of(&self, account: &str) -> &[Entry] {
        self.accounts.get(account).map_or(&[], Vec::as_slice)
    }

    /// `account`'s entry `id`, if it is one of `account`'s.
    pub fn entry(&self, account: &str, id: u32) -> Option<&Entry> {
        let entries = self.of(account);
        entries
            .binary_search_by_key(&id, |entry| entry.id)
            .ok()
            .map(|at| &entries[at])
    }

    /// Moves `from`'s entries to `to` (ModifyUser NEWSUBUSER renames the
    /// account): they keep their ids, and a later account named `from`
    /// starts with none.
    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(entries) = self.accounts.remove(from) {
            self.accounts.insert(to.to_owned(), entries);
        }
    }

    /// The months of `account`'s latest `kind` entry for `description`
    /// (the period a registration's refund gives back).
    pub fn last_months(&self, account: &str, kind: Kind, description: &str) -> Option<u32> {
        (self.latest(account, kind, description, |_| true)).map(|entry| u32::from(entry.months))
    }

    /// What `account` was given back for `description` at `at` (the
    /// deletion's refunds of the registration and the auto-renewal), which
    /// a restore takes again from a reseller above.
    pub fn given_back(&self, account: &str, description: &str, at: Timestamp) -> Money {
        let refunds = [Kind::RefundAddDomain, Kind::RefundRenewDomain];
        let cents = (self.of(account).iter().rev())
            .take_while(|entry| entry.at >= at)
            .filter(|entry| entry.at == at && entry.description() == description)
            .filter(|entry| refunds.contains(&entry.kind))
            .map(|entry| entry.cents)
            .sum();
        Money::from_cents(cents)
    }

    /// Forgets `account`'s entries (account removal and reset).
    pub fn forget(&mut self, account: &str) {
        for entry in self.accounts.remove(account).unwrap_or_default() {
            self.manual.remove(&entry.id);
        }
    }

    /// ACCOUNTINGTYPE of `entry`: its kind's name, or a manual entry's own.
    pub fn type_name<'s>(&'s self, entry: &Entry) -> &'s str {
        match entry.kind {
            Kind::Manual => self.manual.get(&entry.id).map_or("MANUAL", |name| name),
            kind => kind.name(),
        }
    }

    /// Gives `account`'s entry `id` the VAT rate `vat` (UpdateInvoice VAT);
    /// the balance moves by net prices, so it stays.
    pub(super) fn set_vat(&mut self, account: &str, id: u32, vat: Percent) {
        if let Some(entries) = self.accounts.get_mut(account)
            && let Ok(at) = entries.binary_search_by_key(&id, |entry| entry.id)
        {
            entries[at].vat = u16::try_from(hundredths(vat.0)).unwrap_or(u16::MAX);
        }
    }

    /// How many entries all accounts hold.
    pub fn len(&self) -> usize {
        self.accounts.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

impl System {
    /// The ledger (QueryAccountingList, StatusAccounting).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

#[path = "ledger_charge.rs"]
mod charge;

#[path = "ledger_manual.rs"]
mod manual;
pub use manual::{MAX_PAYMENT, Manual};

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
