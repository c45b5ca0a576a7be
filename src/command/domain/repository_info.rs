//! QueryDomainRepositoryInfo: the facts of the zone (repository) of a name,
//! registered or not, from the one catalogue (`registry::catalogue`) and the
//! lifecycle, transfer and registration constants the registry applies, in
//! one property list. Reads no domains and changes nothing; it must hold no
//! zone fact of its own (a new fact belongs in the catalogue row).

use super::renew::PAY_ONLY_ZONES;
use crate::command::check::unknown_zone;
use crate::command::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, AuthRule, Rule, Tld};
use crate::registry::lifecycle::{ACCOUNTING_DAYS, FINALIZATION_DAYS};
use crate::registry::{ADD_GRACE_DAYS, DomainName, Period};
use crate::wire::Response;

/// The longest label the DNS allows (`REGISTRYCHARSMAX`).
const MAX_LABEL: usize = 63;

/// What REGISTRAR names: the sandbox itself.
const REGISTRAR: &str = "otebox";

/// Contacts per role: AddDomain, ModifyDomain and TradeDomain keep one
/// handle per role in every zone (QueryDomainOptions says the same).
const CONTACTS_PER_ROLE: u8 = 1;

/// `YES` / `NO`, the platform's spelling of this command's booleans.
fn yes(value: bool) -> &'static str {
    if value { "YES" } else { "NO" }
}

/// `1Y,2Y,…` (QueryDomainOptions' form).
fn periods(list: &[Period]) -> String {
    let texts: Vec<String> = list.iter().map(Period::to_string).collect();
    texts.join(",")
}

/// The zone's facts, in the reference's (alphabetical) order. The name
/// need not be registered, nor be the caller's.
///
/// ```text
/// COMMAND = QueryDomainRepositoryInfo
/// DOMAIN  = <any name of the zone>
/// ---
/// PROPERTY[ACCOUNTID][0]        = <the caller's USERINDEX>
/// PROPERTY[ADDONCLASS|ADDONID|ADDONPROPERTYTYPE|ADDONPROPERTYVALUE][0]
///                               = PROXY | WHOISTRUSTEE | X-ACCEPT-WHOISTRUSTEE-TAC | 1
///                                 (zones with ID protection only)
/// PROPERTY[CATEGORY][0..n]      = ICANN, gTLD | ccTLD
/// PROPERTY[DELETIONHOLDPERIOD][0] = 0d   PROPERTY[DELETIONRESTORABLEPERIOD][0] = <n>d
/// PROPERTY[HOSTIPADDRESSESTYPE][0] = ipv6  PROPERTY[HOSTMANAGEDAS][0] = OBJECT | ATTRIBUTE
/// PROPERTY[NAMESERVERMAX|NAMESERVERMIN][0], PROPERTY[REGISTRAR][0] = otebox
/// PROPERTY[REGISTRYCHARSMAX|REGISTRYCHARSMIN][0]
/// PROPERTY[REGISTRYEXPLICITRENEWAL][0] = YES | NO (renewals are paid: PayDomainRenewal)
/// PROPERTY[REGISTRYIDNCAPABLE][0] = YES | NO
/// PROPERTY[REGISTRYTRANSFER*][0] (ACKBY, CLASS, EXPIREACTION, LOCK, NACKBY,
///                                 PENDINGPERIOD, REALTIME, REQUIREAUTHCODE)
/// PROPERTY[REPOSITORY][0] = <zone>-OTE-1API1   PROPERTY[RESTOREPOLICY][0] = REALTIME | NONE
/// PROPERTY[X-PROXY][0] = X-ACCEPT-WHOISTRUSTEE-TAC | empty
/// PROPERTY[ZONE<ROLE>CONTACTSMAX|MIN][0] = 1, PROPERTY[ZONEPOLICY*][0]
/// PROPERTY[ZONEREGISTRATIONGRACEPERIOD][0] = 5d
/// PROPERTY[ZONEREGISTRATIONPERIODS|ZONERENEWALPERIODS|ZONETRANSFERPERIODS][0] = 1Y,2Y,…
/// PROPERTY[ZONERENEWALACCOUNTINGPERIOD][0] = -5d  PROPERTY[ZONERENEWALPAYMENTPERIOD][0] = -5d
/// PROPERTY[ZONERENEWALFAILUREPERIOD][0] = <n>d    PROPERTY[ZONERENEWALFINALIZATIONPERIOD][0] = 1d
/// PROPERTY[ZONESECDNSINTERFACE][0] = DS   PROPERTY[ZONETRADEPERIODS][0] = empty
/// ```
///
/// No DOMAIN: `504`; not a name: `505`; a name of no zone otebox sells (or
/// below a registrable name): `549`, as CheckDomain.
pub(in crate::command) fn query_domain_repository_info(
    args: &mut Args<'_>,
    ctx: &mut Ctx<'_>,
) -> Result<Response> {
    let input = args.required("DOMAIN")?;
    args.finish()?;
    let name =
        DomainName::normalise(input).map_err(|rule| Error::syntax_rule("DOMAIN", input, rule))?;
    let tld = catalogue::find_zone(&name)
        .ok_or_else(|| Error::CommandFailed(format!("DOMAIN: {}", unknown_zone(&name))))?;
    let account = ctx.system.user_index(ctx.owner()).unwrap_or(0);
    Ok(repository_info(tld, account))
}

