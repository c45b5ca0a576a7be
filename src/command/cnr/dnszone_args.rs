//! What the CentralNic Reseller zone and forwarding commands read alike:
//! DNSZONE without a trailing dot, CLTRID and its echo, the SOA fields
//! (names absolute with or without their dot, SOASERIAL=0 as "managed"),
//! the refusals of what the sandbox does not run (DNSSEC signing, anycast,
//! secondary zones), and DELRR# with the MX-by-target form DNSControl
//! sends. Reads requests only; the commands are in `dnszone.rs`.

use super::super::Args;
use super::super::dnszone::record_error;
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::zone::{self, MAX_TTL, Pattern, RrType, SoaFields, Zone};
use crate::wire::Response;

/// DNSZONE as the CNR forms send it: no trailing dot (one is taken), any
/// case, Unicode converted the platform's way ([`DomainName::parse_cnr`]).
pub(super) fn read_zone(args: &mut Args<'_>) -> Result<DomainName> {
    let text = args.required("DNSZONE")?;
    DomainName::parse_cnr(text).map_err(|rule| Error::syntax_rule("DNSZONE", text, rule))
}

/// CLTRID (every KeyDNS command takes it): echoed as `cltrid`.
pub(super) fn read_cltrid<'a>(args: &mut Args<'a>) -> Option<&'a str> {
    args.optional("CLTRID")
}

/// `200` with the `cltrid` echo when one came.
pub(super) fn done(cltrid: Option<&str>) -> Response {
    let mut response = Response::ok();
    echo(&mut response, cltrid);
    response
}

/// Appends the `cltrid` echo.
pub(super) fn echo(response: &mut Response, cltrid: Option<&str>) {
    if let Some(id) = cltrid {
        response.push_str("cltrid", id);
    }
}

/// SOAMNAME / SOARNAME: absolute whether or not a trailing dot came (the
/// CNR names carry none); SOARNAME may be a mailbox (`@` becomes `.`).
fn soa_name(args: &mut Args<'_>, name: &str, zone: &str) -> Result<Option<String>> {
    let Some(text) = args.optional(name) else {
        return Ok(None);
    };
    let mut host = text.replacen('@', ".", 1);
    if !host.ends_with('.') {
        host.push('.');
    }
    zone::target_name(zone, &host)
        .map(Some)
        .map_err(|why| Error::syntax_rule(name, text, why))
}

/// The SOA fields of AddDNSZone / ModifyDNSZone (SOAREFRESH 900-86400, the
/// others up to the largest TTL). `SOASERIAL=0` (DNSControl sends
/// `0000000000` on OT&E) leaves the serial to the sandbox.
pub(super) fn read_soa(args: &mut Args<'_>, zone: &str) -> Result<SoaFields> {
    let max = u64::from(MAX_TTL);
    let mut number = |name: &str, range: std::ops::RangeInclusive<u64>| -> Result<Option<u32>> {
        Ok(args.int_in(name, range)?.map(|n| n as u32))
    };
    let ttl = number("SOATTL", 0..=max)?;
    let serial = number("SOASERIAL", 0..=u64::from(u32::MAX))?.filter(|n| *n > 0);
    // The KB's one range among the SOA fields (cnr-commands.md §30).
    let refresh = number("SOAREFRESH", 900..=86_400)?;
    let retry = number("SOARETRY", 0..=max)?;
    let expire = number("SOAEXPIRE", 0..=max)?;
    let minttl = number("SOAMINTTL", 0..=max)?;
    Ok(SoaFields {
        ttl,
        mname: soa_name(args, "SOAMNAME", zone)?,
        rname: soa_name(args, "SOARNAME", zone)?,
        serial,
        refresh,
        retry,
        expire,
        minttl,
    })
}

/// What the sandbox does not run: DNSSEC signing, anycast sets, secondary
/// zones and zone transfers. `SIGNED=0`, an empty PREMIUMDNSSET and empty
/// address slots are accepted.
pub(super) fn refuse_unsupported(args: &mut Args<'_>) -> Result<()> {
    if args.flag("SIGNED")? == Some(true) {
        return Err(Error::invalid(
            "SIGNED",
            "DNSSEC signing is not supported by the sandbox; send SIGNED=0 or leave it out",
        ));
    }
    if let Some(set) = args.optional("PREMIUMDNSSET") {
        return Err(Error::invalid(
            "PREMIUMDNSSET",
            format_args!(
                "({set}) premium (anycast) DNS is not supported by the sandbox; leave it empty"
            ),
        ));
    }
    for stem in [
        "MASTERIPADDRESS",
        "ADDMASTERIPADDRESS",
        "DELMASTERIPADDRESS",
        "SLAVEIPADDRESS",
        "ADDSLAVEIPADDRESS",
        "DELSLAVEIPADDRESS",
    ] {
        if let Some((index, address)) = args.list(stem).into_iter().find(|(_, v)| !v.is_empty()) {
            return Err(Error::invalid(
                &format!("{stem}{index}"),
                format_args!(
                    "({address}) secondary zones and zone transfers are not supported by the sandbox; \
                     leave the {stem}# slots out"
                ),
            ));
        }
    }
    Ok(())
}

/// A DELRR# of the CNR forms: a pattern as HEXONET's DELRR takes, or an MX
/// given by its target alone (DNSControl deletes MX records as
/// `@ 3600 IN MX mail.example.com.`, without the preference; a null MX
/// as `@ 3600 IN MX .`).
pub(super) enum DelRr {
    Pattern(Pattern),
    MxTarget { owner: String, target: String },
}

