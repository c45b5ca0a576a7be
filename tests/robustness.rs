//! Parser robustness and fuzzing on stable: whatever bytes arrive, `handle`
//! never panics and always answers a response every SDK can parse
//! (protocol.md §2.1–2.3), and a failing command changes nothing.
//!
//! The `fuzz` test replays every file of `tests/fuzz-corpus/` (one raw request
//! body each) and then a bounded number of random mutations of them. Run it
//! longer, with another seed, like this:
//!
//! ```text
//! OTEBOX_FUZZ_ITERATIONS=10000000 OTEBOX_FUZZ_SEED=42 cargo test --release --test robustness fuzz -- --nocapture
//! ```
//!
//! A failure prints the seed, the iteration and the input bytes; saving that
//! input as a new corpus file keeps it as a regression case.

mod common;

use common::percent_encode;

use std::net::{IpAddr, Ipv4Addr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Duration;

use indexmap::IndexMap;
use otebox::command::COMMANDS;
use otebox::registry::{Entity, Registry, Timestamp};
use otebox::wire::{self, Response};
use otebox::{Meta, handle};
use proptest::prelude::*;

const META: Meta = Meta {
    peer: IpAddr::V4(Ipv4Addr::LOCALHOST),
    now: Timestamp(1_767_225_600),
    route: otebox::dialect::Route::DEFAULT,
    forwarded: None,
    trusted_proxy: false,
    slow: None,
};

/// Mutated inputs run by default: about two seconds in a debug build.
const DEFAULT_FUZZ_ITERATIONS: u64 = 20_000;
const DEFAULT_FUZZ_SEED: u64 = 0x07E_B0C5;

/// Panics unless `text` is a response every SDK parses, in either layout:
/// HEXONET's (`[RESPONSE]` first, `EOF` last, CRLF lines of `KEY=value`) or
/// CentralNic Reseller's (LF lines of `key = value`); one 3-digit code and a
/// non-empty description.
fn assert_well_formed(text: &str) {
    let (end, separator, code_key, description_key) = if text.starts_with("[RESPONSE]\r\n") {
        ("\r\n", "=", "CODE", "DESCRIPTION")
    } else {
        ("\n", " = ", "code", "description")
    };
    assert!(
        text.starts_with(&format!("[RESPONSE]{end}")),
        "no [RESPONSE]: {text:?}"
    );
    assert!(
        text.ends_with(&format!("{end}EOF{end}")),
        "no EOF: {text:?}"
    );
    let inner = &text["[RESPONSE]".len() + end.len()..text.len() - "EOF".len() - end.len()];
    let (mut codes, mut descriptions) = (Vec::new(), Vec::new());
    for line in inner.split_terminator(end) {
        assert!(
            !line.contains(['\r', '\n']),
            "line break inside {line:?} of {text:?}"
        );
        let Some((key, value)) = line.split_once(separator) else {
            panic!("line without {separator:?}: {line:?} of {text:?}");
        };
        if key == code_key {
            codes.push(value);
        } else if key == description_key {
            descriptions.push(value);
        }
    }
    assert!(
        matches!(codes[..], [code] if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())),
        "CODE: {codes:?} in {text:?}"
    );
    assert!(
        matches!(descriptions[..], [d] if !d.trim_matches([' ', '\t']).is_empty()),
        "DESCRIPTION: {descriptions:?} in {text:?}"
    );
}

/// `handle` on `registry`, checked for a well-formed answer; returns the code.
fn run(registry: &mut Registry, query: &[u8], body: &[u8]) -> (u16, Option<String>) {
    let outcome = handle(registry, &META, query, body);
    assert_well_formed(&wire::encode(&outcome.response));
    let command = wire::parse(query, body)
        .ok()
        .and_then(|request| request.command().map(str::to_owned));
    (outcome.response.code, command)
}