/// The answer for one catalogue row and the caller's account number.
fn repository_info(tld: &Tld, account: usize) -> Response {
    let icann = tld.icann_trade();
    // Who acknowledges a transfer: the losing registrar (it approves, or
    // pushes to our tag), or the registrant with the registry (.dk).
    let (ack_by, class, expire_action) = match tld.transfer_auth {
        AuthRule::Required => ("REGISTRAR", "PULL", "ACK"),
        AuthRule::Tag(_) => ("REGISTRAR", "PUSH", "NACK"),
        AuthRule::Refused => ("REGISTRANT", "PULL", "ACK"),
    };
    let origin = match tld.rule {
        Rule::RegistrantIn { countries, .. } => Some(countries.join(",")),
        _ => None,
    };
    let protection = tld.id_protection.then_some("X-ACCEPT-WHOISTRUSTEE-TAC");
    let mut response = Response::with_room(80, 2048);
    response.push("ACCOUNTID", account);
    if let Some(property) = protection {
        response
            .push("ADDONCLASS", "PROXY")
            .push("ADDONID", "WHOISTRUSTEE")
            .push_str("ADDONPROPERTYTYPE", property)
            .push("ADDONPROPERTYVALUE", 1);
    }
    if tld.is_country_code() {
        response.push("CATEGORY", "ccTLD");
    } else {
        response.push("CATEGORY", "ICANN").push("CATEGORY", "gTLD");
    }
    response
        .push("DELETIONHOLDPERIOD", "0d")
        .push(
            "DELETIONRESTORABLEPERIOD",
            format_args!("{}d", tld.restorable_days),
        )
        .push("HOSTIPADDRESSESTYPE", "ipv6")
        .push("HOSTMANAGEDAS", tld.hosts.name())
        .push("NAMESERVERMAX", tld.nameservers_max)
        .push("NAMESERVERMIN", tld.nameservers_min)
        .push("REGISTRAR", REGISTRAR)
        .push("REGISTRYCHARSMAX", MAX_LABEL)
        .push("REGISTRYCHARSMIN", tld.min_label)
        .push(
            "REGISTRYEXPLICITRENEWAL",
            yes(!PAY_ONLY_ZONES.contains(&tld.zone)),
        )
        .push("REGISTRYIDNCAPABLE", yes(tld.idn))
        .push("REGISTRYTRANSFERACKBY", ack_by)
        .push("REGISTRYTRANSFERCLASS", class)
        .push("REGISTRYTRANSFEREXPIREACTION", expire_action)
        .push("REGISTRYTRANSFERLOCK", "YES")
        .push("REGISTRYTRANSFERNACKBY", ack_by)
        .push(
            "REGISTRYTRANSFERPENDINGPERIOD",
            format_args!("{}d", tld.transfer_pending_days),
        )
        .push(
            "REGISTRYTRANSFERREALTIME",
            yes(tld.transfer_pending_days == 0),
        )
        .push("REGISTRYTRANSFERREQUIREAUTHCODE", yes(tld.auth_required))
        .push_str("REPOSITORY", tld.repository)
        .push(
            "RESTOREPOLICY",
            if tld.restorable_days > 0 {
                "REALTIME"
            } else {
                "NONE"
            },
        )
        .push_str("X-PROXY", protection.unwrap_or_default());
    for role in ["ADMIN", "BILLING"] {
        response
            .push(format!("ZONE{role}CONTACTSMAX"), CONTACTS_PER_ROLE)
            .push(format!("ZONE{role}CONTACTSMIN"), CONTACTS_PER_ROLE);
    }
    let confirm = |text: &'static str| if icann { text } else { "" };
    response
        .push_str(
            "ZONEPOLICYCONTACTORIGINCOUNTRY",
            origin.as_deref().unwrap_or_default(),
        )
        .push(
            "ZONEPOLICYCONTACTORIGINCOUNTRYREQUIREDFOR",
            if origin.is_some() { "OWNER" } else { "NONE" },
        )
        .push(
            "ZONEPOLICYDOMAINTRADEAPPROVECONFIRMATION",
            confirm("ICANN-TRADE-CONFIRMATION-OLD-REGISTRANT"),
        )
        .push("ZONEPOLICYDOMAINTRADEREQUESTCONFIRMATION", confirm("EMAIL"))
        .push("ZONEPOLICYDOMAINTRANSFERAPPROVECONFIRMATION", "")
        .push(
            "ZONEPOLICYDOMAINTRANSFERREJECTCONFIRMATION",
            confirm("ICANN-FOA-REJECT"),
        )
        .push(
            "ZONEPOLICYDOMAINTRANSFERREQUESTCONFIRMATION",
            confirm("ICANN-FOA-REQUEST"),
        )
        .push_str("ZONEPOLICYREGISTRANTNAMECHANGEBY", tld.registrant_change)
        .push("ZONEREGISTRANTCONTACTSMAX", CONTACTS_PER_ROLE)
        .push("ZONEREGISTRANTCONTACTSMIN", CONTACTS_PER_ROLE)
        .push(
            "ZONEREGISTRATIONGRACEPERIOD",
            format_args!("{ADD_GRACE_DAYS}d"),
        )
        .push("ZONEREGISTRATIONPERIODS", periods(tld.registration_periods))
        .push(
            "ZONERENEWALACCOUNTINGPERIOD",
            format_args!("-{ACCOUNTING_DAYS}d"),
        )
        // FAILUREDATE is the grace days after PAIDUNTILDATE, one at least
        // (`lifecycle::Dates`).
        .push(
            "ZONERENEWALFAILUREPERIOD",
            format_args!("{}d", tld.grace_days.max(1)),
        )
        .push(
            "ZONERENEWALFINALIZATIONPERIOD",
            format_args!("{FINALIZATION_DAYS}d"),
        )
        // The clock charges the renewal at ACCOUNTINGDATE, in every zone.
        .push(
            "ZONERENEWALPAYMENTPERIOD",
            format_args!("-{ACCOUNTING_DAYS}d"),
        )
        .push("ZONERENEWALPERIODS", periods(tld.renewal_periods))
        // AddDomain and ModifyDomain take SECDNS-DS (and SECDNS-KEY) in
        // every zone (`domain/args.rs`).
        .push("ZONESECDNSINTERFACE", "DS")
        .push("ZONETECHCONTACTSMAX", CONTACTS_PER_ROLE)
        .push("ZONETECHCONTACTSMIN", CONTACTS_PER_ROLE)
        .push("ZONETRADEPERIODS", "")
        .push("ZONETRANSFERPERIODS", periods(tld.transfer_periods));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_answers_in_order() {
        for tld in catalogue::TLDS {
            let response = repository_info(tld, 7);
            let mut names: Vec<String> = Vec::new();
            response.each_as_pushed(|name, _, _| names.push(name.to_owned()));
            assert!(names.windows(2).all(|pair| pair[0] <= pair[1]), "{names:?}");
            assert_eq!(response.first("REPOSITORY"), Some(tld.repository));
            assert_eq!(response.first("ACCOUNTID"), Some("7"));
        }
        let com = repository_info(catalogue::zone_named("com").unwrap(), 1);
        assert_eq!(com.first("REPOSITORY"), Some("COM-OTE-1API1"));
        assert_eq!(com.first("ZONERENEWALFAILUREPERIOD"), Some("44d"));
        assert_eq!(com.first("REGISTRYTRANSFERPENDINGPERIOD"), Some("5d"));
        let de = repository_info(catalogue::zone_named("de").unwrap(), 1);
        assert_eq!(de.first("REGISTRYEXPLICITRENEWAL"), Some("NO"));
        assert_eq!(de.first("CATEGORY"), Some("ccTLD"));
    }
}
