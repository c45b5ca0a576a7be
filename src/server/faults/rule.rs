//! One fault rule of `/_admin/faults`: reading it from the fields of a
//! `POST` (a flat JSON object or a form), every check with its one-line
//! `400` text naming the field, and the rule's JSON in the listing. Knows
//! nothing of HTTP, the table or requests (`faults.rs` matches and fires).

use std::collections::HashMap;

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use super::codes::CODES;
use crate::registry::{Entity, Timestamp};
use crate::server::admin::params::shown;

/// The fields a rule takes, for the refusal of an unknown one.
const FIELDS: &str = "command, login, entity, param, code, description, http, delay_ms, \
                      count, probability, seed, from, until, preset, per_minute, seconds, pending";

/// The longest `delay_ms`: ten minutes.
const MAX_DELAY_MS: u64 = 600_000;

/// A failure below the protocol: the HTTP exchange itself breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HttpFault {
    /// The connection closes without an answer.
    Close,
    /// `502 Bad Gateway` or `503 Service Unavailable` with a short body.
    Status(u16),
    /// The whole answer's `Content-Length`, half its body, then the close.
    Truncate,
}

impl HttpFault {
    pub(crate) fn name(self) -> &'static str {
        match self {
            HttpFault::Close => "close",
            HttpFault::Status(502) => "502",
            HttpFault::Status(_) => "503",
            HttpFault::Truncate => "truncate",
        }
    }
}

/// The presets for what users meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Preset {
    /// Every matched command answers `421` with the maintenance text.
    Maintenance,
    /// `425` past `per_minute` calls a minute of one account.
    Quota,
    /// The command runs, and the registry confirms its registration or
    /// transfer `seconds` of sandbox time later (`faults/slow.rs`).
    SlowRegistry,
}

impl Preset {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Preset::Maintenance => "maintenance",
            Preset::Quota => "quota",
            Preset::SlowRegistry => "slow-registry",
        }
    }
}

/// A rule as the table keeps it.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) id: u32,
    pub(crate) preset: Option<Preset>,
    /// Glob of command names (`*`, `?`; case ignored).
    pub(crate) command: String,
    /// The account, and the role when one was named (`account!role` or `account:role`).
    pub(crate) login: Option<(String, Option<String>)>,
    pub(crate) entity: Option<Entity>,
    /// An upper-case parameter name and a glob of its value.
    pub(crate) param: Option<(String, String)>,
    pub(crate) from: Option<Timestamp>,
    pub(crate) until: Option<Timestamp>,
    pub(crate) count: Option<u64>,
    pub(crate) probability: Option<f64>,
    pub(crate) seed: u64,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) delay_ms: Option<u64>,
    pub(crate) code: Option<u16>,
    pub(crate) description: Option<String>,
    pub(crate) http: Option<HttpFault>,
    pub(crate) per_minute: Option<u32>,
    /// The slow-registry preset's pending time, in sandbox seconds.
    pub(crate) seconds: Option<u64>,
    /// The command runs, and a success is answered as accepted but pending
    /// (`; action pending`, `PENDING=1`); the change itself is made at once.
    pub(crate) pending: bool,
    /// The quota preset's counters: account → (minute, calls in it).
    pub(crate) quotas: HashMap<String, (u64, u32)>,
    /// How often it fired.
    pub(crate) fired: u64,
}

