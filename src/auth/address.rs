//! Which address a request is judged by (the TCP peer; `s_remoteaddr` or
//! `X-Forwarded-For` only from a `--trusted-proxy` peer) and the allow-list
//! check against it, with a refusal that says what was seen and why. Reads
//! `Meta` and the request's transport fields; changes nothing.

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use crate::Meta;
use crate::error::{Error, Result};
use crate::registry::AllowList;
use crate::wire::Request;

/// The address a request is judged by, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress {
    pub ip: IpAddr,
    pub source: Source,
}

/// Where [`ClientAddress::ip`] was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The TCP peer; `ignored` names a forwarding field an untrusted peer sent.
    Peer { ignored: Option<Ignored> },
    /// `s_remoteaddr`, sent by the trusted proxy `via`.
    RemoteAddr { via: IpAddr },
    /// The `X-Forwarded-For` header, set by the trusted proxy `via`.
    Forwarded { via: IpAddr },
}

/// A forwarding field that did not count because the peer is not trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    RemoteAddr,
    Forwarded,
}

impl ClientAddress {
    /// The address of `request`: from a trusted proxy its `s_remoteaddr`
    /// (with or without a port), else the header's address, else the peer;
    /// from any other peer, the peer. A malformed `s_remoteaddr` from a
    /// trusted proxy is a `505`. (Inlined into `authenticate`, its one caller.)
    #[inline]
    pub fn of(meta: &Meta, request: &Request) -> Result<ClientAddress> {
        let peer = meta.peer.to_canonical();
        let sent = request.remote_addr.as_deref().filter(|v| !v.is_empty());
        if !meta.trusted_proxy {
            let ignored = match (sent, meta.forwarded) {
                (Some(_), _) => Some(Ignored::RemoteAddr),
                (None, Some(_)) => Some(Ignored::Forwarded),
                (None, None) => None,
            };
            return Ok(ClientAddress {
                ip: peer,
                source: Source::Peer { ignored },
            });
        }
        if let Some(text) = sent {
            let ip = parse_address(text).ok_or_else(|| {
                Error::syntax_rule(
                    "s_remoteaddr",
                    text,
                    "is not an IP address (with an optional port: 10.0.0.1:80, [::1]:80)",
                )
            })?;
            return Ok(ClientAddress {
                ip: ip.to_canonical(),
                source: Source::RemoteAddr { via: peer },
            });
        }
        Ok(match meta.forwarded {
            Some(ip) => ClientAddress {
                ip: ip.to_canonical(),
                source: Source::Forwarded { via: peer },
            },
            None => ClientAddress {
                ip: peer,
                source: Source::Peer { ignored: None },
            },
        })
    }

    /// `530 … User not permitted from this IP address (ip); …` unless `list`
    /// permits the address; `whose` names the list's holder (`test.user!ci`).
    /// (Inlined: an empty list, the usual one, is one test.)
    #[inline]
    pub fn check(&self, list: &AllowList, whose: &dyn fmt::Display) -> Result<()> {
        if list.is_empty() || list.permits(self.ip) {
            return Ok(());
        }
        Err(self.refusal(list, whose))
    }

    #[cold]
    fn refusal(&self, list: &AllowList, whose: &dyn fmt::Display) -> Error {
        Error::AddressNotPermitted(format!(
            "({}); ALLOWEDIP of {whose}: {list}; {}",
            self.ip,
            self.explain()
        ))
    }

    /// How the address was found, for refusals and the log.
    pub fn explain(&self) -> String {
        match self.source {
            Source::Peer { ignored: None } => "address = TCP peer".to_owned(),
            Source::Peer {
                ignored: Some(field),
            } => format!(
                "address = TCP peer ({} ignored: {} is not a --trusted-proxy)",
                match field {
                    Ignored::RemoteAddr => "s_remoteaddr",
                    Ignored::Forwarded => "X-Forwarded-For",
                },
                self.ip
            ),
            Source::RemoteAddr { via } => {
                format!("address = s_remoteaddr, sent by the trusted proxy {via}")
            }
            Source::Forwarded { via } if self.ip.is_unspecified() => format!(
                "address = X-Forwarded-For, set by the trusted proxy {via}, whose entry for the client names no address"
            ),
            Source::Forwarded { via } => {
                format!("address = X-Forwarded-For, set by the trusted proxy {via}")
            }
        }
    }
}

/// `10.0.0.1`, `10.0.0.1:80`, `::1`, `[::1]:80`: how `s_remoteaddr` and an
/// `X-Forwarded-For` entry name the client.
pub fn parse_address(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Route;
    use crate::registry::Timestamp;

    fn meta(trusted: bool, forwarded: Option<&str>) -> Meta {
        Meta {
            peer: "127.0.0.1".parse().unwrap(),
            now: Timestamp(0),
            route: Route::DEFAULT,
            forwarded: forwarded.map(|f| f.parse().unwrap()),
            trusted_proxy: trusted,
            slow: None,
        }
    }

    fn request(remote: Option<&str>) -> Request {
        Request {
            remote_addr: remote.map(Into::into),
            ..Request::default()
        }
    }

    #[test]
    fn only_a_trusted_peer_may_name_another_address() {
        let from = |trusted, forwarded, remote| {
            ClientAddress::of(&meta(trusted, forwarded), &request(remote))
                .unwrap()
                .ip
                .to_string()
        };
        assert_eq!(from(false, None, Some("10.0.0.1")), "127.0.0.1");
        assert_eq!(from(false, Some("10.0.0.2"), None), "127.0.0.1");
        assert_eq!(
            from(true, Some("10.0.0.2"), Some("10.0.0.1:80")),
            "10.0.0.1"
        );
        assert_eq!(from(true, Some("10.0.0.2"), None), "10.0.0.2");
        assert_eq!(from(true, None, Some("[2001:db8::1]:443")), "2001:db8::1");
        assert_eq!(from(true, None, None), "127.0.0.1");
        assert!(ClientAddress::of(&meta(true, None), &request(Some("nowhere"))).is_err());
    }

    #[test]
    fn a_refusal_names_the_address_the_list_and_the_source() {
        let list = AllowList::parse([("ALLOWEDIP0".to_owned(), "10.0.0.0/8")]).unwrap();
        let client = ClientAddress::of(&meta(false, None), &request(Some("10.0.0.1"))).unwrap();
        let error = client.check(&list, &"test.user").unwrap_err();
        assert_eq!(
            error.to_string(),
            "Authentication failed; User not permitted from this IP address (127.0.0.1); \
             ALLOWEDIP of test.user: 10.0.0.0/8; address = TCP peer (s_remoteaddr ignored: \
             127.0.0.1 is not a --trusted-proxy)"
        );
    }
}
