//! The CentralNic Reseller QueryCommandSyntax (KB page QueryCommandSyntax):
//! a domain command's own main parameters and the zone-specific `X-`
//! parameters it takes in one zone, the latter read from the catalogue (`Tld::required_fields`, `optional_fields`, the value
//! types of `catalogue::field_rule`), written in the platform's spelling. It
//! changes nothing and must not hold field facts of its own.

use super::super::{Args, Ctx};
use super::check::parse_domain;
use super::domain::cnr_field;
use crate::dialect::cnr_field_defaults;
use crate::error::{Error, Result};
use crate::registry::catalogue::{self, FieldRule, Tld};
use crate::wire::Response;

/// The commands whose zone fields otebox describes: each takes the zone's
/// `X-` fields (AddDomain requires the required ones).
const COMMANDS: &[&str] = &["AddDomain", "ModifyDomain", "TradeDomain", "TransferDomain"];

/// The group the Blesta and WHMCS modules pick their additional fields from.
const ZONE_GROUP: &str = "Zone specific parameters";

/// Describes a domain command's parameters in one zone, one row each: the
/// command's own, then the zone's fields (required ones first, each group in
/// the catalogue's order).
///
/// ```text
/// COMMAND     = QueryCommandSyntax
/// COMMANDNAME = AddDomain | ModifyDomain | TradeDomain | TransferDomain
/// CLASS       = <zone: ca, co.uk>   or   DOMAIN = <name in the zone>
/// TYPE        = REQUEST                    (optional; RESPONSE: 541)
/// IGNOREZONE  = 0                          (optional; 1, every zone's fields: 541)
/// PARENT, SHOWONLYPARENT = 0|1, GENERATELIST, SENDLISTEMAIL = accepted
/// ---
/// property[commandname][0] = <the command, as otebox names it>
/// per parameter: property[dependency][n] = <empty>
///   property[description][n] = <the values, |-separated, then a sentence> | <a sentence>
///   property[optional][n] = 0|1       property[parameter][n] = X-…
///   property[paramgroup][n] = Required parameters | Optional parameters
///                             | Zone specific parameters
///   property[range][n] = 0|1 | 1 | a|b|… | <INT> | <TEXT> | <DOMAIN> | <CONTACT> | …
///   property[required][n] = 0|1       property[title][n] = <the name without X-, blanks>
/// property[zone][0]
/// ```
///
/// Neither CLASS nor DOMAIN: `504 CLASS`; a zone not in the catalogue `545`;
/// both naming different zones, or another COMMANDNAME, `541`.
pub(super) fn query_command_syntax(args: &mut Args<'_>, _ctx: &mut Ctx<'_>) -> Result<Response> {
    let command = args.optional("COMMANDNAME");
    let class = args.optional("CLASS");
    let domain = args.optional("DOMAIN");
    let kind = args.optional("TYPE");
    let ignore_zone = args.flag("IGNOREZONE")?.unwrap_or(false);
    for name in ["PARENT", "SHOWONLYPARENT"] {
        args.flag(name)?;
    }
    for name in ["GENERATELIST", "SENDLISTEMAIL"] {
        args.optional(name);
    }
    args.finish()?;
    let command = command.ok_or_else(|| Error::missing("COMMANDNAME"))?;
    let Some(command) = COMMANDS.iter().find(|c| c.eq_ignore_ascii_case(command)) else {
        return Err(Error::invalid(
            "COMMANDNAME",
            format_args!(
                "({command}) is not one otebox describes: {}",
                COMMANDS.join(", ")
            ),
        ));
    };
    if let Some(kind) = kind.filter(|kind| !kind.eq_ignore_ascii_case("REQUEST")) {
        return Err(Error::invalid(
            "TYPE",
            format_args!("({kind}): otebox describes the REQUEST syntax only"),
        ));
    }
    if ignore_zone {
        return Err(Error::invalid(
            "IGNOREZONE",
            "(1): otebox describes one zone's fields; send CLASS or DOMAIN",
        ));
    }
    let tld = zone(class, domain)?;
    Ok(syntax(command, tld))
}

