//! The settings AddUser and ModifyUser share (CREDIT, VAT, CURRENCY,
//! USERCLASS, TAXRATES, RELATION<n>, ENVIRONMENT<n>, COMMENT<n>,
//! ALLOWEDIP<n>), read and validated before anything changes, and the
//! refusal for an id outside the view's subtree. Changes nothing itself.

use rust_decimal::Decimal;

use super::Args;
use super::accounting_manual::read_vat;
use super::args::plain_decimal;
use crate::error::{Error, Result};
use crate::registry::environment::{self, Change, MAX_KEY, MAX_NAME};
use crate::registry::user_class;
use crate::registry::{
    AllowList, Money, Percent, QUOTA_RELATION, is_account_id, parse_quota, pricing,
};

/// The largest credit line, as `POST /_admin/accounts` takes it.
const MAX_CREDIT: u64 = 1_000_000_000_000;

/// What a request asks to set; `None` fields are left as they are.
#[derive(Debug, Default)]
pub(super) struct Settings {
    pub(super) credit: Option<Money>,
    pub(super) vat: Option<Percent>,
    pub(super) currency: Option<&'static str>,
    pub(super) tax_rates: Option<String>,
    /// USERCLASS: `Some(None)` the platform's `DEFAULT` (or empty),
    /// `Some(Some(name))` a class of the view (checked by the handler).
    pub(super) user_class: Option<Option<String>>,
    /// `(NAME, Some(value))` sets, `(NAME, None)` deletes; in request order.
    pub(super) relations: Vec<(String, Option<String>)>,
    pub(super) environment: Vec<Change>,
    pub(super) comments: Vec<String>,
    /// `Some(empty)`: only empty ALLOWEDIP<n> came (clear the list).
    pub(super) allowed: Option<AllowList>,
}

impl Settings {
    pub(super) fn read(args: &mut Args<'_>) -> Result<Settings> {
        let mut settings = Settings::default();
        if let Some(text) = args.optional("CREDIT") {
            let value = plain_decimal("CREDIT", text, true, "is an amount such as 1000.00")?;
            if value.is_sign_negative() && !value.is_zero() {
                return Err(Error::invalid(
                    "CREDIT",
                    format_args!("{text} is negative; the credit line is 0.00 or more"),
                ));
            }
            // The admin API's bound for a credit line: whole cents, and an
            // amount whose cents the wire can write.
            if value.normalize().scale() > 2 || value > Decimal::from(MAX_CREDIT) {
                return Err(Error::invalid(
                    "CREDIT",
                    format_args!("{text} has more than two decimals or is over {MAX_CREDIT}"),
                ));
            }
            settings.credit = Some(Money(value));
        }
        settings.vat = read_vat(args)?;
        if let Some(code) = args.optional("CURRENCY") {
            let known = environment::known_currency(&code.to_ascii_uppercase());
            settings.currency = Some(known.ok_or_else(|| {
                Error::invalid(
                    "CURRENCY",
                    format_args!("({code}) is not EUR or a currency of QueryExchangeRates"),
                )
            })?);
        }
        if args.present("USERCLASS") {
            settings.user_class = match args.optional("USERCLASS") {
                None => Some(None),
                Some(text) => Some(user_class::class_name("USERCLASS", text)?),
            };
        }
        settings.tax_rates = args.optional("TAXRATES").map(str::to_owned);
        for (n, text) in args.list("RELATION") {
            if !text.is_empty() {
                settings
                    .relations
                    .push(relation(&format!("RELATION{n}"), text)?);
            }
        }
        for (n, text) in args.list("ENVIRONMENT") {
            if !text.is_empty() {
                settings
                    .environment
                    .push(setting(&format!("ENVIRONMENT{n}"), text)?);
            }
        }
        settings.comments = args
            .values("COMMENT")
            .into_iter()
            .map(str::to_owned)
            .collect();
        settings.allowed = args.allow_list()?;
        Ok(settings)
    }

