//! Fault injection (issue 15): the rule table of `/_admin/faults` and what
//! its rules do to API requests. Transport-level state of the server, not of
//! the registry: owns the table, the matching of a parsed request (command
//! glob, login, entity, one parameter glob), the firing (count, a seeded
//! probability per rule, a wall-clock window, the quota preset's counters,
//! the slow-registry preset's seconds handed on in [`Fired::slow`]) and the
//! delivery of HTTP-level failures (`deliver`: a dropped connection,
//! a truncated body). Reads the registry only to learn whose session a
//! request names, when a rule needs the login. The endpoint is
//! `admin/faults.rs`; a rule's fields and checks are `faults/rule.rs`;
//! `request.rs` asks [`check`] between parsing and the registry lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rand_core::Rng;

use super::State;
use crate::Meta;
use crate::dialect::{self, Dialect};
use crate::error::Error;
use crate::registry::{Entity, Timestamp};
use crate::wire::{Request, Response};

pub(crate) mod codes;
pub(crate) mod http;
mod listing;
pub(crate) mod rule;
pub(crate) mod slow;

pub(crate) use http::deliver;
use rule::{HttpFault, Preset, Rule};

/// The most rules a table holds: each request with rules walks them all.
const MAX_RULES: usize = 1000;

/// The fault rules of one server.
pub(super) struct Faults {
    /// Whether any rule exists: the one relaxed load a request pays when none does.
    armed: AtomicBool,
    /// Whether a rule needs the request's login (a `login` or the quota preset),
    /// so session requests look their session up.
    logins: AtomicBool,
    table: Mutex<Table>,
    /// `--seed`: a rule's default seed is this plus its id.
    seed: u64,
}

#[derive(Default)]
struct Table {
    next: u32,
    rules: Vec<Rule>,
}

/// What a rule that fired does to one request.
pub(super) struct Fired {
    pub(super) id: u32,
    pub(super) delay: Option<Duration>,
    /// The answer given instead of running the command (a protocol answer,
    /// or for `close`, `502` and `503` what the log line shows).
    pub(super) answer: Option<Response>,
    pub(super) http: Option<HttpFault>,
    /// The slow-registry preset: the command runs with `Meta::slow` set to
    /// these seconds.
    pub(super) slow: Option<u64>,
    /// `pending`: the command runs, and a `200` is answered as pending.
    pub(super) pending: bool,
}

/// A `pending` rule's change to a `200`: `PENDING=1`, and the success text
/// the protocol gives an accepted asynchronous operation (protocol.md §3:
/// `Command completed successfully; action pending`).
pub(super) fn answer_pending(response: &mut Response) {
    if response.code != 200 {
        return;
    }
    response.pending = true;
    if response.description == crate::wire::SUCCESS {
        response.description = "Command completed successfully; action pending".into();
    }
}

impl Faults {
    pub(super) fn new(seed: u64) -> Faults {
        Faults {
            armed: AtomicBool::new(false),
            logins: AtomicBool::new(false),
            table: Mutex::new(Table {
                next: 1,
                rules: Vec::new(),
            }),
            seed,
        }
    }

    /// Whether any rule exists.
    #[inline]
    pub(super) fn armed(&self) -> bool {
        self.armed.load(Ordering::Relaxed)
    }

    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds the rule read from `fields`; its id, or the `400` text.
    pub(super) fn add(&self, fields: Vec<(String, String)>) -> Result<u32, String> {
        let mut table = self.table();
        if table.rules.len() >= MAX_RULES {
            return Err(format!(
                "there are {MAX_RULES} fault rules already: DELETE /_admin/faults/N or /_admin/faults first"
            ));
        }
        let id = table.next;
        let rule = Rule::read(fields, id, self.seed)?;
        table.next += 1;
        table.rules.push(rule);
        self.rearm(&table);
        Ok(id)
    }

