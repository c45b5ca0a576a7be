//! The admin API's outbox, `/_admin/outbox`: `GET` lists the mails the
//! platform would have sent (newest first; `entity=`, `to=`, `account=`,
//! `limit=` from the query), `DELETE` empties the outbox of a system (or
//! drops one account's mails, `account=`). Behind the clock's guard
//! ([`super::admit`]), with its one-line plain-text `400`s; one `info` line
//! per call. The mails and their texts are `registry/outbox.rs`; this file
//! only speaks HTTP for them. Routing is `request.rs` (one arm).

use std::fmt::Write;

use hyper::body::Incoming;
use hyper::{Method, StatusCode};
use tracing::info;

use super::super::inspector::render::json_string;
use super::super::request::HttpResponse;
use super::super::{Peer, State};
use super::call::Call;
use super::{json_answer, params};
use crate::registry::Entity;
use crate::registry::outbox::{MAX_MAILS, Mail};

/// What a call asks for.
struct Query {
    entity: Entity,
    to: Option<String>,
    account: Option<String>,
    limit: usize,
}

impl Query {
    fn selects(&self, mail: &Mail) -> bool {
        self.to
            .as_deref()
            .is_none_or(|to| mail.to.eq_ignore_ascii_case(to))
            && self
                .account
                .as_deref()
                .is_none_or(|account| mail.account == account)
    }
}

/// Any method on `/_admin/outbox`.
pub(crate) async fn serve(
    state: &State,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let call = match Call::admit(state, peer, request.headers(), "outbox") {
        Ok(call) => call,
        Err(refused) => return *refused,
    };
    let method = request.method().clone();
    if method != Method::GET && method != Method::DELETE {
        let why = "use GET to read the outbox or DELETE to empty it";
        return call.wrong_method(why.to_owned(), "GET, DELETE");
    }
    let query = match read(request.uri().query().unwrap_or(""), &method) {
        Ok(query) => query,
        Err(why) => return call.refuse(StatusCode::BAD_REQUEST, why),
    };
    let json = if method == Method::GET {
        list(state, &query)
    } else {
        let hold = crate::server::journal::hold(state);
        let removed = {
            let mut registry = state.registry();
            let system = registry.system_mut(query.entity);
            match &query.account {
                Some(account) => system.forget_mail_of(account),
                None => system.clear_outbox(),
            }
        };
        crate::server::journal::after_admin(hold, "outbox").await;
        format!(
            "{{\"entity\":\"{}\",\"removed\":{removed}}}\n",
            query.entity.code()
        )
    };
    let micros = call.micros();
    let entity = query.entity.code();
    info!(peer = %peer.text, %method, entity, micros, "admin outbox");
    json_answer(json)
}

/// The parameters of the query: `entity` (1234, the default, or 54cd),
/// `to`, `account` and, for `GET`, `limit` (1 to [`MAX_MAILS`]).
fn read(query: &str, method: &Method) -> Result<Query, String> {
    let mut asked = Query {
        entity: Entity::Ote,
        to: None,
        account: None,
        limit: MAX_MAILS,
    };
    let get = *method == Method::GET;
    for (name, value) in params::form(query.as_bytes())? {
        match name.to_ascii_lowercase().as_str() {
            "entity" => {
                asked.entity = match value.trim() {
                    "1234" => Entity::Ote,
                    code if code.eq_ignore_ascii_case("54cd") => Entity::Live,
                    code => {
                        return Err(format!(
                            "entity: {:?} is not 1234 (OT&E) or 54cd (LIVE)",
                            params::shown(code)
                        ));
                    }
                }
            }
            "to" if get => asked.to = Some(value.trim().to_owned()),
            "account" => asked.account = Some(value.trim().to_owned()),
            "limit" if get => {
                asked.limit = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|limit| (1..=MAX_MAILS).contains(limit))
                    .ok_or_else(|| {
                        format!(
                            "limit: {:?} is not a number from 1 to {MAX_MAILS}",
                            params::shown(&value)
                        )
                    })?;
            }
            _ => {
                let takes = if get {
                    "GET takes entity, to, account and limit"
                } else {
                    "DELETE takes entity and account"
                };
                return Err(format!("unknown field {:?}: {takes}", params::shown(&name)));
            }
        }
    }
    Ok(asked)
}

/// The JSON of the selected mails, newest first.
fn list(state: &State, query: &Query) -> String {
    let mut json = format!("{{\"entity\":\"{}\",\"mails\":[", query.entity.code());
    let registry = state.registry();
    let system = registry.system(query.entity);
    let mails = system.outbox().rev().filter(|mail| query.selects(mail));
    for (n, mail) in mails.take(query.limit).enumerate() {
        if n > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            "{{\"id\":{},\"time\":\"{}\",\"account\":",
            mail.id,
            mail.at.rfc3339()
        );
        json_string(&mut json, &mail.account);
        json.push_str(",\"to\":");
        json_string(&mut json, &mail.to);
        json.push_str(",\"subject\":");
        json_string(&mut json, &mail.subject);
        json.push_str(",\"body\":");
        json_string(&mut json, &mail.body);
        if !mail.reply_to.is_empty() {
            json.push_str(",\"reply_to\":");
            json_string(&mut json, &mail.reply_to);
        }
        json.push('}');
    }
    json.push_str("]}\n");
    json
}
