//! Availability and zone information: CheckDomains, CheckDomain, ConvertIDN
//! (`check/convert.rs`),
//! QueryDomainOptions (`check/options.rs`) and QueryDomainSuggestionList
//! (`check/suggest.rs`); the name list they read is `check/names.rs`'s.
//! Read-only: these commands never change the registry.
//! Whether a name is free is [`System::availability`]'s answer (the lead's
//! `scenario.rs`), so checks and registrations always agree; the zone facts come
//! from the catalogue. Must not touch domains, contacts or accounts.

mod claims;
mod convert;
mod names;
mod options;
mod suggest;

pub(super) use convert::convert_idn;
pub(super) use options::query_domain_options;
pub(super) use suggest::query_domain_suggestion_list;
pub(super) use suggest::{candidates, keyword_label, suggestion_zones};

use std::borrow::Cow;

use names::{MAX_NAMES, Row, read_names, read_request};

use super::{Args, Ctx};
use crate::error::{Error, Result, SERVER_ERROR_ROW};
use crate::registry::{
    Availability, DomainName, System, TEMPFAIL_REASON, Timestamp, catalogue, temporary_failure,
};
use crate::wire::{self, Response};

/// Which premium names a CheckDomains call wants priced (PREMIUMCHANNELS).
enum Channels<'a> {
    /// Empty or absent: premium names are reported as not available.
    Off,
    /// `*`: every channel.
    All,
    /// A comma-separated list of channel names, ignoring case (as sent).
    Some(&'a str),
}

