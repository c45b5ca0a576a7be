//! Environment settings: GetEnvironment, SetEnvironment, QueryEnvironmentList,
//! DeleteEnvironment. Per-account `key`/`name` → value pairs kept by
//! `registry::environment`; this file reads parameters and builds answers,
//! and touches nothing else of the account.
//!
//! Keys may be empty (the root key) and are compared exactly, case included.
//! Keys and names are at most 255 characters without spaces or control
//! characters, values at most 10,000 characters; an account holds at most 500
//! settings. A `{WORD}` token is refused anywhere (the SDKs strip them).

use std::collections::BTreeMap;

use super::list::{Page, glob};
use super::{Args, Ctx};
use crate::error::{Error, Result};
use crate::registry::environment::{
    self, Change, MAX_KEY, MAX_LEVELS, MAX_NAME, MAX_SETTINGS, Refusal, Setting,
};
use crate::registry::lifecycle;
use crate::wire::Response;

/// Stores settings; a setting sent without a value is deleted (deleting one
/// that does not exist is no error). The plain and the indexed forms may be
/// combined; a later change of the same key and name wins. All or nothing.
///
/// ```text
/// COMMAND             = SetEnvironment
/// ENVIRONMENTKEY      = <key>            (optional, default the empty root key)
/// ENVIRONMENTNAME     = <name>
/// ENVIRONMENTVALUE    = <value>          (absent or empty: delete)
/// ENVIRONMENTKEY<n>   = <key>            (n = 0, 1, ...: the same, indexed)
/// ENVIRONMENTNAME<n>  = <name>
/// ENVIRONMENTVALUE<n> = <value>
/// ```
pub(super) fn set_environment(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let mut changes = Vec::new();
    if ["ENVIRONMENTKEY", "ENVIRONMENTNAME", "ENVIRONMENTVALUE"]
        .iter()
        .any(|name| args.present(name))
    {
        changes.push(read_change(args, None)?);
    }
    for n in indexes(
        args,
        &["ENVIRONMENTKEY", "ENVIRONMENTNAME", "ENVIRONMENTVALUE"],
    ) {
        changes.push(read_change(args, Some(n))?);
    }
    if changes.is_empty() {
        return Err(Error::missing("ENVIRONMENTNAME"));
    }
    args.finish()?;
    let owner = ctx.owner().to_owned();
    ctx.system
        .set_environment(&owner, changes)
        .map_err(|count| {
            Error::CommandFailed(format!(
                "ENVIRONMENT: {owner} would hold {count} settings, at most {MAX_SETTINGS}; delete some first"
            ))
        })?;
    Ok(Response::ok())
}

/// Reads one value per query. A setting the account never stored answers
/// an empty ENVIRONMENTVALUE and is listed in MISSING (`key/name`), unless
/// USEPARENT=1 finds it at a parent: every top-level account's parent is the
/// platform user `otebox`, which holds the platform defaults (today only
/// `_cp3/config_subuser` / `enable_webapps` = `false`, which the WHMCS module
/// reads as "no Web Apps"). LEVEL limits how many parents are asked.
///
/// ```text
/// COMMAND            = GetEnvironment
/// ENVIRONMENTKEY     = <key>       (optional, default the empty root key)
/// ENVIRONMENTNAME    = <name>
/// USEPARENT          = 0 | 1       (optional: ask the parents when not set)
/// LEVEL              = <0..99>     (optional: at most this many parents)
/// ENVIRONMENTKEY<n>, ENVIRONMENTNAME<n>, USEPARENT<n>, LEVEL<n>: more queries
/// ---
/// PROPERTY[ENVIRONMENTKEY][i], PROPERTY[ENVIRONMENTNAME][i], PROPERTY[ENVIRONMENTVALUE][i]
/// PROPERTY[MISSING][j] = <key/name>   (only when some query found nothing)
/// ```
pub(super) fn get_environment(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    const STEMS: [&str; 4] = ["ENVIRONMENTKEY", "ENVIRONMENTNAME", "USEPARENT", "LEVEL"];
    let mut queries = Vec::new();
    if STEMS.iter().any(|name| args.present(name)) {
        queries.push(read_query(args, None)?);
    }
    for n in indexes(args, &STEMS) {
        queries.push(read_query(args, Some(n))?);
    }
    if queries.is_empty() {
        return Err(Error::missing("ENVIRONMENTNAME"));
    }
    args.finish()?;
    let mut response = Response::ok();
    let mut missing = Vec::new();
    for query in &queries {
        let value = ctx
            .system
            .environment_value(ctx.owner(), query.key, query.name, query.parents);
        if value.is_none() {
            missing.push(query);
        }
        response
            .push("ENVIRONMENTKEY", query.key)
            .push("ENVIRONMENTNAME", query.name)
            .push("ENVIRONMENTVALUE", value.unwrap_or(""));
    }
    for query in missing {
        response.push("MISSING", Path(query.key, query.name));
    }
    Ok(response)
}

