//! The CentralNic Reseller availability checks, CheckDomains and CheckDomain
//! (cnr-commands.md §9, §10), and GetNameSuggestion, answered from
//! [`System::availability`] and the suggestion candidates, the same answers
//! HEXONET's checks, suggestions and every registration use; and the DOMAIN
//! reader every CNR command shares ([`read_domain`]: Unicode converted the
//! platform's way, [`DomainName::parse_cnr`]).

use super::super::check::{candidates, keyword_label, suggestion_zones};
use super::super::domain::shared::read_name;
use super::super::{Args, Ctx};
use super::{columns, rows};
use crate::error::{Error, Result};
use crate::registry::{Availability, DomainName, System, Timestamp};
use crate::wire::Response;

/// Most names per CheckDomains call: `DOMAIN0`..`DOMAIN31` (cnr-commands.md §9).
const MAX_NAMES: usize = 32;

const AVAILABLE: (u16, &str) = (210, "Domain name available");
const NOT_AVAILABLE: (u16, &str) = (211, "Domain name not available");
/// A name no registry would take here (an unknown zone, a refused label, a
/// malformed name): recorded for a Unicode name in a zone that does not exist.
const INVALID: (u16, &str) = (541, "Invalid attribute value");

/// The check options the platform documents and otebox does not vary on.
fn read_options(args: &mut Args<'_>) {
    for name in ["X-IDN-LANGUAGE", "X-ALLOCATION-TOKEN", "ZONETAG"] {
        args.optional(name);
    }
    for stem in [
        "X-FEE-COMMAND",
        "X-FEE-DOMAIN",
        "X-FEE-PERIOD",
        "X-FEE-PERIODTYPE",
        "X-FEE-CURRENCY",
        "X-FEE-LAUNCHPHASE",
    ] {
        args.list(stem);
    }
}

/// Reads a CNR domain name parameter: `504` if absent, `505` naming the rule
/// if malformed. Unicode is converted the way the platform does
/// ([`DomainName::parse_cnr`]: `faß.com` is `fass.com`, `faß.de` is
/// `xn--fa-hia.de`), unlike HEXONET's non-transitional `read_name`; ASCII
/// names parse the same in both dialects, so they go through `read_name`.
pub(super) fn read_domain(args: &mut Args<'_>, param: &'static str) -> Result<DomainName> {
    match args.optional(param) {
        Some(text) if !text.is_ascii() => parse_domain(param, text),
        _ => read_name(args, param),
    }
}

/// [`DomainName::parse_cnr`] of a parameter's value (`505` naming the rule).
pub(super) fn parse_domain(param: &str, text: &str) -> Result<DomainName> {
    DomainName::parse_cnr(text).map_err(|rule| Error::syntax_rule(param, text, rule))
}

/// The answer for one name, as given (Unicode names are converted here, the
/// way the platform does: [`DomainName::parse_cnr`]). Premium names are "not available" to a
/// check without a fee extension, as on the live platform.
fn check(system: &System, now: Timestamp, name: &str) -> (u16, &'static str) {
    let Ok(name) = DomainName::parse_cnr(name) else {
        return INVALID;
    };
    match system.availability(&name, now) {
        Availability::Available(_) => AVAILABLE,
        Availability::UnknownZone | Availability::Refused(..) => INVALID,
        Availability::Premium(..)
        | Availability::Registered
        | Availability::Reserved
        | Availability::Blocked
        | Availability::Collision
        | Availability::BundleOnly(_)
        | Availability::BundleTaken(_) => NOT_AVAILABLE,
    }
}

/// Checks up to 32 names; each row answers `domaincheck` as a code and text,
/// with `domainchecktime`, in the recorded OT&E layout (cnr-dialect.md A.2.6).
///
/// ```text
/// COMMAND = CheckDomains
/// DOMAIN0..DOMAIN31 = <name, ASCII or Unicode>
/// ---
/// property[column][0] = domaincheck   property[column][1] = domainchecktime
/// property[domaincheck][i] = 210 Domain name available | 211 Domain name not available | 541 Invalid attribute value
/// property[domainchecktime][i] = 0
/// ```
pub(super) fn check_domains(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let names = args.list("DOMAIN");
    read_options(args);
    if let Some((index, _)) = names.iter().find(|(index, _)| *index >= MAX_NAMES) {
        return Err(Error::UnknownParameter(format!("DOMAIN{index}")));
    }
    let rows = rows("DOMAIN", names)?;
    args.finish()?;
    let mut response = Response::with_room(2 + 2 * rows.len(), 32 + 32 * rows.len());
    columns(&mut response, &["domaincheck", "domainchecktime"]);
    for name in rows {
        let (code, text) = check(ctx.system, ctx.now, name);
        response
            .push("domaincheck", format_args!("{code} {text}"))
            .push_str("domainchecktime", "0");
    }
    Ok(response)
}

/// Checks one name; the answer is the code itself (cnr-commands.md §10).
///
/// ```text
/// COMMAND = CheckDomain
/// DOMAIN  = <name>
/// ---
/// code = 210 (Domain name available) | 211 (Domain name not available)
/// ```
pub(super) fn check_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.required("DOMAIN")?;
    read_options(args);
    args.finish()?;
    match check(ctx.system, ctx.now, name) {
        (541, _) => Err(Error::invalid(
            "DOMAIN",
            format_args!("({name}) cannot be registered here"),
        )),
        (code, text) => Ok(Response::status(code, text)),
    }
}

/// Suggests names for a keyword (the CNR face of QueryDomainSuggestionList,
/// from the same candidates): free ones only, or every candidate with
/// `SHOW-UNAVAILABLE=1`. Each row answers `availability` (`available` or
/// `unavailable`) and `name`; the row block comes before `column`, as the
/// recorded lists place a row block where its first name sorts.
///
/// ```text
/// COMMAND          = GetNameSuggestion
/// NAME             = <keyword or name>
/// ZONE0..n         = <zone>          (optional; only these zones, none otebox does not
///                                     serve; default com net org info online shop xyz app)
/// SHOW-UNAVAILABLE = 0 | 1           (optional, default 0)
/// ---
/// property[availability][i], property[name][i], property[column][0..1]
/// ```
pub(super) fn get_name_suggestion(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let text = args.required("NAME")?;
    let zones = args.list("ZONE");
    let show_unavailable = match args.optional("SHOW-UNAVAILABLE") {
        None | Some("0") => false,
        Some("1") => true,
        Some(other) => {
            return Err(Error::invalid(
                "SHOW-UNAVAILABLE",
                format_args!("({other}) is not 0 or 1"),
            ));
        }
    };
    let keyword = keyword_label(text).map_err(|rule| Error::syntax_rule("NAME", text, rule))?;
    args.finish()?;
    let tlds = suggestion_zones(&zones)?;
    let mut response = Response::ok();
    for name in candidates(&keyword, &tlds) {
        let free = matches!(
            ctx.system.availability(&name, ctx.now),
            Availability::Available(_) | Availability::Premium(..)
        );
        if free || show_unavailable {
            response
                .push_str(
                    "availability",
                    if free { "available" } else { "unavailable" },
                )
                .push_str("name", name.as_str());
        }
    }
    columns(&mut response, &["availability", "name"]);
    Ok(response)
}
