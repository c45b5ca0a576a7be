//! The columns of QueryDomainList's rows: version 1's `DOMAIN…` columns
//! (`WIDE=1`), version 2's, and the renewal price columns `PROPERTIES` asks
//! for (`RENEWALPRICE` in version 1, `PRICE` in version 2): CURRENCY,
//! RENEWALGROSSPRICE, RENEWALPRICE and VAT, each where it sorts among the
//! row's columns, as the reference's example places them. Writes only; the
//! rows are chosen in `list.rs`.

use std::fmt;

use rust_decimal::Decimal;

use super::filter::{CLASS, renewal_word};
use super::status::{Dates, lite_protection, next_action, prepaid};
use crate::registry::catalogue::Tld;
use crate::registry::zone::SANDBOX_NAMESERVER_LIST;
use crate::registry::{DateTime, Domain, Money, Percent, Period, Role, System};
use crate::wire::Response;

/// One listed domain with what its columns and sort keys need.
pub(super) struct Row<'a> {
    pub(super) domain: &'a Domain,
    pub(super) tld: &'static Tld,
    pub(super) dates: Dates,
    pub(super) subclass: &'a str,
    pub(super) repository: &'static str,
    pub(super) renewal_period: Option<Period>,
    /// The `STATUS` rows, as StatusDomain shows them (`status::statuses`).
    pub(super) statuses: Vec<&'a str>,
}

/// A value, or nothing, written straight into the response.
pub(super) struct Optional<T>(pub(super) Option<T>);

impl<T: fmt::Display> fmt::Display for Optional<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(value) => value.fmt(f),
            None => Ok(()),
        }
    }
}

/// The upcoming renewal of a domain: the auto-renewal period the clock
/// would charge (`lifecycle.rs`), priced as RenewDomain charges it (the
/// zone's annual price, or a premium name's renewal price) in the holder's
/// currency, and the holder's VAT rate. Shown whatever the renewal mode: an
/// AUTOEXPIRE domain still tells what renewing it costs. Without an
/// exchange rate the prices are empty.
pub(super) struct Price {
    currency: &'static str,
    /// The period the clock's auto-renewal adds (QueryObjectRenewalList's PERIOD).
    pub(super) period: Period,
    pub(super) net: Option<Money>,
    pub(super) vat: Percent,
}

impl Price {
    pub(super) fn of(system: &System, row: &Row<'_>) -> Price {
        Price::of_domain(system, row.domain, row.tld)
    }

    /// [`Price::of`] for a domain of the zone `tld` outside a row.
    pub(super) fn of_domain(system: &System, domain: &Domain, tld: &Tld) -> Price {
        let (currency, vat) = system
            .user(&domain.owner)
            .map_or(("EUR", Percent::default()), |user| {
                (user.account.currency, user.account.vat)
            });
        let period = domain.auto_renewal_period(tld);
        Price {
            currency,
            period,
            net: system.renewal_price_for(domain, tld, period),
            vat,
        }
    }

    /// The net price with the VAT rate added (rounded to cents when written).
    pub(super) fn gross(&self) -> Option<Money> {
        let hundred = Decimal::ONE_HUNDRED;
        self.net
            .map(|net| Money(net.0 * (hundred + self.vat.0) / hundred))
    }
}

/// The four price properties of one domain, as StatusDomain's `PROPERTIES=PRICE`
/// adds them after its own.
pub(super) fn push_prices(response: &mut Response, price: &Price) {
    push_currency(response, Some(price));
    push_gross(response, Some(price));
    push_net(response, Some(price));
    push_vat(response, Some(price));
}

/// The column before a row's first (CURRENCY sorts first in both versions).
fn push_currency(response: &mut Response, price: Option<&Price>) {
    if let Some(price) = price {
        response.push("CURRENCY", price.currency);
    }
}

fn push_gross(response: &mut Response, price: Option<&Price>) {
    if let Some(price) = price {
        response.push("RENEWALGROSSPRICE", Optional(price.gross()));
    }
}

fn push_net(response: &mut Response, price: Option<&Price>) {
    if let Some(price) = price {
        response.push("RENEWALPRICE", Optional(price.net));
    }
}

fn push_vat(response: &mut Response, price: Option<&Price>) {
    if let Some(price) = price {
        response.push("VAT", price.vat);
    }
}

/// Version 1 without `WIDE`: the name (and the prices).
pub(super) fn push_v1_short(response: &mut Response, row: &Row<'_>, price: Option<&Price>) {
    push_currency(response, price);
    response.push("DOMAIN", &row.domain.name);
    push_gross(response, price);
    push_net(response, price);
    push_vat(response, price);
}

/// Version 2 without `WIDE`: class and id (and the prices).
pub(super) fn push_v2_short(response: &mut Response, row: &Row<'_>, price: Option<&Price>) {
    push_currency(response, price);
    response
        .push("OBJECTCLASS", CLASS)
        .push("OBJECTID", &row.domain.name);
    push_gross(response, price);
    push_net(response, price);
    push_vat(response, price);
}

/// The handles of a role, space-separated (one cell).
fn handles(domain: &Domain, role: Role) -> String {
    domain.contacts[role.index()].join(" ")
}

