//! Renewals: RenewDomain and PayDomainRenewal (the renewal settings are
//! `renewal_mode.rs`, the .de codes `denic.rs`). Each reads and
//! checks everything, charges as the last fallible step, then changes the
//! domain through the registry's `modify_domain`; the three renewal
//! commands (with SetDomainRenewalMode) change both halves of a bundle alike (`x.ngo` and `x.ong`, one
//! charge: `registry/bundle.rs`). Deletion lives in `delete.rs`.

use super::args::{check_class, read_name, read_period, zone_of};
use super::modify::UPDATE_FLAG;
use crate::command::list::date;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::Tld;
use crate::registry::objectlog::{Op, OpStatus};
use crate::registry::{Domain, Money, Period, Timestamp};
use crate::registry::{LedgerItem, LedgerKind, System};
use crate::wire::Response;
use rust_decimal::Decimal;

/// Zones whose registries renew by themselves once the renewal is paid:
/// RenewDomain answers `510` there and PayDomainRenewal does the work
/// (WHMCS retries a `510` renewal with PayDomainRenewal, whmcs-module.md #29/#30).
pub(in crate::command) const PAY_ONLY_ZONES: &[&str] = &["at", "de", "nl"];

pub(in crate::command) use crate::registry::lifecycle::MAX_YEARS;

/// The client flag that forbids renewals.
const RENEW_FLAG: &str = "clientRenewProhibited";

/// Refuses when the domain carries `flag` (`552`).
pub(in crate::command) fn refuse_flag(domain: &Domain, flag: &str) -> Result<()> {
    if domain.flags.iter().any(|f| f == flag) {
        return Err(Error::StatusProhibits(format!(
            "{} has {flag}; remove it first (ModifyDomain DELSTATUS0={flag})",
            domain.name
        )));
    }
    Ok(())
}

/// The other half of `domain`'s bundle, held by the caller, which a renewal
/// or renewal setting of either half changes too; checked as the half asked
/// about is (no transfer or trade pending, no flag forbidding the renewal).
fn other_half(ctx: &Ctx<'_>, domain: &Domain) -> Result<Option<String>> {
    let Some(other) = ctx.system.bundle_other(&domain.name, ctx.owner()) else {
        return Ok(None);
    };
    let half = ctx.system.owned_domain(ctx.owner(), &other)?;
    ctx.system.refuse_pending_change(&other)?;
    refuse_flag(half, RENEW_FLAG)?;
    refuse_flag(half, UPDATE_FLAG)?;
    Ok(Some(other))
}

/// Charges `renewal` at `price` as `command` (RenewDomain or
/// PayDomainRenewal): one RENEW_DOMAIN ledger entry, `546` naming the command.
/// `unpaid` of the period's months are charged (the rest PayDomainRenewal
/// paid ahead): `price` is that share already, each reseller above pays
/// the same share of its own price.
fn charge_renewal(
    ctx: &mut Ctx<'_>,
    renewal: &Renewal,
    (price, unpaid): (Money, u32),
    command: &str,
) -> Result<()> {
    let what = format!("{command} {} for {}", renewal.name, renewal.period);
    let (tld, period) = (renewal.tld, renewal.period);
    let above = |system: &System, account: &str| {
        let full = system.renewal_price_by_name(&renewal.name, tld, period, account)?;
        Ok(share(full, unpaid, period))
    };
    ctx.charge(LedgerItem {
        kind: LedgerKind::RenewDomain,
        description: renewal.name.as_str(),
        months: renewal.period.months,
        price,
        what: &what,
        above: Some(&above),
    })
}

/// `unpaid` months of `price` for `period`, rounded to cents.
fn share(price: Money, unpaid: u32, period: Period) -> Money {
    Money::rounded(price.0 * Decimal::from(unpaid) / Decimal::from(period.months))
}

/// What RenewDomain and PayDomainRenewal read (the CNR RenewDomain builds one too).
pub(in crate::command) struct Renewal {
    pub(in crate::command) name: String,
    pub(in crate::command) tld: &'static Tld,
    pub(in crate::command) period: Period,
    pub(in crate::command) expiration_year: Option<u64>,
    pub(in crate::command) expiration_date: Option<(String, Timestamp)>,
    pub(in crate::command) class: Option<String>,
}

