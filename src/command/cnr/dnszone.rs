//! The CentralNic Reseller (KeyDNS) zone commands that check, create,
//! change, show and delete one zone: CheckDNSZone, AddDNSZone,
//! ModifyDNSZone, StatusDNSZone and DeleteDNSZone (cnr-commands.md §30–§32,
//! §35, §36), and the readers the CNR zone and forwarding commands share
//! (DNSZONE without a trailing dot, SOA fields, CLTRID). They read the CNR
//! parameters and push the CNR names; the zones, records and their rules
//! are the one model of `registry::zone`, which HEXONET's zone commands use
//! too. The lists are in `dnszone_list.rs`, forwarding in `forward.rs`.

use super::super::dnszone::read_lines;
use super::super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::zone::{self, Line, MAX_TTL, Pattern, RrType, SoaFields, Zone, ZoneChange};
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

/// The SOA fields of AddDNSZone / ModifyDNSZone. `SOASERIAL=0` (DNSControl
/// sends `0000000000` on OT&E) leaves the serial to the sandbox.
fn read_soa(args: &mut Args<'_>, zone: &str) -> Result<SoaFields> {
    let max = u64::from(MAX_TTL);
    let mut number = |name: &str, max: u64| -> Result<Option<u32>> {
        Ok(args.int_in(name, 0..=max)?.map(|n| n as u32))
    };
    let ttl = number("SOATTL", max)?;
    let serial = number("SOASERIAL", u64::from(u32::MAX))?.filter(|n| *n > 0);
    let refresh = number("SOAREFRESH", max)?;
    let retry = number("SOARETRY", max)?;
    let expire = number("SOAEXPIRE", max)?;
    let minttl = number("SOAMINTTL", max)?;
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
fn refuse_unsupported(args: &mut Args<'_>) -> Result<()> {
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

/// `505 ... resource record [<line>]: (<param>: <why>)`, as HEXONET's forms word it.
fn record_error(param: &str, line: &str, why: &str) -> Error {
    let shown = if line.len() > 200 {
        let mut cut = 100;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}... ({} characters)", &line[..cut], line.len())
    } else {
        line.to_owned()
    };
    Error::InvalidSyntax {
        name: format!("resource record [{shown}]"),
        value: format!("{param}: {why}"),
    }
}

/// A DELRR# of the CNR forms: a pattern as HEXONET's DELRR takes, or an MX
/// given by its target alone (DNSControl deletes MX records as
/// `@ 3600 IN MX mail.example.com.`, without the preference).
enum DelRr {
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
    let target = zone::target_name(zone, rest[1]).ok()?;
    Some((owner, target))
}

fn read_deletions(args: &mut Args<'_>, zone: &str) -> Result<Vec<(String, DelRr)>> {
    let mut found = Vec::new();
    for (index, text) in args.list("DELRR") {
        if text.trim().is_empty() {
            continue;
        }
        let param = format!("DELRR{index}");
        let deletion = match zone::parse_pattern(zone, text) {
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
fn expand(zone: &Zone, deletions: Vec<(String, DelRr)>) -> Vec<(String, Pattern)> {
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

fn names_pseudo(lines: &[(String, Line)]) -> bool {
    lines
        .iter()
        .any(|(_, line)| matches!(line, Line::Record(rr) if rr.kind.is_pseudo()))
}

/// Whether a zone may be created: `211`-worthy reasons as text (the zone
/// exists, or another account holds the domain of that name).
fn taken(ctx: &Ctx<'_>, name: &str) -> Option<String> {
    if ctx.system.zone(name).is_some() {
        return Some(format!("DNS zone {name} already exists"));
    }
    ctx.system.check_new_zone(ctx.owner(), name).err().map(|_| {
        format!("DNS zone {name} belongs to the domain {name}, which another account holds")
    })
}

/// Whether a zone can be created: `210` when it can (no such zone), `211`
/// when it exists (whoever holds it) or its domain is another account's.
///
/// ```text
/// COMMAND = CheckDNSZone
/// DNSZONE = <zone>
/// CLTRID  = <text>     (optional, echoed as cltrid)
/// ---
/// code 210 Domain name available | 211 Domain name not available; <why>
/// ```
pub(super) fn check_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let mut response = match taken(ctx, name.as_str()) {
        None => Response::status(210, "Domain name available"),
        Some(why) => Response::status(211, format!("Domain name not available; {why}")),
    };
    echo(&mut response, cltrid);
    Ok(response)
}

/// Creates a zone. Records without a TTL get 3600; without an apex NS the
/// sandbox's `ns1..3.ispapi.net.` are added. `549` when the zone exists
/// (DNSControl takes that as "there already").
///
/// ```text
/// COMMAND       = AddDNSZone
/// DNSZONE       = <zone>
/// RR0..n        = <name> [<ttl>] [IN] <TYPE> <data>    (optional; NS without IN too)
/// SOATTL, SOAMNAME, SOARNAME, SOASERIAL (0: managed), SOAREFRESH, SOARETRY, SOAEXPIRE, SOAMINTTL
/// SIGNED        = 0            (1 is refused: no DNSSEC signing)
/// PREMIUMDNSSET = <empty>      MASTERIPADDRESS0..n: refused (no secondary zones)
/// CLTRID        = <text>       (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn add_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let name = name.as_str();
    let lines = read_lines(args, "RR", name, true)?;
    let soa = read_soa(args, name)?;
    refuse_unsupported(args)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    if let Some(why) = taken(ctx, name) {
        let hint = if ctx.system.zone(name).is_some() {
            " (ModifyDNSZone changes a zone of yours, DeleteDNSZone removes it)"
        } else {
            ""
        };
        return Err(Error::CommandFailed(format!("{why}{hint}")));
    }
    let actor = ctx.actor();
    let mut zone = Zone::new(name, ctx.owner(), ctx.now, &actor);
    let serial = soa.serial.unwrap_or(zone.soa.serial);
    let extended = names_pseudo(&lines);
    let change = ZoneChange {
        replace: Some(lines),
        soa,
        extended,
        ..ZoneChange::default()
    };
    let plan = zone.plan(change)?;
    zone.apply(plan, ctx.now, &actor);
    zone.soa.serial = serial;
    zone.add_default_nameservers();
    ctx.system.insert_zone(zone);
    Ok(done(cltrid))
}

/// Changes a zone: RR# replaces every record, then DELRR# removes (a
/// record by name, type and data whatever its TTL and whether the name is
/// `@`, relative or absolute; `%` patterns as HEXONET's; an MX by its
/// target alone; matching nothing is no error), then ADDRR# adds; then the
/// SOA fields. Forwarding (X-HTTP / X-SMTP) records are touched only by
/// lines that name those types. The serial moves by one; a refused line
/// changes nothing.
///
/// ```text
/// COMMAND            = ModifyDNSZone
/// DNSZONE            = <zone>
/// RR0..n / ADDRR0..n = <name> [<ttl>] [IN] <TYPE> <data>
/// DELRR0..n          = <name|%> [<ttl>] [IN] [<TYPE|%>] [<data>]
/// SOATTL, SOAMNAME, SOARNAME, SOASERIAL, SOAREFRESH, SOARETRY, SOAEXPIRE, SOAMINTTL
/// SIGNED = 0, PREMIUMDNSSET = <empty>; MASTERIPADDRESS#, SLAVEIPADDRESS# (and ADD/DEL): refused
/// CLTRID             = <text>   (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn modify_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let name = name.as_str();
    let replace = if args.list("RR").is_empty() {
        None
    } else {
        Some(read_lines(args, "RR", name, true)?)
    };
    let deletions = read_deletions(args, name)?;
    let add = read_lines(args, "ADDRR", name, true)?;
    let soa = read_soa(args, name)?;
    refuse_unsupported(args)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let zone = ctx.system.owned_zone(ctx.owner(), name)?;
    let delete = expand(zone, deletions);
    let extended = replace.as_deref().is_some_and(names_pseudo)
        || names_pseudo(&add)
        || delete
            .iter()
            .any(|(_, p)| p.kind.is_some_and(RrType::is_pseudo));
    let change = ZoneChange {
        replace,
        delete,
        add,
        soa,
        extended,
        ..ZoneChange::default()
    };
    let plan = zone.plan(change)?;
    let actor = ctx.actor();
    ctx.system.apply_zone_change(name, plan, ctx.now, &actor);
    Ok(done(cltrid))
}

/// A name as the CNR answers show it: no trailing dot.
pub(super) fn bare(name: &str) -> &str {
    name.strip_suffix('.').unwrap_or(name)
}

/// The KB's StatusDNSZone properties of one of the caller's zones
/// (alphabetical, as the CNR answers are). `545` when there is none
/// (DNSControl then sends AddDNSZone).
///
/// ```text
/// COMMAND = StatusDNSZone
/// DNSZONE = <zone>
/// CLTRID  = <text>   (optional, echoed as cltrid)
/// ---
/// property[dnszone][0], property[external][0] (0 | 1), property[premiumdnsset][0] = 0,
/// property[signed][0] = 0, property[soaexpire][0], property[soaminttl][0],
/// property[soamname][0], property[soarefresh][0], property[soaretry][0],
/// property[soarname][0], property[soaserial][0], property[soattl][0],
/// property[zonetype][0] = Master
/// ```
pub(super) fn status_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    let zone = ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    let soa = &zone.soa;
    let mut response = Response::with_room(14, 160);
    echo(&mut response, cltrid);
    response
        .push_str("dnszone", &zone.name)
        .push("external", u8::from(zone.external))
        .push_str("premiumdnsset", "0")
        .push_str("signed", "0")
        .push("soaexpire", soa.expire)
        .push("soaminttl", soa.minttl)
        .push_str("soamname", bare(&soa.mname))
        .push("soarefresh", soa.refresh)
        .push("soaretry", soa.retry)
        .push_str("soarname", bare(&soa.rname))
        .push("soaserial", soa.serial)
        .push("soattl", soa.ttl)
        .push_str("zonetype", "Master");
    Ok(response)
}

/// Deletes one of the caller's zones (a domain of that name stays as it is).
///
/// ```text
/// COMMAND = DeleteDNSZone
/// DNSZONE = <zone>
/// CLTRID  = <text>   (optional, echoed as cltrid)
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn delete_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let cltrid = read_cltrid(args);
    args.finish()?;
    ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    ctx.system.remove_zone(name.as_str());
    Ok(done(cltrid))
}
