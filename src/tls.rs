//! HTTPS: the local certificate authority in the data directory (created on
//! first use with rcgen, reused after that), the server certificate it issues
//! at each start, the rustls settings, and the handshake of one connection
//! with its timeout. Owns the files `ca.crt` and `ca.key` of the data
//! directory and nothing else there. Knows no routing or registry, and of
//! HTTP only the fixed `400` for plain HTTP on the HTTPS port: the server
//! hands it a TCP stream and gets back a TLS stream to serve as it serves a
//! plain one. Must not touch other files of the data directory, nor log.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose, NameConstraints, SanType,
};
use time::OffsetDateTime;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::server::TlsStream;

mod files;
use files::{publish, read_if_there, replace};

/// The host names the server certificate is for (besides the loopback
/// addresses): the API hosts ([`API_HOSTS`]) and localhost.
pub const HOSTS: [&str; 5] = [
    "api.ispapi.net",
    "api-ote.ispapi.net",
    "api.rrpproxy.net",
    "api-ote.rrpproxy.net",
    "localhost",
];

/// The hosts of the real API that otebox stands in for: the two the SDKs and
/// the WHMCS module call, and CentralNic Reseller's two. The only hosts the
/// proxy of the plain listener serves.
pub const API_HOSTS: [&str; 4] = [
    "api.ispapi.net",
    "api-ote.ispapi.net",
    "api.rrpproxy.net",
    "api-ote.rrpproxy.net",
];

/// The addresses the server certificate is for.
const ADDRESSES: [IpAddr; 2] = [
    IpAddr::V4(Ipv4Addr::LOCALHOST),
    IpAddr::V6(Ipv6Addr::LOCALHOST),
];

/// The platform's data directory for otebox (`~/.local/share/otebox` on
/// Linux), or `None` when there is no home directory to put it in.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "otebox").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The local certificate authority: its certificate file and its key.
pub struct Ca {
    /// Where the CA certificate (PEM) is: the file clients are told to trust.
    pub cert_path: PathBuf,
    /// The CA certificate, PEM, exactly as in the file.
    pub cert_pem: String,
    cert_der: CertificateDer<'static>,
    key: KeyPair,
}

