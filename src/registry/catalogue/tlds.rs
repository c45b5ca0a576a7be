//! The data of the TLD catalogue: `TLDS`, per zone the real registry's
//! periods, prices (in the zone's usual currency), locks, grace and restore
//! periods, ID-protection support, `X-` fields (names from protocol.md
//! Appendix A), IDN support, label and nameserver limits, host model and
//! special rules. This file owns the constants the rows share (periods,
//! prices, country lists), the `GTLD` / `CCTLD` / `GTLD_LIKE_CCTLD`
//! templates and the merge of the rows into one sorted list; the rows are in
//! `tlds/gtlds.rs` and `tlds/cctlds.rs`. Data only: the types and lookups
//! are in `catalogue.rs`.

use super::{AuthRule, HostModel, Prices, Rule, Tld};
use crate::registry::Period;

const ONE_TO_TEN: &[Period] = &[
    Period::years(1),
    Period::years(2),
    Period::years(3),
    Period::years(4),
    Period::years(5),
    Period::years(6),
    Period::years(7),
    Period::years(8),
    Period::years(9),
    Period::years(10),
];
const ONE_TO_FIVE: &[Period] = &[
    Period::years(1),
    Period::years(2),
    Period::years(3),
    Period::years(4),
    Period::years(5),
];
const ONE_YEAR: &[Period] = &[Period::years(1)];
/// A transfer that keeps the expiry date (`0Y`; WHMCS then sends `PERIOD=0Y`).
const NO_PERIOD: &[Period] = &[Period::years(0)];

/// Prices in cents: annual, transfer and restore; no setup, no trade fee.
const fn prices(annual: i64, transfer: i64, restore: i64) -> Prices {
    Prices {
        setup: 0,
        annual,
        transfer,
        restore,
        trade: 0,
    }
}

/// The EU's member states and the rest of the EEA (Iceland, Liechtenstein,
/// Norway): where a .eu registrant may be established.
const EEA: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS",
    "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];
/// The EU's member states: whose citizens may hold a .eu wherever they live.
const EU: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];
/// [`EEA`] and Switzerland: where a .fr registrant may be established.
const EEA_AND_SWITZERLAND: &[&str] = &[
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The gTLD defaults most rows start from (`..GTLD` in a row literal).
const GTLD: Tld = Tld {
    zone: "",
    class: "",
    repository: "",
    currency: "EUR",
    prices: prices(0, 0, 0),
    registration_periods: ONE_TO_TEN,
    renewal_periods: ONE_TO_TEN,
    transfer_periods: ONE_YEAR,
    transfer_lock_days: 60,
    auth_required: true,
    transfer_auth: AuthRule::Required,
    auth_on_request: None,
    transfer_pending_days: 5,
    grace_days: 44,
    restorable_days: 30,
    id_protection: true,
    required_fields: &[],
    optional_fields: &[],
    idn: true,
    min_label: 1,
    registrant_change: "ICANN-TRADE",
    nameservers_min: 0,
    nameservers_max: 13,
    hosts: HostModel::Object,
    rule: Rule::None,
    premium_channel: None,
};

/// The ccTLD defaults (`..CCTLD`): no ICANN transfer lock or change-of-registrant
/// process, no WHOISTRUSTEE proxy, a registrant change is a trade.
const CCTLD: Tld = Tld {
    transfer_lock_days: 0,
    grace_days: 0,
    restorable_days: 0,
    id_protection: false,
    registrant_change: "TRADE",
    ..GTLD
};

/// The ccTLDs whose registries run them as gTLDs but outside ICANN's
/// policies (.cc and .tv: Verisign; .pw: Radix), with the CentralNic
/// Reseller zone table's facts for .cc and .tv: 60-day transfer lock, 43
/// grace and 30 restore days, ID protection, a registrant change by update
/// (no ICANN trade), prices in USD.
const GTLD_LIKE_CCTLD: Tld = Tld {
    currency: "USD",
    transfer_lock_days: 60,
    grace_days: 43,
    restorable_days: 30,
    id_protection: true,
    registrant_change: "UPDATE",
    ..CCTLD
};

mod cctlds;
mod gtlds;

/// Every zone otebox serves, sorted by zone: the gTLD and ccTLD rows merged
/// at compile time.
pub static TLDS: &[Tld] =
    &merged::<{ gtlds::GTLDS.len() + cctlds::CCTLDS.len() }>(gtlds::GTLDS, cctlds::CCTLDS);

/// Two lists of rows, each sorted by zone, merged into one list sorted by
/// zone; `N` is their total length.
const fn merged<const N: usize>(first: &[Tld], second: &[Tld]) -> [Tld; N] {
    assert!(first.len() + second.len() == N);
    let mut rows = [GTLD; N];
    let (mut a, mut b) = (0, 0);
    while a + b < N {
        let at = a + b;
        if b == second.len() || (a < first.len() && sorts_before(first[a].zone, second[b].zone)) {
            rows[at] = first[a];
            a += 1;
        } else {
            rows[at] = second[b];
            b += 1;
        }
    }
    rows
}

/// Whether zone `a` sorts before zone `b` as `str`'s `<` does (bytewise).
const fn sorts_before(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut at = 0;
    while at < a.len() && at < b.len() {
        if a[at] != b[at] {
            return a[at] < b[at];
        }
        at += 1;
    }
    a.len() < b.len()
}
