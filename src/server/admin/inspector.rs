//! The web inspector's HTTP side (issue 15): `/_admin/` serves the page
//! and its two assets (embedded with `include_str!`: no build step, nothing
//! fetched), `/_admin/events?entity=…` the live rows as server-sent events,
//! `/_admin/requests/<id>` one request's detail as JSON, and `POST
//! /_admin/login` the cookie a browser gets for the token. Behind the admin
//! guard ([`super::guard`]), which also accepts that cookie; without a token
//! a loopback browser just opens the page. The records and their rendering
//! are `server/inspector.rs`; the page moves the clock, lists and clears
//! fault rules and resets through the other admin calls.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::server::payload::whole;
use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{
    CACHE_CONTROL, CONTENT_TYPE, COOKIE, HeaderValue, LOCATION, SET_COOKIE, WWW_AUTHENTICATE,
};
use hyper::{HeaderMap, Method, StatusCode};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tracing::info;

use super::super::faults::http::Live;
use super::super::inspector::render;
use super::super::request::HttpResponse;
use super::super::{Peer, State};
use super::params::{form, shown};
use super::{guard, text};
use crate::registry::Entity;

const PAGE: &str = include_str!("inspector/index.html");
const LOGIN: &str = include_str!("inspector/login.html");
const STYLE: &str = include_str!("inspector/inspector.css");
const SCRIPT: &str = include_str!("inspector/inspector.js");

/// The cookie's name; its value is [`cookie_value`] of the token.
const COOKIE_NAME: &str = "otebox_admin";

/// How often an idle event stream sends a comment, so that proxies and
/// the browser keep it open and a closed page is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The least time between two sends of an event stream: a busy server
/// wakes an open page's task at most twenty times a second, and each wake
/// renders what came meanwhile (at most what the ring keeps).
const BATCH: Duration = Duration::from_millis(50);

/// Whether the paths are the inspector's.
pub(crate) fn serves(path: &str) -> bool {
    matches!(
        path,
        "/_admin" | "/_admin/" | "/_admin/inspector.css" | "/_admin/inspector.js"
    ) || path == "/_admin/events"
        || path == "/_admin/login"
        || path.starts_with("/_admin/requests/")
}

