//! The CentralNic Reseller (KeyDNS) zone commands that check, create,
//! change, show and delete one zone: CheckDNSZone, AddDNSZone,
//! ModifyDNSZone, StatusDNSZone and DeleteDNSZone (cnr-commands.md §30–§32,
//! §35, §36). They read the CNR parameters (shared readers in
//! `dnszone_args.rs`) and push the CNR names; the zones, records and their
//! rules are the one model of `registry::zone`, which HEXONET's zone
//! commands use too. Lists are in `dnszone_list.rs`, forwarding in
//! `forward.rs` and `forward_mail.rs`.

use super::super::dnszone::{insert_new_zone, read_lines};
use super::super::{Args, Ctx};
use super::dnszone_args::{
    bare, done, echo, expand, read_cltrid, read_deletions, read_soa, read_zone, refuse_unsupported,
};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::zone::{CNR_NAMESERVERS, Line, RrType, ZoneChange};
use crate::wire::Response;

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
    // Refused for its own name, or for a domain above it (`check_new_zone`).
    let own_domain = ctx.system.domain(name).is_some();
    ctx.system
        .check_new_zone(ctx.owner(), name)
        .err()
        .map(|_| match own_domain {
            true => {
                format!("DNS zone {name} belongs to the domain {name}, which another account holds")
            }
            false => format!("DNS zone {name} lies in a domain another account holds"),
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

/// Creates a zone. Records without a TTL get 3600; without an apex NS
/// KeyDNS's default `ns1..3.rrpproxy.net.` are added (the SOA's MNAME
/// `ns1.rrpproxy.net.` unless SOAMNAME is sent). `549` when the zone exists
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
    let lines = read_lines(args, "RR", name, true, Dialect::Cnr)?;
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
    let extended = names_pseudo(&lines);
    insert_new_zone(ctx, name, lines, soa, (extended, false), CNR_NAMESERVERS)?;
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
        Some(read_lines(args, "RR", name, true, Dialect::Cnr)?)
    };
    let deletions = read_deletions(args, name)?;
    let add = read_lines(args, "ADDRR", name, true, Dialect::Cnr)?;
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
