//! The HEXONET zone commands that change zones — CreateDNSZone,
//! UpdateDNSZone, DeleteDNSZone — and the readers every zone command
//! shares (DNSZONE, record lines, DELRR patterns, SOA fields, ZONEMODE).
//! Reads and checks the request; the zone model and its rules live in
//! `registry::zone`. Reading commands are in `dnszone_read.rs`, the list in
//! `dnszone_list.rs`.

use std::net::Ipv4Addr;

use crate::command::{Args, Ctx};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::DomainName;
use crate::registry::zone::{
    self, Line, MAX_TTL, Pattern, SANDBOX_NAMESERVERS, SoaFields, Zone, ZoneChange, ZoneStatus,
};
use crate::wire::Response;

/// DNSZONE: any case, trailing dot or not, IDN through ACE. A malformed
/// name is the reference's `506 Invalid option value; Syntax error in
/// parameter: DNSZONE` (QUERYDNSZONERRLIST.md), with the value and the rule.
pub(super) fn read_zone(args: &mut Args<'_>) -> Result<DomainName> {
    let text = args.required("DNSZONE")?;
    DomainName::parse(text).map_err(|rule| {
        Error::InvalidOption(format!(
            "Syntax error in parameter: DNSZONE ({text}) {rule}"
        ))
    })
}

/// `505 Invalid attribute value syntax; resource record [<line>] (<param>: <why>)`.
/// Lines longer than 200 characters are shown cut, with their length.
pub(super) fn record_error(param: &str, line: &str, why: &str) -> Error {
    let shown = if line.len() > 200 {
        let mut cut = 100;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}... ({} characters)", &line[..cut], line.len())
    } else {
        line.to_owned()
    };
    Error::InvalidRecord {
        line: shown,
        why: format!("{param}: {why}"),
    }
}

fn pseudo_needs_extended(kind: zone::RrType) -> String {
    format!("{kind} records need EXTENDED=1")
}

/// The non-empty `STEM<n>` record lines of `zone`, parsed, with their parameter names.
pub(super) fn read_lines(
    args: &mut Args<'_>,
    stem: &str,
    zone: &str,
    extended: bool,
    dialect: Dialect,
) -> Result<Vec<(String, Line)>> {
    let mut lines = Vec::new();
    for (index, text) in args.list(stem) {
        if text.trim().is_empty() {
            continue;
        }
        let param = format!("{stem}{index}");
        let line = zone::parse_line(dialect, zone, text)
            .map_err(|why| record_error(&param, text, &why))?;
        if let Line::Record(rr) = &line
            && rr.kind.is_pseudo()
            && !extended
        {
            return Err(record_error(&param, text, &pseudo_needs_extended(rr.kind)));
        }
        lines.push((param, line));
    }
    Ok(lines)
}

/// The non-empty `DELRR<n>` patterns of `zone`.
pub(super) fn read_patterns(
    args: &mut Args<'_>,
    zone: &str,
    extended: bool,
) -> Result<Vec<(String, Pattern)>> {
    let mut patterns = Vec::new();
    for (index, text) in args.list("DELRR") {
        if text.trim().is_empty() {
            continue;
        }
        let param = format!("DELRR{index}");
        let pattern = zone::parse_pattern(Dialect::Hexonet, zone, text)
            .map_err(|why| record_error(&param, text, &why))?;
        if pattern.kind == Some(zone::RrType::Soa) {
            let why = "the SOA record cannot be deleted; change it with the SOA fields";
            return Err(record_error(&param, text, why));
        }
        if let Some(kind) = pattern.kind.filter(|kind| kind.is_pseudo() && !extended) {
            return Err(record_error(&param, text, &pseudo_needs_extended(kind)));
        }
        patterns.push((param, pattern));
    }
    Ok(patterns)
}

fn read_u32(args: &mut Args<'_>, name: &str, min: u64, max: u64) -> Result<Option<u32>> {
    Ok(args.int_in(name, min..=max)?.map(|n| n as u32))
}

fn read_host(args: &mut Args<'_>, name: &str, zone: &str, mailbox: bool) -> Result<Option<String>> {
    let Some(text) = args.optional(name) else {
        return Ok(None);
    };
    // A mailbox written as an e-mail address is absolute (the CNR forms'
    // reading too); written as a name, it is a name like any other.
    let host = match text.split_once('@').filter(|_| mailbox) {
        Some((local, domain)) => {
            let dot = if domain.ends_with('.') { "" } else { "." };
            format!("{local}.{domain}{dot}")
        }
        None => text.to_owned(),
    };
    zone::target_name(zone, &host)
        .map(Some)
        .map_err(|why| Error::syntax_rule(name, text, why))
}

