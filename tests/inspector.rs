//! The web inspector over a real loopback socket: the page and its assets,
//! the live rows (server-sent events) of a request made after connecting,
//! one system's stream not showing the other's requests, a refusal's detail
//! with its explanation and without any secret, the token, login form and
//! cookie rules; and the page itself in headless Chromium while the test
//! drives requests (rows, a click, a refusal's explanation in the DOM, a
//! screenshot kept at `target/tmp/inspector/inspector.png`, then a fault
//! rule listed and cleared and the clock moved from the page). The guard's
//! `403` for other peers is a unit test (`server::admin::inspector`).

mod browser;
mod common;
mod shipped;

use std::io::Read;
use std::time::{Duration, Instant};

use common::{Client, HttpResponse, Server};
use otebox::server::Config;

const FORM: &str = "Content-Type: application/x-www-form-urlencoded\r\n";
const OTE: &str = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd";

fn api(client: &mut Client, body: &str) -> HttpResponse {
    client.post("/api/call.cgi", FORM, body)
}

/// Reads an open event stream until `needle` arrives (at most ten seconds);
/// everything read so far.
fn read_until(client: &mut Client, seen: &mut String, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut chunk = [0u8; 16384];
    while !seen.contains(needle) {
        assert!(Instant::now() < deadline, "{needle:?} never came: {seen}");
        match client.stream.read(&mut chunk) {
            Ok(0) => panic!("the stream ended: {seen}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&chunk[..n])),
            Err(error) => panic!("{error}: {seen}"),
        }
    }
}

/// Opens `/_admin/events?entity=…` on a connection of its own.
fn events(server: &Server, entity: &str, headers: &str) -> (Client, String) {
    let mut client = server.connect();
    let request =
        format!("GET /_admin/events?entity={entity} HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n");
    client.send(request.as_bytes());
    let mut seen = String::new();
    read_until(&mut client, &mut seen, "retry: 1000");
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(
        seen.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{seen}"
    );
    (client, seen)
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let page = client.get("/_admin/");
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("<script src=\"inspector.js\""));
    assert!(!page.body.contains("http://") && !page.body.contains("https://"));
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    let script = client.get("/_admin/inspector.js");
    assert_eq!(script.status, 200);
    assert!(
        script
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(script.body.contains("new EventSource(\"events?entity=\""));
    let style = client.get("/_admin/inspector.css");
    assert_eq!(style.status, 200);
    assert!(
        style
            .header("content-type")
            .unwrap()
            .starts_with("text/css")
    );
    let bare = client.get("/_admin");
    assert_eq!(bare.status, 308);
    assert_eq!(bare.header("location"), Some("/_admin/"));
    let posted = client.post("/_admin/inspector.js", FORM, "");
    assert_eq!(posted.status, 405, "{}", posted.body);
    let unknown = client.get("/_admin/requests/x");
    assert_eq!(unknown.status, 404);
    let gone = client.get("/_admin/requests/999");
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("keeps the last 1000"), "{}", gone.body);
    let wrong = client.get("/_admin/events?entity=9999");
    assert_eq!(wrong.status, 400);
    assert_eq!(
        wrong.body,
        "entity: \"9999\" is not 1234 (OT&E) or 54cd (LIVE)\n"
    );
}

#[test]
fn the_stream_delivers_kept_rows_then_each_new_request_of_its_system() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    api(&mut client, &format!("{OTE}&command=StatusAccount"));
    let (mut stream, mut seen) = events(&server, "1234", "");
    read_until(&mut stream, &mut seen, "\"command\":\"StatusAccount\"");
    // Made after connecting: a LIVE request (not this stream's), then OT&E's.
    api(
        &mut client,
        "s_entity=54cd&s_login=test.user&s_pw=test.passw0rd&command=QueryZoneList",
    );
    api(
        &mut client,
        &format!("{OTE}&command=CheckDomain&DOMAIN=example-inspector.com"),
    );
    read_until(&mut stream, &mut seen, "\"command\":\"CheckDomain\"");
    assert!(!seen.contains("QueryZoneList"), "{seen}");
    assert!(
        seen.contains("id: 3\nevent: request\ndata: {\"id\":3,"),
        "{seen}"
    );
    assert!(seen.contains("\"entity\":\"1234\",\"peer\":\"127.0.0.1\",\"dialect\":\"HEXONET\",\"login\":\"test.user\""), "{seen}");
    // The LIVE stream has it; a reconnect with Last-Event-ID gets only newer rows.
    let (mut live, mut live_seen) = events(&server, "54cd", "");
    read_until(&mut live, &mut live_seen, "\"command\":\"QueryZoneList\"");
    let (mut again, mut again_seen) = events(&server, "1234", "Last-Event-ID: 1\r\n");
    read_until(&mut again, &mut again_seen, "\"command\":\"CheckDomain\"");
    assert!(!again_seen.contains("StatusAccount"), "{again_seen}");
}