fn form(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What a command may change, seen from outside: the balance texts of both
/// demo accounts in both systems and the session counts.
fn snapshot(registry: &mut Registry) -> Vec<String> {
    let mut seen = Vec::new();
    for entity in Entity::ALL {
        for user in ["test.user", "test.user2"] {
            let body = format!(
                "s_entity={}&s_login={user}&s_pw=test.passw0rd&COMMAND=StatusAccount",
                entity.code()
            );
            let outcome = handle(registry, &META, b"", body.as_bytes());
            seen.push(wire::encode(&outcome.response));
        }
        seen.push(registry.system(entity).session_count().to_string());
    }
    seen
}

/// A fresh registry with one open OT&E session for test.user; returns its id.
fn registry_with_session() -> (Registry, String) {
    let mut registry = Registry::new(1);
    let outcome = handle(
        &mut registry,
        &META,
        b"",
        b"s_entity=1234&s_login=test.user&s_pw=test.passw0rd&COMMAND=StartSession",
    );
    let id = outcome
        .response
        .first("SESSION")
        .expect("a session")
        .to_owned();
    (registry, id)
}

/// The SDK line grammar of protocol.md §2.3, re-implemented: every line is
/// matched against `^([^=]*[^\t= ])[\t ]*=[\t ]*(.*)$`; `PROPERTY[NAME]…`
/// appends to NAME's column (upper-cased, whitespace removed), other keys
/// are upper-cased and a later duplicate wins.
#[derive(Debug, Default)]
struct Parsed {
    hash: IndexMap<String, String>,
    properties: IndexMap<String, Vec<String>>,
}

fn sdk_parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for line in text.replace("\r\n", "\n").split('\n') {
        let Some((raw_key, raw_value)) = line.split_once('=') else {
            continue;
        };
        let key = raw_key.trim_end_matches([' ', '\t']);
        if key.is_empty() {
            continue;
        }
        let value = raw_value
            .trim_start_matches([' ', '\t'])
            .trim_end_matches([' ', '\t']);
        let name = key
            .get(..9)
            .filter(|start| start.eq_ignore_ascii_case("property["))
            .and_then(|_| key[9..].split_once(']'))
            .map(|(name, _)| name);
        match name {
            Some(name) => {
                let name: String = name
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_uppercase();
                parsed
                    .properties
                    .entry(name)
                    .or_default()
                    .push(value.to_owned());
            }
            None => {
                parsed.hash.insert(key.to_uppercase(), value.to_owned());
            }
        }
    }
    parsed
}

fn command_names() -> impl Strategy<Value = String> {
    let names: Vec<&'static str> = COMMANDS.iter().map(|c| c.name).collect();
    prop_oneof![
        prop::sample::select(names.clone()).prop_map(str::to_owned),
        prop::sample::select(names).prop_map(|n| n.to_ascii_lowercase()),
        Just(String::new()),
        "[A-Za-z]{1,16}",
        any::<String>(),
    ]
}

fn field_key() -> impl Strategy<Value = String> {
    const NAMES: &[&str] = &[
        "s_login",
        "s_pw",
        "s_password",
        "s_session",
        "s_entity",
        "s_command",
        "s_user",
        "s_otp",
        "s_remoteaddr",
        "S_LOGIN",
        "command",
        "COMMAND",
        "TIMEOUT",
        "MAXTTL",
        "SUBUSER",
        "PASSWORD",
    ];
    prop_oneof![
        4 => prop::sample::select(NAMES).prop_map(str::to_owned),
        1 => "[A-Za-z_ ]{0,10}",
        1 => any::<String>(),
    ]
}

/// Values, with `$SESSION` standing for the open session's id.
fn field_value() -> impl Strategy<Value = String> {
    prop_oneof![
        command_names(),
        Just("test.user".to_owned()),
        Just("test.user2".to_owned()),
        Just("test.passw0rd".to_owned()),
        Just("wrong".to_owned()),
        Just("1234".to_owned()),
        Just("54cd".to_owned()),
        Just("$SESSION".to_owned()),
        Just("600".to_owned()),
        command_names().prop_map(|name| format!("COMMAND={name}")),
        (command_names(), "[A-Z]{1,8}", any::<String>()).prop_map(|(name, key, value)| format!(
            "[COMMAND]\r\nCOMMAND = {name}\r\n{key}={value}\nEOF"
        )),
        any::<String>(),
    ]
}

