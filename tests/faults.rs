//! Fault injection, `/_admin/faults`, over a real loopback socket: adding,
//! listing, removing and clearing rules; every `400`; the token and the
//! loopback guard; rules firing by count, seeded probability, window,
//! parameter and login (also by session); both dialects; the presets; a
//! delay. The HTTP failures and the log line: `tests/faults_http.rs`.

mod common;

use std::time::{Duration, Instant};

use common::{Client, HttpResponse, Server};
use otebox::registry::Timestamp;
use otebox::server::Config;

const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";
const FORM: &str = "Content-Type: application/x-www-form-urlencoded\r\n";
const JSON: &str = "Content-Type: application/json\r\n";
const FAULTS: &str = "/_admin/faults";

fn add(client: &mut Client, json: &str) -> u64 {
    let added = client.post(FAULTS, JSON, json);
    assert_eq!(added.status, 200, "{json}: {}", added.body);
    assert_eq!(added.header("content-type"), Some("application/json"));
    let id = added
        .body
        .trim()
        .strip_prefix("{\"id\":")
        .and_then(|rest| rest.strip_suffix('}'))
        .unwrap_or_else(|| panic!("{}", added.body));
    id.parse().expect("a number")
}

fn api(client: &mut Client, command: &str) -> HttpResponse {
    client.post("/api/call.cgi", FORM, &format!("{OTE}&{command}"))
}

fn code(response: &HttpResponse) -> &str {
    response.field("CODE").unwrap_or("none")
}

fn delete(client: &mut Client, target: &str) -> HttpResponse {
    let request =
        format!("DELETE {target} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    client.send(request.as_bytes());
    client.read_response().expect("a response")
}

fn wall() -> Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    Timestamp(seconds)
}