/// Version 1 with `WIDE=1`, the reference's example row: `PARENTUSER` is
/// the owner's parent, `PEERUSER` the `s_user` chain from the view to the
/// owner (empty for the view's own domains), as in version 2.
pub(super) fn push_v1(
    response: &mut Response,
    row: &Row<'_>,
    price: Option<&Price>,
    system: &System,
    view: &str,
) {
    let (domain, dates) = (row.domain, &row.dates);
    let (action, when) = next_action(domain, dates);
    push_currency(response, price);
    response
        .push("DOMAIN", &domain.name)
        .push("DOMAINACCOUNTINGDATE", dates.accounting.datetime())
        .push("DOMAINADMINCONTACT", handles(domain, Role::Admin))
        .push("DOMAINAUTH", &domain.auth)
        .push("DOMAINBILLINGCONTACT", handles(domain, Role::Billing))
        .push("DOMAINCREATEDBY", &domain.created_by)
        .push("DOMAINCREATEDDATE", domain.created.datetime())
        .push("DOMAINEXPIRATIONDATE", dates.expiration.datetime())
        .push("DOMAINFAILUREDATE", dates.failure.datetime())
        .push("DOMAINFINALIZATIONDATE", dates.finalization.datetime())
        .push("DOMAINNAMESERVER", domain.nameservers.join(" "))
        .push("DOMAINNEXTACTION", action)
        .push("DOMAINNEXTACTIONDATE", when)
        .push("DOMAINOWNERCONTACT", handles(domain, Role::Owner))
        .push("DOMAINPAIDUNTILDATE", dates.paid_until.datetime())
        .push("DOMAINPREPAIDPERIOD", prepaid(domain))
        .push(
            "DOMAINREGISTRATIONEXPIRATIONDATE",
            dates.expiration.datetime(),
        )
        .push("DOMAINRENEWALMODE", domain.renewal_mode.as_str())
        .push("DOMAINREPOSITORY", row.repository)
        .push("DOMAINSTATUS", row.statuses.join(" "))
        .push("DOMAINSUBCLASS", row.subclass)
        .push("DOMAINTECHCONTACT", handles(domain, Role::Tech))
        .push("DOMAINTRANSFERDATE", DateTime(domain.transferred()))
        .push("DOMAINTRANSFERLOCK", u8::from(domain.transfer_lock))
        .push("DOMAINUMLAUT", domain.name.unicode())
        .push("DOMAINUPDATEDBY", &domain.updated_by)
        .push("DOMAINUPDATEDDATE", domain.updated.datetime())
        .push("PARENTUSER", system.parent_of(&domain.owner))
        .push("PEERUSER", system.peer_chain(view, &domain.owner));
    push_gross(response, price);
    push_net(response, price);
    response.push("USER", &domain.owner);
    push_vat(response, price);
    response.push("X-ACCEPT-WHOISTRUSTEE-TAC", u8::from(domain.id_protection));
}

/// `PARENTUSER` is the owner's parent, `PEERUSER` the `s_user` chain from
/// the view to the owner (empty for the view's own domains).
pub(super) fn push_v2(
    response: &mut Response,
    row: &Row<'_>,
    price: Option<&Price>,
    system: &System,
    view: &str,
) {
    let (domain, dates) = (row.domain, &row.dates);
    let (action, when) = next_action(domain, dates);
    response
        .push("ACCOUNTINGDATE", dates.accounting.datetime())
        .push("ADMINCONTACT", handles(domain, Role::Admin))
        .push("AUTH", &domain.auth)
        .push("BILLINGCONTACT", handles(domain, Role::Billing))
        .push("CLAIMKEY", "")
        .push("CREATEDDATE", domain.created.datetime());
    push_currency(response, price);
    response
        .push("DESCRIPTION", domain.name.unicode())
        .push("EXPIRATIONDATE", dates.expiration.datetime())
        .push("FAILUREDATE", dates.failure.datetime())
        .push("FINALIZATIONDATE", dates.finalization.datetime())
        .push(
            "INTERNALNAMESERVER",
            if domain.internal_dns {
                SANDBOX_NAMESERVER_LIST
            } else {
                ""
            },
        )
        .push("INVALIDPARAMETER", "")
        .push("MISSINGPARAMETER", "")
        .push("NAMESERVER", domain.nameservers.join(" "))
        .push("NEXTACTION", action)
        .push("NEXTACTIONDATE", when)
        .push("OBJECTCLASS", CLASS)
        .push("OBJECTID", &domain.name)
        .push("OWNERCONTACT", handles(domain, Role::Owner))
        .push("PAIDUNTILDATE", dates.paid_until.datetime())
        .push("PARENTUSER", system.parent_of(&domain.owner))
        .push("PEERUSER", system.peer_chain(view, &domain.owner))
        .push("PREPAIDPERIOD", prepaid(domain));
    push_gross(response, price);
    response
        .push("RENEWALMODE", renewal_word(domain).to_ascii_lowercase())
        .push("RENEWALPERIOD", Optional(row.renewal_period));
    push_net(response, price);
    response
        .push("REPOSITORY", row.repository)
        .push("ROID", "")
        .push("STATUS", row.statuses.join(" "))
        .push("SUBCLASS", row.subclass)
        .push("TECHCONTACT", handles(domain, Role::Tech))
        .push(
            "TRANSFERDATE",
            domain
                .transferred()
                .map(|t| t.datetime().to_string())
                .unwrap_or_default(),
        )
        .push("TRANSFERLOCK", u8::from(domain.transfer_lock))
        .push("UPDATEDDATE", domain.updated.datetime())
        .push("USER", &domain.owner);
    push_vat(response, price);
    response
        .push("X-ACCEPT-WHOISTRUSTEE-TAC", u8::from(domain.id_protection))
        .push("X-ACCEPT-WHOISTRUSTEELITE-TAC", lite_protection(domain));
}
