//! The auto-renew grace period: after the clock renewed a domain
//! (`lifecycle.rs`'s auto-renewal), for the zone's grace days that one
//! renewal can be undone once: by SetDomainRenewalMode to a mode that does
//! not renew ([`System::unrenew`], UNRENEW=1: the dates go back by the
//! period, the charge is refunded), or by DeleteDomain, whose add-grace
//! refund gives it back too ([`AutoRenewal::refundable`]). Only the clock's
//! renewals are kept here; RenewDomain and PayDomainRenewal by hand never
//! are. Zones without grace days (`grace_days` 0: the ccTLDs, the pay-only
//! `.de` and `.nl` among them) keep none. Knows no wire text.

use super::catalogue::Tld;
use super::date::Period;
use super::objectlog::{Op, OpStatus, SUCCESS};
use super::{Domain, LedgerItem, LedgerKind, Money, RenewalMode, System, Timestamp};

/// The latest automatic renewal of a domain while its grace period may
/// still be running ([`Lifecycle::auto_renewed`](super::lifecycle::Lifecycle)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AutoRenewal {
    /// The last second it can be undone: the zone's grace days after the
    /// expiry it renewed (after the renewal itself if that came later, a
    /// retried renewal at FAILUREDATE).
    pub until: Timestamp,
    /// The expiry before it (the dates go back to it, unless a renewal by
    /// hand moved them on since).
    pub from: Timestamp,
    pub period: Period,
    /// What the clock charged, in the account's currency.
    pub price: Money,
    /// The holder's ledger entry of that charge, which a refund gives back
    /// with each reseller's part of the same bill (a renewal by hand since
    /// may have the same price and a bill of other parts); `None` when it
    /// was not found.
    pub entry: Option<u32>,
}

impl AutoRenewal {
    /// The record of a renewal the clock charged at `at` for `period` of a
    /// domain expiring at `from` (`price`, the holder's ledger `entry`);
    /// `None` in a zone without grace days.
    pub fn new(
        tld: &Tld,
        at: Timestamp,
        from: Timestamp,
        period: Period,
        (price, entry): (Money, Option<u32>),
    ) -> Option<Self> {
        (tld.grace_days > 0).then(|| AutoRenewal {
            until: at.max(from).plus_days(u64::from(tld.grace_days)),
            from,
            period,
            price,
            entry,
        })
    }

    /// The domain's auto-renewal if it can still be undone at `now`.
    pub fn refundable(domain: &Domain, now: Timestamp) -> Option<AutoRenewal> {
        domain
            .lifecycle
            .auto_renewed
            .filter(|renewal| now <= renewal.until)
    }

    /// `date` (an expiry or a paid-until date) with this renewal taken out.
    fn undo(&self, date: Timestamp) -> Timestamp {
        if date == self.from.plus(self.period) {
            self.from
        } else {
            date.minus_months(self.period.months)
        }
    }
}

/// Whether a domain in `mode` (its acting mode) is renewed at expiry.
pub fn renews(mode: RenewalMode) -> bool {
    !matches!(
        mode,
        RenewalMode::AutoExpire | RenewalMode::AutoDelete | RenewalMode::ExpireAuction
    )
}

impl System {
    /// Undoes the automatic renewal of `name` (a bundle's first half, its
    /// second following) if its grace period runs at `now`: both halves'
    /// dates go back by the period, the charge is refunded
    /// (`REFUND_RENEW_DOMAIN`), an UNRENEW log entry and event are written.
    /// `true` if it did (SetDomainRenewalMode's `UNRENEW=1`).
    pub fn unrenew(&mut self, name: &str, now: Timestamp, mode: RenewalMode) -> bool {
        let Some(domain) = self.domains.get(name) else {
            return false;
        };
        let Some(renewal) = AutoRenewal::refundable(domain, now) else {
            return false;
        };
        let owner = domain.owner.clone();
        let partner = self.bundle_partner(&domain.name, &owner);
        for half in std::iter::once(name).chain(partner.as_deref()) {
            self.modify_domain(half, |domain| {
                domain.expires = renewal.undo(domain.expires);
                domain.paid_until = renewal.undo(domain.paid_until);
                domain.lifecycle.auto_renewed = None;
                domain.lifecycle.renew_failed = false;
            });
        }
        let item = LedgerItem {
            kind: LedgerKind::RefundRenewDomain,
            description: name,
            months: renewal.period.months,
            price: renewal.price,
            what: "the auto-renew grace period's refund",
            above: None,
        };
        self.refund_of(&owner, now, item, renewal.entry);
        let currency = self.currency_of(&owner);
        let expires = self
            .domains
            .get(name)
            .map_or(renewal.from, |domain| domain.expires);
        let info = format!(
            "renewal for {} undone ({}), {} {currency} refunded",
            renewal.period,
            mode.as_str(),
            renewal.price
        );
        let text = format!("{SUCCESS}; {info}");
        let data = [
            format!("domain:{name}"),
            format!("expiration:{}", expires.datetime()),
        ];
        let data = [data[0].as_str(), data[1].as_str()];
        let entry = (
            Op::Renew,
            OpStatus::Successful,
            "UNRENEW",
            200,
            text.as_str(),
        );
        let event = (
            "DOMAIN_RENEWAL",
            "UNRENEW_SUCCESSFUL",
            &data[..],
            info.as_str(),
        );
        self.job_outcome(now, &owner, name, entry, event);
        true
    }
}

#[cfg(test)]
#[path = "unrenew_tests.rs"]
mod tests;
