//! The CentralNic Reseller availability checks, CheckDomains and CheckDomain
//! (cnr-commands.md §9, §10), and GetNameSuggestion, answered from
//! [`System::availability`] and the suggestion candidates, the same answers
//! HEXONET's checks, suggestions and every registration use; and the DOMAIN
//! reader every CNR command shares ([`read_domain`]: Unicode converted the
//! platform's way, [`DomainName::parse_cnr`]). The checks price premium names
//! for X-FEE-COMMAND (x-fee rows, from `fee.rs`).

use super::super::check::{candidates, keyword_label, suggestion_zones};
use super::super::domain::shared::read_name;
use super::super::{Args, Ctx};
use super::fee::{APPLICATION, Query, read_queries};
use super::{columns, rows};
use crate::error::{Error, Result, SERVER_ERROR};
use crate::registry::{Availability, DomainName, Premium, System, Timestamp, temporary_failure};
use crate::wire::Response;

/// Most names per CheckDomains call: `DOMAIN0`..`DOMAIN31` (cnr-commands.md §9).
const MAX_NAMES: usize = 32;

const AVAILABLE: (u16, &str) = (210, "Domain name available");
const NOT_AVAILABLE: (u16, &str) = (211, "Domain name not available");
/// A name no registry would take here (an unknown zone, a refused label, a
/// malformed name): recorded for a Unicode name in a zone that does not exist.
const INVALID: (u16, &str) = (541, "Invalid attribute value");
/// A name the registry cannot answer for (`tempfail-`): protocol.md §3's
/// 421 text, which the CNR dialect keeps ([`Error::describe`]).
const UNANSWERED: (u16, &str) = (421, SERVER_ERROR);

/// The check options the platform documents and otebox does not vary on
/// (the X-FEE options are read by [`read_queries`]).
fn read_options(args: &mut Args<'_>) {
    for name in ["X-IDN-LANGUAGE", "X-ALLOCATION-TOKEN", "ZONETAG"] {
        args.optional(name);
    }
}

/// The x-fee properties of a priced premium name, in name order.
pub(super) const FEE_COLUMNS: [&str; 8] = [
    "x-fee-amount",
    "x-fee-application",
    "x-fee-class",
    "x-fee-command",
    "x-fee-currency",
    "x-fee-domain",
    "x-fee-period",
    "x-fee-periodtype",
];

