//! The CentralNic Reseller zone catalogue commands, QueryZoneList,
//! GetZoneInfo (cnr-commands.md §26, §27) and GetZone, read from the same catalogue the
//! registrations use (`registry::catalogue`). They change nothing and must
//! not hold zone facts of their own beyond the pay-only list below.

use std::collections::HashMap;
use std::fmt;

use super::super::list::glob;
use super::super::{Args, Ctx};
use super::check::parse_domain;
use super::columns;
use super::fee::account_currency;
use crate::error::{Error, Result};
use crate::registry::pricing::Sheet;
use crate::registry::{Money, Period, catalogue, catalogue::Tld};
use crate::wire::Response;

// The zones whose renewals are paid, not ordered (`domain/renew.rs`):
// GetZoneInfo says `rrpsupportsrenewal = 0` there, so WHMCS renews them with
// `SetDomainRenewalMode RENEWONCE`.
use super::super::domain::shared::PAY_ONLY_ZONES;

/// The longest label the DNS allows (GetZoneInfo `characters maximum`).
const MAX_LABEL: usize = 63;

/// The contact roles TransferDomain takes in every zone (`transfer.rs`), as
/// GetZoneInfo's `transfersupportedcontacts` lists them (the Blesta module
/// appends `CONTACT` to each).
const TRANSFER_CONTACTS: &str = "OWNER,ADMIN,TECH,BILLING";

/// `0`/`1` as the platform writes booleans.
fn bit(value: bool) -> u8 {
    u8::from(value)
}

/// A period list as the platform writes `PERIODS`: `1y,2y,…`, `Nm` for a
/// whole-month period that is not a year (the keysystems module's zone table,
/// dumped from the live GetZoneInfo, reads so; WHMCS's CentralNic module takes
/// the years by `(\d+)y`, and the Blesta module's `intval` reads either).
struct Periods(&'static [Period]);

impl fmt::Display for Periods {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (at, period) in self.0.iter().enumerate() {
            if at > 0 {
                f.write_str(",")?;
            }
            match period.whole_years() {
                Some(years) => write!(f, "{years}y")?,
                None => write!(f, "{}m", period.months)?,
            }
        }
        Ok(())
    }
}

/// The zone facts of one zone, the KB set (lower case with blanks) and the
/// keys WHMCS reads (lower case without blanks), in one alphabetical list.
///
/// ```text
/// COMMAND = GetZoneInfo
/// ZONE    = <zone: com, co.uk>   or   DOMAIN = <name in the zone>
/// ---
/// property[authcode][0] = required | not required
/// property[autorenew grace period][0]   property[autorenewgraceperioddays][0] = <days>
/// property[characters maximum][0] = 63  property[characters minimum][0]
/// property[handles updateable][0] = 1   property[idn][0] = 0|1
/// property[irtp][0] = 0|1 (ICANN's change of registrant)   property[isntld][0] = 0|1
/// property[ntldcategories][0] = <empty>
/// property[ownerchangeprocess][0] = TRADE | UPDATE
/// property[periods][0] = 1y,2y,…        property[realtime][0] = 1
/// property[redemptionperioddays][0]     property[registrationperiods][0] = 1y,2y,…
/// property[renew after transfer][0] = 0|1  property[renewalattransfer][0] = 0|1
/// property[renewalmode][0] = DEFAULT    property[renewalperiods][0] = 1y,2y,…
/// property[restore days possible][0]
/// property[rrpsupportsrenewal][0] = 0|1 property[rrpsupportswhoisprivacy][0] = 0|1
/// property[supportsdnssecdsdata][0] = 1 property[supportstransferlocks][0] = 1
/// property[supportstrustee][0] = 0      property[trade possible][0] = 0|1
/// property[transferperiods][0] = 1y | 0y (a transfer that keeps the expiry)
/// property[transferresetsregistrationperiod][0] = 0
/// property[transfersupportedcontacts][0] = OWNER,ADMIN,TECH,BILLING
/// property[zone][0]
/// ```
///
/// Neither ZONE nor DOMAIN: `504 ZONE`; both, naming different zones: `541`;
/// a zone not in the catalogue: `545 Entity reference not found`.
pub(super) fn get_zone_info(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let zone = args.optional("ZONE");
    let domain = args.optional("DOMAIN");
    args.finish()?;
    Ok(zone_info(zone_or_domain(zone, domain, "ZONE")?))
}

