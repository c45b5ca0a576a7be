//! SSL certificates (SSLCERT, HEXONET): the catalogue of certificate classes
//! and their prices, and the certificate an order of CreateSSLCert carries
//! (`order.rs` keeps it: SSLCERTID is the ORDERID), with its stored status.
//! The clock's `Job::Ssl` decides validation (`ssl_validation.rs`); no
//! clock reads, no wire text. CSR parsing and signing are `ssl_csr.rs`.

use super::ssl_csr::Csr;
use super::{Money, Timestamp};

/// One certificate class (SSLCERTCLASS) of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SslClass {
    pub name: &'static str,
    /// The price of one year, in cents of `currency`.
    pub annual: i64,
    pub currency: &'static str,
    /// Whether it covers `*.domain` (a wildcard CN).
    pub wildcard: bool,
    /// Names (CN plus SANs) it covers at most.
    pub max_names: usize,
}

/// The certificate classes otebox sells, sorted by name: the `certificates`
/// of the WHMCS SSL module's `products.json` (its product import drops any
/// class not there), with a SAN class's names as the file says (UCC and the
/// `_SAN` packages up to their maximum; one name plus `www.` otherwise).
pub const SSL_CLASSES: &[SslClass] = &[
    class("COMODO_ESSENTIALSSL", 1_990, false, 2),
    class("COMODO_ESSENTIALSSL_WILDCARD", 8_990, true, 2),
    class("COMODO_INSTANTSSL", 4_490, false, 2),
    class("COMODO_INSTANTSSL_PREMIUM", 8_490, false, 2),
    class("COMODO_INSTANTSSL_PRO", 6_490, false, 2),
    class("COMODO_POSITIVESSL", 990, false, 2),
    class("COMODO_PREMIUMSSL", 8_990, false, 2),
    class("COMODO_PREMIUMSSL_WILDCARD", 19_990, true, 2),
    class("COMODO_SSL", 2_490, false, 2),
    class("COMODO_SSL_EV", 12_990, false, 2),
    class("COMODO_SSL_WILDCARD", 12_990, true, 2),
    class("COMODO_UCC", 12_990, false, 100),
    class("GEOTRUST_QUICKSSL", 4_990, false, 2),
    class("GEOTRUST_QUICKSSLPREMIUM", 7_990, false, 2),
    class("GEOTRUST_QUICKSSLPREMIUM_SAN", 14_990, false, 5),
    class("GEOTRUST_RAPIDSSL", 2_990, false, 2),
    class("GEOTRUST_RAPIDSSL_WILDCARD", 14_990, true, 2),
    class("GEOTRUST_TRUEBIZID", 12_990, false, 2),
    class("GEOTRUST_TRUEBIZID_EV", 19_990, false, 2),
    class("GEOTRUST_TRUEBIZID_EV_SAN", 39_990, false, 100),
    class("GEOTRUST_TRUEBIZID_SAN", 24_990, false, 100),
    class("GEOTRUST_TRUEBIZID_WILDCARD", 39_990, true, 2),
    class("SYMANTEC_SECURESITE", 39_990, false, 24),
    class("SYMANTEC_SECURESITE_EV", 79_990, false, 24),
    class("SYMANTEC_SECURESITE_PRO", 89_990, false, 24),
    class("SYMANTEC_SECURESITE_PRO_EV", 119_990, false, 24),
    class("THAWTE_SSL123", 5_990, false, 2),
    class("THAWTE_SSLWEBSERVER", 14_990, false, 24),
    class("THAWTE_SSLWEBSERVER_EV", 29_990, false, 24),
    class("THAWTE_SSLWEBSERVER_WILDCARD", 49_990, true, 2),
    class("TRUSTWAVE_DOMAINVETTEDSSL", 2_990, false, 2),
    class("TRUSTWAVE_PREMIUMSSL", 9_990, false, 2),
    class("TRUSTWAVE_PREMIUMSSL_EV", 24_990, false, 2),
    class("TRUSTWAVE_PREMIUMSSL_EV_SAN", 44_990, false, 5),
    class("TRUSTWAVE_PREMIUMSSL_SAN", 19_990, false, 5),
    class("TRUSTWAVE_PREMIUMSSL_WILDCARD", 39_990, true, 2),
];

const fn class(name: &'static str, annual: i64, wildcard: bool, max_names: usize) -> SslClass {
    SslClass {
        name,
        annual,
        currency: "USD",
        wildcard,
        max_names,
    }
}

/// The class named `name` (case-insensitive).
pub fn ssl_class(name: &str) -> Option<&'static SslClass> {
    SSL_CLASSES
        .iter()
        .find(|class| class.name.eq_ignore_ascii_case(name))
}

