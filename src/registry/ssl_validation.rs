//! The validation of SSL certificates on the sandbox clock: a certificate's
//! `Job::Ssl` (queued by CreateSSLCert, RenewSSLCert and ReissueSSLCert)
//! decides it and stores the outcome, so what a certificate is does not
//! depend on when it is read (a DCV record removed after issuance leaves it
//! ACTIVE). URL and EMAIL are met at [`VALIDATION_SECONDS`]; DNSZONE is
//! checked then and every [`VALIDATION_RETRY`] until the CNAME is in an
//! otebox zone (ACTIVE) or [`VALIDATION_DEADLINE`] passed (FAILED); a CN
//! starting `fail-` fails. Touches the certificate orders' SSL part and the
//! clock's queue only; no wire text.

use super::clock::Job;
use super::ssl::{
    SslCert, SslStatus, VALID_DAYS, VALIDATION_DEADLINE, VALIDATION_RETRY, VALIDATION_SECONDS,
    Validation,
};
use super::{System, Timestamp};

impl System {
    /// Starts (or restarts) the validation of `account`'s certificate `id` at
    /// `now`: PENDING, its earlier job taken out, a `Job::Ssl` queued at the
    /// fixed delay.
    pub fn start_ssl_validation(&mut self, account: &str, id: u64, now: Timestamp) {
        let old = self.ssl_job_of(account, id);
        if let Some(key) = old {
            self.unschedule(key);
        }
        let key = self.schedule(
            Timestamp(now.0 + VALIDATION_SECONDS),
            Job::Ssl(id.to_string().into()),
        );
        self.modify_ssl(account, id, |cert| {
            cert.status = SslStatus::Pending;
            cert.requested = now;
            cert.job = Some(key);
        });
    }

    /// Stops `account`'s certificate `id`'s validation, if one is running,
    /// and gives it `status` (RevokeSSLCert).
    pub fn settle_ssl(&mut self, account: &str, id: u64, status: SslStatus) {
        if let Some(key) = self.ssl_job_of(account, id) {
            self.unschedule(key);
        }
        self.modify_ssl(account, id, |cert| {
            cert.status = status;
            cert.job = None;
        });
    }

    /// The certificate that stands for `account`'s certificate `id` now:
    /// itself, or the last of its renewals.
    pub fn current_ssl(&self, account: &str, id: u64) -> u64 {
        let mut current = id;
        for _ in 0..super::order::PER_ACCOUNT {
            let next = self
                .order(account, current)
                .and_then(|order| order.ssl.as_ref());
            match next.and_then(|cert| cert.renewed_by) {
                Some(renewal) => current = renewal,
                None => break,
            }
        }
        current
    }

    fn ssl_job_of(&self, account: &str, id: u64) -> Option<(Timestamp, u64)> {
        self.order(account, id)?.ssl.as_ref()?.job
    }

    fn modify_ssl(&mut self, account: &str, id: u64, change: impl FnOnce(&mut SslCert)) {
        self.modify_order(account, id, |order| {
            if let Some(cert) = order.ssl.as_deref_mut() {
                change(cert);
            }
        });
    }

    /// A `Job::Ssl`: decides certificate `name` (its SSLCERTID) at `at`.
    pub(super) fn ssl_due(&mut self, name: &str, at: Timestamp) {
        let Ok(id) = name.parse::<u64>() else {
            return;
        };
        let Some(account) = self.order_account(id) else {
            return;
        };
        let Some(cert) = self
            .order(&account, id)
            .and_then(|order| order.ssl.as_deref())
        else {
            return;
        };
        if cert.status != SslStatus::Pending {
            return;
        }
        let status = if cert.base_name().starts_with("fail-") {
            SslStatus::Failed(at)
        } else {
            match cert.validation {
                Validation::Url | Validation::Email(_) => SslStatus::Active(at),
                Validation::DnsZone if self.has_dcv_record(id, cert) => SslStatus::Active(at),
                Validation::DnsZone if at.0 >= cert.requested.0 + VALIDATION_DEADLINE => {
                    SslStatus::Failed(at)
                }
                Validation::DnsZone => {
                    let deadline = cert.requested.0 + VALIDATION_DEADLINE;
                    let next = Timestamp((at.0 + VALIDATION_RETRY).min(deadline));
                    let key = self.schedule(next, Job::Ssl(name.into()));
                    self.modify_ssl(&account, id, |cert| cert.job = Some(key));
                    return;
                }
            }
        };
        self.modify_ssl(&account, id, |cert| {
            cert.job = None;
            cert.status = status;
            if let (SslStatus::Active(issued), None) = (status, cert.expires) {
                // A renewal's period starts where the old one ends.
                let start = match cert.renews {
                    Some((_, old)) => old.max(issued),
                    None => issued,
                };
                cert.expires = Some(Timestamp(start.0 + VALID_DAYS * 86_400));
            }
        });
    }

    /// Whether the DNSZONE validation's CNAME is in an otebox zone that
    /// holds the CN's name (the longest such zone).
    fn has_dcv_record(&self, id: u64, cert: &SslCert) -> bool {
        let (host, target) = cert.dns_record(id);
        let owner = host.trim_end_matches('.');
        let mut name = cert.base_name();
        loop {
            if let Some(zone) = self.zone(name) {
                return zone.records.iter().any(|rr| {
                    rr.kind.as_str() == "CNAME"
                        && rr.owner.eq_ignore_ascii_case(owner)
                        && absolute(rr.data, &zone.name)
                            .eq_ignore_ascii_case(target.trim_end_matches('.'))
                });
            }
            match name.split_once('.') {
                Some((_, parent)) if parent.contains('.') => name = parent,
                _ => return false,
            }
        }
    }
}

/// A CNAME target as an absolute name without the trailing dot (a target
/// without one is relative to the zone; owners are kept absolute already).
fn absolute(name: &str, zone: &str) -> String {
    match name.strip_suffix('.') {
        Some(name) => name.to_owned(),
        None if name == "@" => zone.to_owned(),
        None => format!("{name}.{zone}"),
    }
}