fn property_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[^\r\n\u{85}\u{2028}\u{2029} \t{]",
        "[^\r\n\u{85}\u{2028}\u{2029} \t{][^\r\n\u{85}\u{2028}\u{2029}{]{0,20}[^\r\n\u{85}\u{2028}\u{2029} \t{]",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        query in prop::collection::vec(any::<u8>(), 0..200),
        body in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut registry = Registry::new(1);
        run(&mut registry, &query, &body);
        run(&mut registry, b"", &body);
        run(&mut registry, &query, b"");
    }

    #[test]
    fn arbitrary_fields_never_panic_and_failures_change_nothing(
        fields in prop::collection::vec((field_key(), field_value()), 0..8),
        in_query in any::<bool>(),
    ) {
        let (mut registry, session) = registry_with_session();
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .map(|(key, value)| (key, value.replace("$SESSION", &session)))
            .collect();
        let encoded = form(&fields);
        let before = snapshot(&mut registry);
        let (code, command) = if in_query {
            run(&mut registry, encoded.as_bytes(), b"")
        } else {
            run(&mut registry, b"", encoded.as_bytes())
        };
        let changes_sessions = command.as_deref().is_some_and(|c| {
            c.eq_ignore_ascii_case("StartSession") || c.eq_ignore_ascii_case("EndSession")
        });
        if code >= 300 || !changes_sessions {
            prop_assert_eq!(snapshot(&mut registry), before, "code {} for {}", code, encoded);
        }
    }

    #[test]
    fn encode_round_trips_through_the_sdk_grammar(
        code in 200u16..600,
        description in "[^\r\n\u{85}\u{2028}\u{2029} \t]|[^\r\n\u{85}\u{2028}\u{2029} \t][^\r\n\u{85}\u{2028}\u{2029}]{0,40}[^\r\n\u{85}\u{2028}\u{2029} \t]",
        columns in prop::collection::vec(("[A-Z0-9]{1,12}", prop::collection::vec(property_value(), 1..4)), 0..6),
        pending in any::<bool>(),
        millis in 0u64..100_000,
    ) {
        let mut response = Response::ok();
        response.code = code;
        response.description = description.into();
        for (name, values) in &columns {
            for value in values {
                response.push(name.clone(), value);
            }
        }
        response.pending = pending;
        response.runtime = Duration::from_millis(millis);
        let text = wire::encode(&response);
        assert_well_formed(&text);
        let parsed = sdk_parse(&text);
        prop_assert_eq!(parsed.hash.get("CODE"), Some(&code.to_string()));
        prop_assert_eq!(parsed.hash.get("DESCRIPTION").map(String::as_str), Some(&*response.description));
        prop_assert_eq!(parsed.hash.get("PENDING").map(String::as_str), pending.then_some("1"));
        let mut sent: IndexMap<String, Vec<String>> = IndexMap::new();
        for (name, _, value) in response.lines() {
            sent.entry(name.to_owned()).or_default().push(value.to_owned());
        }
        prop_assert_eq!(&parsed.properties, &sent);
    }
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut entries: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-corpus")
        .map(|entry| {
            let path = entry.expect("corpus entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("corpus file"))
        })
        .collect();
    entries.sort();
    assert!(entries.len() >= 10, "corpus too small: {}", entries.len());
    entries
}

/// Bytes that matter to the form and `s_command` grammars.
const INTERESTING: &[u8] = b"%&=+\r\n\t []0aFz\x00\x7f\x80\xc3\xff";