/// The catalogue zone ZONE names or DOMAIN lies in (GetZoneInfo,
/// QueryIDNTagList): neither: `504` naming `missing`; both, naming
/// different zones: `541`; a zone not in the catalogue: `545`.
pub(super) fn zone_or_domain(
    zone: Option<&str>,
    domain: Option<&str>,
    missing: &'static str,
) -> Result<&'static Tld> {
    let by_zone = zone.map(|zone| {
        catalogue::zone_named(zone.trim_matches('.'))
            .ok_or_else(|| Error::ObjectNotFound(format!("ZONE {zone} is not in the catalogue")))
    });
    let by_domain = domain.map(zone_of_domain);
    match (by_zone.transpose()?, by_domain.transpose()?) {
        (None, None) => Err(Error::missing(missing)),
        (Some(tld), None) | (None, Some(tld)) => Ok(tld),
        (Some(tld), Some(other)) if tld.zone == other.zone => Ok(tld),
        (Some(tld), Some(other)) => Err(Error::invalid(
            "DOMAIN",
            format_args!("lies in {}, not in ZONE {}", other.zone, tld.zone),
        )),
    }
}

/// The catalogue zone of DOMAIN: a name in it, or the zone itself (`io`,
/// `co.uk`: the Elixir client sends the zone as DOMAIN, which the live OT&E
/// answers). No zone of the catalogue: `545`.
fn zone_of_domain(text: &str) -> Result<&'static Tld> {
    if let Some(tld) = catalogue::zone_named(text.trim_matches('.')) {
        return Ok(tld);
    }
    let name = parse_domain("DOMAIN", text)?;
    catalogue::find(&name)
        .ok_or_else(|| Error::ObjectNotFound(format!("DOMAIN {name}: no zone of the catalogue")))
}

/// The zone of a domain name (or of a zone named as DOMAIN, as GetZoneInfo
/// takes it): `545` when the catalogue has none.
///
/// ```text
/// COMMAND = GetZone
/// DOMAIN  = <domain>
/// ---
/// property[domain][0] = <as sent>   property[zone][0] = <zone: io, co.uk>
/// ```
pub(super) fn get_zone(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let domain = args.required("DOMAIN")?;
    args.finish()?;
    let tld = zone_of_domain(domain)?;
    Ok(Response::ok().with("domain", domain).with("zone", tld.zone))
}

/// GetZoneInfo's answer for one catalogue row.
fn zone_info(tld: &Tld) -> Response {
    // TradeDomain is taken where the policy is TRADE or ICANN's; only a
    // TRADE zone needs it: the platform changes a gTLD's registrant by
    // ModifyDomain (its live zone table has no gTLD with a trade), as otebox
    // takes it there too.
    let trade_possible = matches!(tld.registrant_change, "TRADE" | "ICANN-TRADE");
    let needs_trade = tld.registrant_change == "TRADE";
    // A transfer adds time unless the zone keeps the expiry (`0Y` only).
    let renews_at_transfer = tld.transfer_periods.iter().any(|p| p.months > 0);
    let pay_only = PAY_ONLY_ZONES.contains(&tld.zone);
    let mut response = Response::with_room(32, 512);
    response
        .push_str(
            "authcode",
            if tld.auth_required {
                "required"
            } else {
                "not required"
            },
        )
        .push("autorenew grace period", tld.grace_days)
        .push("autorenewgraceperioddays", tld.grace_days)
        .push("characters maximum", MAX_LABEL)
        .push("characters minimum", tld.min_label)
        .push("handles updateable", 1)
        .push("idn", bit(tld.idn))
        .push("irtp", bit(tld.icann_trade()))
        .push("isntld", bit(tld.is_new_gtld()))
        .push_str("ntldcategories", "")
        .push_str(
            "ownerchangeprocess",
            if needs_trade { "TRADE" } else { "UPDATE" },
        )
        .push("periods", Periods(tld.registration_periods))
        .push("realtime", 1)
        .push("redemptionperioddays", tld.restorable_days)
        .push("registrationperiods", Periods(tld.registration_periods))
        .push("renew after transfer", bit(renews_at_transfer))
        .push("renewalattransfer", bit(renews_at_transfer))
        .push_str("renewalmode", "DEFAULT")
        // A zone renewed only by its registry (`rrpsupportsrenewal = 0`) has
        // no renewal terms: the platform's `n/a`, from which the keysystems
        // module's live zone dump tells which zones to set to RENEWONCE.
        .push_str(
            "renewalperiods",
            &if pay_only {
                "n/a".to_owned()
            } else {
                Periods(tld.renewal_periods).to_string()
            },
        )
        .push("restore days possible", tld.restorable_days)
        .push("rrpsupportsrenewal", bit(!pay_only))
        .push("rrpsupportswhoisprivacy", bit(tld.id_protection))
        .push("supportsdnssecdsdata", 1)
        .push("supportstransferlocks", 1)
        .push("supportstrustee", 0)
        .push("trade possible", bit(trade_possible))
        .push("transferperiods", Periods(tld.transfer_periods))
        .push("transferresetsregistrationperiod", 0)
        .push_str("transfersupportedcontacts", TRANSFER_CONTACTS)
        .push_str("zone", tld.zone);
    response
}

