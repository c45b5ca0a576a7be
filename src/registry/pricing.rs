//! What a standard (non-premium) domain action costs an account: the one
//! place every charge site, StatusUser's relation rows, QueryDomainList's
//! renewal prices and the CNR zone list ask. An account's own price
//! relations (`PRICE_CLASS_DOMAIN_<CLASS>_<ITEM>`, set by its parent with
//! AddUser/ModifyUser) replace the catalogue's prices of that class, else
//! those of its user class (ModifyUserClass, `user_class.rs`); an account
//! with neither pays the catalogue's, exactly as before.
//!
//! Owns the price sheet and the checks of a price relation's value. Does not
//! touch balances or the ledger (`ledger.rs` charges what it is handed), nor
//! premium prices (a premium name keeps its premium terms, `scenario.rs`;
//! only a renewal's choice between the two is made here).

use rust_decimal::Decimal;

use super::catalogue::{self, Tld};
use super::environment::{Item, RelationValue, known_currency};
use super::ssl::{SslClass, ssl_class};
use super::{Domain, IndexMap, Money, Period, Premium, System, User};
use crate::error::{Error, Result};

/// The priced items of a class, as the relation names end.
const ITEMS: [&str; 5] = ["SETUP", "ANNUAL", "TRANSFER", "RESTORE", "TRADE"];

/// What is charged: the action and, for those priced by time, the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// SETUP + ANNUAL per year of the period (AddDomain, AddDomainApplication).
    Register(Period),
    /// ANNUAL per year of the period (RenewDomain, PayDomainRenewal, the clock).
    Renew(Period),
    /// TRANSFER, once whatever the period (as the catalogue always charged).
    Transfer,
    /// RESTORE (RestoreDomain; the refunded registration and an expired
    /// domain's renewal are added by the caller).
    Restore,
    /// TRADE (TradeDomain, realtime or at the clock's confirmation).
    Trade,
}

/// One account's prices of one zone class, all in `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    pub currency: &'static str,
    pub setup: Money,
    pub annual: Money,
    pub transfer: Money,
    pub restore: Money,
    pub trade: Money,
    /// Whether the account set any relation of this class (else the
    /// catalogue's prices in the zone's currency).
    pub own: bool,
}

impl Sheet {
    /// The catalogue's prices of `tld`, in its currency.
    pub fn catalogue(tld: &Tld) -> Sheet {
        let cents = Money::from_cents;
        Sheet {
            currency: tld.currency,
            setup: cents(tld.prices.setup),
            annual: cents(tld.prices.annual),
            transfer: cents(tld.prices.transfer),
            restore: cents(tld.prices.restore),
            trade: cents(tld.prices.trade),
            own: false,
        }
    }

    /// The value StatusUser shows for the relation `item` of this class.
    pub fn relation_value(&self, item: Item) -> RelationValue {
        match item {
            Item::Setup => RelationValue::Amount(self.setup),
            Item::Annual => RelationValue::Amount(self.annual),
            Item::Transfer => RelationValue::Amount(self.transfer),
            Item::Restore => RelationValue::Amount(self.restore),
            Item::Trade => RelationValue::Amount(self.trade),
            Item::Currency => RelationValue::Currency(self.currency),
        }
    }

    /// The price of `action` in the sheet's currency.
    pub fn price(&self, action: Action) -> Money {
        match action {
            Action::Register(period) => Money(self.setup.0 + yearly(self.annual, period).0),
            Action::Renew(period) => yearly(self.annual, period),
            Action::Transfer => self.transfer,
            Action::Restore => self.restore,
            Action::Trade => self.trade,
        }
    }
}

/// `amount × months / 12`, rounded to cents as the catalogue's renewals are.
fn yearly(amount: Money, period: Period) -> Money {
    let cents = (amount.0 * Decimal::ONE_HUNDRED).round();
    match i64::try_from(cents) {
        Ok(cents) => per_year(cents, period),
        Err(_) => Money::rounded(amount.0 * Decimal::from(period.months) / Decimal::from(12)),
    }
}

