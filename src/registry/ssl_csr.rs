//! Certificate signing requests and the otebox test CA: reads a PEM CSR
//! (x509-parser: CN, SANs, organization, key type and length) and signs an
//! issued certificate with a fixed Ed25519 CA key, so certificates and
//! fixtures are the same on every run. No accounts, no wire parameters.

use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DistinguishedName,
    DnType, IsCa, Issuer, KeyPair, SerialNumber,
};
use x509_parser::prelude::{FromDer, GeneralName, ParsedExtension, X509CertificationRequest};
use x509_parser::public_key::PublicKey;

use super::Timestamp;

/// What a CSR says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    /// The common name, lower case.
    pub cn: String,
    /// The DNS subject alternative names, lower case, in order.
    pub sans: Vec<String>,
    pub organization: String,
    pub key_type: &'static str,
    pub key_bits: u32,
}

/// Reads the PEM CSR `pem` (lines joined by `\n`); the error says what is
/// wrong with it.
pub fn parse_csr(pem: &str) -> Result<Csr, String> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.trim().as_bytes()).map_err(|_| {
        "is not a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST----- ...)"
            .to_owned()
    })?;
    if !block.label.ends_with("CERTIFICATE REQUEST") {
        return Err(format!(
            "is a PEM {}, not a CERTIFICATE REQUEST",
            block.label
        ));
    }
    let (_, csr) = X509CertificationRequest::from_der(&block.contents)
        .map_err(|_| "is not a valid PKCS#10 certificate signing request".to_owned())?;
    csr.verify_signature()
        .map_err(|_| "has a signature that does not match its key".to_owned())?;
    let info = &csr.certification_request_info;
    let text = |attr: &x509_parser::x509::AttributeTypeAndValue<'_>| {
        attr.as_str().map(str::to_owned).unwrap_or_default()
    };
    let cn = info
        .subject
        .iter_common_name()
        .next()
        .map(text)
        .unwrap_or_default();
    if cn.is_empty() {
        return Err("has no common name (CN)".to_owned());
    }
    let organization = info
        .subject
        .iter_organization()
        .next()
        .map(text)
        .unwrap_or_default();
    let mut sans = Vec::new();
    for extension in csr.requested_extensions().into_iter().flatten() {
        if let ParsedExtension::SubjectAlternativeName(san) = extension {
            for name in &san.general_names {
                if let GeneralName::DNSName(dns) = name {
                    sans.push(dns.to_ascii_lowercase());
                }
            }
        }
    }
    let (key_type, key_bits) = match info.subject_pki.parsed() {
        Ok(PublicKey::RSA(rsa)) => ("RSA", u32::try_from(rsa.key_size()).unwrap_or(0)),
        Ok(PublicKey::EC(point)) => ("EC", u32::try_from(point.key_size()).unwrap_or(0)),
        _ if info.subject_pki.algorithm.algorithm.to_id_string() == "1.3.101.112" => {
            ("ED25519", 256)
        }
        _ => return Err("has a key otebox does not know (RSA, EC or Ed25519)".to_owned()),
    };
    if key_type == "RSA" && key_bits < 2048 {
        return Err(format!("has an RSA key of {key_bits} bits (at least 2048)"));
    }
    Ok(Csr {
        cn: cn.to_ascii_lowercase(),
        sans,
        organization,
        key_type,
        key_bits,
    })
}

/// The PKCS#8 DER of the CA's Ed25519 key: the fixed seed `otebox test CA`
/// padded with zeros (a test key, published on purpose).
fn ca_key() -> KeyPair {
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    let mut seed = [0u8; 32];
    seed[..14].copy_from_slice(b"otebox test CA");
    der.extend_from_slice(&seed);
    KeyPair::try_from(der.as_slice()).expect("a valid Ed25519 PKCS#8 key")
}

/// The CA's certificate parameters: valid 2026-01-01 to 2046-01-01.
fn ca_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, "otebox");
    name.push(DnType::CommonName, "otebox test CA (not trusted)");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.serial_number = Some(SerialNumber::from(1u64));
    params.not_before = time(1_767_225_600);
    params.not_after = time(2_398_377_600);
    params
}

fn time(seconds: u64) -> ::time::OffsetDateTime {
    let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
    ::time::OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap_or(::time::OffsetDateTime::UNIX_EPOCH)
}

/// The CA's certificate in PEM (CACRT).
pub fn ca_pem() -> String {
    let key = ca_key();
    ca_params()
        .self_signed(&key)
        .map(|cert| cert.pem())
        .unwrap_or_default()
}

/// The certificate for the CSR `pem`, serial `serial`, valid from `from`
/// for `days`, signed by the CA, in PEM; `None` if the CSR no longer reads.
pub fn sign(pem: &str, serial: u64, from: Timestamp, days: u64) -> Option<String> {
    let mut csr = CertificateSigningRequestParams::from_pem(pem.trim()).ok()?;
    csr.params.serial_number = Some(SerialNumber::from(serial));
    csr.params.not_before = time(from.0);
    csr.params.not_after = time(from.0 + days * 86_400);
    let key = ca_key();
    let issuer = Issuer::new(ca_params(), key);
    csr.signed_by(&issuer).ok().map(|cert| cert.pem())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSR: &str = include_str!("ssl_test.csr");

    #[test]
    fn reads_the_cn_sans_and_key() {
        let csr = parse_csr(CSR).unwrap();
        assert_eq!(csr.cn, "shop.com");
        assert_eq!(csr.sans, ["shop.com", "www.shop.com"]);
        assert_eq!((csr.key_type, csr.key_bits), ("RSA", 2048));
        assert_eq!(csr.organization, "Example Ltd");
    }

    #[test]
    fn refuses_what_is_not_a_csr() {
        assert!(parse_csr("hello").is_err());
        let broken = CSR.replacen("MII", "MIJ", 1);
        assert!(parse_csr(&broken).is_err());
    }

    #[test]
    fn signs_the_same_certificate_twice() {
        let one = sign(CSR, 34_001, Timestamp(1_780_000_000), 365).unwrap();
        let two = sign(CSR, 34_001, Timestamp(1_780_000_000), 365).unwrap();
        assert_eq!(one, two);
        assert!(ca_pem().starts_with("-----BEGIN CERTIFICATE-----"));
    }
}
