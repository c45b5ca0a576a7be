//! QueryDomainOptions: a zone's rules from the catalogue as the columns of
//! protocol.md §8 plus what WHMCS reads (whmcs-module.md #13 and §4), one row
//! per requested name. Static data only: owns no state, reads no domains.

use super::{MAX_NAMES, Row, read_names};
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, Tld};
use crate::registry::{DomainName, Period};
use crate::wire::Response;

/// The columns, in the order they are pushed (the reference's example order,
/// with the undocumented ZONEDELETIONRESTORABLEPERIOD that WHMCS reads).
const COLUMNS: &[&str] = &[
    "HOSTIPADDRESSESTYPE",
    "HOSTMANAGEDAS",
    "NAMESERVERMAX",
    "NAMESERVERMIN",
    "REGISTRYTRANSFERREQUIREAUTHCODE",
    "REPOSITORY",
    "X-INSTANTMOBILIZER",
    "X-PROXY",
    "X-TRUSTEE",
    "ZONEADMINCONTACTSMAX",
    "ZONEADMINCONTACTSMIN",
    "ZONEBILLINGCONTACTSMAX",
    "ZONEBILLINGCONTACTSMIN",
    "ZONEDELETIONRESTORABLEPERIOD",
    "ZONEPOLICYDOMAINTRADEAPPROVECONFIRMATION",
    "ZONEPOLICYDOMAINTRADEREQUESTCONFIRMATION",
    "ZONEPOLICYDOMAINTRANSFERAPPROVECONFIRMATION",
    "ZONEPOLICYDOMAINTRANSFERREJECTCONFIRMATION",
    "ZONEPOLICYDOMAINTRANSFERREQUESTCONFIRMATION",
    "ZONEPOLICYREGISTRANTNAMECHANGEBY",
    "ZONEREGISTRANTCONTACTSMAX",
    "ZONEREGISTRANTCONTACTSMIN",
    "ZONEREGISTRATIONPERIODS",
    "ZONERENEWALPERIODS",
    "ZONETECHCONTACTSMAX",
    "ZONETECHCONTACTSMIN",
    "ZONETRADEPERIODS",
    "ZONETRANSFERPERIODS",
];

/// The LAUNCHPHASES columns `PROPERTIES=LAUNCHPHASES` adds.
const LAUNCH_COLUMNS: &[&str] = &[
    "LAUNCHPHASES",
    "LAUNCHPHASESALLOCATIONTYPE",
    "LAUNCHPHASESAPPLICATIONDATE",
    "LAUNCHPHASESCLOSEDATE",
    "LAUNCHPHASESSTARTDATE",
];

/// The zone's rules, one row per name. A name whose zone otebox does not
/// serve (or that is no name at all) gets a row of empty cells, so WHMCS's TLD
/// sync, which needs a non-empty REPOSITORY, drops just that zone.
///
/// ```text
/// COMMAND        = QueryDomainOptions
/// DOMAIN0..n     = <any name of the zone, e.g. example.com, or the zone: com>
/// REPOSITORY0..n = <the zone's repository>   (optional; another one is 541;
///                                              without DOMAIN it names the zones)
/// PROPERTIES     = LAUNCHPHASES              (optional; adds LAUNCHPHASES* columns)
/// ---
/// PROPERTY[REGISTRYTRANSFERREQUIREAUTHCODE][i] = YES | NO
/// PROPERTY[ZONEREGISTRATIONPERIODS][i]         = 1Y,2Y,...
/// PROPERTY[ZONEDELETIONRESTORABLEPERIOD][i]    = 30d
/// PROPERTY[X-PROXY][i]                         = WHOISTRUSTEE | empty
/// ... (every column of COLUMNS, for every row)
/// ```
pub(in crate::command) fn query_domain_options(
    args: &mut Args<'_>,
    _ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let names = read_names(args);
    let repositories = args.list("REPOSITORY");
    let launch_phases = match args.optional("PROPERTIES") {
        None => false,
        Some(value) if value.eq_ignore_ascii_case("LAUNCHPHASES") => true,
        Some(other) => {
            return Err(Error::invalid(
                "PROPERTIES",
                format_args!("({other}) is not LAUNCHPHASES"),
            ));
        }
    };
    let zones = match names {
        Ok(rows) => zones_of_names(&rows, &repositories)?,
        // DOMAIN is optional in the reference: REPOSITORY0..n alone names the zones.
        Err(Error::MissingParameter(_)) if repositories.iter().any(|(_, r)| !r.is_empty()) => {
            zones_of_repositories(&repositories)?
        }
        Err(error) => return Err(error),
    };
    args.finish()?;
    let mut response = Response::ok();
    for zone in zones {
        match zone {
            Some(tld) => push_zone(&mut response, tld, launch_phases),
            None => {
                for column in COLUMNS {
                    response.push(*column, "");
                }
                if launch_phases {
                    for column in LAUNCH_COLUMNS {
                        response.push(*column, "");
                    }
                }
            }
        }
    }
    Ok(response)
}