    /// Removes rule `id` (`None`: all); whether there was one.
    pub(super) fn remove(&self, id: Option<u32>) -> usize {
        let mut table = self.table();
        let before = table.rules.len();
        match id {
            Some(id) => table.rules.retain(|rule| rule.id != id),
            None => table.rules.clear(),
        }
        self.rearm(&table);
        before - table.rules.len()
    }

    /// The listing: a JSON array of the rules in id order.
    pub(super) fn list(&self) -> String {
        let table = self.table();
        let rules: Vec<String> = table.rules.iter().map(Rule::json).collect();
        format!("[{}]\n", rules.join(","))
    }

    fn rearm(&self, table: &Table) {
        let logins = table
            .rules
            .iter()
            .any(|rule| rule.login.is_some() || rule.preset == Some(Preset::Quota));
        self.logins.store(logins, Ordering::Relaxed);
        self.armed.store(!table.rules.is_empty(), Ordering::Relaxed);
    }
}

/// What a rule is matched against.
struct Facts<'a> {
    command: &'a str,
    /// The account and role: from `s_login`, or from the session's record.
    login: Option<(String, Option<String>)>,
    entity: Entity,
    dialect: Dialect,
    request: &'a Request,
}

/// The first rule (in id order) that fires on `request`, if any. A request
/// whose dialect or entity is refused anyway matches nothing.
pub(super) fn check(state: &State, request: &Request, meta: &Meta) -> Option<Fired> {
    let dialect = dialect::choose(meta.route, request).ok()?;
    let (entity, separator, session) = match dialect {
        Dialect::Hexonet => (
            Entity::from_wire(request.entity.as_deref()).ok()?,
            '!',
            &request.session,
        ),
        Dialect::Cnr => (Entity::Ote, ':', &request.session_id),
    };
    let login = match (&request.login, session) {
        (Some(login), _) => Some(match login.split_once(separator) {
            Some((account, role)) => (account.to_owned(), Some(role.to_owned())),
            None => (login.to_string(), None),
        }),
        (None, Some(session)) if state.faults.logins.load(Ordering::Relaxed) => {
            let registry = state.registry();
            let principal = registry.system(entity).session_principal(session.expose());
            principal.map(|p| {
                (
                    p.account.to_string(),
                    p.role.as_ref().map(|r| r.to_string()),
                )
            })
        }
        _ => None,
    };
    let facts = Facts {
        command: request.command().unwrap_or(""),
        login,
        entity,
        dialect,
        request,
    };
    let mut table = state.faults.table();
    table
        .rules
        .iter_mut()
        .find_map(|rule| fire(rule, &facts, meta.now))
}

/// Whether `rule` matches the request.
fn matches(rule: &Rule, facts: &Facts<'_>) -> bool {
    if !glob(&rule.command, facts.command) || rule.entity.is_some_and(|e| e != facts.entity) {
        return false;
    }
    if rule.preset == Some(Preset::SlowRegistry) && !slow::slows(facts.command, facts.request) {
        return false;
    }
    if let Some((account, role)) = &rule.login {
        let Some((sent, sent_role)) = &facts.login else {
            return false;
        };
        let role_matches = match role {
            None => true,
            Some(role) => sent_role
                .as_deref()
                .is_some_and(|sent| sent.eq_ignore_ascii_case(role)),
        };
        if !sent.eq_ignore_ascii_case(account) || !role_matches {
            return false;
        }
    }
    match &rule.param {
        Some((name, value)) => facts
            .request
            .params
            .get(name.as_str())
            .is_some_and(|sent| glob(value, sent)),
        None => true,
    }
}

