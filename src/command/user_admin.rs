//! Managing subusers: AddUser, ModifyUser, DeleteUser. Every target lies in
//! the caller's view's subtree (`System::in_subtree`); the settings both
//! AddUser and ModifyUser take are read by `user_fields.rs`; a role user's
//! hand-out of a login is judged by `auth::confine_login`. Must not touch
//! role users or the caller's own password (ModifyUserPassword).

use super::role::every_command;
use super::user_fields::{Settings, check_user_class, outside, read_id};
use super::{Args, Ctx};
use crate::auth::{self, Handed};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::registry::environment::MAX_SETTINGS;
use crate::registry::otp::OtpSecret;
use crate::registry::{Account, AllowList, Money, NewSubuser, User};
use crate::wire::Response;

/// Creates a subuser of the view (the caller's account, or its `s_user`).
/// Top-level accounts may; a subuser only with relation `ALLOW_SUBUSER:1`.
/// The new account starts at balance 0.00 with CREDIT as its credit line.
/// A role user hands itself the new login: it may only if that login can do
/// no more than itself (`531`, [`confine`]).
///
/// ```text
/// COMMAND       = AddUser
/// SUBUSER       = <new id: 3-64 of A-Z a-z 0-9 . _ ->
/// PASSWORD      = <password>
/// CURRENCY      = EUR | <a currency of QueryExchangeRates>
/// VAT           = <0..100>
/// CREDIT        = <decimal >= 0>              (optional, default 0.00)
/// TAXRATES      = <text>                      (optional)
/// USERCLASS     = DEFAULT | <a class of the view>  (optional)
/// RELATION<n>   = NAME:VALUE | NAME=VALUE     (optional)
/// ENVIRONMENT<n>= key/name:value              (optional)
/// COMMENT<n>    = <line>                      (optional)
/// ALLOWEDIP<n>  = <address or subnet>         (optional)
/// ```
pub(super) fn add_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = read_id(args, "SUBUSER")?.ok_or(Error::missing("SUBUSER"))?;
    let password = args.required("PASSWORD")?;
    let mut settings = Settings::read(args)?;
    let currency = settings.currency.ok_or(Error::missing("CURRENCY"))?;
    let vat = settings.vat.ok_or(Error::missing("VAT"))?;
    args.finish()?;
    let view = ctx.owner().to_owned();
    let parent = ctx
        .system
        .user(&view)
        .ok_or_else(|| Error::ObjectNotFound(format!("USER {view}")))?;
    if !parent.may_have_subusers() {
        return Err(Error::AuthorizationFailed(format!(
            "{view} may not create subusers: its parent sets RELATION ALLOW_SUBUSER:1 with ModifyUser"
        )));
    }
    if ctx.system.id_taken(id) {
        return Err(Error::invalid(
            "SUBUSER",
            format_args!("{id} exists already"),
        ));
    }
    if settings.environment.len() > MAX_SETTINGS {
        return Err(Error::CommandFailed(format!(
            "ENVIRONMENT: {} settings, at most {MAX_SETTINGS}",
            settings.environment.len()
        )));
    }
    let class = settings.user_class.take().flatten();
    check_user_class(ctx.system, &view, class.as_deref())?;
    let allowed = settings.allowed.unwrap_or_default();
    confine(ctx, id, &format!("create {id} with a PASSWORD"), &allowed)?;
    let new = NewSubuser {
        id: id.to_owned(),
        parent: view,
        password: password.to_owned(),
        account: Account {
            amount: Money::from_cents(0),
            credit: settings.credit.unwrap_or(Money::from_cents(0)),
            deposit: Money::from_cents(0),
            vat,
            currency,
        },
        comments: settings.comments,
        relations: settings
            .relations
            .into_iter()
            .filter_map(|(name, value)| value.map(|value| (name, value)))
            .collect(),
        allowed,
        tax_rates: settings.tax_rates,
    };
    ctx.system.add_subuser(new, ctx.now)?;
    if !settings.environment.is_empty() {
        // Fits: a new account holds nothing and the count was checked above.
        let _ = ctx.system.set_environment(id, settings.environment);
    }
    if class.is_some() {
        ctx.system.set_class_of(id, class);
    }
    Ok(Response::ok())
}