/// The x-fee values of one name ([`FEE_COLUMNS`] order): a premium name's
/// price for the query; `None` when it is not premium or was not priced.
pub(super) fn fee_values(
    premium: Option<&Premium>,
    query: Option<&Query>,
    name: &str,
) -> Result<Option<[String; 8]>> {
    let (Some(premium), Some(query)) = (premium, query) else {
        return Ok(None);
    };
    Ok(Some([
        query.amount(premium)?.to_string(),
        APPLICATION.to_owned(),
        "premium".to_owned(),
        query.command.to_owned(),
        query.currency.clone(),
        name.to_ascii_lowercase(),
        query.years.to_string(),
        "YEAR".to_owned(),
    ]))
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
/// check without a fee extension, as on the live platform; with X-FEE-COMMAND
/// for their index they are available at their price (`priced`).
fn check(
    system: &System,
    now: Timestamp,
    name: &str,
    priced: bool,
) -> ((u16, &'static str), Option<Premium>) {
    let Ok(name) = DomainName::parse_cnr(name) else {
        return (INVALID, None);
    };
    let answer = match system.availability(&name, now) {
        Availability::Premium(_, premium) if priced => return (AVAILABLE, Some(premium)),
        Availability::Available(_) => AVAILABLE,
        Availability::UnknownZone | Availability::Refused(..) => INVALID,
        Availability::Unanswered => UNANSWERED,
        Availability::Premium(..)
        | Availability::Registered
        | Availability::Reserved
        | Availability::Blocked
        | Availability::Collision
        | Availability::BundleOnly(_)
        | Availability::BundleTaken(_) => NOT_AVAILABLE,
    };
    (answer, None)
}

/// Checks up to 32 names; each row answers `domaincheck` as a code and text,
/// with `domainchecktime`, in the recorded OT&E layout (cnr-dialect.md A.2.6).
///
/// With X-FEE-COMMAND# for any index, every row also answers the x-fee
/// columns: a premium name priced for its index is `210` with its price,
/// other rows have them empty (padded, as every column has a row per index).
///
/// ```text
/// COMMAND = CheckDomains
/// DOMAIN0..DOMAIN31 = <name, ASCII or Unicode>
/// X-FEE-COMMAND# = create | renew | transfer   X-FEE-PERIOD# = 1..10 (1)
/// X-FEE-PERIODTYPE# = YEAR   X-FEE-CURRENCY# = <currency> (the account's)
/// X-FEE-DOMAIN#, X-FEE-LAUNCHPHASE# = accepted
/// ---
/// property[column][0] = domaincheck   property[column][1] = domainchecktime
/// property[column][2..9] = x-fee-amount, -application, -class, -command, -currency,
///                          -domain, -period, -periodtype   (fee queries only)
/// property[domaincheck][i] = 210 Domain name available | 211 Domain name not available | 541 Invalid attribute value
///   | 421 Command failed due to server error. Client should try again (`tempfail-`)
/// property[domainchecktime][i] = 0
/// property[x-fee-...][i] = <price, 0.00, premium, command, currency, name, years, YEAR> | <empty>
/// ```
pub(super) fn check_domains(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let names = args.list("DOMAIN");
    read_options(args);
    if let Some((index, _)) = names.iter().find(|(index, _)| *index >= MAX_NAMES) {
        return Err(Error::UnknownParameter(format!("DOMAIN{index}")));
    }
    let rows = rows("DOMAIN", names)?;
    let queries = read_queries(args, ctx, rows.len(), false)?;
    args.finish()?;
    let fees = queries.iter().any(Option::is_some);
    let mut response = Response::with_room(10 + 10 * rows.len(), 32 + 128 * rows.len());
    columns(&mut response, &["domaincheck", "domainchecktime"]);
    if fees {
        columns(&mut response, &FEE_COLUMNS);
    }
    for (name, query) in rows.into_iter().zip(&queries) {
        let ((code, text), premium) = check(ctx.system, ctx.now, name, query.is_some());
        response
            .push("domaincheck", format_args!("{code} {text}"))
            .push_str("domainchecktime", "0");
        if fees {
            let values = fee_values(premium.as_ref(), query.as_ref(), name)?;
            for (at, column) in FEE_COLUMNS.into_iter().enumerate() {
                let value = values.as_ref().map_or("", |values| values[at].as_str());
                response.push_str(column, value);
            }
        }
    }
    Ok(response)
}

/// Checks one name; the answer is the code itself (cnr-commands.md §10).
///
/// The X-FEE options (unindexed or index 0) price a premium name as
/// CheckDomains does: `210` with the x-fee properties.
///
/// ```text
/// COMMAND = CheckDomain
/// DOMAIN  = <name>
/// X-FEE-COMMAND[0], X-FEE-PERIOD[0], X-FEE-PERIODTYPE[0], X-FEE-CURRENCY[0] = as CheckDomains
/// ---
/// code = 210 (Domain name available) | 211 (Domain name not available)
///   | 421 with a detail (`tempfail-`)
/// property[x-fee-...][0] = as CheckDomains   (a priced premium name)
/// ```
pub(super) fn check_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let name = args.required("DOMAIN")?;
    read_options(args);
    let query = read_queries(args, ctx, 1, true)?.pop().flatten();
    args.finish()?;
    match check(ctx.system, ctx.now, name, query.is_some()) {
        ((541, _), _) => Err(Error::invalid(
            "DOMAIN",
            format_args!("({name}) cannot be registered here"),
        )),
        ((421, _), _) => Err(temporary_failure(name)),
        ((code, text), premium) => {
            let mut response = Response::status(code, text);
            if let Some(values) = fee_values(premium.as_ref(), query.as_ref(), name)? {
                for (column, value) in FEE_COLUMNS.into_iter().zip(&values) {
                    response.push_str(column, value);
                }
            }
            Ok(response)
        }
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
/// MAX-RESULTS      = <n>             (optional; at most n rows)
/// FILTER-CONTENT   = 0 | 1           (optional; otebox's candidates are never offensive)
/// IPADDRESS        = <address>       (optional; the platform localises by it, otebox does not)
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
    // WHMCS's CentralNic Reseller module sends all three on every search.
    let max = args.parsed::<usize>("MAX-RESULTS")?.unwrap_or(usize::MAX);
    args.flag("FILTER-CONTENT")?;
    args.optional("IPADDRESS");
    let keyword = keyword_label(text).map_err(|rule| Error::syntax_rule("NAME", text, rule))?;
    args.finish()?;
    let tlds = suggestion_zones(&zones)?;
    let mut response = Response::ok();
    let mut rows = 0;
    for name in candidates(&keyword, &tlds) {
        if rows == max {
            break;
        }
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
            rows += 1;
        }
    }
    columns(&mut response, &["availability", "name"]);
    Ok(response)
}