fn read_renewal(args: &mut Args<'_>) -> Result<Renewal> {
    let name = read_name(args, "DOMAIN")?;
    let tld = zone_of(&name)?;
    let period = read_period(args, tld.renewal_periods, "renewal", tld)?;
    let expiration_year = args.parsed::<u64>("EXPIRATION")?;
    let expiration_date = match args.optional("EXPIRATIONDATE") {
        None => None,
        Some(text) => Some((text.to_owned(), date("EXPIRATIONDATE", text)?)),
    };
    let class = args.optional("CLASS").map(str::to_owned);
    args.finish()?;
    Ok(Renewal {
        name: name.to_string(),
        tld,
        period,
        expiration_year,
        expiration_date,
        class,
    })
}

/// RenewDomain's EXPIRATION of both dialects against `shown`, the current
/// expiry (`YYYY-MM-DD hh:mm:ss`) of `name`: the guards against a double
/// renewal, an expiry year already passed `555` (renewed already), one
/// still ahead `548` (not up for renewal).
pub(in crate::command) fn check_expiration_year(year: u64, name: &str, shown: &str) -> Result<()> {
    let current_year: u64 = shown.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    if year == current_year {
        return Ok(());
    }
    let why = format!("EXPIRATION {year} is not the current expiry year of {name} ({shown})");
    Err(match year < current_year {
        true => Error::AlreadyRenewed(why),
        false => Error::NotUpForRenewal(why),
    })
}

/// Checks a renewal of `current` (the date it moves: registry expiry or
/// paid-until) and returns the new date and the price in the account currency.
fn check_renewal(
    ctx: &Ctx<'_>,
    renewal: &Renewal,
    domain: &Domain,
    current: Timestamp,
) -> Result<(Timestamp, Money)> {
    refuse_flag(domain, RENEW_FLAG)?;
    refuse_flag(domain, UPDATE_FLAG)?;
    let shown = current.datetime().to_string();
    // The guards against a double renewal: an expiry already passed is
    // `555` (renewed already), one still ahead `548` (not up for renewal).
    if let Some(year) = renewal.expiration_year {
        check_expiration_year(year, domain.name.as_str(), &shown)?;
    }
    if let Some((text, sent)) = &renewal.expiration_date
        && !shown.starts_with(text.as_str())
        && sent.datetime().to_string() != *shown
    {
        let why = format!(
            "EXPIRATIONDATE {text} is not the current expiry {shown} of {}",
            domain.name
        );
        return Err(match *sent < current {
            true => Error::AlreadyRenewed(why),
            false => Error::NotUpForRenewal(why),
        });
    }
    let until = current.plus(renewal.period);
    let limit = ctx.now.plus(Period::years(MAX_YEARS));
    if until > limit {
        return Err(Error::NotUpForRenewal(format!(
            "{} for {} would run until {}, more than {MAX_YEARS} years from now",
            domain.name,
            renewal.period,
            until.datetime()
        )));
    }
    if let Some(premium) = &domain.premium {
        match renewal.class.as_deref() {
            None => return Err(Error::missing(format!("CLASS={}", premium.class))),
            Some(class) => check_class(&premium.class, class)?,
        }
    }
    // The clock's auto-renewal charges with the same function (lifecycle.rs).
    let price = ctx
        .system
        .renewal_price_for(domain, renewal.tld, renewal.period)
        .ok_or_else(|| {
            Error::CommandFailed(format!(
                "no exchange rate for the renewal of {}",
                domain.name
            ))
        })?;
    Ok((until, price))
}

/// Renews a domain at the registry now: the registry expiry and the
/// paid-until date move by PERIOD; charged PERIOD × the zone's annual price
/// (premium names: the premium renewal price, with CLASS = their SUBCLASS),
/// less the months PayDomainRenewal has paid ahead already. Either half of
/// a bundle renews both for that one price, and they keep the same dates.
///
/// ```text
/// COMMAND        = RenewDomain
/// DOMAIN         = <domain>
/// PERIOD         = <n | nY | nM>          (optional, the zone's first renewal period)
/// EXPIRATION     = <current expiry year>  (optional guard against double renewals)
/// EXPIRATIONDATE = <current expiry date>  (optional guard, YYYY-MM-DD[ hh:mm:ss])
/// CLASS          = <premium class>        (premium names)
/// ---
/// PROPERTY[DOMAIN][0], [EXPIRATIONDATE][0], [REGISTRATIONEXPIRATIONDATE][0]
/// ```
///
/// In the pay-only zones (`PAY_ONLY_ZONES`) it answers `510` and
/// PayDomainRenewal pays the renewal instead.
pub(in crate::command) fn renew_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let renewal = read_renewal(args)?;
    let (until, _) = renew(ctx, &renewal)?;
    Ok(Response::ok()
        .with("DOMAIN", &renewal.name)
        .with("EXPIRATIONDATE", until.datetime())
        .with("REGISTRATIONEXPIRATIONDATE", until.datetime()))
}