/// The zone CLASS names (a TLD, as the KB allows) or DOMAIN lies in.
fn zone(class: Option<&str>, domain: Option<&str>) -> Result<&'static Tld> {
    let by_class = class.map(|class| {
        catalogue::zone_named(&class.trim_matches('.').to_ascii_lowercase())
            .ok_or_else(|| Error::ObjectNotFound(format!("CLASS {class} is not in the catalogue")))
    });
    let by_domain = domain.map(|text| {
        let name = parse_domain("DOMAIN", text)?;
        catalogue::find(&name).ok_or_else(|| {
            Error::ObjectNotFound(format!("DOMAIN {name}: no zone of the catalogue"))
        })
    });
    match (by_class.transpose()?, by_domain.transpose()?) {
        (None, None) => Err(Error::missing("CLASS")),
        (Some(tld), None) | (None, Some(tld)) => Ok(tld),
        (Some(tld), Some(other)) if tld.zone == other.zone => Ok(tld),
        (Some(tld), Some(other)) => Err(Error::invalid(
            "DOMAIN",
            format_args!("lies in {}, not in CLASS {}", other.zone, tld.zone),
        )),
    }
}

/// A parameter of a command's own (not a zone's): its name, whether otebox
/// refuses the command without it, and its range.
type Standard = (&'static str, bool, &'static str);

/// The command's own parameters, as otebox reads them (`domain.rs`,
/// `domain_modify.rs`, `transfer.rs`, `domain_trade.rs`); their full lists
/// are on the commands' KB pages.
fn standard(command: &str) -> &'static [Standard] {
    match command {
        "AddDomain" => &[
            ("DOMAIN", true, "<DOMAIN>"),
            ("OWNERCONTACT0", true, "<CONTACT>"),
            ("PERIOD", false, "<INT>"),
            ("ADMINCONTACT0", false, "<CONTACT>"),
            ("TECHCONTACT0", false, "<CONTACT>"),
            ("BILLINGCONTACT0", false, "<CONTACT>"),
            ("NAMESERVER0", false, "<NAMESERVER>"),
            ("NAMESERVER1", false, "<NAMESERVER>"),
            ("AUTH", false, "<TEXT>"),
            ("TRANSFERLOCK", false, "0|1"),
        ],
        "ModifyDomain" => &[
            ("DOMAIN", true, "<DOMAIN>"),
            ("OWNERCONTACT0", false, "<CONTACT>"),
            ("ADMINCONTACT0", false, "<CONTACT>"),
            ("TECHCONTACT0", false, "<CONTACT>"),
            ("BILLINGCONTACT0", false, "<CONTACT>"),
            ("NAMESERVER0", false, "<NAMESERVER>"),
            ("AUTH", false, "<TEXT>"),
            ("TRANSFERLOCK", false, "0|1"),
        ],
        "TradeDomain" => &[
            ("DOMAIN", true, "<DOMAIN>"),
            ("OWNERCONTACT0", true, "<CONTACT>"),
            ("ACTION", false, "REQUEST|CANCEL"),
            ("AUTH", false, "<TEXT>"),
        ],
        _ => &[
            ("DOMAIN", true, "<DOMAIN>"),
            ("AUTH", false, "<TEXT>"),
            ("PERIOD", false, "<INT>"),
            (
                "ACTION",
                false,
                "REQUEST|APPROVE|DENY|CANCEL|USERTRANSFER|PUSH",
            ),
            ("TRANSFERLOCK", false, "0|1"),
        ],
    }
}

/// One row of the answer.
struct Row {
    parameter: &'static str,
    group: &'static str,
    required: bool,
    range: String,
    title: String,
}

