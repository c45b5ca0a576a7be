//! Bundles (`catalogue::Rule::Bundle`): PIR sells .ngo and .ong only as one
//! unit. Registering the first half (`x.ngo`) registers the second (`x.ong`),
//! the second is never registered on its own, and the two renew, delete,
//! restore and transfer as one, charged once. This file names a name's other
//! half, adds the bundle to a name's availability, says which half a transfer
//! must name, and on the clock lets the first half's job renew or expire
//! both. The commands that change both halves ask it; it knows no wire text
//! and touches no object but the bundle's two domains.

use super::catalogue::{self, Rule, Tld};
use super::lifecycle::{Due, next_due};
use super::name::DomainName;
use super::scenario::Availability;
use super::{Domain, Money, System, Timestamp};

/// The second half of the bundle `name` is the first half of: `x.ong` for `x.ngo`.
pub fn second_half(name: &DomainName) -> Option<DomainName> {
    match catalogue::find(name)?.rule {
        Rule::Bundle(zone) => in_zone(name, zone),
        _ => None,
    }
}

/// The first half of the bundle `name` is the second half of: `x.ngo` for `x.ong`.
pub fn first_half(name: &DomainName) -> Option<DomainName> {
    match catalogue::find(name)?.rule {
        Rule::BundledWith(zone) => in_zone(name, zone),
        _ => None,
    }
}

/// `name`'s first label in `zone`.
fn in_zone(name: &DomainName, zone: &str) -> Option<DomainName> {
    DomainName::parse(&format!("{}.{zone}", name.first_label())).ok()
}

impl System {
    /// The second half of `name`'s bundle (`x.ong` for `x.ngo`) if `owner`
    /// holds it: it moves, renews and goes with the first.
    pub fn bundle_partner(&self, name: &DomainName, owner: &str) -> Option<String> {
        self.held_by(second_half(name)?, owner)
    }

    /// The first half of the bundle `name` is the second half of (`x.ngo`
    /// for `x.ong`) if `owner` holds it: the half that deletes, restores and
    /// transfers both.
    pub fn bundle_main(&self, name: &DomainName, owner: &str) -> Option<String> {
        self.held_by(first_half(name)?, owner)
    }

    /// The other half of `name`'s bundle, either way, if `owner` holds it:
    /// the half a renewal or a renewal setting of `name` changes too.
    pub fn bundle_other(&self, name: &DomainName, owner: &str) -> Option<String> {
        self.bundle_partner(name, owner)
            .or_else(|| self.bundle_main(name, owner))
    }

    fn held_by(&self, name: DomainName, owner: &str) -> Option<String> {
        self.domains
            .get(name.as_str())
            .is_some_and(|domain| domain.owner == owner)
            .then(|| name.as_str().to_owned())
    }

    /// The first half of the bundle `domain` is the second half of, when it
    /// is held on the same side (the same account, or both at another
    /// registrar): a transfer of the second half alone is refused, it moves
    /// with the first.
    pub fn moves_with(&self, domain: &Domain, now: Timestamp) -> Option<String> {
        if !domain.owner.is_empty() {
            return self.bundle_main(&domain.name, &domain.owner);
        }
        let first = first_half(&domain.name)?;
        self.outside_domain(&first, now)
            .map(|_| first.as_str().to_owned())
    }

    /// What its bundle makes of `own`, the availability of the free name
    /// `label`.`tld` (`Available` or `Premium`): the second half of a bundle
    /// is never registered alone, the first is free only while its second
    /// half is too (a check and a registration then agree).
    pub(super) fn bundle_availability(
        &self,
        tld: &Tld,
        label: &str,
        own: Availability,
        now: Timestamp,
    ) -> Availability {
        match tld.rule {
            Rule::BundledWith(first) => Availability::BundleOnly(format!("{label}.{first}")),
            Rule::Bundle(second) => {
                let partner = format!("{label}.{second}");
                match self.standing_at(&partner, label.len(), now) {
                    Availability::Available(_) | Availability::Premium(..) => own,
                    _ => Availability::BundleTaken(partner),
                }
            }
            _ => own,
        }
    }

    /// A `Job::Domain` of `name`, the second half of a bundle whose first
    /// half `main` the same account holds. The first half's job renews or
    /// expires both: when that is due now this runs it (the halves fall due
    /// together), otherwise the second half takes the first half's dates
    /// and waits for it.
    pub(super) fn second_half_due(&mut self, name: &str, main: &str, at: Timestamp) {
        let due = self
            .domains
            .get(main)
            .map(|first| next_due(first, catalogue::find(&first.name)).0);
        if due.is_some_and(|due| due <= at) {
            return self.domain_due(main, at);
        }
        self.follow_first_half(main, name);
        self.queue_domain(name);
    }

    /// After the clock's job `what` on the first half `main` of a bundle:
    /// the second half `partner` expires with it, or takes its dates. An
    /// auto-renewal is charged once, on the first half; the second half's
    /// renewal is logged with nothing charged.
    pub(super) fn carry_due(&mut self, main: &str, partner: &str, what: Due, at: Timestamp) {
        let Some(tld) = self
            .domains
            .get(partner)
            .and_then(|second| catalogue::find(&second.name))
        else {
            return;
        };
        let Some(first) = self.domains.get(main) else {
            let why = match what {
                Due::Delete => "AUTODELETE",
                Due::Expire => "AUTOEXPIRE",
                Due::Renew | Due::CatchUp => "expired after the failed renewal",
            };
            return self.expire(partner, tld, at, why);
        };
        if what == Due::Renew && !first.lifecycle.renew_failed {
            let period = first.auto_renewal_period(tld);
            let owner = first.owner.clone();
            let nothing = Ok(Money::from_cents(0));
            self.log_renewal(partner, &owner, at, period, nothing);
        }
        self.follow_first_half(main, partner);
        self.queue_domain(partner);
    }

    /// The second half `partner` of a bundle takes the dates and renewal
    /// settings of its first half `main` (the caller requeues it).
    fn follow_first_half(&mut self, main: &str, partner: &str) {
        let Some(first) = self.domains.get(main) else {
            return;
        };
        let (expires, paid_until, mode) = (first.expires, first.paid_until, first.renewal_mode);
        let (period, lifecycle) = (first.renewal_period(), first.lifecycle);
        if let Some(second) = self.domains.get_mut(partner) {
            second.expires = expires;
            second.paid_until = paid_until;
            second.renewal_mode = mode;
            if second.renewal_period() != period {
                second.extra_mut().renewal_period = period;
            }
            second.lifecycle.renew_failed = lifecycle.renew_failed;
            second.lifecycle.default_mode = lifecycle.default_mode;
        }
    }
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