fn mutate(rng: &mut Rng, corpus: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut input = corpus[rng.below(corpus.len())].1.clone();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !input.is_empty() => {
                let at = rng.below(input.len());
                input[at] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(input.len() + 1);
                let byte = if rng.below(2) == 0 {
                    INTERESTING[rng.below(INTERESTING.len())]
                } else {
                    rng.next() as u8
                };
                input.insert(at, byte);
            }
            2 if !input.is_empty() => {
                let at = rng.below(input.len());
                let len = 1 + rng.below((input.len() - at).min(16));
                input.drain(at..at + len);
            }
            3 => {
                // Splice: a prefix of this entry, a suffix of another.
                let other = &corpus[rng.below(corpus.len())].1;
                let cut = rng.below(input.len() + 1);
                let from = rng.below(other.len() + 1);
                input.truncate(cut);
                input.extend_from_slice(&other[from..]);
            }
            4 if !input.is_empty() => {
                // Repeat a chunk in place.
                let at = rng.below(input.len());
                let len = 1 + rng.below((input.len() - at).min(32));
                let chunk = input[at..at + len].to_vec();
                input.splice(at..at, chunk);
            }
            _ => {
                let at = rng.below(input.len() + 1);
                input.splice(at..at, *b"%0A");
            }
        }
    }
    input
}

/// Runs one fuzz input as body (and now and then as query), turning a panic
/// into a message that names the input, so that it can become a corpus file.
fn fuzz_one(registry: &mut Registry, input: &[u8], what: &str) {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // The parser alone: it either fails cleanly or yields non-empty,
        // upper-cased parameter keys.
        if let Ok(request) = wire::parse(b"", input) {
            assert!(
                request
                    .params
                    .keys()
                    .all(|k| !k.is_empty() && *k == k.to_ascii_uppercase())
            );
        }
        run(registry, b"", input);
        if input.len().is_multiple_of(7) {
            run(registry, input, b"");
        }
    }));
    if result.is_err() {
        panic!(
            "{what}: handle panicked or answered badly for input b\"{}\"",
            input.escape_ascii()
        );
    }
}

#[test]
fn fuzz() {
    let corpus = corpus();
    let mut registry = Registry::new(1);
    for (name, input) in &corpus {
        fuzz_one(&mut registry, input, &format!("corpus file {name}"));
    }
    let iterations = env_u64("OTEBOX_FUZZ_ITERATIONS", DEFAULT_FUZZ_ITERATIONS);
    let seed = env_u64("OTEBOX_FUZZ_SEED", DEFAULT_FUZZ_SEED);
    let mut rng = Rng(seed.max(1));
    for iteration in 0..iterations {
        if iteration.is_multiple_of(5_000) {
            // Keep sessions from piling up over long runs.
            registry = Registry::new(iteration);
        }
        let input = mutate(&mut rng, &corpus);
        fuzz_one(
            &mut registry,
            &input,
            &format!("OTEBOX_FUZZ_SEED={seed} iteration {iteration}"),
        );
    }
}

#[test]
fn corpus_requests_do_what_they_say() {
    // A sanity check that the corpus reaches the commands, so that the
    // mutations start from meaningful requests.
    let corpus: IndexMap<String, Vec<u8>> = corpus().into_iter().collect();
    let mut registry = Registry::new(1);
    let code = |registry: &mut Registry, name: &str| run(registry, b"", &corpus[name]).0;
    assert_eq!(code(&mut registry, "sdk-status-account.txt"), 200);
    assert_eq!(code(&mut registry, "sdk-start-session.txt"), 200);
    assert_eq!(code(&mut registry, "top-level-fields.txt"), 200);
    assert_eq!(code(&mut registry, "pasted-plain-form-crlf.txt"), 200);
    assert_eq!(code(&mut registry, "malformed-percent.txt"), 505);
    assert_eq!(code(&mut registry, "invalid-utf8.txt"), 505);
    assert_eq!(code(&mut registry, "sdk-end-session.txt"), 530);
    // The domain commands, in the order that makes each one succeed.
    for name in [
        "sdk-check-domains.txt",
        "sdk-add-domain-inline.txt",
        "sdk-add-nameserver.txt",
        "sdk-modify-domain.txt",
        "sdk-query-domain-list.txt",
        "sdk-set-environment.txt",
    ] {
        assert_eq!(code(&mut registry, name), 200, "{name}");
    }
}