/// Fires `rule` on a matched request at wall time `now`: inside its window,
/// not spent, its probability drawn (one draw per request in the window),
/// and for the quota preset past the account's calls of the minute.
fn fire(rule: &mut Rule, facts: &Facts<'_>, now: Timestamp) -> Option<Fired> {
    if !matches(rule, facts)
        || rule.from.is_some_and(|from| now < from)
        || rule.until.is_some_and(|until| now >= until)
        || rule.left() == Some(0)
    {
        return None;
    }
    if let Some(probability) = rule.probability {
        let draw = (rule.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        if draw >= probability {
            return None;
        }
    }
    let id = rule.id;
    let answer = match (rule.preset, rule.code, rule.http) {
        (Some(Preset::Quota), _, _) => Some(over_quota(rule, facts, now)?),
        (Some(Preset::SlowRegistry), _, _) => None,
        (Some(Preset::Maintenance), _, _) => {
            let text = rule.description.clone().unwrap_or_else(|| {
                format!(
                    "{}; the system is in maintenance (fault rule {id}, preset maintenance)",
                    codes::base_text(421)
                )
            });
            Some(answer(421, text, facts.dialect))
        }
        (None, Some(code), _) => {
            let text = rule.description.clone().unwrap_or_else(|| {
                format!(
                    "{}; fault rule {id} of /_admin/faults",
                    codes::base_text(code)
                )
            });
            Some(answer(code, text, facts.dialect))
        }
        (None, None, Some(HttpFault::Close)) => Some(unanswered(
            format!("connection closed without an answer by fault rule {id}"),
            facts.dialect,
        )),
        (None, None, Some(HttpFault::Status(status))) => Some(unanswered(
            format!("HTTP {status} answered by fault rule {id}"),
            facts.dialect,
        )),
        (None, None, _) => None,
    };
    rule.fired += 1;
    Some(Fired {
        id,
        delay: rule.delay_ms.map(Duration::from_millis),
        answer,
        http: rule.http,
        slow: rule
            .seconds
            .filter(|_| rule.preset == Some(Preset::SlowRegistry)),
        pending: rule.pending,
    })
}

/// A protocol answer `code text` in the request's dialect.
fn answer(code: u16, text: String, dialect: Dialect) -> Response {
    let mut response = Response::status(code, text);
    response.dialect = dialect;
    response
}

/// What the log shows for an HTTP fault that answers no protocol text: code 0.
fn unanswered(text: String, dialect: Dialect) -> Response {
    answer(0, text, dialect)
}

/// The quota preset: counts the account's call of this minute, and answers
/// `425` (in `guard.rs`'s words) past `per_minute`. A request whose account
/// is unknown (no login, no session) is not counted.
fn over_quota(rule: &mut Rule, facts: &Facts<'_>, now: Timestamp) -> Option<Response> {
    let (account, _) = facts.login.as_ref()?;
    let limit = rule.per_minute?;
    let minute = now.0 / 60;
    let used = rule.quotas.entry(account.clone()).or_insert((minute, 0));
    if used.0 != minute {
        *used = (minute, 0);
    }
    if used.1 < limit {
        used.1 += 1;
        return None;
    }
    let at = |seconds: u64| Timestamp(seconds).datetime().to_string();
    let (start, end, next) = (at(minute * 60), at(minute * 60 + 59), at(minute * 60 + 60));
    let error = Error::QuotaExceeded(format!(
        "{account} made {limit} requests in the minute {}-{} UTC, its quota (fault rule {}, \
         preset quota) is {limit}: the next minute starts at {} UTC",
        &start[11..],
        &end[11..],
        rule.id,
        &next[11..]
    ));
    Some(Response::refusal(&error, facts.dialect))
}

/// Whether `text` matches `pattern`: `*` any run, `?` one character, ASCII
/// case ignored.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let (pattern, text) = (pattern.as_bytes(), text.as_bytes());
    let (mut p, mut t) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    // The length of the character starting at `text[t]` (UTF-8).
    let width = |t: usize| {
        let lead = text[t];
        match lead {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        }
        .min(text.len() - t)
    };
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            resume = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == b'?' {
            p += 1;
            t += width(t);
        } else if p < pattern.len() && pattern[p].eq_ignore_ascii_case(&text[t]) {
            p += 1;
            t += 1;
        } else if let Some((star, at)) = resume {
            let next = at + width(at);
            p = star + 1;
            t = next;
            resume = Some((star, next));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests;
