//! The request readers and checks every domain command shares: the DOMAIN
//! name and its zone, nameserver lists, attribute hosts, SECDNS records,
//! AUTH, RENEWALMODE, PERIOD, `X-` fields, the zone's nameserver rules
//! (`catalogue::Rule`; its registrant rules are `registrant`), and prices
//! in the account currency.
//! Reads and checks only: never changes the registry.

use indexmap::IndexMap;

use crate::command::contact::{ContactSpec, read_contact};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Rule, Tld};
use crate::registry::{DomainName, Money, Period, Premium, RenewalMode, Role, System};
/// Highest index of `NAMESERVER<n>` (13 slots, protocol.md §8 AddDomain).
pub(super) const MAX_NAMESERVER_INDEX: usize = 12;

/// Reads a domain name parameter: `504` if absent, `505` naming the rule if malformed.
pub(in crate::command) fn read_name(
    args: &mut Args<'_>,
    param: &'static str,
) -> Result<DomainName> {
    let text = args.required(param)?;
    DomainName::parse(text).map_err(|rule| Error::syntax_rule(param, text, rule))
}

/// The catalogue row of a held domain's zone, or `541` if otebox offers no such zone.
pub(in crate::command) fn zone_of(name: &DomainName) -> Result<&'static Tld> {
    catalogue::find(name).ok_or_else(|| {
        Error::invalid(
            "DOMAIN",
            format_args!("{name} is not in a zone otebox offers"),
        )
    })
}

/// Reads the host names of `<stem><n>` (empty slots skipped), lower-case ACE,
/// each checked with `DomainName::parse_host` (`505` naming the slot; no IP
/// address, no all-numeric TLD), no index above 12 (`503`), no name twice (`541`).
pub(in crate::command) fn read_hostnames(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for (index, value) in args.list(stem) {
        if index > MAX_NAMESERVER_INDEX {
            return Err(Error::UnknownParameter(format!("{stem}{index}")));
        }
        if value.is_empty() {
            continue;
        }
        let param = format!("{stem}{index}");
        let name = DomainName::parse_host(value)
            .map_err(|rule| Error::syntax_rule(&param, value, rule))?;
        if names.iter().any(|known| known == name.as_str()) {
            return Err(Error::invalid(
                &param,
                format_args!("{name} is listed twice"),
            ));
        }
        names.push(name.as_str().to_owned());
    }
    Ok(names)
}

/// Every role's contacts of a registration (`OWNERCONTACT0`,
/// `ADMINCONTACT0..2`, …; handles or inline fields, each read by
/// `read_contact`), in `Role::ALL` order.
pub(in crate::command) fn read_role_contacts(
    args: &mut Args<'_>,
    ctx: &Ctx<'_>,
) -> Result<[Vec<ContactSpec>; 4]> {
    let mut contacts: [Vec<ContactSpec>; 4] = Default::default();
    for role in Role::ALL {
        for index in role.slots() {
            if let Some(spec) = read_contact(args, ctx, role.parameter(), index)? {
                contacts[role.index()].push(spec);
            }
        }
    }
    Ok(contacts)
}

/// Reads attribute hosts `<stem><n>` = `name ip [ip...]`, normalised to
/// `name ip ip` (a host name as `read_hostnames` checks it, canonical
/// addresses); empty slots skipped.
pub(super) fn read_hosts(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    let mut hosts = Vec::new();
    for (index, value) in args.list(stem) {
        if value.is_empty() {
            continue;
        }
        let param = format!("{stem}{index}");
        let mut parts = value.split_whitespace();
        let host = parts.next().unwrap_or_default();
        let name =
            DomainName::parse_host(host).map_err(|rule| Error::syntax_rule(&param, value, rule))?;
        let mut line = name.as_str().to_owned();
        let mut any = false;
        for part in parts {
            let ip: std::net::IpAddr = part.parse().map_err(|_| {
                Error::syntax_rule(&param, value, format_args!("{part} is not an IP address"))
            })?;
            let ip = crate::command::nameserver_host::answering(&param, ip)?;
            line.push(' ');
            line.push_str(&ip.to_string());
            any = true;
        }
        if !any {
            return Err(Error::syntax_rule(
                &param,
                value,
                "needs the host name followed by at least one IP address",
            ));
        }
        hosts.push(line);
    }
    Ok(hosts)
}