#[test]
fn a_refusal_detail_explains_it_and_holds_no_secret() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    // 1: a wrong password, with secret parameters.
    let body = "s_entity=1234&s_login=test.user&s_pw=Wr0ngSecret!&command=ModifyDomain&DOMAIN=a.com&AUTH=authc0de77&PASSWORD=hunter2hunter";
    assert_eq!(api(&mut client, body).field("CODE"), Some("530"));
    // 2: a session opened, 3: a request with it.
    let started = api(&mut client, &format!("{OTE}&command=StartSession"));
    let session = started.field("PROPERTY[SESSION][0]").unwrap().to_owned();
    let used = api(
        &mut client,
        &format!("s_entity=1234&s_session={session}&command=StatusAccount"),
    );
    assert_eq!(used.field("CODE"), Some("200"));
    // 4: CentralNic Reseller's short text, whose full reason the log keeps.
    let cnr = client.post(
        "/cnr/api/call.cgi",
        FORM,
        "s_login=test.user&s_pw=nope-nope&command=StatusAccount",
    );
    assert!(cnr.body.contains("code = 530"), "{}", cnr.body);
    let details: Vec<String> = (1..=4)
        .map(|id| {
            let detail = client.get(&format!("/_admin/requests/{id}"));
            assert_eq!(detail.status, 200, "{}", detail.body);
            assert_eq!(detail.header("content-type"), Some("application/json"));
            detail.body
        })
        .collect();
    for detail in &details {
        for secret in [
            "Wr0ngSecret",
            "authc0de77",
            "hunter2hunter",
            "nope-nope",
            &session,
        ] {
            assert!(!detail.contains(secret), "{secret} in {detail}");
        }
    }
    let refusal = &details[0];
    assert!(refusal.contains("\"code\":530"), "{refusal}");
    assert!(
        refusal.contains("\"explanation\":\"Authentication failed; wrong password for test.user in OT&E (s_entity=1234)\""),
        "{refusal}"
    );
    assert!(refusal.contains("[\"s_pw\",\"***\"]"), "{refusal}");
    assert!(
        refusal.contains("[\"AUTH\",\"***\"],[\"PASSWORD\",\"***\"]"),
        "{refusal}"
    );
    assert!(refusal.contains("[\"DOMAIN\",\"a.com\"]"), "{refusal}");
    assert!(
        refusal.contains("\"response\":\"[RESPONSE]\\r\\nDESCRIPTION=Authentication failed"),
        "{refusal}"
    );
    assert!(
        details[1].contains("PROPERTY[SESSION][0]=***"),
        "{}",
        details[1]
    );
    assert!(
        details[1].contains("\"explanation\":null"),
        "{}",
        details[1]
    );
    assert!(
        details[2].contains("[\"s_session\",\"***\"]"),
        "{}",
        details[2]
    );
    assert!(
        details[2].contains("\"principal\":\"test.user\""),
        "{}",
        details[2]
    );
    assert!(
        details[2].contains("\"client\":\"127.0.0.1 (the TCP peer)\""),
        "{}",
        details[2]
    );
    let cnr = &details[3];
    assert!(cnr.contains("\"dialect\":\"CNR\""), "{cnr}");
    assert!(
        cnr.contains("\"description\":\"Authentication failed\""),
        "{cnr}"
    );
    assert!(
        cnr.contains("\"explanation\":\"Authentication failed; wrong password"),
        "{cnr}"
    );
}

#[test]
fn with_a_token_the_page_asks_for_it_once_and_the_cookie_opens_the_admin_calls() {
    let config = Config {
        admin_token: Some("t0ken-of-the-test".into()),
        ..Config::default()
    };
    let server = Server::start(config);
    let mut client = server.connect();
    let form = client.get("/_admin/");
    assert_eq!(form.status, 401);
    assert!(
        form.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(form.body.contains("action=\"/_admin/login\"") && form.body.contains("name=\"token\""));
    for path in [
        "/_admin/events",
        "/_admin/requests/1",
        "/_admin/inspector.js",
    ] {
        let refused = client.get(path);
        assert_eq!(refused.status, 401, "{path}");
        assert_eq!(refused.header("www-authenticate"), Some("Bearer"));
    }
    let wrong = client.post("/_admin/login", FORM, "token=guess");
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("not the admin token"), "{}", wrong.body);
    assert!(wrong.header("set-cookie").is_none());
    let right = client.post("/_admin/login", FORM, "token=t0ken-of-the-test");
    assert_eq!(right.status, 303, "{}", right.body);
    assert_eq!(right.header("location"), Some("/_admin/"));
    let cookie = right.header("set-cookie").unwrap().to_owned();
    assert!(
        cookie.ends_with("; Path=/_admin; HttpOnly; SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("t0ken-of-the-test"), "{cookie}");
    let pair = cookie.split(';').next().unwrap();
    let with = format!("Cookie: {pair}\r\n");
    let page = client.get_with("/_admin/", &with);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("inspector.js"));
    // The cookie opens the other admin calls the page makes.
    assert_eq!(
        client.get_with("/_admin/clock?entity=1234", &with).status,
        200
    );
    assert_eq!(client.get_with("/_admin/faults", &with).status, 200);
    // The bearer token still works; a forged cookie does not.
    let bearer = "Authorization: Bearer t0ken-of-the-test\r\n";
    assert_eq!(client.get_with("/_admin/inspector.js", bearer).status, 200);
    let forged = "Cookie: otebox_admin=t0ken-of-the-test\r\n";
    assert_eq!(client.get_with("/_admin/clock", forged).status, 401);
    assert_eq!(client.get_with("/_admin/", forged).status, 401);
}

#[test]
fn without_a_token_loopback_just_opens_and_there_is_no_login() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    assert_eq!(client.get("/_admin/").status, 200);
    let login = client.post("/_admin/login", FORM, "token=x");
    assert_eq!(login.status, 404);
    assert!(login.header("set-cookie").is_none());
}

