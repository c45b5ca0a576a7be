//! The rows of the TLD catalogue: per zone the real registry's periods,
//! prices (in the zone's usual currency), locks, grace and restore periods,
//! ID-protection support, `X-` fields (names from protocol.md Appendix A), IDN
//! support, label and nameserver limits, host model and special rules. Data
//! only: the types and lookups are in `catalogue.rs`.

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
    transfer_applies_nameservers: false,
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

/// Every zone otebox serves, sorted by zone.
pub static TLDS: &[Tld] = &[
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
        zone: "be",
        auth_on_request: Some("RequestDomainAuthInfo"),
        transfer_pending_days: 0,
        class: "BE",
        repository: "BE-OTE-1API1",
        prices: prices(590, 590, 2900),
        registration_periods: ONE_YEAR,
        renewal_periods: ONE_YEAR,
        transfer_periods: NO_PERIOD,
        restorable_days: 40,
        min_label: 2,
        nameservers_max: 9,
        hosts: HostModel::Attribute,
        ..CCTLD
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
        zone: "ca",
        class: "CA",
        repository: "CA-OTE-1API1",
        currency: "CAD",
        prices: prices(1450, 1450, 5000),
        transfer_lock_days: 60,
        grace_days: 30,
        restorable_days: 30,
        required_fields: &["X-CA-LEGALTYPE", "X-CA-LANGUAGE"],
        optional_fields: &[
            "X-CA-ACCEPT-AGREEMENT-VERSION",
            "X-CA-ADMIN-LANGUAGE",
            "X-CA-DISCLOSE",
            "X-CA-DOMAIN-TRADEMARK",
            "X-CA-REGISTRANT-LANGUAGE",
            "X-CA-TECH-LANGUAGE",
        ],
        min_label: 2,
        nameservers_min: 2,
        rule: Rule::HostsMustExist,
        ..CCTLD
    },
    Tld {
        zone: "ch",
        transfer_pending_days: 0,
        class: "CH",
        repository: "CH-OTE-1API1",
        currency: "CHF",
        prices: prices(990, 990, 4900),
        registration_periods: ONE_YEAR,
        renewal_periods: ONE_YEAR,
        transfer_periods: NO_PERIOD,
        restorable_days: 40,
        registrant_change: "UPDATE",
        hosts: HostModel::Attribute,
        ..CCTLD
    },
    Tld {
        zone: "co",
        class: "CO",
        repository: "CO-OTE-1API1",
        currency: "USD",
        prices: prices(2490, 2490, 7900),
        transfer_lock_days: 60,
        grace_days: 30,
        restorable_days: 30,
        id_protection: true,
        idn: false,
        registrant_change: "UPDATE",
        ..CCTLD
    },
    Tld {
        zone: "co.uk",
        class: "COUK",
        repository: "COUK-OTE-1API1",
        currency: "GBP",
        prices: prices(590, 0, 0),
        registration_periods: ONE_TO_TEN,
        renewal_periods: ONE_TO_TEN,
        transfer_periods: NO_PERIOD,
        auth_required: false,
        transfer_auth: AuthRule::Tag("1API-DE"),
        grace_days: 30,
        optional_fields: &[
            "X-NOMINET-DATA-QUALITY-LOCK",
            "X-UK-ACCEPT-TRUSTEE-TAC",
            "X-UK-REG-CO-NO",
            "X-UK-REG-OPT-OUT",
            "X-UK-REG-TYPE",
        ],
        idn: false,
        min_label: 2,
        nameservers_max: 10,
        ..CCTLD
    },
    Tld {
        zone: "com",
        class: "COM",
        repository: "COM-OTE-1API1",
        prices: prices(1090, 1090, 7900),
        ..GTLD
    },
    Tld {
        zone: "com.au",
        class: "COMAU",
        repository: "COMAU-OTE-1API1",
        currency: "AUD",
        prices: prices(2200, 2200, 0),
        registration_periods: ONE_TO_FIVE,
        renewal_periods: ONE_TO_FIVE,
        grace_days: 30,
        required_fields: &["X-AU-REGISTRANT-ID-NUMBER", "X-AU-REGISTRANT-ID-TYPE"],
        idn: false,
        min_label: 2,
        nameservers_min: 2,
        ..CCTLD
    },
    Tld {
        zone: "de",
        auth_on_request: Some("DENIC_CreateAuthInfo1"),
        transfer_applies_nameservers: true,
        transfer_pending_days: 0,
        class: "DE",
        repository: "DE-OTE-1API1",
        prices: prices(390, 390, 2900),
        registration_periods: ONE_YEAR,
        renewal_periods: ONE_YEAR,
        transfer_periods: NO_PERIOD,
        restorable_days: 30,
        optional_fields: &[
            "X-DE-ABUSE-CONTACT",
            "X-DE-ACCEPT-TRUSTEE-TAC",
            "X-DE-GENERAL-REQUEST",
            "X-DE-NSENTRY0",
            "X-DE-NSENTRY1",
            "X-DE-NSENTRY2",
            "X-DE-NSENTRY3",
            "X-DE-NSENTRY4",
        ],
        registrant_change: "UPDATE",
        nameservers_min: 2,
        nameservers_max: 5,
        hosts: HostModel::Attribute,
        rule: Rule::NameserversMustAnswer,
        ..CCTLD
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
        zone: "dk",
        auth_required: false,
        transfer_auth: AuthRule::Refused,
        transfer_applies_nameservers: true,
        class: "DK",
        repository: "DK-OTE-1API1",
        currency: "DKK",
        prices: prices(7500, 7500, 0),
        registration_periods: ONE_TO_FIVE,
        renewal_periods: ONE_TO_FIVE,
        optional_fields: &[
            "X-DK-ADMIN-CONTACT",
            "X-DK-AGREEMENT-ACCEPTEDDATE",
            "X-DK-REGISTRANT-CONTACT",
            "X-DK-VATID",
        ],
        nameservers_min: 2,
        nameservers_max: 7,
        rule: Rule::OrganisationNeedsVat,
        ..CCTLD
    },
    Tld {
        zone: "es",
        class: "ES",
        repository: "ES-OTE-1API1",
        prices: prices(790, 790, 0),
        required_fields: &[
            "X-ES-REGISTRANT-IDENTIFICACION",
            "X-ES-REGISTRANT-TIPO-IDENTIFICACION",
        ],
        optional_fields: &[
            "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC",
            "X-ES-ADMIN-IDENTIFICACION",
            "X-ES-ADMIN-TIPO-IDENTIFICACION",
            "X-ES-BILLING-IDENTIFICACION",
            "X-ES-BILLING-TIPO-IDENTIFICACION",
            "X-ES-REGISTRANT-FORM-JURIDICA",
            "X-ES-TECH-IDENTIFICACION",
            "X-ES-TECH-TIPO-IDENTIFICACION",
        ],
        min_label: 3,
        ..CCTLD
    },
    Tld {
        zone: "eu",
        auth_on_request: Some("RequestDomainAuthInfo"),
        transfer_pending_days: 0,
        class: "EU",
        repository: "EU-OTE-1API1",
        prices: prices(690, 690, 2900),
        restorable_days: 40,
        optional_fields: &[
            "X-EU-ACCEPT-TRUSTEE-TAC",
            "X-EU-REGISTRANT-CITIZENSHIP",
            "X-EU-REGISTRANT-LANG",
        ],
        min_label: 2,
        nameservers_max: 9,
        hosts: HostModel::Attribute,
        // EURid: established in the EU or the EEA, or an EU citizen anywhere.
        rule: Rule::RegistrantIn {
            countries: EEA,
            region: "the EU, Iceland, Liechtenstein or Norway",
            citizenship: Some(("X-EU-REGISTRANT-CITIZENSHIP", EU)),
        },
        ..CCTLD
    },
    Tld {
        zone: "fr",
        transfer_pending_days: 0,
        class: "FR",
        repository: "FR-AFNIC-OTE-1API1",
        prices: prices(890, 890, 2900),
        restorable_days: 30,
        optional_fields: &[
            "X-FR-ACCEPT-TRUSTEE-TAC",
            "X-FR-REGISTRANT-BIRTH-DATE",
            "X-FR-REGISTRANT-BIRTH-PLACE",
            "X-FR-REGISTRANT-DUNS-NUMBER",
            "X-FR-REGISTRANT-JO-DATE-DECLARATION",
            "X-FR-REGISTRANT-JO-DATE-PUBLICATION",
            "X-FR-REGISTRANT-JO-NUMBER",
            "X-FR-REGISTRANT-JO-PAGE",
            "X-FR-REGISTRANT-LEGAL-ID",
            "X-FR-REGISTRANT-TRADEMARK-NUMBER",
        ],
        nameservers_min: 2,
        // AFNIC: established in the EU, the EEA or Switzerland.
        rule: Rule::RegistrantIn {
            countries: EEA_AND_SWITZERLAND,
            region: "the EU, Iceland, Liechtenstein, Norway or Switzerland",
            citizenship: None,
        },
        ..CCTLD
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
        zone: "io",
        class: "IO",
        repository: "IO-OTE-1API1",
        currency: "USD",
        prices: prices(4490, 4490, 7900),
        transfer_lock_days: 60,
        grace_days: 30,
        restorable_days: 30,
        id_protection: true,
        idn: false,
        registrant_change: "UPDATE",
        ..CCTLD
    },
    Tld {
        zone: "it",
        class: "IT",
        repository: "IT-OTE-1API1",
        prices: prices(690, 690, 2900),
        registration_periods: ONE_YEAR,
        renewal_periods: ONE_YEAR,
        restorable_days: 30,
        required_fields: &[
            "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC",
            "X-IT-ACCEPT-EXPLICIT-TAC",
            "X-IT-ACCEPT-LIABILITY-TAC",
            "X-IT-ACCEPT-REGISTRATION-TAC",
        ],
        optional_fields: &[
            "X-IT-ACCEPT-TRUSTEE-TAC",
            "X-IT-CONSENTFORPUBLISHING",
            "X-IT-NATIONALITY",
            "X-IT-PIN",
            "X-IT-REGISTRANT-ENTITY-TYPE",
        ],
        min_label: 3,
        nameservers_min: 2,
        nameservers_max: 6,
        ..CCTLD
    },
    Tld {
        zone: "jp",
        class: "JP",
        repository: "JP-OTE-1API1",
        currency: "JPY",
        prices: prices(450000, 450000, 0),
        registration_periods: ONE_YEAR,
        renewal_periods: ONE_YEAR,
        optional_fields: &[
            "X-JP-ACCEPT-TRUSTEE-TAC",
            "X-JP-ADDRESS",
            "X-JP-KANA-ORGANIZATION",
            "X-JP-NAME",
            "X-JP-ORGANIZATION",
            "X-JP-REGISTRATION-ADDRESS",
            "X-JP-REGISTRATION-DATE",
            "X-JP-TITLE",
            "X-JP-TYPE",
        ],
        min_label: 3,
        ..CCTLD
    },
    Tld {
        zone: "me",
        class: "ME",
        repository: "ME-OTE-1API1",
        currency: "USD",
        prices: prices(1990, 1990, 7900),
        transfer_lock_days: 60,
        grace_days: 30,
        restorable_days: 30,
        id_protection: true,
        min_label: 3,
        registrant_change: "UPDATE",
        ..CCTLD
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
        zone: "nl",
        transfer_applies_nameservers: true,
        transfer_pending_days: 0,
        class: "NL",
        repository: "NL-OTE-1API1",
        prices: prices(490, 490, 1900),
        registration_periods: ONE_YEAR,
        renewal_periods: ONE_YEAR,
        transfer_periods: NO_PERIOD,
        restorable_days: 40,
        optional_fields: &[
            "X-NL-ACCEPT-TRUSTEE-TAC",
            "X-NL-REGISTRANT-LEGAL-FORM",
            "X-NL-REGISTRANT-LEGAL-FORM-REG-NO",
        ],
        idn: false,
        min_label: 2,
        registrant_change: "UPDATE",
        ..CCTLD
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
        zone: "uk",
        class: "UK",
        repository: "UK-OTE-1API1",
        currency: "GBP",
        prices: prices(590, 0, 0),
        registration_periods: ONE_TO_TEN,
        renewal_periods: ONE_TO_TEN,
        transfer_periods: NO_PERIOD,
        auth_required: false,
        transfer_auth: AuthRule::Tag("1API-DE"),
        grace_days: 30,
        optional_fields: &[
            "X-NOMINET-DATA-QUALITY-LOCK",
            "X-UK-ACCEPT-TRUSTEE-TAC",
            "X-UK-REG-CO-NO",
            "X-UK-REG-OPT-OUT",
            "X-UK-REG-TYPE",
        ],
        idn: false,
        nameservers_max: 10,
        ..CCTLD
    },
    Tld {
        zone: "us",
        class: "US",
        repository: "US-OTE-1API1",
        currency: "USD",
        prices: prices(990, 990, 7900),
        transfer_lock_days: 60,
        grace_days: 30,
        restorable_days: 30,
        required_fields: &["X-US-NEXUS-APPPURPOSE", "X-US-NEXUS-CATEGORY"],
        optional_fields: &["X-US-NEXUS-VALIDATOR"],
        idn: false,
        min_label: 2,
        registrant_change: "UPDATE",
        nameservers_min: 2,
        ..CCTLD
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