/// `<owner> [<ttl>] [IN] MX <target>`: the owner and the absolute target.
fn mx_target(zone: &str, text: &str) -> Option<(String, String)> {
    let tokens: Vec<&str> = text.split_ascii_whitespace().collect();
    // The owner itself may be called `mx`: the type comes after it.
    let at = 1 + tokens
        .iter()
        .skip(1)
        .position(|token| token.eq_ignore_ascii_case("MX"))?;
    let (head, rest) = tokens.split_at(at);
    let [owner, middle @ ..] = head else {
        return None;
    };
    let known = |t: &&str| t.eq_ignore_ascii_case("IN") || t.bytes().all(|b| b.is_ascii_digit());
    if middle.len() > 2 || !middle.iter().all(known) || rest.len() != 2 {
        return None;
    }
    let owner = zone::owner_name(zone, owner).ok()?;
    // `.`: a null MX (RFC 7505), read back as `0 .`.
    let target = match rest[1] {
        "." => ".".to_owned(),
        host => zone::target_name(zone, host).ok()?,
    };
    Some((owner, target))
}

pub(super) fn read_deletions(args: &mut Args<'_>, zone: &str) -> Result<Vec<(String, DelRr)>> {
    let mut found = Vec::new();
    for (index, text) in args.list("DELRR") {
        if text.trim().is_empty() {
            continue;
        }
        let param = format!("DELRR{index}");
        let deletion = match zone::parse_pattern(Dialect::Cnr, zone, text) {
            Ok(pattern) if pattern.kind == Some(RrType::Soa) => {
                let why = "the SOA record cannot be deleted; change it with the SOA fields";
                return Err(record_error(&param, text, why));
            }
            Ok(pattern) => DelRr::Pattern(pattern),
            Err(why) => match mx_target(zone, text) {
                Some((owner, target)) => DelRr::MxTarget { owner, target },
                None => return Err(record_error(&param, text, &why)),
            },
        };
        found.push((param, deletion));
    }
    Ok(found)
}

/// The deletions as exact patterns of `zone` (an MX target: each MX of
/// that owner pointing there).
pub(super) fn expand(zone: &Zone, deletions: Vec<(String, DelRr)>) -> Vec<(String, Pattern)> {
    let mut patterns = Vec::new();
    for (param, deletion) in deletions {
        match deletion {
            DelRr::Pattern(pattern) => patterns.push((param, pattern)),
            DelRr::MxTarget { owner, target } => {
                let Some(set) = zone.records.rrset(&owner, RrType::Mx) else {
                    continue;
                };
                for data in &set.data {
                    if data.split_once(' ').is_some_and(|(_, t)| t == target) {
                        let pattern = Pattern {
                            owner: Some(owner.clone()),
                            kind: Some(RrType::Mx),
                            data: Some(data.clone()),
                        };
                        patterns.push((param.clone(), pattern));
                    }
                }
            }
        }
    }
    patterns
}

/// A name as the CNR answers show it: no trailing dot.
pub(super) fn bare(name: &str) -> &str {
    name.strip_suffix('.').unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::args::params;
    use crate::registry::Timestamp;
    use crate::registry::zone::{ZoneChange, parse_line};

    #[test]
    fn an_mx_by_its_target_alone() {
        let zone = "example.com";
        assert_eq!(
            mx_target(zone, "@ 3600 IN MX mail.example.com."),
            Some(("example.com".to_owned(), "mail.example.com.".to_owned()))
        );
        assert_eq!(
            mx_target(zone, "mx MX relay"),
            Some(("mx.example.com".to_owned(), "relay.example.com.".to_owned()))
        );
        assert_eq!(
            mx_target(zone, "nomail 3600 IN MX ."),
            Some(("nomail.example.com".to_owned(), ".".to_owned()))
        );
        assert_eq!(mx_target(zone, "@ 3600 IN MX 10 mail."), None);
        assert_eq!(mx_target(zone, "@ 3600 IN A mail."), None);
        assert_eq!(mx_target(zone, "@ 3600 IN CH MX mail."), None);
    }

    /// DELRR as DNSControl and WHMCS send them: TTLs that differ from the
    /// record's, `@` or the FQDN, an MX by target; each finds its record.
    #[test]
    fn deletions_match_whatever_the_spelling() {
        let mut zone = Zone::new("example.com", "u", Timestamp(0), "u");
        let lines = [
            "@ 300 IN MX 10 mail",
            "@ 300 IN MX 20 mail",
            "@ IN TXT \"v=spf1 -all\"",
            "www A 192.0.2.1",
        ];
        let add = lines
            .iter()
            .map(|line| {
                (
                    "ADDRR".to_owned(),
                    parse_line(Dialect::Cnr, "example.com", line).unwrap(),
                )
            })
            .collect();
        let plan = zone
            .plan(ZoneChange {
                add,
                ..ZoneChange::default()
            })
            .unwrap();
        zone.apply(plan, Timestamp(0), "u");
        let request = params(&[
            ("DELRR0", "@ 3600 IN MX mail.example.com."),
            ("DELRR1", "example.com. 60 TXT v=spf1 -all"),
            ("DELRR2", "www.example.com. 3600 IN A 192.0.2.1"),
        ]);
        let mut args = Args::new(&request);
        let deletions = read_deletions(&mut args, "example.com").unwrap();
        let patterns = expand(&zone, deletions);
        assert_eq!(patterns.len(), 4, "both MX, the TXT and the A");
        let plan = zone
            .plan(ZoneChange {
                delete: patterns,
                ..ZoneChange::default()
            })
            .unwrap();
        zone.apply(plan, Timestamp(0), "u");
        assert!(zone.records.is_empty(), "{:?}", zone.records);
        let request = params(&[("DELRR0", "@ SOA")]);
        let mut args = Args::new(&request);
        assert!(read_deletions(&mut args, "example.com").is_err());
    }
}
