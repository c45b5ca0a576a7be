//! [`Peer`]: the client of one connection, as the server keeps it for the
//! connection's requests (its address, that address as text, and whether it
//! is a `--trusted-proxy`). Knows nothing of requests or the registry.

use std::net::IpAddr;

use ipnet::IpNet;

/// The client of one connection: its address, and that address as text,
/// written once per connection rather than once per request line of the log.
pub(in crate::server) struct Peer {
    pub(in crate::server) ip: IpAddr,
    pub(in crate::server) text: Box<str>,
    /// Whether the peer is a `--trusted-proxy`, decided once per connection.
    pub(in crate::server) trusted: bool,
}

impl Peer {
    pub(in crate::server) fn new(ip: IpAddr, trusted_proxies: &[IpNet]) -> Peer {
        Peer {
            ip,
            text: ip.to_string().into_boxed_str(),
            trusted: is_trusted(trusted_proxies, ip),
        }
    }
}

/// Whether `ip` lies in one of the `--trusted-proxy` subnets.
pub(in crate::server) fn is_trusted(trusted_proxies: &[IpNet], ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    trusted_proxies.iter().any(|net| net.contains(&ip))
}
