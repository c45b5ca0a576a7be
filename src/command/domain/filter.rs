//! The filters of QueryDomainList (and QueryExtendedDomainList): `*` patterns on names, object classes,
//! handles, nameservers and statuses, the `…REGEX` / `…REGEXNOT` filters
//! (version 2), the lists of exact names (`DOMAIN<n>`, version 2) and of
//! nameservers (`NAMESERVER<n>`, version 1), flag filters, the RENEWALMODE
//! words and the MIN/MAX date windows. Which version takes which is its
//! [`Accepted`] table. Pure predicates over one domain.

use regex::Regex;

use super::status::{Dates, lite_protection};
use crate::command::Args;
use crate::command::list::{date, glob, names_match, regex};
use crate::error::{Error, Result};
use crate::registry::{Domain, DomainName, RenewalMode, Role, Timestamp};

/// The object class of a domain row. Version 2 also lists the caller's
/// applications (DOMAINAPPLICATION, `filter/application.rs`) when the
/// request names classes; pending transfers are no list rows, so no
/// DOMAINTRANSFER object is listed.
pub(super) const CLASS: &str = "DOMAIN";

/// The classes the reference names for VERSION=2 rows; an OBJECTCLASS
/// pattern must be able to match one of them.
const CLASSES: [&str; 3] = ["DOMAIN", "DOMAINAPPLICATION", "DOMAINTRANSFER"];

/// The filter parameters one version of the command takes.
pub(super) struct Accepted {
    /// `*` patterns (a name without `*` must match whole).
    patterns: &'static [&'static str],
    /// `<subject>REGEX` and `<subject>REGEXNOT`: parameter, subject, negated.
    regexes: &'static [(&'static str, &'static str, bool)],
    /// The `MIN<date>` / `MAX<date>` windows.
    dates: &'static [&'static str],
    /// `DOMAIN<n>`: only these names.
    names: bool,
    /// `NAMESERVER<n>`: only domains with one of these nameservers.
    nameservers: bool,
    /// The `0`/`1` filter on ID protection (the trustee service).
    trustee: &'static str,
}

/// Version 1 (`API/DOMAIN/QUERYDOMAINLIST.md`), plus OBJECTCLASS, which the
/// page does not list but the Blesta ISPAPI module sends (`OBJECTCLASS=DOMAIN`):
/// checked as version 2 checks it; version 1 lists domains only, so a pattern
/// matching only another class lists nothing.
pub(super) const VERSION1: Accepted = Accepted {
    patterns: &[
        "DOMAIN",
        "OBJECTCLASS",
        "DOMAINSUBCLASS",
        "USER",
        "REPOSITORY",
        "NAMESERVER",
        "STATUS",
        "OWNERCONTACT",
        "ADMINCONTACT",
        "TECHCONTACT",
        "BILLINGCONTACT",
    ],
    regexes: &[],
    dates: &[
        "CREATEDDATE",
        "UPDATEDDATE",
        "EXPIRATIONDATE",
        "PAIDUNTILDATE",
        "REGISTRATIONEXPIRATIONDATE",
    ],
    names: false,
    nameservers: true,
    trustee: "X-ACCEPT-WHOISTRUSTEE-TAC",
};

/// `VERSION=2` (`API/DOMAIN/QUERYDOMAINLIST_VERSION2.md`).
pub(super) const VERSION2: Accepted = Accepted {
    patterns: &[
        "DOMAIN",
        "OBJECTID",
        "OBJECTCLASS",
        "DESCRIPTION",
        "SUBCLASS",
        "USER",
        "REPOSITORY",
        "STATUS",
        "OWNERCONTACT",
        "ADMINCONTACT",
        "TECHCONTACT",
        "BILLINGCONTACT",
        "CONTACT",
    ],
    regexes: &[
        ("DOMAINREGEX", "DOMAIN", false),
        ("DOMAINREGEXNOT", "DOMAIN", true),
        ("OBJECTCLASSREGEX", "OBJECTCLASS", false),
        ("OBJECTCLASSREGEXNOT", "OBJECTCLASS", true),
        ("SUBCLASSREGEX", "SUBCLASS", false),
        ("SUBCLASSREGEXNOT", "SUBCLASS", true),
        ("STATUSREGEX", "STATUS", false),
        ("STATUSREGEXNOT", "STATUS", true),
    ],
    dates: &[
        "CREATEDDATE",
        "UPDATEDDATE",
        "EXPIRATIONDATE",
        "PAIDUNTILDATE",
    ],
    names: true,
    nameservers: false,
    trustee: "X-ACCEPT-WHOISTRUSTEE-TAC",
};

/// QueryExtendedDomainList (`API/DOMAIN/QUERYEXTENDEDDOMAINLIST.md`).
pub(super) const EXTENDED: Accepted = Accepted {
    patterns: &[
        "DOMAIN",
        "DOMAINSUBCLASS",
        "OWNERCONTACT",
        "ADMINCONTACT",
        "TECHCONTACT",
        "BILLINGCONTACT",
        "NAMESERVER",
        "STATUS",
    ],
    regexes: &[],
    dates: &[
        "CREATEDDATE",
        "UPDATEDDATE",
        "REGISTRATIONEXPIRATIONDATE",
        "TRANSFERDATE",
    ],
    names: false,
    nameservers: false,
    trustee: "X-TRUSTEE",
};