/// Changes a subuser below the view. RELATION<n> with a known name
/// overwrites it and with an empty value deletes it; COMMENT<n> and
/// ALLOWEDIP<n> append (`ALLOWEDIP0=` alone clears the list); an empty
/// OTPSECRET turns two-factor authentication off; CURRENCY changes only
/// while the balance is 0.00; NEWSUBUSER renames an account that holds no
/// objects and has no subusers. A role user that sets the PASSWORD, clears
/// or replaces a second factor, or empties or widens the ALLOWEDIP may do
/// so only if the login left can do no more than itself (`531`,
/// [`confine`]); the other settings are the ACL's alone.
///
/// ```text
/// COMMAND          = ModifyUser
/// SUBUSER          = <a subuser below the view>
/// PASSWORD         = <password>                  (optional)
/// OTPSECRET        = <base32> | <empty>          (optional)
/// ACTIVE           = 0 | 1                       (optional)
/// CREDIT, VAT, CURRENCY, TAXRATES, USERCLASS     (optional, as AddUser)
/// FLUSHRELATIONS   = 0 | 1                       (optional)
/// RELATION<n>, ADDRELATION<n> = NAME:VALUE       (optional)
/// DELRELATION<n>   = NAME                        (optional)
/// FLUSHENVIRONMENT = 0 | 1                       (optional)
/// ENVIRONMENT<n>   = key/name:value              (optional; empty value deletes)
/// COMMENT<n>       = <line>                      (optional, appended)
/// ALLOWEDIP<n>     = <address or subnet>         (optional, appended)
/// NEWSUBUSER       = <new id>                    (optional)
/// ```
pub(super) fn modify_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("SUBUSER")?;
    let password = args.optional("PASSWORD");
    let otp = match (args.present("OTPSECRET"), args.optional("OTPSECRET")) {
        (false, _) => None,
        (true, None) => Some(None),
        (true, Some(text)) => Some(Some(OtpSecret::parse("OTPSECRET", text)?)),
    };
    let active = args.flag("ACTIVE")?;
    let flush_relations = args.flag("FLUSHRELATIONS")?.unwrap_or(false);
    let flush_environment = args.flag("FLUSHENVIRONMENT")?.unwrap_or(false);
    let mut settings = Settings::read(args)?;
    settings.read_relation_edits(args)?;
    let new_id = read_id(args, "NEWSUBUSER")?;
    args.finish()?;
    let view = ctx.owner().to_owned();
    if id == view {
        return Err(Error::AuthorizationFailed(format!(
            "ModifyUser changes subusers; use ModifyUserPassword for {view} itself"
        )));
    }
    if !ctx.system.in_subtree(&view, id) {
        return Err(outside("SUBUSER", id, &view));
    }
    let Some(user) = ctx.system.user(id) else {
        return Err(outside("SUBUSER", id, &view));
    };
    if let Some(currency) = settings.currency
        && currency != user.account.currency
        && !user.account.amount.0.is_zero()
    {
        return Err(Error::invalid(
            "CURRENCY",
            format_args!(
                "{id} has a balance of {} {}; the currency changes only at 0.00",
                user.account.amount, user.account.currency
            ),
        ));
    }
    // Ledger entries are amounts in the account's currency: a change would
    // relabel them (QueryAccountingList, StatusAccounting read it).
    let entries = ctx.system.ledger().of(id).len();
    if let Some(currency) = settings.currency
        && currency != user.account.currency
        && entries > 0
    {
        return Err(Error::invalid(
            "CURRENCY",
            format_args!(
                "{id} has {entries} ledger entries in {}; the currency changes only before \
                 the first charge",
                user.account.currency
            ),
        ));
    }
    if let Some(new_id) = new_id.filter(|new_id| *new_id != id) {
        if ctx.system.id_taken(new_id) {
            return Err(Error::invalid(
                "NEWSUBUSER",
                format_args!("{new_id} exists already"),
            ));
        }
        let held = ctx.system.holdings(id);
        if !held.is_empty() {
            return Err(Error::CommandFailed(format!(
                "NEWSUBUSER: {id} holds {held}"
            )));
        }
        if ctx.system.children_of(id).next().is_some() {
            return Err(Error::CommandFailed(format!(
                "NEWSUBUSER: {id} has subusers"
            )));
        }
    }
    let class = settings.user_class.take();
    if let Some(class) = &class {
        if user.parent.as_deref() != Some(view.as_str()) {
            return Err(Error::invalid(
                "USERCLASS",
                format_args!(
                    "{id} is not a direct subuser of {view}; a subuser is put in a class of its \
                     parent (as that parent, with s_user)"
                ),
            ));
        }
        check_user_class(ctx.system, &view, class.as_deref())?;
    }
    let mut allowed = user.allowed.clone();
    match settings.allowed.take() {
        Some(list) if list.is_empty() => allowed = Default::default(),
        Some(list) => allowed.extend(&list)?,
        None => {}
    }
    if flush_environment && settings.environment.len() > MAX_SETTINGS {
        return Err(Error::CommandFailed(format!(
            "ENVIRONMENT: {} settings, at most {MAX_SETTINGS}",
            settings.environment.len()
        )));
    }
    if let Some(how) = opened(id, password.is_some(), otp.as_ref(), user, &allowed) {
        confine(ctx, id, &how, &allowed)?;
    }
    // The one change that can still fail comes first, so a refusal changes nothing.
    if flush_environment {
        ctx.system.flush_environment(id);
    }
    if !settings.environment.is_empty() {
        ctx.system
            .set_environment(id, std::mem::take(&mut settings.environment))
            .map_err(|count| {
                Error::CommandFailed(format!(
                    "ENVIRONMENT: {id} would hold {count} settings, at most {MAX_SETTINGS}; delete some first"
                ))
            })?;
    }
    let password = password.map(|text| ctx.system.hash_password(text));
    ctx.system.modify_user(id, ctx.now, |user| {
        if let Some(password) = password {
            user.password = password;
        }
        if let Some(otp) = otp {
            user.otp = otp;
        }
        if let Some(active) = active {
            user.active = active;
        }
        if let Some(credit) = settings.credit {
            user.account.credit = credit;
        }
        if let Some(vat) = settings.vat {
            user.account.vat = vat;
        }
        if let Some(currency) = settings.currency {
            user.account.currency = currency;
        }
        if settings.tax_rates.is_some() {
            user.tax_rates = settings.tax_rates;
        }
        if flush_relations {
            user.relations.clear();
        }
        for (name, value) in settings.relations {
            match value {
                Some(value) => {
                    user.relations.insert(name, value);
                }
                None => {
                    user.relations.shift_remove(&name);
                }
            }
        }
        user.comments.extend(settings.comments);
        user.allowed = allowed;
    });
    if let Some(class) = class {
        ctx.system.set_class_of(id, class);
    }
    if let Some(new_id) = new_id.filter(|new_id| *new_id != id) {
        ctx.system.rename_user(id, new_id);
    }
    Ok(Response::ok())
}

