//! The gTLD rows of the TLD catalogue: the zones built on the `GTLD`
//! template, sorted by zone. Data only: the shared periods, prices and
//! templates and the merge into `TLDS` are in `tlds.rs`, the ccTLD rows in
//! `tlds/cctlds.rs`, the types and lookups in `catalogue.rs`.

use super::{GTLD, prices};
use crate::registry::catalogue::{Rule, Tld};

/// The rows on the [`GTLD`] template, sorted by zone.
pub(super) const GTLDS: &[Tld] = &[
    Tld {
        zone: "africa",
        class: "AFRICA",
        repository: "AFRICA-OTE-1API1",
        currency: "USD",
        prices: prices(1790, 1790, 7900),
        min_label: 2,
        ..GTLD
    },
    Tld {
        zone: "app",
        class: "APP",
        repository: "APP-OTE-1API1",
        currency: "USD",
        prices: prices(1490, 1490, 7900),
        premium_channel: Some("GOOGLE"),
        ..GTLD
    },
    Tld {
        zone: "biz",
        class: "BIZ",
        repository: "BIZ-OTE-1API1",
        currency: "USD",
        prices: prices(1690, 1690, 7900),
        ..GTLD
    },
    Tld {
        zone: "cloud",
        class: "CLOUD",
        repository: "CLOUD-OTE-1API1",
        currency: "USD",
        prices: prices(1990, 1990, 7900),
        idn: false,
        ..GTLD
    },
    Tld {
        zone: "com",
        class: "COM",
        repository: "COM-OTE-1API1",
        prices: prices(1090, 1090, 7900),
        ..GTLD
    },
    Tld {
        zone: "dev",
        class: "DEV",
        repository: "DEV-OTE-1API1",
        currency: "USD",
        prices: prices(1290, 1290, 7900),
        premium_channel: Some("GOOGLE"),
        ..GTLD
    },
    Tld {
        zone: "guru",
        class: "GURU",
        repository: "GURU-OTE-1API1",
        currency: "USD",
        prices: prices(2990, 2990, 7900),
        premium_channel: Some("DONUTS"),
        ..GTLD
    },
    Tld {
        zone: "info",
        class: "INFO",
        repository: "INFO-OTE-1API1",
        currency: "USD",
        prices: prices(1990, 1990, 7900),
        ..GTLD
    },
    Tld {
        zone: "net",
        class: "NET",
        repository: "NET-OTE-1API1",
        prices: prices(1290, 1290, 7900),
        ..GTLD
    },
    Tld {
        zone: "ngo",
        class: "NGO",
        repository: "NGO-OTE-1API1",
        currency: "USD",
        prices: prices(4990, 4990, 7900),
        required_fields: &["X-NGO-ACCEPT-REGISTRATION-TAC"],
        rule: Rule::Bundle("ong"),
        ..GTLD
    },
    Tld {
        zone: "ong",
        class: "ONG",
        repository: "ONG-OTE-1API1",
        currency: "USD",
        prices: prices(4990, 4990, 7900),
        required_fields: &["X-ONG-ACCEPT-REGISTRATION-TAC"],
        rule: Rule::BundledWith("ngo"),
        ..GTLD
    },
    Tld {
        zone: "online",
        class: "ONLINE",
        repository: "ONLINE-OTE-1API1",
        currency: "USD",
        prices: prices(3490, 3490, 7900),
        premium_channel: Some("RADIX"),
        ..GTLD
    },
    Tld {
        zone: "org",
        class: "ORG",
        repository: "ORG-OTE-1API1",
        prices: prices(1390, 1390, 7900),
        ..GTLD
    },
    Tld {
        zone: "pro",
        class: "PRO",
        repository: "PRO-OTE-1API1",
        currency: "USD",
        prices: prices(1890, 1890, 7900),
        optional_fields: &[
            "X-PRO-PW",
            "X-PRO-REGISTRATIONTYPE",
            "X-PRO-TRADEMARKDATE",
            "X-PRO-TRADEMARKJURISDICTION",
            "X-PRO-TRADEMARKNAME",
            "X-PRO-TRADEMARKNUMBER",
        ],
        min_label: 4,
        ..GTLD
    },
    Tld {
        zone: "shop",
        class: "SHOP",
        repository: "SHOP-OTE-1API1",
        currency: "USD",
        prices: prices(2990, 2990, 7900),
        premium_channel: Some("GMO"),
        ..GTLD
    },
    Tld {
        zone: "site",
        class: "SITE",
        repository: "SITE-OTE-1API1",
        currency: "USD",
        prices: prices(2990, 2990, 7900),
        premium_channel: Some("RADIX"),
        ..GTLD
    },
    Tld {
        zone: "store",
        class: "STORE",
        repository: "STORE-OTE-1API1",
        currency: "USD",
        prices: prices(4490, 4490, 7900),
        premium_channel: Some("RADIX"),
        ..GTLD
    },
    Tld {
        // The Swiss Confederation's own TLD (OFCOM): names go to
        // Swiss-registered persons and organisations after an eligibility
        // review, so registrations are GOLIVE applications.
        zone: "swiss",
        class: "SWISS",
        repository: "SWISS-OTE-1API1",
        currency: "CHF",
        prices: prices(11900, 11900, 9900),
        id_protection: false,
        required_fields: &["X-SWISS-OWNER-TYPE", "X-SWISS-UID"],
        rule: Rule::Application("GOLIVE"),
        ..GTLD
    },
    Tld {
        zone: "tech",
        class: "TECH",
        repository: "TECH-OTE-1API1",
        currency: "USD",
        prices: prices(4990, 4990, 7900),
        premium_channel: Some("RADIX"),
        ..GTLD
    },
    Tld {
        zone: "top",
        class: "TOP",
        repository: "TOP-OTE-1API1",
        currency: "USD",
        prices: prices(990, 990, 7900),
        ..GTLD
    },
    Tld {
        zone: "xyz",
        class: "XYZ",
        repository: "XYZ-OTE-1API1",
        currency: "USD",
        prices: prices(1290, 1290, 7900),
        premium_channel: Some("CENTRALNIC"),
        ..GTLD
    },
];