/// The zones of DOMAIN0..n; a REPOSITORYn sent with them must be DOMAINn's.
fn zones_of_names(
    rows: &[Row<'_>],
    repositories: &[(usize, &str)],
) -> Result<Vec<Option<&'static Tld>>> {
    let zones: Vec<Option<&'static Tld>> = rows.iter().map(|row| zone_of_row(*row)).collect();
    for &(index, repository) in repositories {
        let expected = zones
            .get(index)
            .copied()
            .flatten()
            .map(|tld| tld.repository);
        if !repository.is_empty() && !expected.is_some_and(|r| r.eq_ignore_ascii_case(repository)) {
            return Err(Error::invalid(
                &format!("REPOSITORY{index}"),
                format_args!(
                    "({repository}) is not the repository of DOMAIN{index} ({})",
                    expected.unwrap_or("no zone otebox serves")
                ),
            ));
        }
    }
    Ok(zones)
}

/// The zones of REPOSITORY0..n (no DOMAIN given), one row per index; an
/// unknown repository is a row of empty cells, like an unknown zone.
fn zones_of_repositories(repositories: &[(usize, &str)]) -> Result<Vec<Option<&'static Tld>>> {
    let last = repositories.last().map_or(0, |(index, _)| *index);
    if last >= MAX_NAMES {
        return Err(Error::invalid(
            &format!("REPOSITORY{last}"),
            format_args!("at most {MAX_NAMES} repositories per call"),
        ));
    }
    let mut zones = vec![None; last + 1];
    for &(index, repository) in repositories {
        zones[index] = catalogue::TLDS
            .iter()
            .find(|tld| tld.repository.eq_ignore_ascii_case(repository));
    }
    Ok(zones)
}

