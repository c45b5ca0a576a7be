//! The slow-registry preset of the fault rules (issue 15): which requests
//! it can slow (AddDomain, AddDomainApplication, and TransferDomain's
//! REQUEST, in both dialects), the checks of its fields, and its `seconds`.
//! A fired rule does not answer: `request.rs` sets `Meta::slow`, which the
//! handlers read (`registry/creating.rs`, `command/transfer.rs`). Knows
//! nothing of the table, HTTP or the registry.

use super::glob;
use super::rule::Rule;
use crate::server::admin::params::shown;
use crate::wire::Request;

/// The commands the preset slows, as the refusals name them.
pub(crate) const COMMANDS: [&str; 3] = ["AddDomain", "AddDomainApplication", "TransferDomain"];

/// The longest pending time: 90 days of sandbox time.
pub(crate) const MAX_SECONDS: u64 = 90 * 86_400;

/// Reads `seconds`: a whole number from 1 to [`MAX_SECONDS`].
pub(super) fn seconds(value: &str) -> Result<u64, String> {
    value
        .parse::<u64>()
        .ok()
        .filter(|seconds| (1..=MAX_SECONDS).contains(seconds))
        .ok_or_else(|| {
            format!(
                "seconds: {:?} is not a whole number from 1 to {MAX_SECONDS} (90 days): the \
                 sandbox seconds a registration or transfer stays pending",
                shown(value)
            )
        })
}

/// The checks of a slow-registry rule: `seconds` given, no answer of its
/// own, and a command glob that matches a command it slows.
pub(super) fn check(rule: &Rule) -> Result<(), String> {
    let answers = [
        (rule.code.is_some(), "code"),
        (rule.http.is_some(), "http"),
        (rule.description.is_some(), "description"),
    ];
    if let Some((_, name)) = answers.iter().find(|(given, _)| *given) {
        return Err(format!(
            "{name}: the slow-registry preset runs the command and leaves its registration or \
             transfer pending: leave out {name}"
        ));
    }
    if rule.seconds.is_none() {
        return Err(format!(
            "seconds: missing: the slow-registry preset needs the sandbox seconds (1 to \
             {MAX_SECONDS}) a registration or transfer stays pending"
        ));
    }
    if !COMMANDS.iter().any(|command| glob(&rule.command, command)) {
        return Err(format!(
            "command: {:?} matches none of the commands the slow-registry preset slows ({}): \
             leave command out or name one of them",
            shown(&rule.command),
            COMMANDS.join(", ")
        ));
    }
    Ok(())
}

/// Whether the preset can slow `request`, whose command is `command`:
/// a registration, or a TransferDomain whose ACTION is REQUEST (or absent).
pub(super) fn slows(command: &str, request: &Request) -> bool {
    match COMMANDS.iter().find(|c| c.eq_ignore_ascii_case(command)) {
        Some(&"TransferDomain") => request
            .params
            .get("ACTION")
            .is_none_or(|action| action.trim().eq_ignore_ascii_case("request")),
        Some(_) => true,
        None => false,
    }
}
