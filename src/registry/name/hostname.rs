//! Host names (the spec's HOSTNAME: nameservers, attribute hosts, host
//! objects): a [`DomainName`] whose TLD is not all-numeric (RFC 1123 §2.1,
//! RFC 3696 §2), so an address such as `192.0.2.1` is never taken for a host
//! name. Only the TLD's bytes are looked at again; nothing is allocated for
//! a name that passes. The error is the broken rule, as `DomainName::parse`'s.

use std::net::{IpAddr, Ipv4Addr};

use super::DomainName;

/// The rule an IPv4 or IPv6 address given as a host name breaks.
const AN_ADDRESS: &str = "is an IP address, not a host name";

/// The rule a name with an all-numeric TLD breaks.
const NUMERIC_TLD: &str = "has an all-numeric TLD; a host name's TLD holds a letter";

impl DomainName {
    /// [`DomainName::parse`] of a host name: the same rules, and a TLD that
    /// is not all digits. An IPv4 or IPv6 address is told apart as such.
    pub fn parse_host(input: &str) -> Result<DomainName, &'static str> {
        match DomainName::parse(input) {
            Ok(name) => host_rule(name.as_str()).map(|()| name),
            Err(_) if is_address(input) => Err(AN_ADDRESS),
            Err(rule) => Err(rule),
        }
    }
}

/// The host-name rule on a checked, lower-case ACE name (which has a TLD):
/// its last label must not be all digits.
fn host_rule(ace: &str) -> Result<(), &'static str> {
    let tld = ace.rsplit_once('.').map_or(ace, |(_, tld)| tld);
    if !tld.bytes().all(|byte| byte.is_ascii_digit()) {
        return Ok(());
    }
    if ace.parse::<Ipv4Addr>().is_ok() {
        Err(AN_ADDRESS)
    } else {
        Err(NUMERIC_TLD)
    }
}

/// Whether a name that failed the name rules is an IP address (`2001:db8::1`,
/// `[2001:db8::1]`), so the refusal says that rather than which byte broke them.
fn is_address(input: &str) -> bool {
    let bare = input
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(input);
    bare.parse::<IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_keep_the_domain_rules_and_refuse_numeric_tlds() {
        let host = |text: &str| DomainName::parse_host(text).map(|n| n.as_str().to_owned());
        for (input, ace) in [
            ("ns1.example.net", "ns1.example.net"),
            ("NS1.Example.NET.", "ns1.example.net"),
            ("ns1.dömäin.example", "ns1.xn--dmin-moa0i.example"),
            ("1.2.3.com", "1.2.3.com"),
            ("ns1.example.123a", "ns1.example.123a"),
            ("ns1.xn--p1ai", "ns1.xn--p1ai"),
        ] {
            assert_eq!(host(input), Ok(ace.to_owned()), "{input}");
        }
        for (input, why) in [
            ("192.0.2.1", AN_ADDRESS),
            ("192.0.2.1.", AN_ADDRESS),
            ("10.0.0.1", AN_ADDRESS),
            ("2001:db8::1", AN_ADDRESS),
            ("[2001:db8::1]", AN_ADDRESS),
            ("::ffff:192.0.2.1", AN_ADDRESS),
            ("ns1.example.123", NUMERIC_TLD),
            ("10.1", NUMERIC_TLD),
            ("192.0.2.256", NUMERIC_TLD),
            ("ns1", "needs a label and a TLD"),
            (
                "ns_1.example.net",
                "may only hold letters, digits and hyphens",
            ),
        ] {
            assert_eq!(host(input), Err(why), "{input}");
        }
    }

    #[test]
    fn domain_names_are_not_held_to_the_host_rule() {
        assert!(DomainName::parse("ns1.example.123").is_ok());
        assert!(DomainName::parse("192.0.2.1").is_ok());
    }
}