/// `PRICE_CLASS_DOMAIN_<CLASS>_<ITEM>`.
fn relation_name(tld: &Tld, item: &str) -> String {
    format!("PRICE_CLASS_DOMAIN_{}_{item}", tld.class)
}

/// The sheet of `tld`'s class that `relations` (an account's own, or its
/// user class's) set: the currency their `_CURRENCY` names (else
/// `currency`, the account's), each item its relation or the catalogue's
/// price converted into that currency. `None` when they set no relation of
/// the class.
fn relations_sheet(
    relations: &IndexMap<String, String>,
    currency: &'static str,
    tld: &Tld,
) -> Option<Sheet> {
    // Most accounts set no price relation: no names formatted for them.
    let prefix = "PRICE_CLASS_DOMAIN_";
    if !relations.keys().any(|name| name.starts_with(prefix)) {
        return None;
    }
    let own = |item: &str| relations.get(&relation_name(tld, item));
    let currency_set = own("CURRENCY");
    if currency_set.is_none() && ITEMS.iter().all(|item| own(item).is_none()) {
        return None;
    }
    let currency = currency_set
        .and_then(|code| known_currency(code))
        .unwrap_or(currency);
    let catalogue = Sheet::catalogue(tld);
    let item = |name: &str, fallback: Money| {
        // Only what AddUser/ModifyUser would store: a snapshot's relation
        // is not checked when read, and an amount past that could overflow.
        own(name)
            .and_then(|value| plain_amount(value))
            .map(Money)
            .or_else(|| catalogue::convert(fallback, tld.currency, currency))
            .unwrap_or(fallback)
    };
    Some(Sheet {
        currency,
        setup: item("SETUP", catalogue.setup),
        annual: item("ANNUAL", catalogue.annual),
        transfer: item("TRANSFER", catalogue.transfer),
        restore: item("RESTORE", catalogue.restore),
        trade: item("TRADE", catalogue.trade),
        own: true,
    })
}

/// Whether `name` is a relation a sheet is made of: `PRICE_CLASS_DOMAIN_<CLASS>_`
/// then SETUP, ANNUAL, TRANSFER, RESTORE, TRADE or CURRENCY, of a catalogue
/// class (StatusUser shows these in the class's rows, not again after them).
pub fn is_sheet_relation(name: &str) -> bool {
    if let Some((class, item)) = name
        .strip_prefix("PRICE_CLASS_SSLCERT_")
        .and_then(|rest| rest.rsplit_once('_'))
    {
        return matches!(item, "ANNUAL" | "CURRENCY") && ssl_class(class).is_some();
    }
    let Some((class, item)) = name
        .strip_prefix("PRICE_CLASS_DOMAIN_")
        .and_then(|rest| rest.rsplit_once('_'))
    else {
        return false;
    };
    (item == "CURRENCY" || ITEMS.contains(&item))
        && catalogue::TLDS.iter().any(|tld| tld.class == class)
}

impl System {
    /// Whether any sheet of `user` is not the catalogue's: it or its user
    /// class set a relation of a sheet.
    pub fn has_own_prices(&self, user: &User) -> bool {
        let priced = |relations: &IndexMap<String, String>| {
            relations.keys().any(|name| is_sheet_relation(name))
        };
        priced(&user.relations) || self.class_relations_of(&user.id).is_some_and(priced)
    }

    /// The prices `account` pays for standard names of `tld`'s class: its
    /// own relations' sheet, else its user class's (`user_class.rs`), else
    /// the catalogue's (also for an unknown account).
    pub fn price_sheet(&self, account: &str, tld: &Tld) -> Sheet {
        let Some(user) = self.user(account) else {
            return Sheet::catalogue(tld);
        };
        let currency = user.account.currency;
        relations_sheet(&user.relations, currency, tld)
            .or_else(|| {
                let class = self.class_relations_of(account)?;
                relations_sheet(class, currency, tld)
            })
            .unwrap_or_else(|| Sheet::catalogue(tld))
    }