/// The catalogue's zones with their prices in the caller's currency and the
/// caller's domain count per zone, one row per zone in name order. Every
/// zone is active; its prices are the caller's (`registry::pricing`: the
/// relations its parent set, else the catalogue's); `INACTIVE` and
/// `INDIVIDUAL` change nothing; `GENERATELIST` and `SENDLISTEMAIL` (a list
/// file, an e-mail) are accepted and ignored. The rows come in alphabetical
/// name order, interleaved per zone, and `3rds` sorts before `column`.
///
/// ```text
/// COMMAND   = QueryZoneList
/// ZONE      = <pattern, * for any run>   (optional)
/// INACTIVE, INDIVIDUAL = 0|1             (optional)
/// REGISTRAR = <the caller's account>     (optional; another gives 531)
/// ---
/// per zone: property[3rds][i] property[active][i] = 1 property[annual][i]
///   property[application][i] = 0.00 property[currency][i] property[domain count][i]
///   property[periodtype][i] = YEAR property[restore][i] property[setup][i]
///   property[trade][i] property[transfer][i] property[zone][i]
/// then property[column][0..11] naming those twelve
/// ```
pub(super) fn query_zone_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let pattern = args.optional("ZONE");
    let flags = [args.optional("INACTIVE"), args.optional("INDIVIDUAL")];
    let registrar = args.optional("REGISTRAR");
    args.optional("GENERATELIST");
    args.optional("SENDLISTEMAIL");
    args.finish()?;
    for (name, value) in ["INACTIVE", "INDIVIDUAL"].into_iter().zip(flags) {
        if let Some(other) = value.filter(|value| !matches!(*value, "0" | "1")) {
            return Err(Error::syntax_rule(name, other, "must be 0 or 1"));
        }
    }
    let id = ctx.owner();
    if let Some(other) = registrar.filter(|other| *other != id) {
        return Err(Error::AuthorizationFailed(format!(
            "REGISTRAR {other} is not the account {id}"
        )));
    }
    let currency = account_currency(ctx);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for domain in ctx.system.domains_of(ctx.owner()) {
        if let Some(tld) = catalogue::find(&domain.name) {
            *counts.entry(tld.zone).or_default() += 1;
        }
    }
    // The caller's prices: its own relations' sheet or the catalogue's.
    let price = |amount: Money, sheet: &Sheet| {
        catalogue::convert(amount, sheet.currency, currency).ok_or_else(|| {
            Error::CommandFailed(format!(
                "no exchange rate from {} to {currency}",
                sheet.currency
            ))
        })
    };
    let zones = catalogue::TLDS.iter().filter(|tld| {
        pattern.is_none_or(|pattern| glob(pattern.trim_start_matches('.'), tld.zone))
    });
    let mut response = Response::with_room(16 * catalogue::TLDS.len(), 96 * catalogue::TLDS.len());
    for tld in zones {
        let prices = ctx.system.price_sheet(ctx.owner(), tld);
        let prices = &prices;
        response
            .push_str("3rds", tld.zone)
            .push("active", 1)
            .push("annual", price(prices.annual, prices)?)
            .push("application", Money::default())
            .push_str("currency", currency)
            .push("domain count", counts.get(tld.zone).copied().unwrap_or(0))
            .push("periodtype", "YEAR")
            .push("restore", price(prices.restore, prices)?)
            .push("setup", price(prices.setup, prices)?)
            .push("trade", price(prices.trade, prices)?)
            .push("transfer", price(prices.transfer, prices)?)
            .push_str("zone", tld.zone);
    }
    columns(
        &mut response,
        &[
            "3rds",
            "active",
            "annual",
            "application",
            "currency",
            "domain count",
            "periodtype",
            "restore",
            "setup",
            "trade",
            "transfer",
            "zone",
        ],
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_info_is_alphabetical_and_complete() {
        for tld in catalogue::TLDS {
            let response = zone_info(tld);
            let mut names: Vec<String> = Vec::new();
            response.each_as_pushed(|name, _, _| names.push(name.to_owned()));
            assert!(names.windows(2).all(|pair| pair[0] < pair[1]), "{names:?}");
            assert_eq!(response.first("zone"), Some(tld.zone));
        }
        let de = zone_info(catalogue::zone_named("de").unwrap());
        assert_eq!(de.first("rrpsupportsrenewal"), Some("0"));
        let com = zone_info(catalogue::zone_named("com").unwrap());
        assert_eq!(com.first("periods"), Some("1y,2y,3y,4y,5y,6y,7y,8y,9y,10y"));
        assert_eq!(com.first("authcode"), Some("required"));
        assert_eq!(com.first("ownerchangeprocess"), Some("UPDATE"));
        assert_eq!(com.first("trade possible"), Some("1"));
        assert_eq!(com.first("transferperiods"), Some("1y"));
        assert_eq!(com.first("isntld"), Some("0"));
        assert_eq!(com.first("irtp"), Some("1"));
        let xyz = zone_info(catalogue::zone_named("xyz").unwrap());
        assert_eq!(xyz.first("isntld"), Some("1"));
        let couk = zone_info(catalogue::zone_named("co.uk").unwrap());
        assert_eq!(couk.first("isntld"), Some("0"));
    }
}
