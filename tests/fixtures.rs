//! Replays every transcript under `protocol-fixtures/` in-process against a fresh
//! registry with a fixed clock, and compares each response byte for byte.
//! `UPDATE_FIXTURES=1 cargo test --test fixtures` rewrites the `.response` files.
//! The format is documented in `protocol-fixtures/README.md`.

mod common;

use common::percent_encode;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use otebox::command::COMMANDS;
use otebox::command::cnr::CNR_COMMANDS;
use otebox::dialect::{Dialect, Route};
use otebox::registry::clock::parse_duration;
use otebox::registry::{Entity, Registry, Timestamp};
use otebox::{Meta, handle, wire};

/// Seed of every scenario's registry, so session ids are the same on every run.
const SEED: u64 = 1234;
/// 2026-01-01 00:00:00 UTC, the clock at the start of every scenario.
const START: u64 = 1_767_225_600;
#[test]
fn protocol_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocol-fixtures");
    let update = std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1");
    let mut scenarios = Vec::new();
    collect_scenarios(&root, &mut scenarios);
    assert!(
        !scenarios.is_empty(),
        "no fixtures under {}",
        root.display()
    );

    let mut failures = String::new();
    let mut covered: BTreeSet<(Dialect, String, bool)> = BTreeSet::new();
    let mut steps = 0;
    for scenario in &scenarios {
        let mut registry = Registry::new(SEED);
        let mut now = START;
        let mut session = String::new();
        for request_path in requests_in(scenario) {
            steps += 1;
            let text = fs::read_to_string(&request_path).expect("readable .request");
            let step = Step::read(&text, &session);
            now += step.advance;
            if let Some((entity, seconds)) = step.sandbox {
                registry
                    .advance(entity, Timestamp(now), seconds)
                    .expect("#@ advance: a forward move");
            }
            let meta = Meta {
                peer: step.peer,
                now: Timestamp(now),
                route: step.route,
                forwarded: step.forwarded,
                trusted_proxy: step.trusted_proxy,
                slow: step.slow,
            };
            let outcome = handle(&mut registry, &meta, step.query.as_bytes(), &step.body);
            if let Some(id) = outcome
                .response
                .first("SESSION")
                .or_else(|| outcome.response.first("sessionid"))
            {
                session = id.to_owned();
            }
            let actual = wire::encode(&outcome.response);
            let name = request_path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let command = name.split('-').nth(1).unwrap_or_default().to_owned();
            let dialect = outcome.response.dialect;
            covered.insert((dialect, command, outcome.response.code < 300));
            let response_path = request_path.with_extension("response");
            let expected = fs::read_to_string(&response_path).unwrap_or_default();
            if actual != expected {
                if update {
                    fs::write(&response_path, &actual).expect("writable .response");
                } else {
                    let shown = similar::TextDiff::from_lines(&expected, &actual)
                        .unified_diff()
                        .header("expected", "actual")
                        .to_string();
                    let _ = writeln!(failures, "\n--- {}\n{shown}", response_path.display());
                }
            }
        }
    }
    let tables = [(Dialect::Hexonet, COMMANDS), (Dialect::Cnr, CNR_COMMANDS)];
    for (dialect, table) in tables {
        for row in table {
            for (success, kind) in [(true, "success"), (false, "failure")] {
                if !covered.contains(&(dialect, row.name.to_owned(), success)) {
                    let _ = writeln!(
                        failures,
                        "\n{} ({dialect:?}) has no {kind} fixture (NN-{}-case.request)",
                        row.name, row.name
                    );
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{steps} fixture steps, mismatches:{failures}\n(UPDATE_FIXTURES=1 rewrites the .response files)"
    );
}

/// One request of a transcript, built from its readable form.
struct Step {
    advance: u64,
    route: Route,
    /// The TCP peer: 192.0.2.10 unless `#@ peer: ADDRESS`.
    peer: IpAddr,
    /// `#@ trusted-proxy`: the peer is a `--trusted-proxy`.
    trusted_proxy: bool,
    /// `#@ forwarded-for: ADDRESS`: the request's `X-Forwarded-For`.
    forwarded: Option<IpAddr>,
    /// `#@ advance: [54cd] DURATION`: the sandbox clock of a system (OT&E
    /// unless named) moves forward before the request, running what falls due.
    sandbox: Option<(Entity, u64)>,
    /// `#@ slow-registry: SECONDS`: a slow-registry fault rule fired on
    /// this request (registrations and transfers pending SECONDS).
    slow: Option<u64>,
    query: String,
    body: Vec<u8>,
}

impl Step {
    /// Reads a `.request`: `#@` directive lines, then `KEY=VALUE` lines. `s_*`
    /// and `persistent` lines become form fields and the others the `s_command` text, sent the
    /// way the SDKs send it; `#@ body: raw` sends the remaining text as is.
    /// `$SESSION` stands for the last session id the scenario received.
    fn read(text: &str, session: &str) -> Step {
        let text = text.replace("$SESSION", session);
        let mut step = Step {
            advance: 0,
            route: Route::DEFAULT,
            peer: IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10)),
            trusted_proxy: false,
            forwarded: None,
            sandbox: None,
            slow: None,
            query: String::new(),
            body: Vec::new(),
        };
        let mut raw = false;
        let mut fields = Vec::new();
        let mut command = Vec::new();
        let mut lines = text.lines();
        for line in lines.by_ref() {
            let Some(directive) = line.strip_prefix("#@ ") else {
                if line.starts_with("s_") || line.starts_with("persistent=") {
                    fields.push(line);
                } else if !line.is_empty() {
                    command.push(line);
                }
                continue;
            };
            match directive.split_once(':').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("clock", seconds)) => {
                    step.advance = seconds
                        .trim_start_matches('+')
                        .parse()
                        .expect("#@ clock: +SECONDS");
                }
                Some(("query", query)) => step.query = query.to_owned(),
                Some(("route", "cnr")) => step.route = Route::Cnr,
                Some(("peer", address)) => step.peer = address.parse().expect("#@ peer: ADDRESS"),
                Some(("forwarded-for", address)) => {
                    step.forwarded = Some(address.parse().expect("#@ forwarded-for: ADDRESS"));
                }
                None if directive.trim() == "trusted-proxy" => step.trusted_proxy = true,
                Some(("advance", moved)) => {
                    let (entity, duration) = match moved.split_once(' ') {
                        Some(("54cd", duration)) => (Entity::Live, duration),
                        Some(("1234", duration)) => (Entity::Ote, duration),
                        _ => (Entity::Ote, moved),
                    };
                    let seconds = parse_duration(duration).expect("#@ advance: [ENTITY] DURATION");
                    step.sandbox = Some((entity, seconds));
                }
                Some(("slow-registry", seconds)) => {
                    step.slow = Some(seconds.parse().expect("#@ slow-registry: SECONDS"));
                }
                Some(("body", "raw")) => {
                    raw = true;
                    break;
                }
                _ => panic!("unknown directive {line}"),
            }
        }
        if raw {
            step.body = lines.collect::<Vec<_>>().join("\n").into_bytes();
            return step;
        }
        let mut body: Vec<String> = fields
            .iter()
            .map(|line| {
                let (key, value) = line.split_once('=').unwrap_or((line, ""));
                format!("{key}={}", percent_encode(value))
            })
            .collect();
        if !command.is_empty() {
            body.push(format!("s_command={}", percent_encode(&command.join("\n"))));
        }
        step.body = body.join("&").into_bytes();
        step
    }
}

/// Every directory below `dir` that holds `.request` files is a scenario.
fn collect_scenarios(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    if entries
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "request"))
    {
        out.push(dir.to_owned());
    }
    for entry in entries.into_iter().filter(|p| p.is_dir()) {
        collect_scenarios(&entry, out);
    }
}

fn requests_in(scenario: &Path) -> Vec<PathBuf> {
    let mut requests: Vec<PathBuf> = fs::read_dir(scenario)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "request"))
        .collect();
    requests.sort();
    requests
}