impl Rule {
    /// Reads a rule from the `fields` of a `POST`; `seed` is the server's
    /// `--seed`, the rule's default seed with its id added.
    pub(crate) fn read(fields: Vec<(String, String)>, id: u32, seed: u64) -> Result<Rule, String> {
        let mut rule = Rule {
            id,
            preset: None,
            command: String::new(),
            login: None,
            entity: None,
            param: None,
            from: None,
            until: None,
            count: None,
            probability: None,
            seed: seed.wrapping_add(u64::from(id)),
            rng: ChaCha8Rng::seed_from_u64(0),
            delay_ms: None,
            code: None,
            description: None,
            http: None,
            per_minute: None,
            seconds: None,
            pending: false,
            quotas: HashMap::new(),
            fired: 0,
        };
        let mut command = None;
        for (name, value) in fields {
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "command" => command = Some(text("command", value, 100)?.to_owned()),
                "login" => rule.login = Some(login(value)?),
                "entity" => rule.entity = Some(entity(value)?),
                "param" => rule.param = Some(param(value)?),
                "code" => rule.code = Some(code(value)?),
                "description" => {
                    let text = text("description", value, 500)?;
                    rule.description = Some(text.replace('{', "(").replace('}', ")"));
                }
                "http" => rule.http = Some(http(value)?),
                "delay_ms" => rule.delay_ms = Some(number("delay_ms", value, 0, MAX_DELAY_MS)?),
                "count" => rule.count = Some(number("count", value, 1, u64::from(u32::MAX))?),
                "probability" => rule.probability = Some(probability(value)?),
                "seed" => rule.seed = number("seed", value, 0, u64::MAX)?,
                "from" => rule.from = Some(time("from", value)?),
                "until" => rule.until = Some(time("until", value)?),
                "preset" => rule.preset = Some(preset(value)?),
                "per_minute" => {
                    rule.per_minute = Some(number("per_minute", value, 1, 1_000_000)? as u32);
                }
                "seconds" => rule.seconds = Some(super::slow::seconds(value)?),
                "pending" => rule.pending = flag("pending", value)?,
                _ => {
                    return Err(format!(
                        "unknown field {:?}: a fault rule takes {FIELDS}",
                        shown(&name)
                    ));
                }
            }
        }
        rule.command = match (command, rule.preset) {
            (Some(command), _) => command,
            (None, Some(_)) => "*".to_owned(),
            (None, None) => {
                return Err(
                    "command: missing: give a glob of command names (AddDomain, Check*, * for all)"
                        .into(),
                );
            }
        };
        rule.check()?;
        rule.rng = ChaCha8Rng::seed_from_u64(rule.seed);
        Ok(rule)
    }

    /// The checks between fields.
    fn check(&self) -> Result<(), String> {
        if let (Some(from), Some(until)) = (self.from, self.until)
            && from >= until
        {
            return Err("until: must be later than from".into());
        }
        if self.code.is_some() && self.http.is_some() {
            return Err(
                "http: give code (a protocol answer) or http (a broken exchange), not both".into(),
            );
        }
        if self.description.is_some()
            && self.code.is_none()
            && self.preset != Some(Preset::Maintenance)
        {
            return Err("description: goes with code, the answer it describes".into());
        }
        if self.per_minute.is_some() && self.preset != Some(Preset::Quota) {
            return Err("per_minute: goes with \"preset\": \"quota\"".into());
        }
        if self.seconds.is_some() && self.preset != Some(Preset::SlowRegistry) {
            return Err("seconds: goes with \"preset\": \"slow-registry\"".into());
        }
        if self.pending && (self.code.is_some() || self.http.is_some() || self.preset.is_some()) {
            return Err(
                "pending: the command runs and its success is answered as pending: \
                        leave out code, http and preset"
                    .into(),
            );
        }
        match self.preset {
            None if self.code.is_none()
                && self.http.is_none()
                && self.delay_ms.is_none()
                && !self.pending =>
            {
                Err(
                    "code: missing: give code (e.g. 421), http (close, 502, 503 or truncate), \
                     delay_ms or pending"
                        .into(),
                )
            }
            None => Ok(()),
            Some(Preset::Maintenance) if self.code.is_some() || self.http.is_some() => {
                Err("preset: maintenance answers 421 itself: leave out code and http".into())
            }
            Some(Preset::Maintenance) => Ok(()),
            Some(Preset::Quota) => {
                let extra = [
                    (self.code.is_some(), "code"),
                    (self.http.is_some(), "http"),
                    (self.description.is_some(), "description"),
                    (self.count.is_some(), "count"),
                    (self.probability.is_some(), "probability"),
                    (self.delay_ms.is_some(), "delay_ms"),
                ];
                if let Some((_, name)) = extra.iter().find(|(given, _)| *given) {
                    return Err(format!(
                        "{name}: the quota preset answers 425 past per_minute calls: leave out {name}"
                    ));
                }
                if self.per_minute.is_none() {
                    return Err("per_minute: missing: the quota preset needs the calls a minute allowed per account".into());
                }
                Ok(())
            }
            Some(Preset::SlowRegistry) => super::slow::check(self),
        }
    }

    /// How many more times it can fire; `None`: no limit.
    pub(crate) fn left(&self) -> Option<u64> {
        self.count.map(|count| count.saturating_sub(self.fired))
    }
}

