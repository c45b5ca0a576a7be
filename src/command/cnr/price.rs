//! The CentralNic Reseller DomainPrice (KB DomainPrice.md): what otebox
//! would charge the caller for an action on one name, read from the same
//! places the charging commands read (`System::price_sheet`,
//! `System::domain_price`, the premium terms of `System::availability` and
//! `premium_price`/`premium_renewal`, the catalogue's exchange rates). It
//! changes nothing and must hold no price of its own.

use rust_decimal::Decimal;

use super::super::domain::shared::{offered, premium_price, restore_charge};
use super::super::transfer_rules::transfer_term;
use super::super::{Args, Ctx};
use super::check::parse_domain;
use super::fee::premium_renewal;
use crate::error::{Error, Result};
use crate::registry::pricing::Action;
use crate::registry::{Availability, Money, Period, Premium, catalogue, catalogue::Tld};
use crate::wire::Response;

/// The action TYPE names, as the answer's `type` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Add,
    Renew,
    Transfer,
    Restore,
}

impl Kind {
    fn parse(text: &str) -> Result<Kind> {
        Ok(match text.to_ascii_uppercase().as_str() {
            "ADDDOMAIN" => Kind::Add,
            "RENEWDOMAIN" => Kind::Renew,
            "TRANSFERDOMAIN" => Kind::Transfer,
            "RESTOREDOMAIN" => Kind::Restore,
            _ => {
                return Err(Error::invalid(
                    "TYPE",
                    format_args!(
                        "({text}) is not ADDDOMAIN, RENEWDOMAIN, TRANSFERDOMAIN or RESTOREDOMAIN"
                    ),
                ));
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Add => "ADD",
            Kind::Renew => "RENEW",
            Kind::Transfer => "TRANSFER",
            Kind::Restore => "RESTORE",
        }
    }

    /// The periods the zone offers for this action, and their name in a `541`.
    fn periods(self, tld: &Tld) -> (&'static [Period], &'static str) {
        match self {
            Kind::Add => (tld.registration_periods, "registration"),
            Kind::Renew => (tld.renewal_periods, "renewal"),
            Kind::Transfer => (tld.transfer_periods, "transfer"),
            // A restore is not priced by time: any registration period.
            Kind::Restore => (tld.registration_periods, "registration"),
        }
    }
}

/// An amount as the answer writes amounts: four decimals (`0.0000`).
fn four(amount: Money) -> Decimal {
    let mut value = amount.0.round_dp(4);
    value.rescale(4);
    value
}

/// PERIOD (`n`, `nY`, `nM`; default 1) read with PERIODTYPE (`YEAR`, the
/// default, or `MONTH`: PERIOD counts months), one the zone offers for the
/// action (`541` naming its periods; without PERIOD the zone's first when it
/// has no one-year period).
fn read_period(period: Option<&str>, unit: Option<&str>, kind: Kind, tld: &Tld) -> Result<Period> {
    let months = match unit.map(str::to_ascii_uppercase).as_deref() {
        None | Some("" | "YEAR") => false,
        Some("MONTH") => true,
        Some(_) => {
            return Err(Error::invalid(
                "PERIODTYPE",
                format_args!("({}) is not YEAR or MONTH", unit.unwrap_or_default()),
            ));
        }
    };
    let (allowed, what) = kind.periods(tld);
    let period = match period.filter(|text| !text.is_empty()) {
        None if allowed.contains(&Period::years(1)) => Period::years(1),
        None => *allowed.first().unwrap_or(&Period::years(1)),
        Some(text) if months && text.bytes().all(|b| b.is_ascii_digit()) => {
            Period::parse(&format!("{text}M"))
                .ok_or_else(|| Error::syntax_rule("PERIOD", text, "must be a number of months"))?
        }
        Some(text) => Period::parse(text).ok_or_else(|| {
            Error::syntax_rule("PERIOD", text, "must be years (1, 1Y) or months (12M)")
        })?,
    };
    // A transfer reads one year as a zone's `0Y` (TransferDomain's rule).
    let period = match kind {
        Kind::Transfer => transfer_term(tld, period),
        _ => period,
    };
    offered(period, allowed, what, tld)
}

/// The premium terms of a name: a registered (or deleted) name's own, else those the
/// availability check gives a free premium name.
fn premium_terms(ctx: &Ctx<'_>, name: &crate::registry::DomainName) -> Option<Premium> {
    if let Some(domain) = ctx.system.domain(name.as_str()) {
        return domain.premium.as_deref().cloned();
    }
    // A deleted name restores (and renews) at its own terms, as
    // RestoreDomain charges it.
    if let Some(gone) = ctx.system.deleted_domain(name.as_str()) {
        return gone.domain.premium.as_deref().cloned();
    }
    match ctx.system.availability(name, ctx.now) {
        Availability::Premium(_, premium) => Some(premium),
        _ => None,
    }
}

/// What the caller would be charged for an action on DOMAIN, in its
/// currency: TYPE's price for PERIOD (without TYPE: a registration's, and no
/// `type` row), with the zone's price list (the caller's sheet: its
/// relations or the catalogue's; a premium name's premium terms, as the
/// charges use them) and the VAT the ledger records at the account's rate.
/// X-PROMOTION-CODE is accepted (otebox has no promotions).
///
/// ```text
/// COMMAND          = DomainPrice
/// DOMAIN           = <domain>
/// TYPE             = ADDDOMAIN | RENEWDOMAIN | TRANSFERDOMAIN | RESTOREDOMAIN   (optional)
/// PERIOD           = <n | nY | nM>   (optional, 1)     PERIODTYPE = YEAR | MONTH (optional)
/// X-PROMOTION-CODE = accepted
/// ---
/// property[annual][0] property[application][0] = 0.0000 property[currency][0]
/// property[domain][0] property[exchangerate][0] (empty unless zonecurrency differs)
/// property[nonrefundable][0] = 0.0000 property[period][0] property[periodtype][0]
/// property[premium][0] = 0|1 property[price][0] property[restore][0] property[setup][0]
/// property[trade][0] property[transfer][0] property[type][0] (when TYPE came)
/// property[usedprice][0] = standard|premium property[vat][0]
/// property[vatnonrefundable][0] = 0.0000 property[vatpercent][0] property[zone][0]
/// property[zonecurrency][0]
/// ```
pub(super) fn domain_price(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let domain = args.required("DOMAIN")?;
    let kind = args.optional("TYPE").filter(|text| !text.is_empty());
    let period = args.optional("PERIOD");
    let unit = args.optional("PERIODTYPE");
    args.optional("X-PROMOTION-CODE");
    args.finish()?;
    let name = parse_domain("DOMAIN", domain)?;
    let tld = catalogue::find(&name)
        .ok_or_else(|| Error::ObjectNotFound(format!("DOMAIN {name}: no zone of the catalogue")))?;
    let kind = kind.map(Kind::parse).transpose()?;
    let action = kind.unwrap_or(Kind::Add);
    let period = read_period(period, unit, action, tld)?;
    let owner = ctx.owner().to_owned();
    let system = &*ctx.system;
    let currency = system.currency_of(&owner);
    let sheet = system.price_sheet(&owner, tld);
    let premium = premium_terms(ctx, &name);
    // The list's figures, in the currency the prices are kept in.
    let from = premium.as_ref().map_or(sheet.currency, |p| p.currency);
    let listed = |amount: Money, from: &str| system.in_currency_of(&owner, amount, from);
    let (setup, annual, transfer) = match &premium {
        Some(p) => (
            Money((p.price.0 - p.renewal.0).max(Decimal::ZERO)),
            p.renewal,
            p.renewal,
        ),
        None => (sheet.setup, sheet.annual, sheet.transfer),
    };
    let price = match (action, &premium) {
        (Kind::Add, Some(p)) => listed(premium_price(p, period), p.currency)?,
        (Kind::Renew, Some(p)) => listed(premium_renewal(p, period), p.currency)?,
        (Kind::Transfer, Some(p)) => {
            // As `System::transfer_price`: the renewal per year, one for `0Y`.
            let years = Decimal::from((period.months / 12).max(1));
            listed(Money(p.renewal.0 * years), p.currency)?
        }
        (Kind::Add, None) => system.domain_price(&owner, tld, Action::Register(period))?,
        (Kind::Renew, None) => system.domain_price(&owner, tld, Action::Renew(period))?,
        (Kind::Transfer, None) => system.domain_price(&owner, tld, Action::Transfer)?,
        (Kind::Restore, _) => restore_price(ctx, &name, tld)?,
    };
    let vat_rate = system
        .user(&owner)
        .map_or(Decimal::ZERO, |user| user.account.vat.0);
    let vat = Money::rounded(price.0 * vat_rate / Decimal::ONE_HUNDRED);
    let (zone_currency, rate) = if from == currency {
        (String::new(), String::new())
    } else {
        let rate = match (catalogue::rate(from), catalogue::rate(currency)) {
            (Some(base), Some(target)) => {
                let mut rate = (target / base).round_dp(4);
                rate.rescale(4);
                rate.to_string()
            }
            _ => String::new(),
        };
        (from.to_owned(), rate)
    };
    let (shown, unit) = match period.whole_years() {
        Some(years) => (years, "YEAR"),
        None => (period.months, "MONTH"),
    };
    let mut response = Response::with_room(24, 512);
    response
        .push("annual", four(listed(annual, from)?))
        .push("application", four(Money::default()))
        .push_str("currency", currency)
        .push_str("domain", domain)
        .push_str("exchangerate", &rate)
        .push("nonrefundable", four(Money::default()))
        .push("period", shown)
        .push_str("periodtype", unit)
        .push("premium", u8::from(premium.is_some()))
        .push("price", four(price))
        .push("restore", four(listed(sheet.restore, sheet.currency)?))
        .push("setup", four(listed(setup, from)?))
        .push("trade", four(listed(sheet.trade, sheet.currency)?))
        .push("transfer", four(listed(transfer, from)?));
    if let Some(kind) = kind {
        response.push_str("type", kind.name());
    }
    response
        .push_str(
            "usedprice",
            if premium.is_some() {
                "premium"
            } else {
                "standard"
            },
        )
        .push("vat", four(vat))
        .push("vatnonrefundable", four(Money::default()))
        .push("vatpercent", crate::registry::Percent(vat_rate))
        .push_str("zone", tld.zone)
        .push_str("zonecurrency", &zone_currency);
    Ok(response)
}

/// What RestoreDomain would charge for `name`: for the caller's deleted
/// name exactly that (`restore_charge`: a refund charged back, a renewal
/// when it expired since), else the zone's restore price.
fn restore_price(ctx: &Ctx<'_>, name: &crate::registry::DomainName, tld: &Tld) -> Result<Money> {
    match ctx
        .system
        .deleted_domain(name.as_str())
        .filter(|deleted| deleted.domain.owner == ctx.owner())
    {
        Some(deleted) => restore_charge(ctx, deleted, tld).map(|(price, _)| price),
        None => ctx.system.domain_price(ctx.owner(), tld, Action::Restore),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_default_to_a_year_and_read_months() {
        let com = catalogue::zone_named("com").unwrap();
        let ch = catalogue::zone_named("ch").unwrap();
        let read = |period, unit, kind, tld| read_period(period, unit, kind, tld);
        assert_eq!(read(None, None, Kind::Add, com).unwrap(), Period::years(1));
        assert_eq!(
            read(Some("24"), Some("month"), Kind::Renew, com).unwrap(),
            Period::years(2)
        );
        assert_eq!(
            read(Some("12M"), None, Kind::Add, com).unwrap(),
            Period::years(1)
        );
        // A zone whose transfer keeps the expiry has no one-year transfer.
        assert_eq!(read(None, None, Kind::Transfer, ch).unwrap().months, 0);
        assert_eq!(
            read(Some("11"), None, Kind::Add, com).unwrap_err().code(),
            541
        );
        assert_eq!(
            read(Some("x"), None, Kind::Add, com).unwrap_err().code(),
            505
        );
        assert_eq!(
            read(None, Some("DAY"), Kind::Add, com).unwrap_err().code(),
            541
        );
        assert_eq!(Kind::parse("tradedomain").unwrap_err().code(), 541);
        assert_eq!(Kind::parse("renewdomain").unwrap().name(), "RENEW");
    }
}
