//! The admin clock endpoint `/_admin/clock` over a real loopback socket:
//! reading both systems' clocks, moving one (form, query and JSON), API
//! requests seeing the moved time, every `400` text, the bearer token, and
//! API requests answered while a long advance runs. The guard's `403` for
//! other peers is a unit test (`server::admin::tests`): a loopback test
//! cannot come from another address.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use common::{Binary, Client, HttpResponse, Server, assert_refused};
use otebox::registry::Timestamp;
use otebox::server::Config;

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
const FORM: &str = "Content-Type: application/x-www-form-urlencoded\r\n";
const CLOCK: &str = "/_admin/clock";

/// The raw value of `key` in a flat JSON object (a text without its quotes).
fn value<'a>(json: &'a str, key: &str) -> &'a str {
    let pattern = format!("\"{key}\":");
    let at = json
        .find(&pattern)
        .unwrap_or_else(|| panic!("{key} in {json}"))
        + pattern.len();
    let rest = &json[at..];
    match rest.strip_prefix('"') {
        Some(text) => &text[..text.find('"').unwrap()],
        None => &rest[..rest.find([',', '}']).unwrap()],
    }
}

fn number(json: &str, key: &str) -> u64 {
    value(json, key).parse().unwrap()
}

fn time(json: &str, key: &str) -> Timestamp {
    let text = value(json, key);
    Timestamp::parse_rfc3339(text).unwrap_or_else(|| panic!("{key}: {text}"))
}

/// The objects of a JSON array of flat objects.
fn objects(json: &str) -> Vec<&str> {
    json.split_inclusive('}')
        .filter_map(|part| part.find('{').map(|at| &part[at..]))
        .collect()
}

fn admin_post(client: &mut Client, body: &str) -> HttpResponse {
    client.post(CLOCK, FORM, body)
}

fn api(client: &mut Client, command: &str) -> HttpResponse {
    client.post("/api/call.cgi", FORM, &format!("{OTE}&{command}"))
}

#[test]
fn get_shows_both_systems_or_the_one_asked_for() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let both = client.get(CLOCK);
    assert_eq!(both.status, 200, "{}", both.body);
    assert_eq!(both.header("content-type"), Some("application/json"));
    assert!(
        both.body.starts_with("[{") && both.body.ends_with("}]\n"),
        "{}",
        both.body
    );
    let systems = objects(&both.body);
    let entities: Vec<&str> = systems.iter().map(|json| value(json, "entity")).collect();
    assert_eq!(entities, ["1234", "54cd"]);
    for json in systems {
        assert_eq!(number(json, "offset_seconds"), 0, "{json}");
        assert_eq!(number(json, "pending_jobs"), 0, "{json}");
        assert_eq!(time(json, "now"), time(json, "wall"), "{json}");
        assert!(value(json, "now").ends_with('Z'));
    }
    for (query, entity) in [("?entity=1234", "1234"), ("?entity=54cd", "54cd")] {
        let one = client.get(&format!("{CLOCK}{query}"));
        assert_eq!(one.status, 200, "{}", one.body);
        assert!(one.body.starts_with('{'), "{}", one.body);
        assert_eq!(value(&one.body, "entity"), entity);
    }
    assert_refused(
        &client.get(&format!("{CLOCK}?entity=9999")),
        400,
        r#"entity: "9999" is not 1234 (OT&E) or 54cd (LIVE)"#,
    );
}

