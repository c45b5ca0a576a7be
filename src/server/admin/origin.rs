//! The admin API's guard against web pages when no `--admin-token` is set:
//! a browser on the tester's machine is a loopback peer, so without it a
//! page of any site could POST a reset or a clock move (cross-site request
//! forgery) or, after DNS rebinding, read a snapshot. Owns the `Host` and
//! `Origin` checks; the peer and token rule is `admin.rs`'s [`authorize`].
//!
//! [`authorize`]: super::authorize

use std::net::IpAddr;

use hyper::HeaderMap;
use hyper::header::{HOST, ORIGIN};

use crate::tls::API_HOSTS;

/// The text of the `403` for a request a web page of another site sent.
pub(crate) const OTHER_SITE: &str = "the admin API without --admin-token answers requests \
    for this machine only: Host and Origin (when sent) must be localhost, a loopback address \
    or an API host otebox stands in for, so that a web page of another site cannot call it";

/// Whether the request names this machine: its `Host` (absent in HTTP/1.0)
/// and, when a browser sent one, its `Origin` are loopback names.
pub(super) fn same_machine(headers: &HeaderMap) -> bool {
    let host = headers
        .get(HOST)
        .is_none_or(|value| value.to_str().is_ok_and(local_authority));
    let origin = headers.get(ORIGIN).is_none_or(|value| {
        value.to_str().is_ok_and(|origin| {
            origin.split_once("://").is_some_and(|(scheme, rest)| {
                matches!(scheme, "http" | "https") && local_authority(rest)
            })
        })
    });
    host && origin
}

/// Whether `host[:port]` names this machine: `localhost` (or a name under
/// it), a loopback or unspecified address (`[::1]` in brackets), or one of
/// the API hosts a tester maps to otebox in the hosts file. (The machine's
/// own host name is not known here; with `--admin-token` any name works.)
fn local_authority(authority: &str) -> bool {
    let digits = |port: &str| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((host, "")) => host,
            Some((host, port)) if port.strip_prefix(':').is_some_and(digits) => host,
            _ => return false,
        },
        None => match authority.split_once(':') {
            Some((host, port)) if digits(port) => host,
            Some(_) => return false,
            None => authority,
        },
    };
    // 0.0.0.0 and [::] too: the address otebox prints for `--listen
    // 0.0.0.0`, which a browser or curl reaches as this machine.
    if let Ok(address) = host.parse::<IpAddr>() {
        return address.to_canonical().is_loopback() || address.is_unspecified();
    }
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || API_HOSTS.contains(&host.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn headers(host: Option<&'static str>, origin: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(host) = host {
            headers.insert(HOST, HeaderValue::from_static(host));
        }
        if let Some(origin) = origin {
            headers.insert(ORIGIN, HeaderValue::from_static(origin));
        }
        headers
    }

    #[test]
    fn this_machine_is_named_by_loopback_hosts_and_origins() {
        for host in [
            "127.0.0.1:8765",
            "127.0.0.1",
            "localhost:8765",
            "LocalHost.",
            "app.localhost:80",
            "[::1]:8765",
            "[::1]",
            "0.0.0.0:8765",
            "[::]:8765",
            "api-ote.ispapi.net",
            "api.rrpproxy.net:443",
        ] {
            assert!(same_machine(&headers(Some(host), None)), "{host}");
        }
        assert!(same_machine(&headers(None, None)));
        assert!(same_machine(&headers(
            Some("127.0.0.1:8765"),
            Some("http://127.0.0.1:8765")
        )));
        assert!(same_machine(&headers(
            Some("localhost:8765"),
            Some("https://localhost:8765")
        )));
    }

    #[test]
    fn other_sites_and_rebound_names_are_refused() {
        // DNS rebinding: the page's own name resolved to 127.0.0.1.
        for host in [
            "evil.example:8765",
            "evil.example",
            "localhost.evil.example",
            "10.0.0.1:8765",
            "[2001:db8::1]:8765",
            "127.0.0.1:port",
            "[::1",
            "",
        ] {
            assert!(!same_machine(&headers(Some(host), None)), "{host}");
        }
        // A cross-site form post or fetch to http://127.0.0.1:8765/_admin/…
        for origin in [
            "http://evil.example",
            "https://evil.example:8765",
            "null",
            "file://",
            "http://127.0.0.1.evil.example",
        ] {
            assert!(
                !same_machine(&headers(Some("127.0.0.1:8765"), Some(origin))),
                "{origin}"
            );
        }
    }
}