impl Ca {
    /// Reads the CA from `dir`, or creates the directory and a new CA in it
    /// when there is none. The key file is created readable by its owner only.
    /// Errors are sentences naming the path (for the start-up error).
    pub fn load_or_create(dir: &Path) -> Result<Ca, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))?;
        let key_path = dir.join("ca.key");
        let cert_path = dir.join("ca.crt");
        let key = match read_if_there(&key_path)? {
            Some(pem) => KeyPair::from_pem(&pem)
                .map_err(|e| format!("{} is not a key otebox can use: {e}", key_path.display()))?,
            None => {
                let key = KeyPair::generate().map_err(|e| format!("cannot make a key: {e}"))?;
                // Two otebox starting at once on an empty directory: the first
                // key written wins, and the other start reads it back.
                match publish(&key_path, key.serialize_pem().as_bytes(), 0o600)? {
                    true => key,
                    false => return Ca::load_or_create(dir),
                }
            }
        };
        let cert_pem = match read_if_there(&cert_path)? {
            // A CA certificate of an older otebox, whose name constraints
            // lack some of today's hosts: the same key certifies itself anew
            // for all of them (clients that trust the file read it again;
            // a system trust store needs the certificate added again).
            Some(pem) if !names_all_hosts(&pem) && pem_key_matches(&pem, &key) => {
                let pem = self_signed_ca(&key)?;
                replace(&cert_path, pem.as_bytes(), 0o644)?;
                pem
            }
            Some(pem) => pem,
            None => {
                let pem = self_signed_ca(&key)?;
                if !publish(&cert_path, pem.as_bytes(), 0o644)? {
                    return Ca::load_or_create(dir);
                }
                pem
            }
        };
        let cert_der = CertificateDer::from_pem_slice(cert_pem.as_bytes())
            .ok()
            .filter(|der| contains(der, key.public_key_raw()))
            .ok_or_else(|| {
                format!(
                    "{} is not the certificate of the key {}: move both away to make a new CA",
                    cert_path.display(),
                    key_path.display()
                )
            })?;
        Ok(Ca {
            cert_path,
            cert_pem,
            cert_der,
            key,
        })
    }

    /// A new server certificate for [`HOSTS`] and the loopback addresses,
    /// valid from yesterday for a year, issued by this CA, and the rustls
    /// settings that present it (HTTP/1.1 only).
    pub fn server_config(&self) -> Result<Arc<ServerConfig>, String> {
        let key = KeyPair::generate().map_err(|e| format!("cannot make a key: {e}"))?;
        let mut params = CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, "otebox sandbox");
        params.subject_alt_names = HOSTS
            .iter()
            .map(|host| Ok(SanType::DnsName((*host).try_into()?)))
            .chain(ADDRESSES.iter().map(|ip| Ok(SanType::IpAddress(*ip))))
            .collect::<Result<_, rcgen::Error>>()
            .map_err(|e| format!("cannot name the server certificate: {e}"))?;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let now = unix_now();
        params.not_before = now - Duration::from_secs(86_400);
        params.not_after = now + Duration::from_secs(365 * 86_400);
        let issuer = Issuer::new(ca_params(&self.key), &self.key);
        let cert = params
            .signed_by(&key, &issuer)
            .map_err(|e| format!("cannot issue the server certificate: {e}"))?;
        let chain = vec![cert.der().clone(), self.cert_der.clone()];
        let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| {
                builder
                    .with_no_client_auth()
                    .with_single_cert(chain, private)
            })
            .map_err(|e| format!("cannot set up TLS: {e}"))?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    /// What `otebox ca` prints: where the certificate is and how to trust it.
    pub fn trust_instructions(&self) -> String {
        let path = shell_quote(&self.cert_path.display().to_string());
        format!(
            "otebox CA certificate: {path}\n\
             \n\
             Trust it for one client: curl --cacert {path} ...\n\
             Trust it system-wide (then the hosts-file line `127.0.0.1 api-ote.ispapi.net` works unchanged):\n\
             \x20 Debian/Ubuntu: sudo cp {path} /usr/local/share/ca-certificates/otebox.crt && sudo update-ca-certificates\n\
             \x20 RHEL/Fedora:   sudo cp {path} /etc/pki/ca-trust/source/anchors/otebox.crt && sudo update-ca-trust\n\
             \x20 macOS:         sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {path}\n\
             \n\
             The CA can only vouch for {}, 127.0.0.0/8 and ::1 (name constraints).\n\
             `otebox ca --pem` prints the certificate itself.\n",
            HOSTS.join(", ")
        )
    }
}

/// A new CA certificate for `key`, valid from yesterday for ten years (PEM).
fn self_signed_ca(key: &KeyPair) -> Result<String, String> {
    let mut params = ca_params(key);
    let now = unix_now();
    params.not_before = now - Duration::from_secs(86_400);
    params.not_after = now + Duration::from_secs(10 * 366 * 86_400);
    Ok(params
        .self_signed(key)
        .map_err(|e| format!("cannot make the CA certificate: {e}"))?
        .pem())
}

/// Whether the CA certificate `pem` names every one of [`HOSTS`] (in its
/// name constraints).
fn names_all_hosts(pem: &str) -> bool {
    CertificateDer::from_pem_slice(pem.as_bytes())
        .is_ok_and(|der| HOSTS.iter().all(|host| contains(&der, host.as_bytes())))
}

/// Whether the certificate `pem` is of `key`.
fn pem_key_matches(pem: &str, key: &KeyPair) -> bool {
    CertificateDer::from_pem_slice(pem.as_bytes())
        .is_ok_and(|der| contains(&der, key.public_key_raw()))
}