/// A date window filter (`MIN<X>` / `MAX<X>`); a date-only MAX covers its whole day.
struct Window {
    min: Option<Timestamp>,
    max: Option<Timestamp>,
}

impl Window {
    fn read(args: &mut Args<'_>, what: &str) -> Result<Window> {
        let mut bound = |prefix: &str| -> Result<Option<Timestamp>> {
            let name = format!("{prefix}{what}");
            let Some(text) = args.optional(&name) else {
                return Ok(None);
            };
            let at = date(&name, text)?;
            Ok(Some(if prefix == "MAX" && !text.contains(' ') {
                Timestamp(at.0 + 86_399)
            } else {
                at
            }))
        };
        Ok(Window {
            min: bound("MIN")?,
            max: bound("MAX")?,
        })
    }

    fn admits(&self, at: Timestamp) -> bool {
        self.min.is_none_or(|min| at >= min) && self.max.is_none_or(|max| at <= max)
    }
}

/// A `<subject>REGEX` (the subject must match) or `<subject>REGEXNOT` (it
/// must not) filter.
struct RegexFilter {
    subject: &'static str,
    regex: Regex,
    negated: bool,
}

/// The filters of one request.
pub(super) struct Filter<'a> {
    patterns: Vec<(&'static str, &'a str)>,
    regexes: Vec<RegexFilter>,
    /// `DOMAIN<n>`, lower-case ACE, sorted, without repeats.
    names: Option<Vec<String>>,
    /// `NAMESERVER<n>`, lower-case ACE.
    nameservers: Vec<String>,
    transfer_lock: Option<bool>,
    id_protection: Option<bool>,
    /// `X-ACCEPT-WHOISTRUSTEELITE-TAC`, the lite ID protection.
    lite_protection: Option<bool>,
    renewal: Option<&'static str>,
    windows: Vec<(&'static str, Window)>,
}

/// The filter word of what a domain's renewal mode does at expiry
/// (`RENEWALMODE` filter, v2 column): of its acting mode, so a `DEFAULT`
/// domain of an account whose default is AUTOEXPIRE counts as `EXPIRE`.
pub(super) fn renewal_word(domain: &Domain) -> &'static str {
    match domain.acting_mode() {
        RenewalMode::AutoExpire | RenewalMode::ExpireAuction => "EXPIRE",
        RenewalMode::AutoDelete => "DELETE",
        _ => "RENEW",
    }
}

/// The names of `<stem><n>` (empty slots skipped), lower-case ACE, each
/// checked with `DomainName::parse` (`505` naming the slot).
fn read_names(args: &mut Args<'_>, stem: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for (index, value) in args.list(stem) {
        if value.is_empty() {
            continue;
        }
        let name = DomainName::parse(value)
            .map_err(|rule| Error::syntax_rule(&format!("{stem}{index}"), value, rule))?;
        names.push(name.as_str().to_owned());
    }
    Ok(names)
}