/// The CentralNic Reseller certificate TYPEs (QueryServiceList, AddCertificate
/// CLASS: the keys of the WHMCS SSL module's `rrpproxy.json`) and the class
/// of [`SSL_CLASSES`] each one is, sorted by TYPE: one certificate store and
/// one price per class for both dialects. A TYPE with no class of the same
/// product here (`multidomainev`, `multidomainov`, `positivewildcardssl`,
/// `sgcwildcardssl`, `unifiedcommunicationsov`) is not offered; a class
/// without a TYPE keeps its HEXONET name in CNR answers (ARCHITECTURE.md,
/// "SSL certificates in the CNR dialect").
pub const CNR_SSL_TYPES: &[(&str, &str)] = &[
    ("extendedvalidatedssl", "COMODO_SSL_EV"),
    ("instantssl", "COMODO_INSTANTSSL"),
    ("positivessl", "COMODO_POSITIVESSL"),
    ("premiumssl", "COMODO_PREMIUMSSL"),
    ("quicksslpremium", "GEOTRUST_QUICKSSLPREMIUM_SAN"),
    ("rapidssl", "GEOTRUST_RAPIDSSL"),
    ("rapidsslwc", "GEOTRUST_RAPIDSSL_WILDCARD"),
    ("securesite", "SYMANTEC_SECURESITE"),
    ("securesiteev", "SYMANTEC_SECURESITE_EV"),
    ("securesitepro", "SYMANTEC_SECURESITE_PRO"),
    ("securesiteproev", "SYMANTEC_SECURESITE_PRO_EV"),
    ("ssl123", "THAWTE_SSL123"),
    ("sslwebserver", "THAWTE_SSLWEBSERVER"),
    ("sslwebserverev", "THAWTE_SSLWEBSERVER_EV"),
    ("sslwebserverwc", "THAWTE_SSLWEBSERVER_WILDCARD"),
    ("truebizid", "GEOTRUST_TRUEBIZID_SAN"),
    ("truebizidev", "GEOTRUST_TRUEBIZID_EV_SAN"),
    ("truebizidwc", "GEOTRUST_TRUEBIZID_WILDCARD"),
    ("unifiedcommunicationsdv", "COMODO_UCC"),
];

/// The class of CNR TYPE `name` (case-insensitive).
pub fn cnr_ssl_class(name: &str) -> Option<&'static SslClass> {
    let (_, class) = CNR_SSL_TYPES
        .iter()
        .find(|(cnr, _)| cnr.eq_ignore_ascii_case(name))?;
    ssl_class(class)
}

/// The CNR TYPE of class `class`, else the class's own name.
pub fn cnr_ssl_type(class: &str) -> &str {
    CNR_SSL_TYPES
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(class))
        .map_or(class, |(cnr, _)| cnr)
}

/// Sandbox seconds a URL or EMAIL validation takes, and the least a DNSZONE
/// one takes: 15 minutes.
pub const VALIDATION_SECONDS: u64 = 15 * 60;

/// Sandbox seconds after which a validation not met fails: 30 days.
pub const VALIDATION_DEADLINE: u64 = 30 * 86_400;

/// Sandbox seconds between two checks of a DNSZONE validation not met yet.
pub const VALIDATION_RETRY: u64 = 3_600;

/// How the applicant proves control of the names (VALIDATION0 / EMAIL).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Validation {
    DnsZone,
    Url,
    Email(Box<str>),
}

impl Validation {
    pub fn as_str(&self) -> &'static str {
        match self {
            Validation::DnsZone => "DNSZONE",
            Validation::Url => "URL",
            Validation::Email(_) => "EMAIL",
        }
    }
}

/// Days an issued certificate is valid (PERIOD is one year).
pub const VALID_DAYS: u64 = 365;

/// The certificate an SSL order carries.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SslCert {
    pub class: Box<str>,
    /// The CSR's common name.
    pub cn: Box<str>,
    /// The CSR's subject alternative names other than the CN.
    pub sans: Vec<Box<str>>,
    /// The CSR as PEM lines (CSR0..N).
    pub csr: Vec<Box<str>>,
    pub organization: Box<str>,
    /// RSA, EC or ED25519, and the key's length in bits.
    pub key_type: Box<str>,
    pub key_bits: u32,
    pub validation: Validation,
    /// What was charged, in the account's currency.
    pub price: Money,
    pub currency: Box<str>,
    /// Where it stands, as the clock's `Job::Ssl` left it.
    pub status: SslStatus,
    /// When the current validation started (CreateSSLCert, RenewSSLCert or
    /// ReissueSSLCert): its 30 days count from here.
    pub requested: Timestamp,
    /// The end of its period, fixed at the first issuance (a reissue keeps it).
    pub expires: Option<Timestamp>,
    /// The queue key of its pending `Job::Ssl`, taken out on a reissue or revoke.
    pub job: Option<(Timestamp, u64)>,
    /// The certificate RenewSSLCert made of it (it is renewed once).
    pub renewed_by: Option<u64>,
    /// The certificate it renews and that one's expiry (OLD-SSLCERTID,
    /// OLD-EXPIRATIONDATE): its own period starts there.
    pub renews: Option<(u64, Timestamp)>,
}

