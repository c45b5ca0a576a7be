//! The admin API's accounts and resets (issue 15): `POST /_admin/accounts`
//! creates a fresh top-level account (one per CI job), `DELETE
//! /_admin/accounts/<login>` removes one with everything it holds, `POST
//! /_admin/reset` returns a system or one account to its starting state.
//! Owns the parameters, their one-line `400` texts and the JSON answers;
//! the guard is `admin.rs`'s `admit`, the state
//! changes are `registry/account_removal.rs`, each under one hold of the
//! registry lock. Routing is `request.rs` (one arm).

use hyper::body::Incoming;
use hyper::{Method, StatusCode};
use rust_decimal::Decimal;
use tracing::info;

use super::call::Call;
use super::params::{form, object, shown};
use super::{call_body, json_answer};
use crate::registry::{
    Entity, Money, NewAccount, PASSWORD_LENGTH, System, account_currency, is_account_id,
    password_fault,
};
use crate::server::request::HttpResponse;
use crate::server::{Peer, State, now};

/// A refusal: its status and its one-line text.
type Refusal = (StatusCode, String);

/// A served call: its JSON answer, and the system and account it changed
/// (for the log line).
type Done = (String, Entity, Option<String>);

fn bad(why: impl Into<String>) -> Refusal {
    (StatusCode::BAD_REQUEST, why.into())
}