#[test]
fn a_real_browser_shows_the_rows_and_a_refusals_explanation() {
    shipped::ensure_installed("chromium", browser::present, &["chromium"]);
    let server = Server::start(Config::default());
    let mut client = server.connect();
    api(&mut client, &format!("{OTE}&command=StatusAccount"));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspector");
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("http://{}/_admin/", server.addr);
    let mut page = browser::Browser::open(&url, &dir.join("profile"));
    let rows = "document.querySelectorAll('#rows tr').length";
    page.wait_for(rows, |n| n == "1");
    page.wait_for("document.getElementById('clock-now').textContent", |now| {
        now.starts_with("20") && now.ends_with('Z')
    });
    // Requests made while the page is open.
    api(
        &mut client,
        &format!("{OTE}&command=CheckDomain&DOMAIN=seen-by-chromium.com"),
    );
    let refused = "s_entity=1234&s_login=test.user&s_pw=Br0wserSecret&command=AddDomain&DOMAIN=x.com&AUTH=c0de-in-browser";
    api(&mut client, refused);
    page.wait_for(rows, |n| n == "3");
    let newest = page.eval("document.querySelector('#rows tr').innerText");
    assert!(
        newest.contains("AddDomain") && newest.contains("530"),
        "{newest}"
    );
    assert!(
        newest.contains("test.user") && newest.contains("HEXONET"),
        "{newest}"
    );
    let table = page.eval("document.getElementById('rows').innerText");
    assert!(
        table.contains("CheckDomain") && table.contains("StatusAccount"),
        "{table}"
    );
    // A click on the refusal opens its detail with the explanation.
    page.eval("document.querySelector('#rows tr.refused').click()");
    let why = page.wait_for(
        "document.getElementById('explanation').textContent",
        |text| !text.is_empty(),
    );
    assert_eq!(
        why,
        "Why: Authentication failed; wrong password for test.user in OT&E (s_entity=1234)"
    );
    let detail = page.wait_for("document.getElementById('detail').innerText", |text| {
        text.contains("[RESPONSE]")
    });
    assert!(detail.contains("DOMAIN\tx.com"), "{detail}");
    assert!(
        detail.contains("AUTH\t***") && detail.contains("s_pw\t***"),
        "{detail}"
    );
    let whole = page.eval("document.documentElement.outerHTML");
    assert!(!whole.contains("Br0wserSecret") && !whole.contains("c0de-in-browser"));
    assert_eq!(page.eval("location.hash"), "#r3");
    page.screenshot(&dir.join("inspector.png"));
    // The controls: a fault rule listed and cleared, the clock moved.
    let json = "Content-Type: application/json\r\n";
    let rule = "{\"command\":\"AddDomain\",\"code\":421}";
    assert_eq!(client.post("/_admin/faults", json, rule).status, 200);
    page.eval("loadFaults()");
    page.wait_for("document.getElementById('faults').innerText", |text| {
        text.starts_with("#1 ") && text.contains("AddDomain")
    });
    page.eval("document.getElementById('faults-clear').click()");
    page.wait_for("document.getElementById('faults').innerText", |text| {
        text == "none"
    });
    assert_eq!(client.get("/_admin/faults").body, "[]\n");
    page.eval("document.getElementById('clock-advance').value = '+30d'");
    page.eval("document.getElementById('clock-form').requestSubmit()");
    let moved = page.wait_for("document.getElementById('message').textContent", |text| {
        text.starts_with("clock moved to")
    });
    let clock = client.get("/_admin/clock?entity=1234").body;
    assert!(
        clock.contains("\"offset_seconds\":2592000"),
        "{clock} after {moved}"
    );
}

#[test]
fn a_request_a_fault_rule_answered_says_so_in_its_row_and_explanation() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let json = "Content-Type: application/json\r\n";
    let added = client.post(
        "/_admin/faults",
        json,
        "{\"command\":\"QueryZoneList\",\"code\":421}",
    );
    assert_eq!(added.status, 200, "{}", added.body);
    let answer = api(&mut client, &format!("{OTE}&command=QueryZoneList"));
    assert_eq!(answer.field("CODE"), Some("421"));
    let detail = client.get("/_admin/requests/1").body;
    assert!(
        detail.contains("\"code\":421") && detail.contains("\"fault\":1"),
        "{detail}"
    );
    assert!(
        detail.contains("(fault rule 1 fired on this request: GET /_admin/faults)\""),
        "{detail}"
    );
}