/// RenewDomain's work after reading: checks, charges, moves the dates (of
/// both halves of a bundle) and logs the renewal; returns the new registry
/// expiry and what was charged (in the account currency: less than the
/// price for months PayDomainRenewal paid already).
pub(in crate::command) fn renew(
    ctx: &mut Ctx<'_>,
    renewal: &Renewal,
) -> Result<(Timestamp, Money)> {
    let domain = ctx.system.owned_domain(ctx.owner(), &renewal.name)?;
    ctx.system.refuse_pending_change(&renewal.name)?;
    if PAY_ONLY_ZONES.contains(&renewal.tld.zone) {
        return Err(Error::NotSupportedForClass(format!(
            ".{} renews by itself once paid; use PayDomainRenewal",
            renewal.tld.zone
        )));
    }
    let (until, price) = check_renewal(ctx, renewal, domain, domain.expires)?;
    let other = other_half(ctx, domain)?;
    let paid_until = domain.paid_until.max(until);
    // Months already paid ahead with PayDomainRenewal are not charged again.
    let paid_ahead = (1..=renewal.period.months)
        .take_while(|&months| domain.expires.plus_months(months) <= domain.paid_until)
        .count() as u32;
    let unpaid = renewal.period.months - paid_ahead;
    let price = share(price, unpaid, renewal.period);
    charge_renewal(ctx, renewal, (price, unpaid), "RenewDomain")?;
    let (now, actor) = (ctx.now, ctx.actor());
    for name in std::iter::once(renewal.name.as_str()).chain(other.as_deref()) {
        ctx.system.modify_domain(name, |domain| {
            domain.expires = until;
            domain.paid_until = paid_until;
            domain.updated = now;
            domain.updated_by = actor.as_str().into();
        });
        ctx.log(Op::Renew, OpStatus::Successful, name);
    }
    Ok((until, price))
}

/// Pays a renewal in advance: PAIDUNTILDATE moves by PERIOD and the
/// registry renews by itself when its expiry is reached (on the sandbox
/// clock, `registry/lifecycle.rs`: REGISTRATIONEXPIRATIONDATE catches up
/// then, nothing charged). Prices and guards
/// as RenewDomain, the guards against the paid-until date. Any zone. Either
/// half of a bundle pays for both, once.
///
/// ```text
/// COMMAND = PayDomainRenewal
/// DOMAIN  = <domain>
/// PERIOD, EXPIRATION, EXPIRATIONDATE, CLASS as RenewDomain
/// ---
/// PROPERTY[EXPIRATIONDATE][0] = <new paid-until date>
/// ```
pub(in crate::command) fn pay_domain_renewal(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let renewal = read_renewal(args)?;
    let domain = ctx.system.owned_domain(ctx.owner(), &renewal.name)?;
    ctx.system.refuse_pending_change(&renewal.name)?;
    let (until, price) = check_renewal(ctx, &renewal, domain, domain.paid_until)?;
    let other = other_half(ctx, domain)?;
    charge_renewal(
        ctx,
        &renewal,
        (price, renewal.period.months),
        "PayDomainRenewal",
    )?;
    let (now, actor) = (ctx.now, ctx.actor());
    for name in std::iter::once(renewal.name.as_str()).chain(other.as_deref()) {
        ctx.system.modify_domain(name, |domain| {
            domain.paid_until = until;
            domain.updated = now;
            domain.updated_by = actor.as_str().into();
        });
        ctx.log(Op::Renew, OpStatus::Successful, name);
    }
    Ok(Response::ok().with("EXPIRATIONDATE", until.datetime()))
}