/// Reads DS records `<stem><n>` = `keytag algorithm digesttype digest`; the
/// digest is hex, as long as its type's hash (RFC 4034, 4509, 5933, 6605)
/// where the type is one of those: a registry refuses any other.
pub(in crate::command) fn read_ds(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    read_records(
        args,
        stem,
        "keytag algorithm digesttype digest",
        |kind, digest| {
            let length = match kind {
                "1" => 40,
                "2" | "3" => 64,
                "4" => 96,
                _ => return None,
            };
            (digest.len() != length || !digest.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| format!("the digest of digest type {kind} is {length} hex digits"))
        },
    )
}

/// Reads DNSKEY records `<stem><n>` = `flags protocol algorithm publickey`.
pub(in crate::command) fn read_keys(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    read_records(args, stem, "flags protocol algorithm publickey", |_, _| {
        None
    })
}

/// Three numbers and a text, whitespace runs collapsed (the key text may
/// hold spaces, which are dropped as in zone files); `rule` tells what is
/// wrong with a record's third number and text, if anything.
fn read_records(
    args: &mut Args<'_>,
    stem: &str,
    shape: &str,
    rule: impl Fn(&str, &str) -> Option<String>,
) -> Result<Vec<String>> {
    let mut records: Vec<String> = Vec::new();
    for (index, value) in args.list(stem) {
        if value.is_empty() {
            continue;
        }
        let param = format!("{stem}{index}");
        let parts: Vec<&str> = value.split_whitespace().collect();
        let numeric = parts.len() >= 4 && parts[..3].iter().all(|p| p.parse::<u16>().is_ok());
        let text: String = parts.iter().skip(3).copied().collect();
        if !numeric
            || !text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        {
            return Err(Error::syntax_rule(
                &param,
                value,
                format_args!("must read: {shape}"),
            ));
        }
        if let Some(broken) = rule(parts[2], &text) {
            return Err(Error::syntax_rule(&param, value, broken));
        }
        let record = format!("{} {} {} {text}", parts[0], parts[1], parts[2]);
        if !records.contains(&record) {
            records.push(record);
        }
    }
    Ok(records)
}

/// Reads `X-ACCEPT-WHOISTRUSTEE-TAC`: `541 ...; X-ACCEPT-WHOISTRUSTEE-TAC not
/// supported` when set to 1 in a zone without ID protection (the real text, ISSUES #203).
pub(super) fn read_id_protection(args: &mut Args<'_>, tld: &Tld) -> Result<Option<bool>> {
    let value = args.flag("X-ACCEPT-WHOISTRUSTEE-TAC")?;
    if value == Some(true) && !tld.id_protection {
        return Err(Error::InvalidValue(
            "X-ACCEPT-WHOISTRUSTEE-TAC not supported".to_owned(),
        ));
    }
    Ok(value)
}

/// Reads the trademark-claims and launch parameters of a registration:
/// CLAIMKEY, CLAIMKEY-UPDATEDDATE (`505` unless `YYYY-MM-DD[ hh:mm:ss]`),
/// NOTICE-POA-ACCEPT-HASH and LAUNCH-MARK-CODE (protocol.md §8 AddDomain).
/// No sandbox zone is in a claims period (the first 90 days of general
/// availability), so a name a TMCH mark claims (CheckDomain PHASE=claims)
/// registers without the notice's acknowledgement and nothing uses them.
pub(super) fn read_claims_notice(args: &mut Args<'_>) -> Result<()> {
    args.optional("CLAIMKEY");
    args.optional("NOTICE-POA-ACCEPT-HASH");
    args.optional("LAUNCH-MARK-CODE");
    crate::command::list::read_date(args, "CLAIMKEY-UPDATEDDATE")?;
    Ok(())
}

/// The CLASS a premium (or launch-phase) name needs: `504 Missing required
/// attribute; CLASS [MUST BE <wanted>]` when `sent` is another, compared
/// ignoring case (AddDomain, AddDomainApplication, RenewDomain, RestoreDomain,
/// TransferDomain).
pub(in crate::command) fn check_class(wanted: &str, sent: &str) -> Result<()> {
    match sent.eq_ignore_ascii_case(wanted) {
        true => Ok(()),
        false => Err(Error::missing(format!("CLASS [MUST BE {wanted}]"))),
    }
}

/// Reads AUTH: at least 6 and at most 64 printable characters without spaces.
pub(in crate::command) fn read_auth(args: &mut Args<'_>) -> Result<Option<String>> {
    let Some(auth) = args.optional("AUTH") else {
        return Ok(None);
    };
    if auth.len() < 6 || auth.len() > 64 {
        return Err(Error::invalid("AUTH", "must be 6 to 64 characters long"));
    }
    if !auth.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            "AUTH",
            "may only hold printable ASCII characters without spaces",
        ));
    }
    Ok(Some(auth.to_owned()))
}