/// The cookie's value for `token`: a digest, so the cookie is always
/// plain ASCII and never holds the token itself.
fn cookie_value(token: &str) -> String {
    let digest = Sha256::digest(format!("otebox admin cookie\0{token}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `headers` carry the inspector's cookie for `token` (compared in
/// constant time). Without a token there is no cookie to carry.
pub(crate) fn has_cookie(token: Option<&str>, headers: &HeaderMap) -> bool {
    let Some(token) = token else { return false };
    let expected = cookie_value(token);
    headers
        .get_all(COOKIE)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b';'))
        .filter_map(|pair| {
            let pair = pair.trim_ascii();
            let (name, value) = pair.split_at_checked(COOKIE_NAME.len() + 1)?;
            (name == format!("{COOKIE_NAME}=").as_bytes()).then_some(value)
        })
        .any(|value| bool::from(value.ct_eq(expected.as_bytes())))
}

/// Any request to one of the inspector's paths (see [`serves`]).
pub(crate) async fn serve(
    state: &Arc<State>,
    peer: &Peer,
    request: hyper::Request<Incoming>,
) -> HttpResponse {
    let path = request.uri().path().to_owned();
    let token = state.config.admin_token.as_deref();
    if path == "/_admin/login" {
        return login(state, peer, request).await;
    }
    // The style holds nothing private, and the login form uses it too.
    if path == "/_admin/inspector.css" && request.method() == Method::GET {
        return asset(STYLE, "text/css; charset=utf-8");
    }
    if let Err((status, why)) = guard(peer.ip, token, request.headers()) {
        info!(peer = %peer.text, status = status.as_u16(), why, path, "admin inspector refused");
        // A browser without the cookie gets the form that sets it.
        if status == StatusCode::UNAUTHORIZED && (path == "/_admin/" || path == "/_admin") {
            return page(StatusCode::UNAUTHORIZED, &LOGIN.replace("{{error}}", ""));
        }
        let mut response = text(status, why.to_owned());
        if status == StatusCode::UNAUTHORIZED {
            let headers = response.headers_mut();
            headers.insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    if request.method() != Method::GET {
        return text(StatusCode::METHOD_NOT_ALLOWED, format!("{path} takes GET"));
    }
    match path.as_str() {
        "/_admin" => {
            let mut response = text(StatusCode::PERMANENT_REDIRECT, "/_admin/".into());
            let to = HeaderValue::from_static("/_admin/");
            response.headers_mut().insert(LOCATION, to);
            response
        }
        "/_admin/" => page(StatusCode::OK, PAGE),
        "/_admin/inspector.js" => asset(SCRIPT, "text/javascript; charset=utf-8"),
        "/_admin/events" => match entity(request.uri().query()) {
            Ok(entity) => events(state, entity, last_event(request.headers())),
            Err(why) => text(StatusCode::BAD_REQUEST, why),
        },
        _ => detail(state, &path["/_admin/requests/".len()..]),
    }
}

/// `entity=1234` (OT&E, the default) or `entity=54cd` (LIVE) of a query.
fn entity(query: Option<&str>) -> Result<Entity, String> {
    let fields = form(query.unwrap_or("").as_bytes())?;
    let mut entity = Entity::Ote;
    for (name, value) in fields {
        entity = match (name.as_str(), value.trim()) {
            ("entity", "1234") => Entity::Ote,
            ("entity", code) if code.eq_ignore_ascii_case("54cd") => Entity::Live,
            ("entity", code) => {
                return Err(format!(
                    "entity: {:?} is not 1234 (OT&E) or 54cd (LIVE)",
                    shown(code)
                ));
            }
            (name, _) => {
                return Err(format!(
                    "unknown field {:?}: the events take entity",
                    shown(name)
                ));
            }
        };
    }
    Ok(entity)
}

/// The `Last-Event-ID` a reconnecting browser sends: the rows it has.
fn last_event(headers: &HeaderMap) -> u64 {
    headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok()?.trim().parse().ok())
        .unwrap_or(0)
}

/// `GET /_admin/events`: the kept rows of `entity` after `after`, then each
/// new one as it is logged, until the page closes or the server stops.
fn events(state: &Arc<State>, entity: Entity, after: u64) -> HttpResponse {
    let (sender, chunks) = tokio::sync::mpsc::channel::<Bytes>(16);
    let state = state.clone();
    tokio::spawn(async move {
        let inspector = &state.inspector;
        let _watching = inspector.watch();
        let mut stop = state.shutdown.subscribe();
        let mut last = after;
        // Tells the browser to reconnect after a second if the stream breaks.
        let mut chunk = String::from("retry: 1000\n\n");
        loop {
            let pushed = inspector.pushed();
            tokio::pin!(pushed);
            pushed.as_mut().enable();
            for (id, record) in inspector.after(entity, last) {
                render::event(&mut chunk, id, &record);
                last = id;
            }
            if !chunk.is_empty() {
                let sent = std::mem::take(&mut chunk);
                if sender.send(Bytes::from(sent)).await.is_err() {
                    return;
                }
                tokio::time::sleep(BATCH).await;
                continue;
            }
            tokio::select! {
                () = &mut pushed => {}
                () = tokio::time::sleep(HEARTBEAT) => chunk.push_str(": idle\n\n"),
                () = sender.closed() => return,
                _ = stop.wait_for(|stop| *stop) => return,
            }
        }
    });
    let mut response = hyper::Response::new(whole(Bytes::new()));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let live = Live(Arc::new(Mutex::new(Some(chunks))));
    response.extensions_mut().insert(live);
    response
}

/// `GET /_admin/requests/<id>`: the detail JSON of a kept record.
fn detail(state: &State, id: &str) -> HttpResponse {
    let Ok(id) = id.parse::<u64>() else {
        return text(
            StatusCode::NOT_FOUND,
            format!(
                "{:?} is not a request number: use /_admin/requests/N with N from the events",
                shown(id)
            ),
        );
    };
    let Some(record) = state.inspector.get(id) else {
        return text(
            StatusCode::NOT_FOUND,
            format!(
                "request {id} is not kept: the inspector keeps the last {} of each system (--inspector-keep)",
                state.inspector.keep()
            ),
        );
    };
    let mut response = hyper::Response::new(whole(render::detail(id, &record)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /_admin/login` with the form field `token`: the right token sets
/// the cookie (HttpOnly, SameSite=Strict, for `/_admin` only) and sends the
/// browser to the page; a wrong one shows the form again. Without a
/// configured token there is nothing to log in to.
async fn login(state: &State, peer: &Peer, request: hyper::Request<Incoming>) -> HttpResponse {
    let Some(token) = state.config.admin_token.as_deref() else {
        let why = "no --admin-token is set: the inspector opens at /_admin/ on loopback";
        return text(StatusCode::NOT_FOUND, why.into());
    };
    if request.method() != Method::POST {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "/_admin/login takes POST token=<the --admin-token>".into(),
        );
    }
    let limit = state.config.body_limit;
    let body = tokio::time::timeout(
        state.config.body_timeout,
        Limited::new(request.into_body(), limit).collect(),
    )
    .await;
    let fields = match body {
        Ok(Ok(body)) => form(&body.to_bytes()).unwrap_or_default(),
        _ => Vec::new(),
    };
    let sent = fields
        .iter()
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value.trim());
    let right = sent.is_some_and(|sent| bool::from(sent.as_bytes().ct_eq(token.as_bytes())));
    info!(peer = %peer.text, right, "admin inspector login");
    if !right {
        let error = "<p class=\"error\">That is not the admin token.</p>";
        return page(StatusCode::UNAUTHORIZED, &LOGIN.replace("{{error}}", error));
    }
    let mut response = text(StatusCode::SEE_OTHER, "/_admin/".into());
    let cookie = format!(
        "{COOKIE_NAME}={}; Path=/_admin; HttpOnly; SameSite=Strict",
        cookie_value(token)
    );
    let headers = response.headers_mut();
    headers.insert(LOCATION, HeaderValue::from_static("/_admin/"));
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        headers.insert(SET_COOKIE, cookie);
    }
    response
}

fn page(status: StatusCode, html: &str) -> HttpResponse {
    let mut response = hyper::Response::new(whole(html.to_owned()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Nothing but this origin: no script, style or image from elsewhere.
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"),
    );
    response
}

fn asset(body: &'static str, kind: &'static str) -> HttpResponse {
    let mut response = hyper::Response::new(whole(Bytes::from_static(body.as_bytes())));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookies(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_cookie_admits_only_with_the_token_it_was_made_for() {
        let good = format!("a=b; {COOKIE_NAME}={}; c=d", cookie_value("s3cret"));
        assert!(has_cookie(Some("s3cret"), &cookies(&good)));
        assert!(!has_cookie(Some("other"), &cookies(&good)));
        assert!(!has_cookie(None, &cookies(&good)));
        let raw = format!("{COOKIE_NAME}=s3cret");
        assert!(!has_cookie(Some("s3cret"), &cookies(&raw)));
        assert!(!has_cookie(Some("s3cret"), &HeaderMap::new()));
        let other_name = format!("x{COOKIE_NAME}={}", cookie_value("s3cret"));
        assert!(!has_cookie(Some("s3cret"), &cookies(&other_name)));
    }

    #[test]
    fn the_guard_takes_the_cookie_where_it_takes_the_bearer_token() {
        let peer: std::net::IpAddr = "192.0.2.10".parse().unwrap();
        let good = cookies(&format!("{COOKIE_NAME}={}", cookie_value("t0ken")));
        assert_eq!(guard(peer, Some("t0ken"), &good), Ok(()));
        let refused = guard(peer, Some("t0ken"), &HeaderMap::new());
        assert_eq!(
            refused.map_err(|(status, _)| status),
            Err(StatusCode::UNAUTHORIZED)
        );
        // Without a token a cookie opens nothing for another peer.
        let refused = guard(peer, None, &good);
        assert_eq!(
            refused.map_err(|(status, _)| status),
            Err(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            guard("127.0.0.1".parse().unwrap(), None, &HeaderMap::new()),
            Ok(())
        );
    }
}