/// SOATTL, SOAMNAME, SOARNAME (a mailbox: `admin@example.com` is
/// `admin.example.com.`), SOASERIAL
/// (1..4294967295), SOAREFRESH, SOARETRY, SOAEXPIRE, SOAMINTTL.
pub(super) fn read_soa(args: &mut Args<'_>, zone: &str) -> Result<SoaFields> {
    let max = u64::from(MAX_TTL);
    Ok(SoaFields {
        ttl: read_u32(args, "SOATTL", 0, max)?,
        mname: read_host(args, "SOAMNAME", zone, false)?,
        rname: read_host(args, "SOARNAME", zone, true)?,
        serial: read_u32(args, "SOASERIAL", 1, u64::from(u32::MAX))?,
        refresh: read_u32(args, "SOAREFRESH", 0, max)?,
        retry: read_u32(args, "SOARETRY", 0, max)?,
        expire: read_u32(args, "SOAEXPIRE", 0, max)?,
        minttl: read_u32(args, "SOAMINTTL", 0, max)?,
    })
}

/// ZONEMODE (MASTER only: the sandbox replicates from nobody) and SLAVEMASTER.
fn read_zone_mode(args: &mut Args<'_>) -> Result<()> {
    let mode = args.optional("ZONEMODE").map(str::to_ascii_uppercase);
    let master = args.optional("SLAVEMASTER");
    match mode.as_deref() {
        None | Some("MASTER") => {}
        Some("SLAVE") => {
            return Err(Error::invalid(
                "ZONEMODE",
                "SLAVE zones are not supported by the sandbox (it transfers from no master); use MASTER",
            ));
        }
        Some(other) => {
            return Err(Error::syntax_rule(
                "ZONEMODE",
                other,
                "must be MASTER or SLAVE",
            ));
        }
    }
    if let Some(master) = master {
        return Err(Error::invalid(
            "SLAVEMASTER",
            format_args!("({master}) is only taken with ZONEMODE=SLAVE"),
        ));
    }
    Ok(())
}

/// Creates a hosted zone. Records without a TTL get 3600; with no apex NS
/// among them the sandbox's `ns1..3.ispapi.net.` are added. The serial
/// starts at `YYYYMMDD01` of the creation day unless SOASERIAL sets it.
///
/// ```text
/// COMMAND        = CreateDNSZone
/// DNSZONE        = <zone>[.]
/// RR0..n         = <owner> [<ttl>] [IN] <TYPE> <rdata>   (optional)
/// SOATTL, SOAMNAME, SOARNAME, SOASERIAL, SOAREFRESH, SOARETRY, SOAEXPIRE, SOAMINTTL (optional)
/// EXTENDED       = 0 | 1          (1: X-HTTP / X-SMTP records allowed)
/// ZONEMODE       = MASTER         (SLAVE is refused), SLAVEMASTER (only with SLAVE)
/// DOMAINTRANSFER = 0 | 1, EXTERNAL = 0 | 1    (accepted)
/// ---
/// 200 Command completed successfully
/// ```
///
/// The zone ModifyDomain/AddDomain `INTERNALDNS=1` made for the caller is
/// claimed by the first CreateDNSZone naming it without records, SOA fields
/// or EXTERNAL=1 (what the Blesta ISPAPI module sends right after
/// INTERNALDNS=1): 200, nothing new made. Every other existing zone is `540`.
pub(super) fn create_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let name = name.as_str();
    let extended = args.flag("EXTENDED")?.unwrap_or(false);
    let lines = read_lines(args, "RR", name, extended, Dialect::Hexonet)?;
    let soa = read_soa(args, name)?;
    read_zone_mode(args)?;
    args.flag("DOMAINTRANSFER")?;
    let external = args.flag("EXTERNAL")?.unwrap_or(false);
    args.finish()?;
    if lines.is_empty() && soa == SoaFields::default() && !external {
        let owner = ctx.owner().to_owned();
        if ctx.system.claim_internal_zone(&owner, name) {
            return Ok(Response::ok());
        }
    }
    ctx.system.check_new_zone(ctx.owner(), name)?;
    let flags = (extended, external);
    insert_new_zone(ctx, name, lines, soa, flags, SANDBOX_NAMESERVERS)?;
    Ok(Response::ok())
}

/// Makes the view's new zone `name` from its RR# `lines` and SOA fields
/// (the dialect's default `nameservers` when no apex NS came, the first of
/// them the SOA's MNAME unless SOAMNAME names another) and stores it; both
/// dialects' create commands end here, after their own checks.
pub(super) fn insert_new_zone(
    ctx: &mut Ctx<'_>,
    name: &str,
    lines: Vec<(String, Line)>,
    soa: SoaFields,
    (extended, external): (bool, bool),
    nameservers: &[&str],
) -> Result<()> {
    let actor = ctx.actor();
    let mut zone = Zone::new(name, ctx.owner(), ctx.now, &actor);
    zone.external = external;
    if let Some(primary) = nameservers.first() {
        zone.soa.mname = format!("{primary}.");
    }
    let serial = soa.serial.unwrap_or(zone.soa.serial);
    let change = ZoneChange {
        replace: Some(lines),
        soa,
        extended,
        ..ZoneChange::default()
    };
    let plan = zone.plan(change)?;
    zone.apply(plan, ctx.now, &actor);
    zone.soa.serial = serial;
    zone.add_nameservers(nameservers);
    ctx.system.insert_zone(zone);
    Ok(())
}