fn read_renewal(args: &mut Args<'_>) -> Result<Option<&'static str>> {
    let Some(text) = args.optional("RENEWALMODE") else {
        return Ok(None);
    };
    let upper = text.to_ascii_uppercase();
    let word = upper.strip_prefix("AUTO").unwrap_or(&upper);
    ["EXPIRE", "DELETE", "RENEW"]
        .into_iter()
        .find(|known| *known == word)
        .map(Some)
        .ok_or_else(|| {
            Error::invalid(
                "RENEWALMODE",
                format_args!(
                    "({text}) is not RENEW, EXPIRE or DELETE (or AUTORENEW, AUTOEXPIRE, AUTODELETE)"
                ),
            )
        })
}

impl<'a> Filter<'a> {
    pub(super) fn read(args: &mut Args<'a>, accepted: &Accepted) -> Result<Filter<'a>> {
        let mut patterns = Vec::new();
        for name in accepted.patterns {
            if let Some(pattern) = args.optional(name) {
                if *name == "OBJECTCLASS" && !CLASSES.iter().any(|class| glob(pattern, class)) {
                    return Err(Error::invalid(
                        "OBJECTCLASS",
                        format_args!(
                            "({pattern}) matches none of the classes QueryDomainList lists: {}",
                            CLASSES.join(", ")
                        ),
                    ));
                }
                patterns.push((*name, pattern));
            }
        }
        let mut regexes = Vec::new();
        for (name, subject, negated) in accepted.regexes {
            if let Some(text) = args.optional(name) {
                regexes.push(RegexFilter {
                    subject,
                    regex: regex(name, text)?,
                    negated: *negated,
                });
            }
        }
        let names = match accepted.names {
            true => Some(read_names(args, "DOMAIN")?).filter(|names| !names.is_empty()),
            false => None,
        };
        let names = names.map(|mut names| {
            names.sort_unstable();
            names.dedup();
            names
        });
        let nameservers = match accepted.nameservers {
            true => read_names(args, "NAMESERVER")?,
            false => Vec::new(),
        };
        let renewal = read_renewal(args)?;
        let mut windows = Vec::new();
        for what in accepted.dates {
            windows.push((*what, Window::read(args, what)?));
        }
        Ok(Filter {
            patterns,
            regexes,
            names,
            nameservers,
            transfer_lock: args.flag("TRANSFERLOCK")?,
            id_protection: args.flag(accepted.trustee)?,
            lite_protection: args.flag("X-ACCEPT-WHOISTRUSTEELITE-TAC")?,
            renewal,
            windows,
        })
    }

    /// The only names the list can show, sorted, when the filters say so:
    /// the `DOMAIN<n>` list, or the one name a `DOMAIN` / `OBJECTID` pattern
    /// without `*` matches (lower case, as names are stored). The list then
    /// looks them up instead of walking the account's domains (WHMCS asks
    /// for one name on every page).
    pub(super) fn exact_names(&self) -> Option<Vec<String>> {
        if let Some(names) = &self.names {
            return Some(names.clone());
        }
        self.patterns
            .iter()
            .find(|(name, pattern)| {
                matches!(*name, "DOMAIN" | "OBJECTID") && !pattern.contains('*')
            })
            .map(|(_, pattern)| match pattern.is_ascii() {
                true => vec![pattern.to_ascii_lowercase()],
                // A Unicode name (`bücher.de`) is looked up by its ACE form.
                false => DomainName::parse(pattern)
                    .map(|name| vec![name.as_str().to_owned()])
                    .unwrap_or_default(),
            })
    }

    pub(super) fn admits(
        &self,
        domain: &Domain,
        dates: &Dates,
        subclass: &str,
        repository: &str,
        statuses: &[&str],
    ) -> bool {
        let name = domain.name.as_str();
        let any = |pattern: &str, values: &[String]| {
            values.iter().any(|value| names_match(pattern, value))
        };
        let any_contact =
            |pattern: &str, values: &[Box<str>]| values.iter().any(|value| glob(pattern, value));
        let patterns = self.patterns.iter().all(|(what, pattern)| match *what {
            "DOMAIN" | "OBJECTID" => names_match(pattern, name),
            "OBJECTCLASS" => glob(pattern, CLASS),
            "DESCRIPTION" => glob(pattern, &domain.name.unicode()),
            "DOMAINSUBCLASS" => glob(pattern, &format!("{subclass}.")),
            "SUBCLASS" => glob(pattern, subclass),
            "USER" => glob(pattern, &domain.owner),
            "REPOSITORY" => glob(pattern, repository),
            "NAMESERVER" => any(pattern, &domain.nameservers),
            "STATUS" => statuses.iter().any(|status| glob(pattern, status)),
            "OWNERCONTACT" => any_contact(pattern, domain.contacts(Role::Owner)),
            "ADMINCONTACT" => any_contact(pattern, domain.contacts(Role::Admin)),
            "TECHCONTACT" => any_contact(pattern, domain.contacts(Role::Tech)),
            "BILLINGCONTACT" => any_contact(pattern, domain.contacts(Role::Billing)),
            "CONTACT" => Role::ALL
                .iter()
                .any(|role| any_contact(pattern, domain.contacts(*role))),
            _ => true,
        });
        // A REGEXNOT on the statuses excludes a domain any of whose statuses match.
        let regexes = self.regexes.iter().all(|filter| {
            let found = match filter.subject {
                "DOMAIN" => filter.regex.is_match(name),
                "OBJECTCLASS" => filter.regex.is_match(CLASS),
                "SUBCLASS" => filter.regex.is_match(subclass),
                _ => statuses.iter().any(|status| filter.regex.is_match(status)),
            };
            found != filter.negated
        });
        let names = self.names.as_ref().is_none_or(|names| {
            names
                .binary_search_by(|known| known.as_str().cmp(name))
                .is_ok()
        });
        let nameservers = self.nameservers.is_empty()
            || domain
                .nameservers
                .iter()
                .any(|host| self.nameservers.contains(host));
        // A domain never transferred has no TRANSFERDATE: a window on it excludes it.
        let windows = self.windows.iter().all(|(what, window)| {
            let at = match *what {
                "CREATEDDATE" => Some(domain.created),
                "UPDATEDDATE" => Some(domain.updated),
                "PAIDUNTILDATE" => Some(dates.paid_until),
                "TRANSFERDATE" => domain.transferred(),
                _ => Some(dates.expiration),
            };
            at.map_or(window.min.is_none() && window.max.is_none(), |at| {
                window.admits(at)
            })
        });
        patterns
            && regexes
            && names
            && nameservers
            && windows
            && self
                .transfer_lock
                .is_none_or(|lock| lock == domain.transfer_lock)
            && self
                .id_protection
                .is_none_or(|on| on == domain.id_protection)
            && self
                .lite_protection
                .is_none_or(|on| on == (lite_protection(domain) == "1"))
            && self.renewal.is_none_or(|word| word == renewal_word(domain))
    }
}

mod application;
pub(super) use application::APPLICATION_CLASS;

#[cfg(test)]
mod tests;