#[test]
fn rules_are_added_listed_removed_and_cleared() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    assert_eq!(client.get(FAULTS).body, "[]\n");
    let first = add(
        &mut client,
        r#"{"command":"AddDomain","code":421,"count":2}"#,
    );
    let second = add(
        &mut client,
        r#"{"command": "Check*", "login": "test.user!ci", "entity": "1234", "code": "549",
            "description": "registry timeout", "probability": 0.5, "seed": 9,
            "param": "DOMAIN=*.de", "from": "2026-01-01T00:00:00Z", "until": "2099-01-01T00:00:00Z"}"#,
    );
    // A form works too.
    let third = client.post(FAULTS, FORM, "command=*&http=503");
    assert_eq!(third.body, "{\"id\":3}\n");
    assert_eq!((first, second), (1, 2));
    let listed = client.get(FAULTS);
    assert_eq!(listed.header("content-type"), Some("application/json"));
    assert_eq!(
        listed.body,
        "[{\"id\":1,\"command\":\"AddDomain\",\"code\":421,\"count\":2,\"fired\":0,\"left\":2},\
         {\"id\":2,\"command\":\"Check*\",\"login\":\"test.user!ci\",\"entity\":\"1234\",\
         \"param\":\"DOMAIN=*.de\",\"from\":\"2026-01-01T00:00:00Z\",\"until\":\"2099-01-01T00:00:00Z\",\
         \"code\":549,\"description\":\"registry timeout\",\"probability\":0.5,\"seed\":9,\
         \"fired\":0,\"left\":null},\
         {\"id\":3,\"command\":\"*\",\"http\":\"503\",\"fired\":0,\"left\":null}]\n"
    );
    assert_eq!(
        delete(&mut client, "/_admin/faults/2").body,
        "{\"removed\":1}\n"
    );
    let again = delete(&mut client, "/_admin/faults/2");
    assert_eq!(again.status, 404);
    assert_eq!(
        again.body,
        "no fault rule 2: GET /_admin/faults lists them\n"
    );
    assert_eq!(delete(&mut client, "/_admin/faults/x").status, 400);
    assert_eq!(delete(&mut client, FAULTS).body, "{\"removed\":2}\n");
    assert_eq!(client.get(FAULTS).body, "[]\n");
    // Numbers keep counting after a clear.
    assert_eq!(add(&mut client, r#"{"command":"*","delay_ms":1}"#), 4);
    let put = client.post(FAULTS, "X-Method: none\r\n", "");
    assert_eq!(put.status, 400, "an empty POST: {}", put.body);
}

#[test]
fn every_refusal_is_one_line_naming_the_field_and_changes_nothing() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    for (json, text) in [
        (
            r#"{"command":"X","code":421,"colour":"red"}"#,
            "unknown field \"colour\"",
        ),
        (
            r#"{"command":"X","code":200}"#,
            "code: \"200\" is not an error code",
        ),
        (r#"{"command":"X","code":"abc"}"#, "code: \"abc\""),
        (
            r#"{"command":"X","code":421,"probability":1.5}"#,
            "probability: \"1.5\"",
        ),
        (
            r#"{"command":"X","code":421,"probability":-1}"#,
            "probability: \"-1\"",
        ),
        (r#"{"command":"X"}"#, "code: missing"),
        (r#"{"code":421}"#, "command: missing"),
        (
            r#"{"command":"X","code":421,"http":"close"}"#,
            "http: give code",
        ),
        (r#"{"command":"X","http":"teapot"}"#, "http: \"teapot\""),
        (
            r#"{"command":"X","code":421,"until":"soon"}"#,
            "until: \"soon\"",
        ),
        (r#"{"command":"X","code":421,"count":0}"#, "count: \"0\""),
        (
            r#"{"command":"X","code":421,"entity":"9999"}"#,
            "entity: \"9999\"",
        ),
        (
            r#"{"command":"X","code":421,"param":"DOMAIN"}"#,
            "param: \"DOMAIN\"",
        ),
        (r#"{"preset":"slow registry"}"#, "preset: \"slow registry\""),
        (r#"{"preset":"quota"}"#, "per_minute: missing"),
        (
            r#"{"command":"X","code":421"#,
            "the JSON body is not one flat object",
        ),
    ] {
        let refused = client.post(FAULTS, JSON, json);
        assert_eq!(refused.status, 400, "{json}: {}", refused.body);
        assert!(refused.body.starts_with(text), "{json}: {}", refused.body);
        assert_eq!(refused.body.matches('\n').count(), 1, "{}", refused.body);
        assert!(
            refused
                .header("content-type")
                .unwrap()
                .starts_with("text/plain")
        );
    }
    assert_eq!(client.get(FAULTS).body, "[]\n");
    assert_eq!(code(&api(&mut client, "command=StatusAccount")), "200");
    // The refused attempts used no number.
    assert_eq!(add(&mut client, r#"{"command":"X","code":421}"#), 1);
}

#[test]
fn a_token_guards_the_rules_from_every_peer() {
    let server = Server::start(Config {
        admin_token: Some("s3cret-token".into()),
        ..Config::default()
    });
    let mut client = server.connect();
    let text = "admin token missing or wrong (Authorization: Bearer …)\n";
    for headers in ["", "Authorization: Bearer wrong\r\n"] {
        for response in [
            client.get_with(FAULTS, headers),
            client.post(
                FAULTS,
                &format!("{JSON}{headers}"),
                r#"{"command":"*","code":421}"#,
            ),
        ] {
            assert_eq!(response.status, 401, "{headers}");
            assert_eq!(response.header("www-authenticate"), Some("Bearer"));
            assert_eq!(response.body, text);
        }
    }
    let right = "Authorization: Bearer s3cret-token\r\n";
    assert_eq!(client.get_with(FAULTS, right).body, "[]\n");
    let added = client.post(
        FAULTS,
        &format!("{JSON}{right}"),
        r#"{"command":"StatusAccount","code":421}"#,
    );
    assert_eq!(added.body, "{\"id\":1}\n");
    assert_eq!(code(&api(&mut client, "command=StatusAccount")), "421");
}

#[test]
fn without_a_token_a_peer_that_is_not_loopback_is_refused() {
    let Some(server) = Server::start_off_loopback() else {
        eprintln!("no address but loopback: the 403 is covered by server::admin::tests");
        return;
    };
    let addr = server.addr;
    let mut client = Client::connect(addr);
    let refused = client.post(FAULTS, JSON, r#"{"command":"*","code":421}"#);
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(
        refused.body,
        "the admin API answers loopback peers only unless --admin-token is set\n"
    );
    assert_eq!(client.get(FAULTS).status, 403);
    server.stop().expect("served");
}

#[test]
fn a_421_rule_runs_nothing_and_is_spent_after_its_count() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add(
        &mut client,
        r#"{"command":"adddomain","code":421,"count":1}"#,
    );
    let domain = "command=AddDomain&DOMAIN=fault-test.com&PERIOD=1&OWNERCONTACT0=P-JDE1";
    let contact = api(
        &mut client,
        "command=AddContact&FIRSTNAME=Jane&LASTNAME=Doe&STREET=Main+St+1&CITY=Berlin\
         &ZIP=10115&COUNTRY=DE&PHONE=%2B49.301234567&EMAIL=jane%40example.net",
    );
    let handle = contact
        .field("PROPERTY[CONTACT][0]")
        .expect("a handle")
        .to_owned();
    let domain = domain.replace("P-JDE1", &handle);
    let before = api(&mut client, "command=StatusAccount");
    let refused = api(&mut client, &domain);
    assert_eq!(code(&refused), "421", "{}", refused.body);
    assert_eq!(
        refused.field("DESCRIPTION"),
        Some(
            "Command failed due to server error. Client should try again; fault rule 1 of /_admin/faults"
        )
    );
    let status = api(&mut client, "command=StatusDomain&DOMAIN=fault-test.com");
    assert_eq!(
        code(&status),
        "545",
        "the domain was not created: {}",
        status.body
    );
    let after = api(&mut client, "command=StatusAccount");
    assert_eq!(
        before.field("PROPERTY[AMOUNT][0]"),
        after.field("PROPERTY[AMOUNT][0]")
    );
    // The second try is not matched: the rule is spent.
    assert_eq!(code(&api(&mut client, &domain)), "200");
    let listed = client.get(FAULTS).body;
    assert!(listed.contains("\"fired\":1,\"left\":0"), "{listed}");
}

/// The codes a run of 24 StatusAccount calls sees under a rule with `seed`.
fn probability_run(client: &mut Client, seed: u64) -> String {
    assert_eq!(delete(client, FAULTS).status, 200);
    add(
        client,
        &format!(r#"{{"command":"StatusAccount","code":421,"probability":0.5,"seed":{seed}}}"#),
    );
    (0..24)
        .map(|_| match code(&api(client, "command=StatusAccount")) {
            "421" => 'x',
            _ => '.',
        })
        .collect()
}

#[test]
fn a_seeded_probability_repeats_its_run() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let first = probability_run(&mut client, 42);
    assert_eq!(first, probability_run(&mut client, 42));
    assert_ne!(first, probability_run(&mut client, 43));
    assert!(first.contains('x') && first.contains('.'), "{first}");
}

#[test]
fn a_window_a_parameter_and_an_entity_narrow_a_rule() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let now = wall().0;
    let at = |seconds: u64| Timestamp(seconds).rfc3339();
    // Over, and not yet: neither fires.
    add(
        &mut client,
        &format!(r#"{{"command":"*","code":421,"until":"{}"}}"#, at(now - 60)),
    );
    add(
        &mut client,
        &format!(
            r#"{{"command":"*","code":421,"from":"{}"}}"#,
            at(now + 3600)
        ),
    );
    assert_eq!(code(&api(&mut client, "command=StatusAccount")), "200");
    add(
        &mut client,
        &format!(
            r#"{{"command":"CheckDomain","code":549,"param":"domain=*.DE","entity":"1234","from":"{}","until":"{}"}}"#,
            at(now - 60),
            at(now + 3600)
        ),
    );
    let de = api(&mut client, "command=CheckDomain&DOMAIN=example.de");
    assert_eq!(code(&de), "549", "{}", de.body);
    assert_eq!(
        code(&api(&mut client, "command=CheckDomain&DOMAIN=example.com")),
        "210"
    );
    let live = client.post(
        "/api/call.cgi",
        FORM,
        "s_entity=54cd&s_login=test.user&s_pw=test.passw0rd&command=CheckDomain&DOMAIN=example.de",
    );
    assert_ne!(code(&live), "549", "LIVE is another entity: {}", live.body);
}

#[test]
fn both_dialects_get_the_fault_in_their_layout() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add(
        &mut client,
        r#"{"command":"StatusAccount","code":421,"entity":"1234"}"#,
    );
    let cnr = client.post(
        "/cnr/api/call.cgi",
        FORM,
        "s_login=test.user&s_pw=test.passw0rd&command=StatusAccount",
    );
    // The CentralNic Reseller layout: lower-case keys, ` = `, LF only.
    assert!(
        cnr.body.contains("\ncode = 421\n")
            && cnr
                .body
                .contains("\ndescription = Command failed due to server error")
            && !cnr.body.contains('\r'),
        "{}",
        cnr.body
    );
    let hexonet = api(&mut client, "command=StatusAccount");
    assert!(
        hexonet.body.contains("\r\nCODE=421\r\n"),
        "{}",
        hexonet.body
    );
    // A role login in either spelling matches a rule naming that role.
    add(
        &mut client,
        r#"{"command":"StatusUser","code":531,"login":"test.user:ci"}"#,
    );
    let cnr_role = client.post(
        "/cnr/api/call.cgi",
        FORM,
        "s_login=test.user%3Aci&s_pw=x&command=StatusUser",
    );
    assert!(cnr_role.body.contains("code = 531"), "{}", cnr_role.body);
    let account = api(&mut client, "command=StatusUser");
    assert_eq!(
        code(&account),
        "200",
        "the account is not the role: {}",
        account.body
    );
}

#[test]
fn a_login_rule_matches_requests_by_session() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let started = api(&mut client, "command=StartSession");
    let session = started
        .field("PROPERTY[SESSION][0]")
        .expect("a session")
        .to_owned();
    add(
        &mut client,
        r#"{"command":"StatusAccount","code":425,"login":"test.user2"}"#,
    );
    add(
        &mut client,
        r#"{"command":"StatusAccount","code":421,"login":"test.user"}"#,
    );
    let by_session = client.post(
        "/api/call.cgi",
        FORM,
        &format!("s_entity=1234&s_session={session}&command=StatusAccount"),
    );
    assert_eq!(code(&by_session), "421", "{}", by_session.body);
    assert!(
        by_session.body.contains("fault rule 2"),
        "{}",
        by_session.body
    );
}

#[test]
fn the_presets_answer_maintenance_and_quota() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add(&mut client, r#"{"preset":"maintenance"}"#);
    for command in ["command=StatusAccount", "command=CheckDomain&DOMAIN=a.com"] {
        let answer = api(&mut client, command);
        assert_eq!(code(&answer), "421");
        assert!(
            answer.field("DESCRIPTION").unwrap().contains("maintenance"),
            "{}",
            answer.body
        );
    }
    assert_eq!(delete(&mut client, FAULTS).status, 200);
    // Three calls in one minute: wait if this one is about to end.
    if wall().0 % 60 > 50 {
        std::thread::sleep(Duration::from_secs(61 - wall().0 % 60));
    }
    add(&mut client, r#"{"preset":"quota","per_minute":2}"#);
    assert_eq!(code(&api(&mut client, "command=StatusAccount")), "200");
    assert_eq!(code(&api(&mut client, "command=StatusAccount")), "200");
    let over = api(&mut client, "command=StatusAccount");
    assert_eq!(code(&over), "425", "{}", over.body);
    assert_eq!(over.field("PROPERTY[QUOTAEXCEEDED][0]"), Some("1"));
    let text = over.field("DESCRIPTION").unwrap();
    assert!(
        text.starts_with(
            "Service temporarily locked; usage exceeded; test.user made 2 requests in the minute "
        ) && text.contains("its quota (fault rule 2, preset quota) is 2"),
        "{text}"
    );
    let other = client.post(
        "/api/call.cgi",
        FORM,
        "s_entity=1234&s_login=test.user2&s_pw=test.passw0rd&command=StatusAccount",
    );
    assert_eq!(code(&other), "200", "another account counts apart");
}

#[test]
fn a_delay_alone_delays_and_runs_the_command() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    add(&mut client, r#"{"command":"StatusAccount","delay_ms":300}"#);
    let started = Instant::now();
    let answer = api(&mut client, "command=StatusAccount");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(code(&answer), "200");
    let started = Instant::now();
    assert_eq!(code(&api(&mut client, "command=StatusUser")), "200");
    assert!(started.elapsed() < Duration::from_millis(300));
}