/// The answer for one command and zone: the command's own parameters
/// (groups `Required parameters`, `Optional parameters`), then the zone's
/// fields, its required ones first (AddDomain requires them; the other
/// commands take them).
fn syntax(command: &str, tld: &Tld) -> Response {
    // AddDomain refuses fewer nameservers than the zone's minimum
    // (QueryDomainOptions' NAMESERVERMIN): those slots are required there.
    let needed = |parameter: &str| {
        let slot = parameter
            .strip_prefix("NAMESERVER")
            .and_then(|n| n.parse::<u64>().ok());
        command == "AddDomain" && slot.is_some_and(|slot| slot < u64::from(tld.nameservers_min))
    };
    let mut own: Vec<_> = (standard(command).iter())
        .map(|&(parameter, required, range)| (parameter, required || needed(parameter), range))
        .collect();
    // The required ones first, in the table's order otherwise.
    own.sort_by_key(|&(_, required, _)| !required);
    let own = own.into_iter().map(|(parameter, required, range)| Row {
        parameter,
        group: if required {
            "Required parameters"
        } else {
            "Optional parameters"
        },
        required,
        range: range.to_owned(),
        title: parameter.to_owned(),
    });
    let required = tld.required_fields.iter().map(|name| (*name, true));
    let optional = tld.optional_fields.iter().map(|name| (*name, false));
    let fields = required.chain(optional).map(|(name, required)| {
        let range = match catalogue::field_rule(name) {
            Some(FieldRule::Flag) => "0|1".to_owned(),
            Some(FieldRule::One) => "1".to_owned(),
            Some(FieldRule::Int) => "<INT>".to_owned(),
            Some(FieldRule::OneOf(list)) => list.join("|"),
            None => "<TEXT>".to_owned(),
        };
        let parameter = cnr_field(name);
        Row {
            parameter,
            group: ZONE_GROUP,
            // A field the platform fills in itself is optional here.
            required: required
                && command == "AddDomain"
                && !cnr_field_defaults(tld.zone).any(|(field, _)| field == name),
            range,
            title: parameter.trim_start_matches("X-").replace('-', " "),
        }
    });
    let rows: Vec<Row> = own.chain(fields).collect();
    let mut response = Response::with_room(2 + 8 * rows.len(), 64 + 160 * rows.len());
    response.push_str("commandname", command);
    for row in rows {
        let sentence = format!(
            "{} for {command} in .{}",
            if row.required { "Required" } else { "Optional" },
            tld.zone
        );
        // A list's labels are its values, then the sentence (how the
        // modules read DESCRIPTION); a placeholder (`<TEXT>`) has none.
        let description = if row.range.starts_with('<') {
            sentence
        } else {
            format!("{}|{sentence}", row.range)
        };
        response
            .push_str("dependency", "")
            .push_str("description", &description)
            .push("optional", u8::from(!row.required))
            .push_str("parameter", row.parameter)
            .push_str("paramgroup", row.group)
            .push_str("range", &row.range)
            .push("required", u8::from(row.required))
            .push_str("title", &row.title);
    }
    response.push_str("zone", tld.zone);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_field_is_described_once() {
        for tld in catalogue::TLDS {
            let response = syntax("AddDomain", tld);
            let mut parameters = Vec::new();
            response.each_as_pushed(|name, _, value| {
                if name == "parameter" && value.starts_with("X-") {
                    parameters.push(value.to_owned());
                }
            });
            assert_eq!(
                parameters.len(),
                tld.required_fields.len() + tld.optional_fields.len(),
                "{}",
                tld.zone
            );
        }
        let ca = syntax("AddDomain", catalogue::zone_named("ca").unwrap());
        assert_eq!(ca.first("parameter"), Some("DOMAIN"));
        let mut zone_rows = Vec::new();
        ca.each_as_pushed(|name, index, value| {
            if name == "parameter" && value == "X-CA-LEGAL-TYPE" {
                zone_rows.push(index);
            }
        });
        assert_eq!(zone_rows.len(), 1);
        let mut required = None;
        ca.each_as_pushed(|name, index, value| {
            if name == "required" && index == zone_rows[0] {
                required = Some(value.to_owned());
            }
        });
        assert_eq!(required.as_deref(), Some("1"));
    }
}