/// Changes a zone: RR# replaces every record (the SOA stays; without
/// EXTENDED=1 the X-HTTP/X-SMTP records stay too), then DELRR# removes
/// (`%` any owner, `% A`, `@ X-SMTP`, `www`, or one exact record; matching
/// nothing is no error), then ADDRR# adds; then the SOA fields and STATUS.
/// A record's TTL becomes its RRset's TTL (RESOLVETTLCONFLICTS is accepted:
/// the new TTL always wins). The serial moves by one when anything changed
/// or INCSERIAL=1; SOASERIAL sets it. A refused line changes nothing.
///
/// ```text
/// COMMAND             = UpdateDNSZone
/// DNSZONE             = <zone>[.]
/// RR0..n / ADDRR0..n  = <owner> [<ttl>] [IN] <TYPE> <rdata>
/// DELRR0..n           = <owner|%> [<ttl>] [IN] [<TYPE|%>] [<rdata>]
/// SOATTL, SOAMNAME, SOARNAME, SOASERIAL, SOAREFRESH, SOARETRY, SOAEXPIRE, SOAMINTTL
/// INCSERIAL           = 0 | 1
/// RESOLVETTLCONFLICTS = 0 | 1
/// EXTENDED            = 0 | 1
/// STATUS              = ACTIVE | INACTIVE | HOLD
/// DNSSEC-MODE         = DISABLED   (AUTO is refused: no DNSSEC signing)
/// X-SMTP-MX = <host>, X-HTTP-A = <IPv4>, ZONEMODE = MASTER   (accepted)
/// ---
/// PROPERTY[SOASERIAL][0] = <serial after the update>
/// ```
pub(super) fn update_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    let name = name.as_str();
    let extended = args.flag("EXTENDED")?.unwrap_or(false);
    let replace = if args.list("RR").is_empty() {
        None
    } else {
        Some(read_lines(args, "RR", name, extended, Dialect::Hexonet)?)
    };
    let delete = read_patterns(args, name, extended)?;
    let add = read_lines(args, "ADDRR", name, extended, Dialect::Hexonet)?;
    let soa = read_soa(args, name)?;
    let inc_serial = args.flag("INCSERIAL")?.unwrap_or(false);
    args.flag("RESOLVETTLCONFLICTS")?;
    let status = match args.optional("STATUS") {
        None => None,
        Some(text) => Some(ZoneStatus::parse(text).ok_or_else(|| {
            Error::syntax_rule("STATUS", text, "must be ACTIVE, INACTIVE or HOLD")
        })?),
    };
    // The sandbox signs no zone (README; the CNR forms refuse SIGNED=1 alike):
    // AUTO would be a success and a status that claim a signature no DNS
    // answer carries.
    let dnssec_auto = match args.optional("DNSSEC-MODE").map(str::to_ascii_uppercase) {
        None => None,
        Some(mode) if mode == "DISABLED" => Some(false),
        Some(mode) if mode == "AUTO" => {
            return Err(Error::invalid(
                "DNSSEC-MODE",
                "DNSSEC signing is not supported by the sandbox; send DISABLED or leave it out",
            ));
        }
        Some(other) => {
            return Err(Error::syntax_rule(
                "DNSSEC-MODE",
                &other,
                "must be DISABLED or AUTO",
            ));
        }
    };
    read_host(args, "X-SMTP-MX", name, false)?;
    if let Some(ip) = args.optional("X-HTTP-A")
        && ip.parse::<Ipv4Addr>().is_err()
    {
        return Err(Error::syntax_rule(
            "X-HTTP-A",
            ip,
            "must be an IPv4 address",
        ));
    }
    read_zone_mode(args)?;
    args.finish()?;
    let change = ZoneChange {
        replace,
        delete,
        add,
        soa,
        status,
        dnssec_auto,
        inc_serial,
        extended,
    };
    let plan = ctx.system.owned_zone(ctx.owner(), name)?.plan(change)?;
    let actor = ctx.actor();
    let serial = ctx.system.apply_zone_change(name, plan, ctx.now, &actor);
    Ok(Response::ok().with("SOASERIAL", serial))
}

/// Deletes a hosted zone (the domain of that name, if any, stays as it is).
///
/// ```text
/// COMMAND = DeleteDNSZone
/// DNSZONE = <zone>[.]
/// ---
/// 200 Command completed successfully
/// ```
pub(super) fn delete_dns_zone(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = read_zone(args)?;
    args.finish()?;
    ctx.system.owned_zone(ctx.owner(), name.as_str())?;
    ctx.system.remove_zone(name.as_str());
    Ok(Response::ok())
}