#[test]
fn an_advance_moves_one_system_and_requests_see_it() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let added = api(
        &mut client,
        "command=AddContact&FIRSTNAME=Jane&LASTNAME=Doe&STREET=Main+St+1&CITY=Berlin\
         &ZIP=10115&COUNTRY=DE&PHONE=%2B49.301234567&EMAIL=jane%40example.net",
    );
    let contact = added.field("PROPERTY[CONTACT][0]").unwrap().to_owned();

    // The default system is OT&E; the form's unencoded `+` is a space.
    let moved = admin_post(&mut client, "advance=+61d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.header("content-type"), Some("application/json"));
    let json = moved.body.as_str();
    assert_eq!(value(json, "entity"), "1234");
    assert_eq!(number(json, "offset_seconds"), 61 * 86_400);
    assert_eq!(number(json, "ran"), 0);
    assert_eq!(time(json, "now").0 - time(json, "wall").0, 61 * 86_400);
    let sandbox = time(json, "now");

    let read = client.get(&format!("{CLOCK}?entity=1234"));
    assert_eq!(number(&read.body, "offset_seconds"), 61 * 86_400);
    assert!(time(&read.body, "now") >= sandbox);
    let live = client.get(&format!("{CLOCK}?entity=54cd"));
    assert_eq!(number(&live.body, "offset_seconds"), 0, "LIVE did not move");

    // The contact changed now carries the sandbox time, its creation the wall time.
    let modified = api(
        &mut client,
        &format!("command=ModifyContact&CONTACT={contact}&CITY=Hamburg"),
    );
    assert_eq!(modified.field("CODE"), Some("200"), "{}", modified.body);
    let status = api(
        &mut client,
        &format!("command=StatusContact&CONTACT={contact}"),
    );
    let date = |key: &str| {
        let text = status.field(&format!("PROPERTY[{key}][0]")).unwrap();
        Timestamp::parse(text).unwrap()
    };
    let updated = date("UPDATEDDATE");
    assert!(
        updated >= sandbox && updated.0 - sandbox.0 < 60,
        "{updated:?} {sandbox:?}"
    );
    let created = date("CREATEDDATE");
    assert!(sandbox.0 - created.0 >= 61 * 86_400 && sandbox.0 - created.0 < 61 * 86_400 + 60);

    // A JSON body, naming LIVE; then an absolute time in the query.
    let json = client.post(
        CLOCK,
        "Content-Type: application/json\r\n",
        r#"{"advance":"30d","entity":"54cd"}"#,
    );
    assert_eq!(json.status, 200, "{}", json.body);
    assert_eq!(value(&json.body, "entity"), "54cd");
    assert_eq!(number(&json.body, "offset_seconds"), 30 * 86_400);
    let target = Timestamp(sandbox.0 + 86_400 * 365);
    let set = client.post(&format!("{CLOCK}?set={}", target.rfc3339()), "", "");
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(time(&set.body, "now"), target);
    let offset = number(&set.body, "offset_seconds");
    assert_eq!(time(&set.body, "wall").0 + offset, target.0);
    // An offset written `+02:00`, percent-encoded as a form must.
    let later = Timestamp(target.0 + 86_400);
    let local = Timestamp(later.0 + 7_200)
        .rfc3339()
        .replace('Z', "%2B02:00");
    let set = admin_post(&mut client, &format!("set={local}&entity=1234"));
    assert_eq!(time(&set.body, "now"), later, "{}", set.body);
}

#[test]
fn every_refusal_is_one_line_saying_what_was_wrong() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let moved = admin_post(&mut client, "advance=10d");
    let sandbox = time(&moved.body, "now");
    let backwards = admin_post(&mut client, "set=2026-01-01T00:00:00Z");
    let (head, tail) = (
        "set: 2026-01-01T00:00:00Z is before the sandbox time ",
        " of 1234: the clock only moves forward\n",
    );
    assert_eq!(backwards.status, 400, "{}", backwards.body);
    let shown = backwards
        .body
        .strip_prefix(head)
        .and_then(|rest| rest.strip_suffix(tail));
    let shown = Timestamp::parse_rfc3339(shown.unwrap_or_else(|| panic!("{}", backwards.body)));
    assert!(shown.is_some_and(|at| at >= sandbox && at.0 - sandbox.0 < 60));

    let cases = [
        (
            "advance=3x",
            r#"advance: "3x" is not a duration (digits then s, m, h, d, w or y, e.g. +30d or 1d12h)"#,
        ),
        (
            "advance=101y",
            r#"advance: "101y" is more than 100 years: move the clock at most 100 years at a time"#,
        ),
        (
            "advance=1d&entity=9999",
            r#"entity: "9999" is not 1234 (OT&E) or 54cd (LIVE)"#,
        ),
        (
            "advance=1d&set=2027-01-01T00:00:00Z",
            "give one of advance or set, not both",
        ),
        ("", "POST needs advance=<duration> or set=<RFC 3339 time>"),
        (
            "entity=54cd",
            "POST needs advance=<duration> or set=<RFC 3339 time>",
        ),
        (
            "set=tomorrow",
            r#"set: "tomorrow" is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)"#,
        ),
        (
            "set=2027-01-01%0D%0AX-Injected:+1",
            r#"set: "2027-01-01\r\nX-Injected: 1" is not an RFC 3339 time (e.g. 2027-01-01T00:00:00Z)"#,
        ),
        (
            "advnace=1d",
            r#"unknown parameter "advnace": the clock takes advance, set and entity"#,
        ),
    ];
    for (body, text) in cases {
        assert_refused(&admin_post(&mut client, body), 400, text);
    }
    let far = Timestamp(sandbox.0 + 101 * 365 * 86_400).rfc3339();
    assert_refused(
        &admin_post(&mut client, &format!("set={far}&entity=1234")),
        400,
        &format!(
            "set: {far} is more than 100 years ahead of the sandbox time of 1234: move the clock at most 100 years at a time"
        ),
    );
    assert_refused(
        &client.post(
            CLOCK,
            "Content-Type: application/json\r\n",
            r#"{"advance":30}x"#,
        ),
        400,
        r#"the JSON body is not one flat object ({"name":value,...}, each value a string, number, true, false or null)"#,
    );
    assert_refused(
        &client.get(&format!("{CLOCK}?advance=1d")),
        400,
        "GET only reads the clock: POST advance=<duration> or set=<RFC 3339 time> to move it",
    );
    client.send(b"PUT /_admin/clock HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    let put = client.read_response().unwrap();
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, POST"));
    // Nothing refused moved the clock.
    let read = client.get(&format!("{CLOCK}?entity=1234"));
    assert_eq!(
        number(&read.body, "offset_seconds"),
        10 * 86_400,
        "{}",
        read.body
    );
}