    /// The yearly price of certificate class `class` for `account` and its
    /// currency: `PRICE_CLASS_SSLCERT_<CLASS>_ANNUAL` / `_CURRENCY` set on
    /// the account, else on its user class (as a domain class's sheet),
    /// else the catalogue's.
    pub fn ssl_sheet(&self, account: &str, class: &SslClass) -> (Money, &'static str) {
        let catalogue = (Money::from_cents(class.annual), class.currency);
        let Some(user) = self.user(account) else {
            return catalogue;
        };
        let annual = format!("PRICE_CLASS_SSLCERT_{}_ANNUAL", class.name);
        let currency = format!("PRICE_CLASS_SSLCERT_{}_CURRENCY", class.name);
        let sheet = |relations: &IndexMap<String, String>| {
            let set_currency = relations
                .get(&currency)
                .and_then(|code| known_currency(code));
            let set_annual = relations.get(&annual).and_then(|value| plain_amount(value));
            if set_currency.is_none() && set_annual.is_none() {
                return None;
            }
            let to = set_currency.unwrap_or(user.account.currency);
            let amount = match set_annual {
                Some(amount) => Money(amount),
                None => catalogue::convert(catalogue.0, catalogue.1, to)?,
            };
            Some((amount, to))
        };
        sheet(&user.relations)
            .or_else(|| sheet(self.class_relations_of(account)?))
            .unwrap_or(catalogue)
    }

    /// What one year of certificate class `class` costs `account`, in its
    /// currency. `549` without a rate.
    pub fn ssl_price(&self, account: &str, class: &SslClass) -> Result<Money> {
        let (amount, currency) = self.ssl_sheet(account, class);
        self.in_currency_of(account, amount, currency)
    }

    /// The currency `account` is charged in (EUR for an account otebox
    /// does not know).
    pub fn currency_of(&self, account: &str) -> &'static str {
        self.user(account)
            .map_or("EUR", |user| user.account.currency)
    }

    /// `amount` in `from` converted into `account`'s currency at the
    /// catalogue's fixed rates: `549` without a rate.
    pub fn in_currency_of(&self, account: &str, amount: Money, from: &str) -> Result<Money> {
        let to = self.currency_of(account);
        catalogue::convert(amount, from, to)
            .ok_or_else(|| Error::CommandFailed(format!("no exchange rate from {from} to {to}")))
    }

    /// What `action` on a standard name of `tld` costs `account`, in the
    /// account's currency (EUR for an unknown account): the sheet's price
    /// converted at the catalogue's fixed rates. `549` without a rate.
    pub fn domain_price(&self, account: &str, tld: &Tld, action: Action) -> Result<Money> {
        let sheet = self.price_sheet(account, tld);
        self.in_currency_of(account, sheet.price(action), sheet.currency)
    }

    /// The price of renewing `domain` for `period` as RenewDomain and the
    /// clock charge its holder, in the holder's currency; `None` without an
    /// exchange rate.
    pub fn renewal_price_for(&self, domain: &Domain, tld: &Tld, period: Period) -> Option<Money> {
        self.renewal_price_of(domain, tld, period, &domain.owner)
    }

    /// What renewing the domain `name` for `period` costs `account` (a
    /// reseller above its holder pays its own price, `ledger_charge.rs`):
    /// [`System::renewal_price_of`]; `549` without the domain or a rate.
    pub fn renewal_price_by_name(
        &self,
        name: &str,
        tld: &Tld,
        period: Period,
        account: &str,
    ) -> Result<Money> {
        (self.domains.get(name))
            .and_then(|domain| self.renewal_price_of(domain, tld, period, account))
            .ok_or_else(|| Error::CommandFailed(format!("no price for the renewal of {name}")))
    }

    /// The price of renewing `domain` for `period` charged to `account`, in
    /// its currency: a premium name's renewal price, else the account's
    /// ANNUAL price (`pricing.rs`: its relation or the catalogue's). A
    /// bundle's second half (`x.ong`) renews with its first for one price,
    /// the first half's (`bundle.rs`): priced as `x.ngo`.
    pub fn renewal_price_of(
        &self,
        domain: &Domain,
        tld: &Tld,
        period: Period,
        account: &str,
    ) -> Option<Money> {
        let main = self
            .bundle_main(&domain.name, &domain.owner)
            .and_then(|main| self.domains.get(main.as_str()));
        if let Some(main) = main
            && let Some(main_tld) = catalogue::find(&main.name)
        {
            return self.renewal_price_of(main, main_tld, period, account);
        }
        match &domain.premium {
            Some(premium) => {
                let price = premium_renewal(premium, period);
                self.in_currency_of(account, price, premium.currency).ok()
            }
            None => self.domain_price(account, tld, Action::Renew(period)).ok(),
        }
    }
}