/// The CA's certificate settings. Everything an issued certificate takes
/// from its issuer (the name, the key identifier) follows from the key alone,
/// so a CA read back from its files issues without parsing its certificate.
fn ca_params(key: &KeyPair) -> CertificateParams {
    let mut params = CertificateParams::default();
    let id: String = params.key_identifier(key)[..4]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::OrganizationName, "otebox");
    params
        .distinguished_name
        .push(DnType::CommonName, format!("otebox local CA {id}"));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    // A CA put into a system trust store must not be able to vouch for any
    // other site, even if its key leaks.
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: HOSTS
            .iter()
            .map(|host| GeneralSubtree::DnsName((*host).to_owned()))
            .chain([
                GeneralSubtree::IpAddress(CidrSubnet::V4([127, 0, 0, 0], [255, 0, 0, 0])),
                GeneralSubtree::IpAddress(CidrSubnet::V6(Ipv6Addr::LOCALHOST.octets(), [255; 16])),
            ])
            .collect(),
        excluded_subtrees: Vec::new(),
    });
    params
}

/// The TLS side of the HTTPS listener: the settings and the time a client
/// has to complete its handshake.
#[derive(Clone)]
pub struct Acceptor {
    inner: tokio_rustls::TlsAcceptor,
    timeout: Duration,
}

impl Acceptor {
    pub fn new(config: Arc<ServerConfig>, timeout: Duration) -> Acceptor {
        Acceptor {
            inner: tokio_rustls::TlsAcceptor::from(config),
            timeout,
        }
    }

    /// Runs the handshake within the timeout. A client that speaks plain
    /// HTTP gets a `400` that says to use https, then the connection closes;
    /// garbage, a failed handshake or a client that stalls is an error (the
    /// caller drops the connection).
    pub async fn handshake(&self, mut stream: TcpStream) -> Result<TlsStream<TcpStream>, String> {
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut first = [0u8; 1];
        match tokio::time::timeout_at(deadline, stream.peek(&mut first)).await {
            Err(_) => return Err("no TLS handshake within the timeout".to_owned()),
            Ok(Err(error)) => return Err(error.to_string()),
            Ok(Ok(0)) => return Err("closed before the handshake".to_owned()),
            Ok(Ok(_)) if first[0].is_ascii_uppercase() => {
                let text = "This port speaks HTTPS: use https:// in the URL.\n";
                let answer = format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=UTF-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ =
                    tokio::time::timeout_at(deadline, stream.write_all(answer.as_bytes())).await;
                let _ = stream.shutdown().await;
                return Err("plain HTTP sent to the HTTPS port".to_owned());
            }
            Ok(Ok(_)) => {}
        }
        self.accept(stream, deadline).await
    }

    /// The handshake inside a proxy tunnel (a `CONNECT` the plain listener
    /// answered), within the same timeout: the client asked for TLS there, so
    /// anything else is an error.
    pub async fn handshake_tunnel<T>(&self, stream: T) -> Result<TlsStream<T>, String>
    where
        T: AsyncRead + AsyncWrite + Unpin,
    {
        self.accept(stream, tokio::time::Instant::now() + self.timeout)
            .await
    }

    async fn accept<T>(
        &self,
        stream: T,
        deadline: tokio::time::Instant,
    ) -> Result<TlsStream<T>, String>
    where
        T: AsyncRead + AsyncWrite + Unpin,
    {
        match tokio::time::timeout_at(deadline, self.inner.accept(stream)).await {
            Err(_) => Err("no TLS handshake within the timeout".to_owned()),
            Ok(result) => result.map_err(|error| format!("TLS handshake failed: {error}")),
        }
    }
}

fn unix_now() -> OffsetDateTime {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    OffsetDateTime::UNIX_EPOCH + since
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// `text` quoted for a POSIX shell when it needs to be (a macOS data
/// directory has a space in it).
pub fn shell_quote(text: &str) -> String {
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+:@".contains(&b));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