/// Lists the account's settings. Without ENVIRONMENTKEY: the distinct keys
/// (ENVIRONMENTKEY only), as the reference documents. With it: the settings
/// under exactly that key (MATCHMODE=EXACT, the default), under keys that
/// start with it (MATCHMODE=PREFIX; with no key that is every setting), or
/// whose key matches it as a `*` pattern. Default LIMIT 500, so an unpaged
/// list is always complete. Platform defaults are not the account's and are
/// not listed.
///
/// ```text
/// COMMAND        = QueryEnvironmentList
/// ENVIRONMENTKEY = <key or pattern>     (optional)
/// MATCHMODE      = EXACT | PREFIX       (optional)
/// FIRST, LIMIT
/// ---
/// PROPERTY[FIRST|LAST|COUNT|TOTAL|LIMIT][0]
/// PROPERTY[ENVIRONMENTKEY][i], PROPERTY[ENVIRONMENTNAME][i], PROPERTY[ENVIRONMENTVALUE][i]
/// ```
pub(super) fn query_environment_list(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let key = read_label(args, "ENVIRONMENTKEY", MAX_KEY)?;
    let mode = args.optional("MATCHMODE");
    let prefix = match mode.map(str::to_ascii_uppercase).as_deref() {
        None | Some("EXACT") => false,
        Some("PREFIX") => true,
        Some(_) => {
            let other = mode.unwrap_or_default();
            return Err(Error::InvalidOption(format!(
                "MATCHMODE: ({other}) is not EXACT or PREFIX"
            )));
        }
    };
    let page = Page::read(args, MAX_SETTINGS)?;
    args.finish()?;
    let mut response = Response::ok();
    let env = ctx.system.environment(ctx.owner());
    let settings = || env.into_iter().flat_map(environment::Environment::settings);
    if key.is_none() && !prefix {
        let mut keys: Vec<&str> = settings().map(|setting| setting.key).collect();
        keys.dedup();
        let (rows, total) = page.take(keys.into_iter());
        page.push_counters(&mut response, rows.len(), total);
        for key in rows {
            response.push("ENVIRONMENTKEY", key);
        }
        return Ok(response);
    }
    let key = key.unwrap_or("");
    let rows: Vec<Setting<'_>> = match (key.contains('*'), prefix) {
        (true, _) => settings().filter(|s| glob(key, s.key)).collect(),
        (false, true) => settings().filter(|s| s.key.starts_with(key)).collect(),
        (false, false) => env.into_iter().flat_map(|env| env.under(key)).collect(),
    };
    let (rows, total) = page.take(rows.into_iter());
    page.push_counters(&mut response, rows.len(), total);
    for setting in rows {
        response
            .push("ENVIRONMENTKEY", setting.key)
            .push("ENVIRONMENTNAME", setting.name)
            .push("ENVIRONMENTVALUE", setting.value);
    }
    Ok(response)
}

/// Deletes one setting, or without ENVIRONMENTNAME every setting under
/// exactly ENVIRONMENTKEY; `545` when there is nothing to delete. (Not in the
/// HEXONET reference, where SetEnvironment without a value deletes; otebox
/// offers it for testers who want a strict delete.)
///
/// ```text
/// COMMAND         = DeleteEnvironment
/// ENVIRONMENTKEY  = <key>     (optional, default the empty root key)
/// ENVIRONMENTNAME = <name>    (optional if ENVIRONMENTKEY is given)
/// ```
pub(super) fn delete_environment(args: &mut Args<'_>, ctx: &mut Ctx<'_>) -> Result<Response> {
    let key = read_label(args, "ENVIRONMENTKEY", MAX_KEY)?;
    let name = read_label(args, "ENVIRONMENTNAME", MAX_NAME)?;
    if key.is_none() && name.is_none() {
        return Err(Error::missing("ENVIRONMENTNAME"));
    }
    args.finish()?;
    let key = key.unwrap_or("");
    let owner = ctx.owner().to_owned();
    if ctx.system.delete_environment(&owner, key, name) == 0 {
        let what = match name {
            Some(name) => format!("ENVIRONMENT {}", Path(key, name)),
            None => format!("ENVIRONMENTKEY {key}: no settings under this key"),
        };
        return Err(Error::ObjectNotFound(what));
    }
    Ok(Response::ok())
}