/// `/_admin/accounts`, `/_admin/accounts/<login>` and `/_admin/reset`:
/// the guard, the method, the parameters, then the change. One `info`
/// line per call, refused or not.
pub(crate) async fn serve(
    state: &State,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let call = match Call::admit(state, peer, request.headers(), "accounts") {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    let hold = crate::server::journal::hold(state);
    let (allowed, answer) = match (path.as_str(), &method) {
        ("/_admin/reset", &Method::POST) => ("POST", Some(reset(state, request).await)),
        ("/_admin/reset", _) => ("POST", None),
        ("/_admin/accounts" | "/_admin/accounts/", &Method::POST) => {
            ("POST", Some(create(state, request).await))
        }
        ("/_admin/accounts" | "/_admin/accounts/", _) => ("POST", None),
        (_, &Method::DELETE) => {
            let login = path.trim_start_matches("/_admin/accounts/").to_owned();
            ("DELETE", Some(delete(state, request, &login)))
        }
        _ => ("DELETE", None),
    };
    let Some(answer) = answer else {
        return call.wrong_method(format!("{path} takes {allowed}"), allowed);
    };
    match answer {
        Ok((json, entity, login)) => {
            crate::server::journal::after_admin(hold, "admin accounts").await;
            let micros = call.micros();
            // The answer may hold a password: the log names the account only.
            let entity = entity.code();
            info!(peer = %peer.text, %method, path, entity, login, micros, "admin accounts");
            json_answer(json + "\n")
        }
        Err((status, why)) => call.refuse(status, why),
    }
}

/// The fields of a call: the query's, then the body's (JSON or form); a
/// field of the body wins. Names are matched ignoring case; any other
/// name is refused.
async fn fields(
    state: &State,
    request: hyper::Request<Incoming>,
    known: &[&str],
) -> Result<Vec<Option<String>>, Refusal> {
    let (parts, body, json) = call_body(state, request).await.map_err(bad)?;
    let mut all = form(parts.uri.query().unwrap_or("").as_bytes()).map_err(bad)?;
    // An empty body is no fields, whatever its Content-Type says.
    if !body.trim_ascii().is_empty() {
        all.extend(if json { object(&body) } else { form(&body) }.map_err(bad)?);
    }
    let mut values = vec![None; known.len()];
    for (name, value) in all {
        let Some(slot) = known.iter().position(|k| k.eq_ignore_ascii_case(&name)) else {
            return Err(bad(format!(
                "unknown field {:?}: this call takes {}",
                shown(&name),
                known.join(", ")
            )));
        };
        values[slot] = Some(value);
    }
    Ok(values)
}

/// `entity`: 1234 (OT&E, the default) or 54cd (LIVE).
fn entity(value: Option<&str>) -> Result<Entity, Refusal> {
    match value.map(str::trim) {
        None | Some("1234") => Ok(Entity::Ote),
        Some(code) if code.eq_ignore_ascii_case("54cd") => Ok(Entity::Live),
        Some(code) => Err(bad(format!(
            "entity: {:?} is not 1234 (OT&E) or 54cd (LIVE)",
            shown(code)
        ))),
    }
}

/// A login as AddUser takes one: 3-64 letters, digits, `.`, `_` or `-`.
fn login(value: &str) -> Result<&str, Refusal> {
    if is_account_id(value) {
        Ok(value)
    } else {
        Err(bad(format!(
            "login: {:?} is not 3-64 letters, digits, . _ or -",
            shown(value)
        )))
    }
}

/// `balance` / `credit`: 0 or more, at most two decimals.
fn amount(name: &str, value: &str) -> Result<Money, Refusal> {
    let number: Decimal = value.trim().parse().map_err(|_| {
        bad(format!(
            "{name}: {:?} is not an amount (e.g. 1000 or 250.50)",
            shown(value)
        ))
    })?;
    if number.is_sign_negative() && !number.is_zero() {
        return Err(bad(format!("{name}: {number} is negative; give 0 or more")));
    }
    if number.normalize().scale() > 2 || number > Decimal::from(1_000_000_000_000u64) {
        return Err(bad(format!(
            "{name}: {number} has more than two decimals or is over 1000000000000"
        )));
    }
    Ok(Money(number))
}

/// `POST /_admin/accounts`.
async fn create(state: &State, request: hyper::Request<Incoming>) -> Result<Done, Refusal> {
    const KNOWN: [&str; 6] = [
        "login", "password", "currency", "balance", "credit", "entity",
    ];
    let values = fields(state, request, &KNOWN).await?;
    let [login_, password, currency, balance, credit, entity_] =
        <[Option<String>; 6]>::try_from(values).unwrap_or_default();
    let entity = entity(entity_.as_deref())?;
    let mut new = NewAccount::default();
    if let Some(value) = &login_ {
        new.login = Some(login(value)?.to_owned());
    }
    if let Some(value) = password {
        if let Some(fault) = password_fault(&value) {
            let (min, max) = (PASSWORD_LENGTH.start(), PASSWORD_LENGTH.end());
            return Err(bad(format!(
                "password: {fault}; give {min} to {max} characters without control characters (or none to have one drawn)"
            )));
        }
        new.password = Some(value);
    }
    if let Some(code) = currency {
        new.currency = Some(account_currency(code.trim()).ok_or_else(|| {
            bad(format!(
                "currency: {:?} is not EUR or a currency of QueryExchangeRates (AUD, CAD, CHF, CNY, DKK, GBP, JPY, USD)",
                shown(&code)
            ))
        })?);
    }
    if let Some(value) = balance {
        new.balance = Some(amount("balance", &value)?);
    }
    if let Some(value) = credit {
        new.credit = Some(amount("credit", &value)?);
    }
    let wall = now();
    let mut registry = state.registry();
    let system = registry.system_mut(entity);
    let at = system.sandbox_time(wall);
    let Some(created) = system.create_account(new, at) else {
        let taken = login_.unwrap_or_default();
        return Err((
            StatusCode::CONFLICT,
            format!(
                "login: {taken} exists already in {}: choose another or DELETE /_admin/accounts/{taken} first",
                entity.code()
            ),
        ));
    };
    let json = format!(
        "{{\"login\":{},\"password\":{},\"entity\":\"{}\",\"currency\":\"{}\",\"balance\":\"{}\",\"credit\":\"{}\"}}",
        json_string(&created.login),
        json_string(&created.password),
        entity.code(),
        created.currency,
        created.balance,
        created.credit
    );
    Ok((json, entity, Some(created.login)))
}

/// Why `login` of `entity` cannot be deleted or reset: unknown (`404`) or a
/// subuser (`409`: the admin API acts on top-level accounts). Checked under
/// the same hold of the lock as the change.
fn check_target(system: &System, entity: Entity, login: &str) -> Result<(), Refusal> {
    let Some(user) = system.user(login) else {
        return Err((
            StatusCode::NOT_FOUND,
            format!("login: {login} is not an account of {}", entity.code()),
        ));
    };
    match &user.parent {
        None => Ok(()),
        Some(parent) => Err((
            StatusCode::CONFLICT,
            format!(
                "login: {login} is a subuser of {parent}: delete or reset {parent}, or use DeleteUser"
            ),
        )),
    }
}

/// `DELETE /_admin/accounts/<login>?entity=…`.
fn delete(state: &State, request: hyper::Request<Incoming>, login_: &str) -> Result<Done, Refusal> {
    let query = form(request.uri().query().unwrap_or("").as_bytes()).map_err(bad)?;
    let mut code = None;
    for (name, value) in query {
        if !name.eq_ignore_ascii_case("entity") {
            return Err(bad(format!(
                "unknown field {:?}: DELETE takes entity",
                shown(&name)
            )));
        }
        code = Some(value);
    }
    let entity = entity(code.as_deref())?;
    let login = login(login_)?;
    let wall = now();
    let mut registry = state.registry();
    let system = registry.system_mut(entity);
    check_target(system, entity, login)?;
    let at = system.sandbox_time(wall);
    system.remove_account(login, at);
    let json = format!(
        "{{\"entity\":\"{}\",\"login\":\"{login}\",\"deleted\":true}}",
        entity.code()
    );
    Ok((json, entity, Some(login.to_owned())))
}

/// `POST /_admin/reset?entity=…[&login=…]`.
async fn reset(state: &State, request: hyper::Request<Incoming>) -> Result<Done, Refusal> {
    let values = fields(state, request, &["entity", "login"]).await?;
    let entity = entity(values[0].as_deref())?;
    let Some(value) = &values[1] else {
        state.registry().reset_system(entity, state.config.seed);
        let json = format!("{{\"entity\":\"{}\",\"reset\":true}}", entity.code());
        return Ok((json, entity, None));
    };
    let login = login(value)?;
    let wall = now();
    let mut registry = state.registry();
    let system = registry.system_mut(entity);
    check_target(system, entity, login)?;
    let at = system.sandbox_time(wall);
    system.reset_account(login, at);
    let json = format!(
        "{{\"entity\":\"{}\",\"login\":\"{login}\",\"reset\":true}}",
        entity.code()
    );
    Ok((json, entity, Some(login.to_owned())))
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