impl<'a> Channels<'a> {
    fn read(text: Option<&'a str>) -> Channels<'a> {
        let Some(text) = text else {
            return Channels::Off;
        };
        let mut names = Channels::names(text).peekable();
        if names.peek().is_none() {
            Channels::Off
        } else if names.any(|name| name == "*") {
            Channels::All
        } else {
            Channels::Some(text)
        }
    }

    /// The channel names of a PREMIUMCHANNELS value.
    fn names(text: &str) -> impl Iterator<Item = &str> {
        text.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
    }

    fn allow(&self, channel: &str) -> bool {
        match self {
            Channels::Off => false,
            Channels::All => true,
            Channels::Some(text) => {
                Channels::names(text).any(|name| name.eq_ignore_ascii_case(channel))
            }
        }
    }
}

/// DOMAINCHECKMODE: accepted, and otebox does not vary on it.
fn check_mode(mode: Option<&str>) -> Result<()> {
    if let Some(mode) = mode
        && !["AUTH", "DNS", "RAWDNS"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(mode))
    {
        return Err(Error::invalid(
            "DOMAINCHECKMODE",
            format_args!("({mode}) is not AUTH, DNS or RAWDNS"),
        ));
    }
    Ok(())
}

/// One CheckDomains row: `DOMAINCHECK` and its aligned columns.
struct Check {
    result: &'static str,
    reason: Cow<'static, str>,
    class: Cow<'static, str>,
    channel: &'static str,
    price: String,
    currency: &'static str,
}

impl Check {
    fn plain(result: &'static str, reason: impl Into<Cow<'static, str>>) -> Check {
        Check {
            result,
            reason: reason.into(),
            class: Cow::Borrowed(""),
            channel: "",
            price: String::new(),
            currency: "",
        }
    }
}

/// The per-name texts, shared by CheckDomains and CheckDomain.
const NOT_AVAILABLE: &str = "Domain name not available";
const REASON_TAKEN: &str = "Domain name already registered";
const REASON_RESERVED: &str = "Domain name is reserved by the registry";
const REASON_BLOCKED: &str = "Domain name is blocked by a registry block (DPML)";
const REASON_COLLISION: &str = "Domain name is on the registry's name collision list";
const REASON_PREMIUM: &str = "Premium Domain Name";
const REASON_AFTERMARKET: &str = "Domain name already registered; for sale on the aftermarket";

/// What CheckDomains says about one name.
fn check_row(system: &System, now: Timestamp, row: Row<'_>, channels: &Channels<'_>) -> Check {
    let input = match row {
        Row::Name(input) => input,
        Row::Missing(index) => {
            return Check::plain(
                "504 Missing required attribute",
                format!("DOMAIN{index} is missing or empty"),
            );
        }
    };
    // The name's text only (no `DomainName` to allocate): borrowed as sent
    // when it is lower-case ACE already.
    let (name, dot) = match DomainName::normalise_label(input) {
        Ok(name) => name,
        Err(rule) => {
            return Check::plain(
                "505 Invalid attribute value syntax",
                format!("({}) {rule}", wire::printable(input)),
            );
        }
    };
    match system.availability_at(&name, dot, now) {
        Availability::Available(_) => Check::plain("210 Available", ""),
        Availability::Premium(tld, premium) if channels.allow(premium.channel) => Check {
            result: "211 Premium Domain name available [PREMIUM]",
            reason: Cow::Borrowed(REASON_PREMIUM),
            class: Cow::Owned(premium.class),
            channel: premium.channel,
            price: premium.price.to_string(),
            currency: tld.currency,
        },
        Availability::Premium(..) => Check::plain(
            "211 Domain name not available",
            format!("{REASON_PREMIUM}; send PREMIUMCHANNELS=* for its class and price"),
        ),
        Availability::Registered => match system.aftermarket_offer(&name, now) {
            // The ispapi module's "aftermarket": PREMIUMCHANNEL, "not
            // available" and a PRICE, with CLASS empty.
            Some(offer) if channels.allow(offer.channel) => Check {
                channel: offer.channel,
                price: offer.price.to_string(),
                currency: offer.currency,
                ..Check::plain("211 Domain name not available", REASON_AFTERMARKET)
            },
            _ => Check::plain("211 Domain name not available", REASON_TAKEN),
        },
        Availability::Reserved => Check {
            class: Cow::Owned(reserved_class(&name)),
            ..Check::plain("211 Domain name not available", REASON_RESERVED)
        },
        Availability::Blocked => Check::plain("211 Domain name not available", REASON_BLOCKED),
        Availability::Collision => Check::plain(
            "211 Collision Domain name available {name collision list}",
            REASON_COLLISION,
        ),
        Availability::UnknownZone => Check::plain("549 Command failed", unknown_zone(&name)),
        // The row of a name the registry cannot answer for (`tempfail-`):
        // the WHMCS module shows it as "unknown"; the call itself is 200.
        Availability::Unanswered => Check::plain(SERVER_ERROR_ROW, TEMPFAIL_REASON),
        Availability::Refused(_, why) => Check::plain("541 Invalid attribute value", why),
        Availability::BundleOnly(first) => {
            Check::plain("211 Domain name not available", bundle_only(&first))
        }
        Availability::BundleTaken(second) => {
            Check::plain("211 Domain name not available", bundle_taken(&second))
        }
    }
}

/// The REASON of a free name in a bundle's second zone (`x.ong`).
fn bundle_only(first: &str) -> String {
    format!("Domain name is registered only with {first}, as one bundle")
}

/// The REASON of a free first half (`x.ngo`) whose second half is held.
fn bundle_taken(second: &str) -> String {
    format!("Domain name comes only with {second}, which is already registered")
}

/// The CLASS of a reserved name (WHMCS shows "reserved" only when CLASS is set).
fn reserved_class(name: &str) -> String {
    catalogue::find_zone(name)
        .map(|tld| format!("RESERVED_{}", tld.class))
        .unwrap_or_default()
}

/// Why a name has no zone: its TLD is not served, or it lies below a
/// registrable name (`www.example.com`).
pub(in crate::command) fn unknown_zone(text: &str) -> String {
    let mut at = 0;
    while let Some(dot) = text[at..].find('.') {
        at += dot + 1;
        if let Some(tld) = catalogue::zone_named(&text[at..]) {
            return format!(
                "{text} is not a registrable name: .{} names have one label before the zone",
                tld.zone
            );
        }
    }
    let tld = text.rsplit('.').next().unwrap_or(text);
    format!("TLD not supported: .{tld}")
}

/// Checks up to [`MAX_NAMES`] names at once. Every column has a value for
/// every row; the overall CODE is 200 and each name's result is in DOMAINCHECK.
///
/// ```text
/// COMMAND         = CheckDomains
/// DOMAIN0..n      = <name>          (or DOMAIN[n], or DOMAIN = <name>[,<name>...])
/// PREMIUMCHANNELS = * | <channel>[,<channel>...] | <empty: premium names not available>
/// X-IDN-LANGUAGE  = <tag>           (optional, accepted)
/// DOMAINCHECKMODE = AUTH | DNS | RAWDNS
/// PHASE           = claims | sunrise   (claims: the CLAIMKEY column too)
/// ---
/// PROPERTY[DOMAINCHECK][i]     = 210 Available | 211 <text> | 5xx <text>
///   | 421 Command failed due to server error. Client should try again (`tempfail-`)
///   (an aftermarket name: 211 Domain name not available, CLASS empty,
///   PREMIUMCHANNEL, PRICE and CURRENCY its asking terms)
/// PROPERTY[REASON][i]          = <why>, empty when available
/// PROPERTY[CLASS][i]           = PREMIUM_<ZONE>_A | RESERVED_<ZONE> | empty
/// PROPERTY[PREMIUMCHANNEL][i]  = <channel> | empty
/// PROPERTY[PRICE][i]           = <registration price for one year> | empty
/// PROPERTY[CURRENCY][i]        = <currency of PRICE> | empty
/// PROPERTY[DOMAINCHECKTIME][i] = 0.000
/// PROPERTY[CLAIMKEY][i]        = <claims key> | empty        (PHASE=claims only)
/// ```
pub(super) fn check_domains(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    const OPTIONS: [&str; 4] = [
        "PREMIUMCHANNELS",
        "X-IDN-LANGUAGE",
        "DOMAINCHECKMODE",
        "PHASE",
    ];
    let request = read_request(args, OPTIONS)?;
    let [channels, _, mode, phase] = request.options;
    let channels = Channels::read(channels);
    check_mode(mode)?;
    let claims = claims::read_phase(phase)?;
    request.finish(args)?;
    let check = |row| check_row(ctx.system, ctx.now, row, &channels);
    let rows = request.rows.as_slice();
    // Seven columns of about 20 bytes per name, pushed column by column (the
    // order they are written in, so nothing is reordered when encoding).
    let mut response = Response::with_room(7 * rows.len(), 160 * rows.len());
    match rows[..] {
        // One name, as WHMCS checks most often: no list of checks, and its
        // seven columns pushed as one row.
        [row] => {
            let check = check(row);
            response.push_row(&ONE_CHECK, check.values());
        }
        _ => push_checks(
            &mut response,
            &rows.iter().copied().map(check).collect::<Vec<_>>(),
        ),
    }
    if claims {
        let keys = rows
            .iter()
            .map(|row| claims::row_claim_key(ctx.system, *row, ctx.now));
        let keys: Vec<String> = keys.collect();
        response.push_column("CLAIMKEY", keys.iter().map(String::as_str));
    }
    Ok(response)
}

/// The CheckDomains columns, in the order they are pushed.
const CHECK_COLUMNS: [&str; 7] = [
    "DOMAINCHECK",
    "REASON",
    "CLASS",
    "PREMIUMCHANNEL",
    "PRICE",
    "CURRENCY",
    "DOMAINCHECKTIME",
];

impl Check {
    /// The check's value in each of [`CHECK_COLUMNS`], in their order
    /// (`DOMAINCHECKTIME`: otebox answers at once).
    #[inline(always)]
    fn values(&self) -> [&str; 7] {
        [
            self.result,
            &self.reason,
            &self.class,
            self.channel,
            &self.price,
            self.currency,
            "0.000",
        ]
    }
}

/// One check's columns as a row.
const ONE_CHECK: wire::Row<7> = wire::row!(CHECK_COLUMNS);

/// The CheckDomains columns of `checks`, column by column.
fn push_checks(response: &mut Response, checks: &[Check]) {
    push_check_column::<0>(response, checks);
    push_check_column::<1>(response, checks);
    push_check_column::<2>(response, checks);
    push_check_column::<3>(response, checks);
    push_check_column::<4>(response, checks);
    push_check_column::<5>(response, checks);
    push_check_column::<6>(response, checks);
}

/// The column `COLUMN` of [`CHECK_COLUMNS`] for every check: one copy of
/// `push_column` per column, each reading its field directly (through a
/// table of accessors, an indirect call per value, the 25-name check took
/// about 2,000 instructions more).
fn push_check_column<const COLUMN: usize>(response: &mut Response, checks: &[Check]) {
    let values = checks.iter().map(|check| check.values()[COLUMN]);
    response.push_column(CHECK_COLUMNS[COLUMN], values);
}

/// Checks one name; the answer is the CODE (protocol.md §8).
///
/// ```text
/// COMMAND        = CheckDomain
/// DOMAIN         = <name>
/// X-IDN-LANGUAGE = <tag>            (optional, accepted)
/// PHASE          = claims | sunrise (optional)
/// ---
/// 210 Domain name available
/// 211 Domain name not available, PROPERTY[REASON][0] = <why>
/// PROPERTY[CLAIMKEY][0] = <key>   (PHASE=claims, a live TMCH mark claims the label)
/// 505 / 541 / 549 for a malformed name, a label the zone refuses, an unknown TLD
/// 421 for a name the registry cannot answer for (`tempfail-`)
/// ```
pub(super) fn check_domain(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let input = args.required("DOMAIN")?;
    args.optional("X-IDN-LANGUAGE");
    let claims = claims::read_phase(args.optional("PHASE"))?;
    args.finish()?;
    let name =
        DomainName::normalise(input).map_err(|rule| Error::syntax_rule("DOMAIN", input, rule))?;
    let key = claims
        .then(|| claims::claim_key(ctx.system, &name, ctx.now))
        .flatten();
    let with_key = |mut response: Response| {
        if let Some(key) = &key {
            response.push_str("CLAIMKEY", key);
        }
        Ok(response)
    };
    let reason = match ctx.system.availability_of(&name, ctx.now) {
        Availability::Available(_) => {
            return with_key(Response::status(210, "Domain name available"));
        }
        Availability::Premium(..) => Cow::Borrowed(REASON_PREMIUM),
        Availability::Registered => Cow::Borrowed(REASON_TAKEN),
        Availability::Reserved => Cow::Borrowed(REASON_RESERVED),
        Availability::Blocked => Cow::Borrowed(REASON_BLOCKED),
        Availability::Collision => Cow::Borrowed(REASON_COLLISION),
        Availability::BundleOnly(first) => Cow::Owned(bundle_only(&first)),
        Availability::BundleTaken(second) => Cow::Owned(bundle_taken(&second)),
        Availability::UnknownZone => {
            return Err(Error::CommandFailed(format!(
                "DOMAIN: {}",
                unknown_zone(&name)
            )));
        }
        Availability::Refused(_, why) => return Err(Error::invalid("DOMAIN", why)),
        Availability::Unanswered => return Err(temporary_failure(&name)),
    };
    with_key(Response::status(211, NOT_AVAILABLE).with("REASON", reason))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::registry::{Domain, Entity, Registry};

    /// A registry whose OT&E system holds `name` for `test.user`.
    pub(in crate::command) fn system_holding(name: &str) -> Registry {
        let mut registry = Registry::new(1);
        registry
            .system_mut(Entity::Ote)
            .insert_domain(Domain::sample(name, &[], "P-TEST1"));
        registry
    }

    #[test]
    fn a_sandbox_domain_is_not_available_in_any_case_or_spelling() {
        let registry = system_holding("xn--dmin-moa0i.com");
        let system = registry.system(Entity::Ote);
        for input in ["dömäin.com", "XN--DMIN-MOA0I.COM", "xn--dmin-moa0i.com."] {
            let check = check_row(system, Timestamp(0), Row::Name(input), &Channels::All);
            assert_eq!(check.result, "211 Domain name not available", "{input}");
            assert_eq!(check.reason, REASON_TAKEN);
        }
        let live = registry.system(Entity::Live);
        let check = check_row(live, Timestamp(0), Row::Name("dömäin.com"), &Channels::Off);
        assert_eq!(
            check.result, "210 Available",
            "LIVE does not see OT&E domains"
        );
    }
}