#[test]
fn a_token_guards_the_clock_from_every_peer() {
    let server = Server::start(Config {
        admin_token: Some("s3cret-token".into()),
        ..Config::default()
    });
    let mut client = server.connect();
    let text = "admin token missing or wrong (Authorization: Bearer …)\n";
    for headers in [
        "",
        "Authorization: Bearer wrong\r\n",
        "Authorization: Basic czNjcmV0LXRva2Vu\r\n",
    ] {
        for response in [
            client.get_with(CLOCK, headers),
            client.post(CLOCK, &format!("{FORM}{headers}"), "advance=1d"),
        ] {
            assert_eq!(response.status, 401, "{headers}");
            assert_eq!(response.header("www-authenticate"), Some("Bearer"));
            assert_eq!(response.body, text);
        }
    }
    let right = "Authorization: Bearer s3cret-token\r\n";
    assert_eq!(client.get_with(CLOCK, right).status, 200);
    let moved = client.post(CLOCK, &format!("{FORM}{right}"), "advance=1d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(number(&moved.body, "offset_seconds"), 86_400);
    // The API itself needs no token.
    assert_eq!(
        api(&mut client, "command=StatusAccount").field("CODE"),
        Some("200")
    );
}

#[test]
fn without_a_token_the_tcp_peer_decides_not_forwarded_headers() {
    // A loopback peer claiming another address is still the loopback peer
    // (the 403 of other peers: `server::admin::tests`).
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let response = client.get_with(CLOCK, "X-Forwarded-For: 203.0.113.7\r\n");
    assert_eq!(response.status, 200, "{}", response.body);
}

/// Without a token a browser on this machine is a loopback peer too: a web
/// page of another site may not move the clock (a cross-site form post) nor
/// read it under its own name resolved to 127.0.0.1 (DNS rebinding); the
/// same request from this machine's own page is admitted.
#[test]
fn without_a_token_a_web_page_of_another_site_is_refused() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let before = client.get(CLOCK).body;
    let forged = client.post(
        CLOCK,
        &format!("{FORM}Origin: http://evil.example\r\n"),
        "advance=1d",
    );
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert!(forged.body.contains("another site"), "{}", forged.body);
    client.send(format!("GET {CLOCK} HTTP/1.1\r\nHost: evil.example:8765\r\n\r\n").as_bytes());
    let rebound = client.read_response().expect("a response");
    assert_eq!(rebound.status, 403, "{}", rebound.body);
    assert_eq!(
        value(&client.get(CLOCK).body, "now"),
        value(&before, "now"),
        "the forged advance moved nothing"
    );
    let own = client.post(
        CLOCK,
        &format!("{FORM}Origin: http://localhost:8765\r\n"),
        "advance=1d",
    );
    assert_eq!(own.status, 200, "{}", own.body);
}