    /// ModifyUser's ADDRELATION<n> (as RELATION<n>) and DELRELATION<n> (a name).
    pub(super) fn read_relation_edits(&mut self, args: &mut Args<'_>) -> Result<()> {
        for (n, text) in args.list("ADDRELATION") {
            if !text.is_empty() {
                self.relations
                    .push(relation(&format!("ADDRELATION{n}"), text)?);
            }
        }
        for (n, text) in args.list("DELRELATION") {
            if !text.is_empty() {
                let (name, _) = relation(&format!("DELRELATION{n}"), text)?;
                self.relations.push((name, None));
            }
        }
        Ok(())
    }
}

/// `NAME:VALUE` or `NAME=VALUE` (the doc example writes both); the name is
/// upper-cased; an empty value (`NAME:` or a bare `NAME`) means "delete".
pub(super) fn relation(param: &str, text: &str) -> Result<(String, Option<String>)> {
    let (name, value) = match text.find([':', '=']) {
        Some(at) => (&text[..at], text[at + 1..].trim()),
        None => (text, ""),
    };
    let name = name.trim();
    let well_formed = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !well_formed {
        return Err(Error::syntax_rule(
            param,
            text,
            "expected NAME:VALUE, NAME of letters, digits and _ (e.g. ALLOW_SUBUSER:1)",
        ));
    }
    let name = name.to_ascii_uppercase();
    if name == QUOTA_RELATION {
        parse_quota(param, value)?;
    }
    if value.is_empty() {
        return Ok((name, None));
    }
    let value = pricing::check_relation(param, &name, value)?;
    Ok((name, Some(value)))
}

/// `key/name:value` into the environment (`user-info/contact/company/organization:ACME`
/// is key `user-info/contact/company`, name `organization`); an empty value deletes.
fn setting(param: &str, text: &str) -> Result<Change> {
    let rule = "expected key/name:value, e.g. user-info/contact/company/organization:ACME";
    let Some((path, value)) = text.split_once(':') else {
        return Err(Error::syntax_rule(param, text, rule));
    };
    let (key, name) = path.rsplit_once('/').unwrap_or(("", path));
    let fits = !name.is_empty()
        && environment::check_label(key, MAX_KEY).is_ok()
        && environment::check_label(name, MAX_NAME).is_ok()
        && environment::check_value(value).is_ok();
    if !fits {
        return Err(Error::syntax_rule(param, text, rule));
    }
    Ok(Change {
        key: key.to_owned(),
        name: name.to_owned(),
        value: (!value.is_empty()).then(|| value.to_owned()),
    })
}

/// Reads a new user id (AddUser SUBUSER, ModifyUser NEWSUBUSER): `505`
/// unless [`is_account_id`] (3-64 letters, digits, `.`, `_`, `-`).
pub(super) fn read_id<'a>(args: &mut Args<'a>, name: &str) -> Result<Option<&'a str>> {
    let Some(id) = args.optional(name) else {
        return Ok(None);
    };
    if !is_account_id(id) {
        return Err(Error::syntax_rule(
            name,
            id,
            "3-64 letters, digits, . _ or -",
        ));
    }
    Ok(Some(id))
}

/// The refusal for an id outside the view's subtree: the same for unknown,
/// foreign, upward and sideways ids (auth/view.rs words it alike).
pub(super) fn outside(param: &str, id: &str, view: &str) -> Error {
    Error::AuthorizationFailed(format!("{param} {id} is not {view} or one of its subusers"))
}

/// USERCLASS of AddUser/ModifyUser: a class `view` defined (`541` naming
/// its classes otherwise); `None` passes (the platform's `DEFAULT`).
pub(super) fn check_user_class(
    system: &crate::registry::System,
    view: &str,
    class: Option<&str>,
) -> Result<()> {
    let Some(class) = class else {
        return Ok(());
    };
    if system.user_class(view, class).is_some() {
        return Ok(());
    }
    let mut known = vec![environment::DEFAULT_CLASS];
    known.extend(system.user_classes_of(view).map(|(name, _)| name));
    Err(Error::invalid(
        "USERCLASS",
        format_args!(
            "({class}) is not a user class of {view}; its classes are {} (ModifyUserClass creates one)",
            known.join(", ")
        ),
    ))
}