/// A setting's full name as MISSING and refusals show it: `key/name`, or
/// just `name` under the empty root key.
struct Path<'a>(&'a str, &'a str);

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path("", name) => f.write_str(name),
            Path(key, name) => write!(f, "{key}/{name}"),
        }
    }
}

/// One GetEnvironment query.
struct Query<'a> {
    key: &'a str,
    name: &'a str,
    /// How many parents to ask: 0 without USEPARENT, else LEVEL or all.
    parents: u64,
}

fn read_query<'a>(args: &mut Args<'a>, n: Option<usize>) -> Result<Query<'a>> {
    let param = |stem: &str| n.map_or_else(|| stem.to_owned(), |n| format!("{stem}{n}"));
    let key = read_label(args, &param("ENVIRONMENTKEY"), MAX_KEY)?.unwrap_or("");
    let name_param = param("ENVIRONMENTNAME");
    let name = read_label(args, &name_param, MAX_NAME)?.ok_or(Error::missing(name_param))?;
    let use_parent = args.flag(&param("USEPARENT"))?.unwrap_or(false);
    let level = args.int_in(&param("LEVEL"), 0..=MAX_LEVELS)?;
    Ok(Query {
        key,
        name,
        parents: if use_parent {
            level.unwrap_or(MAX_LEVELS)
        } else {
            0
        },
    })
}

fn read_change(args: &mut Args<'_>, n: Option<usize>) -> Result<Change> {
    let param = |stem: &str| n.map_or_else(|| stem.to_owned(), |n| format!("{stem}{n}"));
    let key = read_label(args, &param("ENVIRONMENTKEY"), MAX_KEY)?.unwrap_or("");
    let name_param = param("ENVIRONMENTNAME");
    let name = read_label(args, &name_param, MAX_NAME)?.ok_or(Error::missing(name_param))?;
    let value_param = param("ENVIRONMENTVALUE");
    let value = args.optional(&value_param);
    if let Some(value) = value {
        environment::check_value(value).map_err(|why| refused(&value_param, value, why))?;
    }
    lifecycle::check_default_mode(key, name, value, &value_param)?;
    Ok(Change {
        key: key.to_owned(),
        name: name.to_owned(),
        value: value.map(str::to_owned),
    })
}

/// An optional key or name, checked against the label rules.
fn read_label<'a>(args: &mut Args<'a>, param: &str, max: usize) -> Result<Option<&'a str>> {
    let value = args.optional(param);
    if let Some(text) = value {
        environment::check_label(text, max).map_err(|why| refused(param, text, why))?;
    }
    Ok(value)
}

/// The error for a refused key, name or value. The value is echoed at most
/// 64 characters long and with braces as parentheses, so the description
/// itself carries no brace token.
fn refused(param: &str, value: &str, why: Refusal) -> Error {
    match why {
        Refusal::TooLong(detail) => Error::invalid(param, detail),
        Refusal::Malformed(rule) => {
            let mut shown: String = value
                .chars()
                .take(64)
                .map(|c| match c {
                    '{' => '(',
                    '}' => ')',
                    c => c,
                })
                .collect();
            if value.chars().nth(64).is_some() {
                shown.push_str("...");
            }
            Error::syntax_rule(param, &shown, rule)
        }
    }
}

/// The indexes n used by any `STEM<n>` of `stems`, ascending.
fn indexes(args: &mut Args<'_>, stems: &[&str]) -> Vec<usize> {
    let mut found = BTreeMap::new();
    for stem in stems {
        for (n, _) in args.list(stem) {
            found.insert(n, ());
        }
    }
    found.into_keys().collect()
}
