//! The filters of QueryDomainList: `*` patterns on names, handles,
//! nameservers and statuses, flag filters, the RENEWALMODE words and the
//! MIN/MAX date windows. Pure predicates over one domain.

use super::status::{Dates, statuses};
use crate::command::Args;
use crate::command::list::glob;
use crate::error::{Error, Result};
use crate::registry::{Domain, RenewalMode, Role, Timestamp};

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
            let at = Timestamp::parse(text)
                .ok_or_else(|| Error::syntax_rule(&name, text, "must be YYYY-MM-DD[ hh:mm:ss]"))?;
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

/// The filters both versions share.
pub(super) struct Filter<'a> {
    patterns: Vec<(&'static str, &'a str)>,
    transfer_lock: Option<bool>,
    id_protection: Option<bool>,
    renewal: Option<&'static str>,
    windows: Vec<(&'static str, Window)>,
}

/// The regular expressions WHMCS sends as SUBCLASSREGEX (`^PREMIUM_.+$`,
/// `^PREMIUM_.*$`) as a pattern: anchors dropped (an unanchored end matches
/// anything there), `.+` and `.*` as `*`. Other syntax is matched literally.
fn regex_as_glob(regex: &str) -> String {
    let start = if regex.starts_with('^') { "" } else { "*" };
    let end = if regex.ends_with('$') { "" } else { "*" };
    let body = regex.trim_start_matches('^').trim_end_matches('$');
    format!("{start}{}{end}", body.replace(".+", "*").replace(".*", "*"))
}

/// The filter word of a renewal mode (`RENEWALMODE` filter, v2 column).
pub(super) fn renewal_word(mode: RenewalMode) -> &'static str {
    match mode {
        RenewalMode::AutoExpire => "EXPIRE",
        RenewalMode::AutoDelete => "DELETE",
        _ => "RENEW",
    }
}

impl<'a> Filter<'a> {
    pub(super) fn read(
        args: &mut Args<'a>,
        pattern_names: &[&'static str],
        dates: &[&'static str],
    ) -> Result<Filter<'a>> {
        let mut patterns = Vec::new();
        for name in pattern_names {
            if let Some(pattern) = args.optional(name) {
                patterns.push((*name, pattern));
            }
        }
        let renewal = match args.optional("RENEWALMODE") {
            None => None,
            Some(text) => {
                let upper = text.to_ascii_uppercase();
                let word = upper.strip_prefix("AUTO").unwrap_or(&upper);
                Some(
                    ["EXPIRE", "DELETE", "RENEW"]
                        .into_iter()
                        .find(|known| *known == word)
                        .ok_or_else(|| {
                            Error::invalid(
                                "RENEWALMODE",
                                format_args!("({text}) is not AUTOEXPIRE, AUTODELETE or AUTORENEW"),
                            )
                        })?,
                )
            }
        };
        let mut windows = Vec::new();
        for what in dates {
            windows.push((*what, Window::read(args, what)?));
        }
        Ok(Filter {
            patterns,
            transfer_lock: args.flag("TRANSFERLOCK")?,
            id_protection: args.flag("X-ACCEPT-WHOISTRUSTEE-TAC")?,
            renewal,
            windows,
        })
    }

    /// The one name a `DOMAIN` / `OBJECTID` filter without `*` can match
    /// (lower case, as names are stored): the list then looks it up instead
    /// of walking the account's domains (WHMCS asks this on every page).
    pub(super) fn exact_name(&self) -> Option<String> {
        self.patterns
            .iter()
            .find(|(name, pattern)| {
                matches!(*name, "DOMAIN" | "OBJECTID") && !pattern.contains('*')
            })
            .map(|(_, pattern)| pattern.to_ascii_lowercase())
    }

    pub(super) fn admits(
        &self,
        domain: &Domain,
        dates: &Dates,
        subclass: &str,
        repository: &str,
    ) -> bool {
        let any =
            |pattern: &str, values: &[String]| values.iter().any(|value| glob(pattern, value));
        let any_contact =
            |pattern: &str, values: &[Box<str>]| values.iter().any(|value| glob(pattern, value));
        let patterns = self.patterns.iter().all(|(name, pattern)| match *name {
            "DOMAIN" | "OBJECTID" => glob(pattern, domain.name.as_str()),
            "DESCRIPTION" => glob(pattern, &domain.name.unicode()),
            "DOMAINSUBCLASS" => glob(pattern, &format!("{subclass}.")),
            "SUBCLASS" => glob(pattern, subclass),
            "SUBCLASSREGEX" => glob(&regex_as_glob(pattern), subclass),
            "USER" => glob(pattern, &domain.owner),
            "REPOSITORY" => glob(pattern, repository),
            "NAMESERVER" => any(pattern, &domain.nameservers),
            "STATUS" => statuses(domain).iter().any(|status| glob(pattern, status)),
            "OWNERCONTACT" => any_contact(pattern, domain.contacts(Role::Owner)),
            "ADMINCONTACT" => any_contact(pattern, domain.contacts(Role::Admin)),
            "TECHCONTACT" => any_contact(pattern, domain.contacts(Role::Tech)),
            "BILLINGCONTACT" => any_contact(pattern, domain.contacts(Role::Billing)),
            _ => true,
        });
        let windows = self.windows.iter().all(|(what, window)| {
            window.admits(match *what {
                "CREATEDDATE" => domain.created,
                "UPDATEDDATE" => domain.updated,
                "PAIDUNTILDATE" => dates.paid_until,
                _ => dates.expiration,
            })
        });
        patterns
            && windows
            && self
                .transfer_lock
                .is_none_or(|lock| lock == domain.transfer_lock)
            && self
                .id_protection
                .is_none_or(|on| on == domain.id_protection)
            && self
                .renewal
                .is_none_or(|word| word == renewal_word(domain.renewal_mode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_subclass_regexes_whmcs_sends() {
        assert!(glob(&regex_as_glob("^PREMIUM_.+$"), "PREMIUM_COM_A"));
        assert!(!glob(&regex_as_glob("^PREMIUM_.+$"), "COM"));
        assert!(glob(&regex_as_glob("PREMIUM"), "X_PREMIUM_Y"));
    }
}