/// Deletes a subuser of the view's subtree that holds no objects, has no
/// subusers and a balance of 0.00; its role users and environment go with
/// it, its open sessions fail on their next use.
///
/// ```text
/// COMMAND = DeleteUser
/// SUBUSER = <a subuser below the view>
/// ```
pub(super) fn delete_user(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let id = args.required("SUBUSER")?;
    args.finish()?;
    let view = ctx.owner().to_owned();
    if id == view {
        return Err(Error::AuthorizationFailed(format!(
            "DeleteUser deletes subusers; {view} is the account this request acts as"
        )));
    }
    if !ctx.system.in_subtree(&view, id) {
        return Err(outside("SUBUSER", id, &view));
    }
    if let Some(why) = ctx.system.delete_blocker(id) {
        return Err(Error::CommandFailed(why));
    }
    ctx.system.remove_user(id);
    Ok(Response::ok())
}

/// What a ModifyUser does to the login `id` that a role user may do only
/// within its own reach (`confine`): `set the PASSWORD and clear the
/// ALLOWEDIP of sub1`; `None` when it hands out or opens up nothing. A new
/// second factor where there was none, or a list no wider, opens nothing.
fn opened(
    id: &str,
    password: bool,
    otp: Option<&Option<OtpSecret>>,
    user: &User,
    allowed: &AllowList,
) -> Option<String> {
    let mut how = Vec::new();
    if password {
        how.push("set the PASSWORD");
    }
    match (otp, &user.otp) {
        (Some(None), Some(_)) => how.push("switch off the OTPSECRET"),
        (Some(Some(_)), Some(_)) => how.push("replace the OTPSECRET"),
        _ => {}
    }
    if !user.allowed.is_empty() && allowed.is_empty() {
        how.push("clear the ALLOWEDIP");
    } else if allowed.outside(&user.allowed).is_some() {
        how.push("widen the ALLOWEDIP");
    }
    (!how.is_empty()).then(|| format!("{} of {id}", how.join(" and ")))
}

/// A role user's AddUser or ModifyUser that hands out or opens up the login
/// `id` (`how`, e.g. `set the PASSWORD of sub1`) is refused (`531`) unless
/// the role allows every command outright and its allow-lists hold the
/// login's (`auth::confine_login`). Accounts pass.
fn confine(ctx: &Ctx<'_>, id: &str, how: &str, allowed: &AllowList) -> Result<()> {
    if ctx.caller.principal.role.is_none() {
        return Ok(());
    }
    let handed = Handed { id, how, allowed };
    auth::confine_login(
        ctx.system,
        ctx.caller,
        &handed,
        every_command(),
        Dialect::Hexonet,
    )
}