/// A non-empty text of at most `max` characters without control characters.
fn text<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, String> {
    if value.is_empty() {
        return Err(format!(
            "{name}: empty: give a value or leave the field out"
        ));
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(format!(
            "{name}: {:?} is not a text of at most {max} characters without control characters",
            shown(value)
        ));
    }
    Ok(value)
}

fn login(value: &str) -> Result<(String, Option<String>), String> {
    let value = text("login", value, 255)?;
    match value.split_once(['!', ':']) {
        Some((account, role)) if !account.is_empty() && !role.is_empty() => {
            Ok((account.to_owned(), Some(role.to_owned())))
        }
        Some(_) => Err(format!(
            "login: {:?} is not account, account!role or account:role",
            shown(value)
        )),
        None => Ok((value.to_owned(), None)),
    }
}

fn entity(value: &str) -> Result<Entity, String> {
    match value {
        "1234" => Ok(Entity::Ote),
        code if code.eq_ignore_ascii_case("54cd") => Ok(Entity::Live),
        _ => Err(format!(
            "entity: {:?} is not 1234 (OT&E) or 54cd (LIVE)",
            shown(value)
        )),
    }
}

fn param(value: &str) -> Result<(String, String), String> {
    let value = text("param", value, 255)?;
    match value.split_once('=') {
        Some((name, glob))
            if !name.trim().is_empty()
                && name
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
        {
            Ok((name.trim().to_ascii_uppercase(), glob.trim().to_owned()))
        }
        _ => Err(format!(
            "param: {:?} is not NAME=glob (one parameter and a glob of its value, e.g. DOMAIN=*.de)",
            shown(value)
        )),
    }
}

fn code(value: &str) -> Result<u16, String> {
    let code = value
        .parse::<u16>()
        .ok()
        .filter(|code| CODES.iter().any(|(known, _)| known == code));
    code.ok_or_else(|| {
        let codes: Vec<String> = CODES.iter().map(|(code, _)| code.to_string()).collect();
        format!(
            "code: {:?} is not an error code of the API's result table: use one of {}",
            shown(value),
            codes.join(", ")
        )
    })
}

fn http(value: &str) -> Result<HttpFault, String> {
    match value.to_ascii_lowercase().as_str() {
        "close" => Ok(HttpFault::Close),
        "502" => Ok(HttpFault::Status(502)),
        "503" => Ok(HttpFault::Status(503)),
        "truncate" => Ok(HttpFault::Truncate),
        _ => Err(format!(
            "http: {:?} is not close, 502, 503 or truncate",
            shown(value)
        )),
    }
}

fn number(name: &str, value: &str, min: u64, max: u64) -> Result<u64, String> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            format!(
                "{name}: {:?} is not a whole number from {min} to {max}",
                shown(value)
            )
        })
}

fn probability(value: &str) -> Result<f64, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| {
            format!(
                "probability: {:?} is not a number from 0 to 1 (e.g. 0.25)",
                shown(value)
            )
        })
}

fn time(name: &str, value: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(value).ok_or_else(|| {
        format!(
            "{name}: {:?} is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)",
            shown(value)
        )
    })
}

fn preset(value: &str) -> Result<Preset, String> {
    match value.to_ascii_lowercase().as_str() {
        "maintenance" => Ok(Preset::Maintenance),
        "quota" => Ok(Preset::Quota),
        "slow-registry" => Ok(Preset::SlowRegistry),
        _ => Err(format!(
            "preset: {:?} is not maintenance, quota or slow-registry",
            shown(value)
        )),
    }
}

/// `true`/`1` or `false`/`0`.
fn flag(name: &str, value: &str) -> Result<bool, String> {
    match value {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(format!("{name}: {:?} is not true or false", shown(value))),
    }
}