#[test]
fn requests_keep_being_answered_during_a_one_year_advance() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    // Domains whose lifecycle puts jobs on the clock, once it has any.
    let added = api(
        &mut client,
        "command=AddContact&FIRSTNAME=Jane&LASTNAME=Doe&STREET=Main+St+1&CITY=Berlin\
         &ZIP=10115&COUNTRY=DE&PHONE=%2B49.301234567&EMAIL=jane%40example.net",
    );
    let contact = added.field("PROPERTY[CONTACT][0]").unwrap().to_owned();
    for n in 0..10 {
        let domain = api(
            &mut client,
            &format!("command=AddDomain&DOMAIN=clock-{n}.com&PERIOD=1&OWNERCONTACT0={contact}"),
        );
        assert_eq!(domain.field("CODE"), Some("200"), "{}", domain.body);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let addr = server.addr;
    let other = {
        let (stop, answered) = (stop.clone(), answered.clone());
        std::thread::spawn(move || {
            let mut client = Client::connect(addr);
            while !stop.load(Ordering::Relaxed) {
                let response = api(&mut client, "command=StatusAccount");
                assert_eq!(response.status, 200);
                assert_eq!(response.field("CODE"), Some("200"), "{}", response.body);
                answered.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let wait_for = |count: usize| {
        for _ in 0..1000 {
            if answered.load(Ordering::Relaxed) >= count {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the other client got no answers");
    };
    wait_for(5);
    let moved = admin_post(&mut client, "advance=1y&entity=1234");
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(number(&moved.body, "offset_seconds"), 365 * 86_400);
    let after = answered.load(Ordering::Relaxed);
    wait_for(after + 5);
    stop.store(true, Ordering::Relaxed);
    other.join().expect("every StatusAccount answered 200");
    let read = client.get(&format!("{CLOCK}?entity=1234"));
    assert_eq!(number(&read.body, "offset_seconds"), 365 * 86_400);
}

#[test]
fn requests_are_answered_between_the_batches_of_a_long_advance() {
    // Jobs that do nothing (no transfer is pending), a year's worth.
    const JOBS: u64 = 300_000;
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut registry = otebox::registry::Registry::new(0);
    let system = registry.system_mut(otebox::registry::Entity::Ote);
    for n in 0..JOBS {
        let at = Timestamp(wall + 60 + n * 100);
        system.schedule(at, otebox::registry::clock::Job::Transfer("x.com".into()));
    }
    let server = Server::start_with_registry(Config::default(), registry);
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(std::sync::Mutex::new(Vec::new()));
    let addr = server.addr;
    let other = {
        let (stop, answers) = (stop.clone(), answers.clone());
        std::thread::spawn(move || {
            let mut client = Client::connect(addr);
            while !stop.load(Ordering::Relaxed) {
                let response = api(&mut client, "command=StatusAccount");
                assert_eq!(response.field("CODE"), Some("200"), "{}", response.body);
                answers.lock().unwrap().push(std::time::Instant::now());
            }
        })
    };
    while answers.lock().unwrap().len() < 5 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut client = server.connect();
    let started = std::time::Instant::now();
    let moved = admin_post(&mut client, "advance=1y");
    let ended = std::time::Instant::now();
    stop.store(true, Ordering::Relaxed);
    other.join().expect("every StatusAccount answered 200");
    assert_eq!(moved.status, 200, "{}", moved.body);
    // Requests answered between two batches found jobs due and ran up to
    // 64 each themselves: the advance ran fewer than all (with the lock held
    // throughout, it would run every one).
    assert_eq!(number(&moved.body, "pending_jobs"), 0);
    let ran = number(&moved.body, "ran");
    assert!(ran < JOBS && ran > JOBS / 2, "{ran}");
    let during = answers
        .lock()
        .unwrap()
        .iter()
        .filter(|at| **at > started && **at < ended)
        .count();
    eprintln!(
        "advance took {:?}, {during} answers meanwhile",
        ended - started
    );
    assert!(during >= 1, "{during} answers during {:?}", ended - started);
}

#[test]
fn the_binary_takes_the_token_from_its_environment_and_logs_each_call() {
    let token = "t0ken-from-env";
    let binary = Binary::start(&[], &[("OTEBOX_ADMIN_TOKEN", token)]);
    let addr = binary.addr;
    let mut client = Client::connect(addr);
    assert_eq!(client.get(CLOCK).status, 401);
    let bearer = format!("{FORM}Authorization: Bearer {token}\r\n");
    let moved = client.post(CLOCK, &bearer, "advance=61d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    let refused = client.post(CLOCK, &bearer, "advance=3x%0A");
    assert_eq!(refused.status, 400, "{}", refused.body);
    drop(client);

    let log = binary.stop();
    assert!(!log.contains(token), "{log}");
    let admin: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("admin clock"))
        .collect();
    assert_eq!(admin.len(), 3, "{log}");
    assert!(
        admin[0].contains(" INFO ") && admin[0].contains("status=401"),
        "{log}"
    );
    assert!(
        admin[1].contains("admin clock peer=127.0.0.1 advance=61d entity=1234 ran=0 micros="),
        "{log}"
    );
    assert!(
        admin[2].contains(r#"why="advance: \"3x\\n\" is not a duration"#),
        "{log}"
    );
}