/// Checks the value of relation `name` as AddUser/ModifyUser set it (`param`
/// names the parameter): a price relation's amount (`…_SETUP`, `_ANNUAL`,
/// `_TRANSFER`, `_RESTORE`, `_TRADE`) must be a plain non-negative number
/// with at most two decimals (`505`), a `…_CURRENCY` one a currency otebox
/// converts (`541`); a premium class's (`PRICE_CLASS_DOMAIN_PREMIUM_…`) is
/// refused (`541`): premium names keep their premium terms. Returns the value to store: amounts
/// written with two decimals, currencies upper-cased; other relations as sent.
/// A certificate class's (`PRICE_CLASS_SSLCERT_<CLASS>_ANNUAL|CURRENCY`) is
/// checked the same way.
pub fn check_relation(param: &str, name: &str, value: &str) -> Result<String> {
    let Some(rest) = name
        .strip_prefix("PRICE_CLASS_DOMAIN_")
        .or_else(|| name.strip_prefix("PRICE_CLASS_SSLCERT_"))
    else {
        return Ok(value.to_owned());
    };
    let item = rest.rsplit_once('_').map_or(rest, |(_, item)| item);
    let priced = item == "CURRENCY" || ITEMS.contains(&item);
    if priced && rest.starts_with("PREMIUM_") {
        // StatusUser would show them while premium names are charged their
        // premium terms: refused rather than shown and not charged.
        return Err(Error::invalid(
            param,
            format_args!(
                "({name}:{value}) premium names keep their premium prices; \
                 otebox sets no premium class relations per account"
            ),
        ));
    }
    if item == "CURRENCY" {
        let code = value.to_ascii_uppercase();
        return match known_currency(&code) {
            Some(code) => Ok(code.to_owned()),
            None => Err(Error::invalid(
                param,
                format_args!("({name}:{value}) is not EUR or a currency of QueryExchangeRates"),
            )),
        };
    }
    if !ITEMS.contains(&item) {
        return Ok(value.to_owned());
    }
    match plain_amount(value) {
        Some(amount) => Ok(Money(amount).to_string()),
        None => Err(Error::syntax_rule(
            param,
            &format!("{name}:{value}"),
            "a price relation takes an amount: 0 or more, at most two decimals (e.g. 15.00)",
        )),
    }
}

/// A price relation's amount: digits (at most nine before the point), at
/// most two decimals, nothing else; `None` for anything else.
fn plain_amount(value: &str) -> Option<Decimal> {
    let (whole, cents) = value.split_once('.').unwrap_or((value, ""));
    let plain = !whole.is_empty()
        && whole.len() <= 9
        && cents.len() <= 2
        && !(value.contains('.') && cents.is_empty())
        && whole
            .bytes()
            .chain(cents.bytes())
            .all(|b| b.is_ascii_digit());
    plain.then(|| value.parse().ok()).flatten()
}

/// A premium name's renewal (or transfer) price for `period`, in the
/// premium's own currency: its yearly renewal price per year.
pub fn premium_renewal(premium: &Premium, period: Period) -> Money {
    let cents = (premium.renewal.0 * rust_decimal::Decimal::from(100))
        .round()
        .try_into()
        .unwrap_or(0i64);
    per_year(cents, period)
}

/// `cents × months / 12` as money, rounded to cents.
pub fn per_year(cents: i64, period: Period) -> Money {
    let amount = rust_decimal::Decimal::new(cents, 2) * rust_decimal::Decimal::from(period.months)
        / rust_decimal::Decimal::from(12);
    Money::rounded(amount)
}

#[cfg(test)]
#[path = "pricing_tests.rs"]
mod tests;