/// Where a certificate stands (STATUS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SslStatus {
    /// Waiting for the validation (STATUS `PENDING`).
    Pending,
    /// Issued at this time (STATUS `ACTIVE`).
    Active(Timestamp),
    /// The validation failed (`fail-` CN) or was not met in 30 days (`FAILED`).
    Failed(Timestamp),
    /// RevokeSSLCert revoked it at this time (`REVOKED`).
    Revoked(Timestamp),
}

impl SslStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SslStatus::Pending => "PENDING",
            SslStatus::Active(_) => "ACTIVE",
            SslStatus::Failed(_) => "FAILED",
            SslStatus::Revoked(_) => "REVOKED",
        }
    }
}

/// A CSR's SANs other than its CN (the CN is the certificate's own name).
pub fn other_sans(csr: &Csr) -> Vec<Box<str>> {
    (csr.sans.iter())
        .filter(|san| **san != csr.cn)
        .map(|san| san.as_str().into())
        .collect()
}

/// What a new certificate order is charged and when its validation starts:
/// the price in the account's `currency`, requested at `at`.
pub struct Charged {
    pub price: Money,
    pub currency: Box<str>,
    pub at: Timestamp,
}

impl SslCert {
    /// A new PENDING certificate of `class` for `csr` (its PEM `lines` as
    /// CSR0..N): CreateSSLCert's and AddCertificate's.
    pub fn pending(
        class: &str,
        csr: Csr,
        lines: Vec<Box<str>>,
        validation: Validation,
        charged: Charged,
    ) -> SslCert {
        SslCert {
            class: class.into(),
            cn: csr.cn.as_str().into(),
            sans: other_sans(&csr),
            csr: lines,
            organization: csr.organization.into(),
            key_type: csr.key_type.into(),
            key_bits: csr.key_bits,
            validation,
            price: charged.price,
            currency: charged.currency,
            status: SslStatus::Pending,
            requested: charged.at,
            expires: None,
            job: None,
            renewed_by: None,
            renews: None,
        }
    }

    /// The PENDING renewal of this certificate (its id `id`, its end
    /// `expires`): the same class, CN and names, then `csr` and its PEM
    /// `lines` (the old ones again when no new CSR came): RenewSSLCert's and
    /// RenewCertificate's.
    pub fn renewal(
        &self,
        (id, expires): (u64, Timestamp),
        (csr, lines): (Csr, Vec<Box<str>>),
        validation: Validation,
        charged: Charged,
    ) -> SslCert {
        SslCert {
            cn: self.cn.clone(),
            renews: Some((id, expires)),
            ..SslCert::pending(&self.class, csr, lines, validation, charged)
        }
    }

    /// Takes `csr`'s other SANs, organization and key, and its PEM `lines`
    /// as CSR0..N (a renewal's or a reissue's new CSR; the CN stays).
    pub fn take_csr(&mut self, csr: Csr, lines: Vec<Box<str>>) {
        self.sans = other_sans(&csr);
        self.csr = lines;
        self.organization = csr.organization.into();
        self.key_type = csr.key_type.into();
        self.key_bits = csr.key_bits;
    }

    /// The names the certificate covers: the CN, then its other SANs.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&*self.cn).chain(self.sans.iter().map(|name| &**name))
    }

    /// The CN without a wildcard label: the name validated.
    pub fn base_name(&self) -> &str {
        self.cn.strip_prefix("*.").unwrap_or(&self.cn)
    }

    /// The validation token of certificate `id`: 32 hex digits, fixed by the
    /// id and the CN (FNV-1a, so fixtures stay the same).
    pub fn token(&self, id: u64) -> String {
        let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
        for byte in id.to_be_bytes().iter().chain(self.cn.as_bytes()) {
            hash ^= u128::from(*byte);
            hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
        format!("{hash:032x}")
    }

    /// VALIDATIONDNSRR: `host TYPE value`, the CNAME to add to the zone of
    /// the CN's domain.
    pub fn dns_record(&self, id: u64) -> (String, String) {
        let token = self.token(id);
        let (host, target) = token.split_at(16);
        (
            format!("_{host}.{}.", self.base_name()),
            format!("{target}.dcv.otebox.test."),
        )
    }

    /// VALIDATIONURL and VALIDATIONURLCONTENT: the file the CN's web server
    /// must serve.
    pub fn url_file(&self, id: u64) -> (String, String) {
        let token = self.token(id);
        let (name, content) = token.split_at(16);
        (
            format!(
                "http://{}/.well-known/pki-validation/{name}.txt",
                self.base_name()
            ),
            format!("{content} otebox.test"),
        )
    }
}

#[cfg(test)]
#[path = "ssl_tests.rs"]
mod tests;