/// Reads RENEWALMODE (`541` naming the allowed values).
pub(in crate::command) fn read_renewal_mode(args: &mut Args<'_>) -> Result<Option<RenewalMode>> {
    let Some(text) = args.optional("RENEWALMODE") else {
        return Ok(None);
    };
    RenewalMode::parse(text).map(Some).ok_or_else(|| {
        Error::invalid(
            "RENEWALMODE",
            format_args!(
                "({text}) is not DEFAULT, AUTORENEW, AUTOEXPIRE, AUTODELETE, RENEWONCE or AUTORENEWMONTHLY"
            ),
        )
    })
}

/// Reads PERIOD as one of `allowed` (default the first): `505` if malformed,
/// `541` naming the zone's periods otherwise.
pub(in crate::command) fn read_period(
    args: &mut Args<'_>,
    allowed: &[Period],
    what: &str,
    tld: &Tld,
) -> Result<Period> {
    let Some(text) = args.optional("PERIOD") else {
        return allowed.first().copied().ok_or_else(|| {
            Error::NotSupportedForClass(format!(".{} has no {what} periods", tld.zone))
        });
    };
    let period = Period::parse(text).ok_or_else(|| {
        Error::syntax_rule("PERIOD", text, "must be years (1, 1Y) or months (12M)")
    })?;
    offered(period, allowed, what, tld)
}

/// `period` if it is one of `allowed`, the zone's `what` periods; `541`
/// naming them otherwise.
pub(in crate::command) fn offered(
    period: Period,
    allowed: &[Period],
    what: &str,
    tld: &Tld,
) -> Result<Period> {
    if !allowed.contains(&period) {
        let list: Vec<String> = allowed.iter().map(Period::to_string).collect();
        return Err(Error::invalid(
            "PERIOD",
            format_args!(
                "{period} is not a {what} period of .{} ({})",
                tld.zone,
                list.join(", ")
            ),
        ));
    }
    Ok(period)
}

/// The `X-` fields left after the named ones, upper-case name, empty values
/// dropped (an empty value means unset).
pub(in crate::command) fn read_extensions(args: &mut Args<'_>) -> IndexMap<String, String> {
    let mut fields = read_extension_changes(args);
    fields.retain(|_, value| !value.is_empty());
    fields
}

/// [`read_extensions`] for a change of a domain's fields (TradeDomain),
/// empty values kept: one removes its field, as in ModifyDomain, and
/// `check_change` refuses to remove a required one (`504`).
pub(in crate::command) fn read_extension_changes(args: &mut Args<'_>) -> IndexMap<String, String> {
    args.unread_with_prefix("X-")
        .into_iter()
        .map(|(name, value)| (name.to_ascii_uppercase(), value.to_owned()))
        .collect()
}

/// The zone's nameserver count and `.ca` host rule on a list about to be
/// stored for `name` (the `.de` predelegation check is
/// `System::check_predelegation`, called where nameservers are sent).
pub(in crate::command) fn check_nameservers(
    system: &System,
    tld: &Tld,
    nameservers: &[String],
) -> Result<()> {
    let count = nameservers.len();
    if count < usize::from(tld.nameservers_min) || count > usize::from(tld.nameservers_max) {
        return Err(Error::invalid(
            "NAMESERVER",
            format_args!(
                ".{} needs {} to {} nameservers, {count} given",
                tld.zone, tld.nameservers_min, tld.nameservers_max
            ),
        ));
    }
    for (index, ns) in nameservers.iter().enumerate() {
        if tld.rule == Rule::HostsMustExist && system.host(ns).is_none() {
            return Err(Error::ObjectDoesNotExist(format!(
                "Create the host on the Registry system before you assign it to a domain \
                 (NAMESERVER{index}: {ns} is not a host object; AddNameserver creates it)"
            )));
        }
    }
    Ok(())
}

/// `cents × months / 12` as money, rounded to cents (`registry::pricing` prices by it).
#[cfg(test)]
use crate::registry::lifecycle::per_year;
use crate::registry::lifecycle::premium_renewal;

/// The premium price for `period`: the first year at the premium price,
/// further time at the premium renewal price.
pub(in crate::command) fn premium_price(premium: &Premium, period: Period) -> Money {
    let rest = Period {
        months: period.months.saturating_sub(12),
    };
    Money(premium.price.0 + premium_renewal(premium, rest).0)
}

#[cfg(test)]
mod tests;
