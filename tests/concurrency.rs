//! The server under load and under a panicking command: many keep-alive
//! clients at once get well-formed answers, ended sessions stay ended, and a
//! panic inside a command is a `421` that leaves the server serving.

mod common;

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::{HttpResponse, Server};
use otebox::registry::Limits;
use otebox::registry::Registry;
use otebox::server::Config;
use otebox::wire::Request;
use otebox::{Meta, Outcome};

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
const CLIENTS: usize = 16;
const HAMMER_FOR: Duration = Duration::from_secs(2);

/// Panics unless `response` is HTTP 200 carrying a response every SDK parses;
/// returns its CODE.
fn well_formed(response: &HttpResponse) -> u16 {
    assert_eq!(response.status, 200, "{response:?}");
    let text = &response.body;
    assert!(text.starts_with("[RESPONSE]\r\n"), "{text:?}");
    assert!(text.ends_with("\r\nEOF\r\n"), "{text:?}");
    let inner = &text["[RESPONSE]\r\n".len()..text.len() - "EOF\r\n".len()];
    for line in inner.split_terminator("\r\n") {
        assert!(
            line.contains('=') && !line.contains(['\r', '\n']),
            "{line:?} in {text:?}"
        );
    }
    let description = response.field("DESCRIPTION").unwrap_or("");
    assert!(!description.trim().is_empty(), "{text:?}");
    let code = response.field("CODE").expect("CODE");
    assert!(
        code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()),
        "{text:?}"
    );
    code.parse().unwrap()
}

fn property<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
    response.field(&format!("PROPERTY[{name}][0]"))
}

const API: &str = "/api/call.cgi";

#[test]
fn many_keep_alive_clients_get_well_formed_answers() {
    // Its clients send wrong passwords among right ones from one address:
    // without the lock-out, so that every answer stays the one each asked for.
    let limits = Limits {
        lockout_failures: 0,
        ..Limits::default()
    };
    let server = Arc::new(Server::start_with_limits(Config::default(), limits));
    let ended = Arc::new(Mutex::new(Vec::<String>::new()));
    let deadline = Instant::now() + HAMMER_FOR;
    let threads: Vec<_> = (0..CLIENTS)
        .map(|number| {
            let server = server.clone();
            let ended = ended.clone();
            thread::spawn(move || {
                let mut client = server.connect();
                let mut round = number;
                let mut requests = 0usize;
                while Instant::now() < deadline {
                    round += 1;
                    match round % 5 {
                        0 => {
                            let start = client.post(
                                API,
                                "",
                                &format!("{OTE}&s_command=COMMAND%3DStartSession"),
                            );
                            assert_eq!(well_formed(&start), 200, "{}", start.body);
                            let id = property(&start, "SESSION").expect("SESSION").to_owned();
                            let by_session = format!("s_entity=1234&s_session={id}");
                            let status = client.post(
                                API,
                                "",
                                &format!("{by_session}&s_command=COMMAND%3DStatusAccount"),
                            );
                            assert_eq!(well_formed(&status), 200, "{}", status.body);
                            assert_eq!(property(&status, "CURRENCY"), Some("EUR"));
                            let end =
                                client.post(API, "", &format!("{by_session}&command=EndSession"));
                            assert_eq!(well_formed(&end), 200, "{}", end.body);
                            ended.lock().unwrap().push(id);
                            requests += 3;
                        }
                        1 => {
                            let status =
                                client.post(API, "", &format!("{OTE}&command=StatusAccount"));
                            assert_eq!(well_formed(&status), 200, "{}", status.body);
                            requests += 1;
                        }
                        2 => {
                            let body =
                                "s_entity=1234&s_login=test.user&s_pw=wrong&command=StatusAccount";
                            assert_eq!(well_formed(&client.post(API, "", body)), 530);
                            requests += 1;
                        }
                        3 => {
                            let body = format!("{OTE}&command=NoSuchCommand{number}");
                            assert_eq!(well_formed(&client.post(API, "", &body)), 500);
                            requests += 1;
                        }
                        _ => {
                            let body = format!("{OTE}&s_command=COMMAND%3DStatus%zzAccount%");
                            assert_eq!(well_formed(&client.post(API, "", &body)), 505);
                            requests += 1;
                        }
                    }
                }
                requests
            })
        })
        .collect();
    let requests: usize = threads
        .into_iter()
        .map(|thread| thread.join().expect("client thread"))
        .sum();
    assert!(requests > CLIENTS * 5, "only {requests} requests answered");

    let ended = ended.lock().unwrap().clone();
    assert!(!ended.is_empty());
    let mut distinct = ended.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        ended.len(),
        "a session id was handed out twice"
    );
    let mut client = server.connect();
    for id in &ended {
        let body = format!("s_entity=1234&s_session={id}&command=StatusAccount");
        let response = client.post(API, "", &body);
        assert_eq!(
            well_formed(&response),
            530,
            "ended session {id} still works"
        );
    }
    let health = client.get("/healthz");
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
}

/// `otebox::execute`, except that a request with a parameter `X=PANIC`
/// panics while the registry lock is held.
fn panicking_execute(registry: &mut Registry, meta: &Meta, request: &Request) -> Outcome {
    if request.params.get("X").is_some_and(|x| x == "PANIC") {
        panic!("injected panic for the test");
    }
    otebox::execute(registry, meta, request)
}

#[test]
fn a_panicking_command_answers_421_and_the_server_keeps_serving() {
    let server = Server::start_with(Config::default(), panicking_execute);

    let mut client = server.connect();
    let panicked = client.post(API, "", &format!("{OTE}&command=StatusAccount&x=PANIC"));
    assert_eq!(well_formed(&panicked), 421, "{}", panicked.body);
    assert_eq!(
        panicked.field("DESCRIPTION"),
        Some("Command failed due to server error. Client should try again")
    );
    // The same keep-alive connection still works.
    let again = client.post(API, "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(well_formed(&again), 200, "{}", again.body);

    // So does a new connection, and the registry behind the lock.
    let mut client = server.connect();
    let status = client.post(API, "", &format!("{OTE}&command=StatusAccount"));
    assert_eq!(well_formed(&status), 200, "{}", status.body);
    let start = client.post(API, "", &format!("{OTE}&command=StartSession"));
    assert_eq!(well_formed(&start), 200, "{}", start.body);
    let id = property(&start, "SESSION").expect("SESSION");
    let by_session = format!("s_entity=1234&s_session={id}&command=StatusAccount");
    let status = client.post(API, "", &by_session);
    assert_eq!(well_formed(&status), 200, "{}", status.body);
    assert_eq!(property(&status, "CURRENCY"), Some("EUR"));

    // A second panic, now with a session, is just as harmless.
    let panicked = client.post(API, "", &format!("{by_session}&x=PANIC"));
    assert_eq!(well_formed(&panicked), 421);
    let status = client.post(API, "", &by_session);
    assert_eq!(well_formed(&status), 200, "{}", status.body);
    assert_eq!(client.get("/healthz").status, 200);

    server.stop().expect("serve_with returns");
}