/// The zone a row asks about: the zone of a name (`example.co.uk`), or a zone
/// given by itself (`co.uk`, `.co.uk`).
fn zone_of_row(row: Row<'_>) -> Option<&'static Tld> {
    let Row::Name(input) = row else {
        return None;
    };
    let input = input.trim_start_matches('.');
    if let Some(tld) = catalogue::zone_named(input) {
        return Some(tld);
    }
    DomainName::parse(input)
        .ok()
        .and_then(|name| catalogue::find(&name))
}

fn push_zone(response: &mut Response, tld: &Tld, launch_phases: bool) {
    let icann = tld.icann_trade();
    let trustee = tld
        .optional_fields
        .iter()
        .any(|field| field.ends_with("-ACCEPT-TRUSTEE-TAC"));
    response
        .push("HOSTIPADDRESSESTYPE", "ipv6")
        .push("HOSTMANAGEDAS", tld.hosts.name())
        .push("NAMESERVERMAX", tld.nameservers_max)
        .push("NAMESERVERMIN", tld.nameservers_min)
        .push(
            "REGISTRYTRANSFERREQUIREAUTHCODE",
            if tld.auth_required { "YES" } else { "NO" },
        )
        .push("REPOSITORY", tld.repository)
        .push("X-INSTANTMOBILIZER", "")
        .push(
            "X-PROXY",
            if tld.id_protection {
                "WHOISTRUSTEE"
            } else {
                ""
            },
        )
        .push("X-TRUSTEE", if trustee { "TRUSTEE" } else { "" });
    for role in ["ADMIN", "BILLING"] {
        response
            .push(format!("ZONE{role}CONTACTSMAX"), 1)
            .push(format!("ZONE{role}CONTACTSMIN"), 1);
    }
    response
        .push(
            "ZONEDELETIONRESTORABLEPERIOD",
            format_args!("{}d", tld.restorable_days),
        )
        .push(
            "ZONEPOLICYDOMAINTRADEAPPROVECONFIRMATION",
            if icann {
                "ICANN-TRADE-CONFIRMATION-OLD-REGISTRANT"
            } else {
                ""
            },
        )
        .push(
            "ZONEPOLICYDOMAINTRADEREQUESTCONFIRMATION",
            if icann { "EMAIL" } else { "" },
        )
        .push("ZONEPOLICYDOMAINTRANSFERAPPROVECONFIRMATION", "")
        .push(
            "ZONEPOLICYDOMAINTRANSFERREJECTCONFIRMATION",
            if icann { "ICANN-FOA-REJECT" } else { "" },
        )
        .push(
            "ZONEPOLICYDOMAINTRANSFERREQUESTCONFIRMATION",
            if icann { "ICANN-FOA-REQUEST" } else { "" },
        )
        .push("ZONEPOLICYREGISTRANTNAMECHANGEBY", tld.registrant_change)
        .push("ZONEREGISTRANTCONTACTSMAX", 1)
        .push("ZONEREGISTRANTCONTACTSMIN", 1)
        .push("ZONEREGISTRATIONPERIODS", periods(tld.registration_periods))
        .push("ZONERENEWALPERIODS", periods(tld.renewal_periods))
        .push("ZONETECHCONTACTSMAX", 1)
        .push("ZONETECHCONTACTSMIN", 1)
        .push("ZONETRADEPERIODS", "")
        .push("ZONETRANSFERPERIODS", periods(tld.transfer_periods));
    if launch_phases {
        response
            .push("LAUNCHPHASES", format_args!("{}_GOLIVE", tld.class))
            .push("LAUNCHPHASESALLOCATIONTYPE", "FCFS")
            .push("LAUNCHPHASESAPPLICATIONDATE", "2000-01-01 00:00:00")
            .push("LAUNCHPHASESCLOSEDATE", "")
            .push("LAUNCHPHASESSTARTDATE", "2000-01-01 00:00:00");
    }
}

/// `1Y,2Y,...` (protocol.md §8).
fn periods(list: &[Period]) -> String {
    let mut text = String::new();
    for (at, period) in list.iter().enumerate() {
        if at > 0 {
            text.push(',');
        }
        text.push_str(&period.to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_pushed_for_a_zone() {
        for tld in catalogue::TLDS {
            let mut response = Response::ok();
            push_zone(&mut response, tld, false);
            for column in COLUMNS {
                assert!(response.first(column).is_some(), "{} {column}", tld.zone);
            }
            assert_eq!(response.line_count(), COLUMNS.len(), "{}", tld.zone);
        }
    }

    #[test]
    fn rows_name_their_zone() {
        let zone = |text| zone_of_row(Row::Name(text)).map(|tld| tld.zone);
        assert_eq!(zone("example.co.uk"), Some("co.uk"));
        assert_eq!(zone("co.uk"), Some("co.uk"));
        assert_eq!(zone(".de"), Some("de"));
        assert_eq!(zone("de"), Some("de"));
        assert_eq!(zone("example.invalid"), None);
        assert_eq!(zone("a_b"), None);
        assert_eq!(zone_of_row(Row::Missing(0)), None);
    }
}
