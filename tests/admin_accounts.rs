//! The admin API's accounts and resets over a real socket:
//! `POST /_admin/accounts` (given and generated credentials, both dialects
//! log in, StatusAccount shows the figures), two created accounts not
//! seeing each other, `DELETE /_admin/accounts/<login>` (login fails, the
//! domain is free again), `POST /_admin/reset` of a system and of one
//! account, every refusal (and that it changed nothing), the token, and a
//! non-loopback peer without a token.

mod common;

use common::{Client, HttpResponse, Server, assert_refused, percent_encode};
use otebox::server::Config;

const JSON: &str = "Content-Type: application/json\r\n";
const FORM: &str = "Content-Type: application/x-www-form-urlencoded\r\n";
const ACCOUNTS: &str = "/_admin/accounts";

/// The text value of `key` in a flat JSON object.
fn value<'a>(json: &'a str, key: &str) -> &'a str {
    let pattern = format!("\"{key}\":\"");
    let at = json
        .find(&pattern)
        .unwrap_or_else(|| panic!("{key} in {json}"))
        + pattern.len();
    &json[at..at + json[at..].find('"').unwrap()]
}

fn create(client: &mut Client, body: &str) -> HttpResponse {
    client.post(ACCOUNTS, JSON, body)
}

fn delete(client: &mut Client, target: &str, headers: &str) -> HttpResponse {
    let request = format!("DELETE {target} HTTP/1.1\r\nHost: localhost\r\n{headers}\r\n");
    client.send(request.as_bytes());
    client.read_response().expect("a response")
}

/// One HEXONET command as `login`/`password` on OT&E.
fn api(client: &mut Client, login: &str, password: &str, command: &str) -> HttpResponse {
    let auth = format!(
        "s_entity=1234&s_login={}&s_pw={}",
        percent_encode(login),
        percent_encode(password)
    );
    client.post("/api/call.cgi", FORM, &format!("{auth}&{command}"))
}

fn code(response: &HttpResponse) -> &str {
    response.field("CODE").unwrap_or("?")
}

fn register(client: &mut Client, login: &str, password: &str, name: &str) {
    let answer = api(
        client,
        login,
        password,
        &format!(
            "command=AddDomain&DOMAIN={name}&PERIOD=1&{}",
            common::INLINE_OWNER
        ),
    );
    assert_eq!(code(&answer), "200", "{}", answer.body);
}

fn domains(client: &mut Client, login: &str, password: &str) -> String {
    let list = api(client, login, password, "command=QueryDomainList");
    assert_eq!(code(&list), "200", "{}", list.body);
    list.field("PROPERTY[COUNT][0]").unwrap().to_owned()
}

#[test]
fn a_created_account_logs_in_in_both_dialects_with_its_figures() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let made = create(
        &mut client,
        r#"{"login":"ci-job-1","password":"job1.passw0rd","currency":"usd","balance":500,"credit":"50.5"}"#,
    );
    assert_eq!(made.status, 200, "{}", made.body);
    assert_eq!(made.header("content-type"), Some("application/json"));
    assert_eq!(
        made.body,
        "{\"login\":\"ci-job-1\",\"password\":\"job1.passw0rd\",\"entity\":\"1234\",\
         \"currency\":\"USD\",\"balance\":\"500.00\",\"credit\":\"50.50\"}\n"
    );
    let status = api(
        &mut client,
        "ci-job-1",
        "job1.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(code(&status), "200", "{}", status.body);
    assert_eq!(status.field("PROPERTY[CURRENCY][0]"), Some("USD"));
    assert_eq!(status.field("PROPERTY[AMOUNT][0]"), Some("500.00"));
    assert_eq!(status.field("PROPERTY[CREDIT][0]"), Some("50.50"));
    let cnr = client.post(
        "/cnr/api/call.cgi",
        FORM,
        "s_login=ci-job-1&s_pw=job1.passw0rd&command=StatusAccount",
    );
    assert!(cnr.body.contains("code = 200"), "{}", cnr.body);
    assert!(
        cnr.body.contains("property[currency][0] = USD"),
        "{}",
        cnr.body
    );
    assert!(
        cnr.body.contains("property[registrar][0] = ci-job-1"),
        "{}",
        cnr.body
    );

    // Generated credentials: EUR and the demo figures; a form works too.
    let made = client.post(ACCOUNTS, FORM, "");
    assert_eq!(made.status, 200, "{}", made.body);
    let (login, password) = (value(&made.body, "login"), value(&made.body, "password"));
    assert!(login.starts_with("ci-") && login.len() == 11, "{login}");
    assert!(
        login[3..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert_eq!(password.len(), 16);
    assert_eq!(value(&made.body, "currency"), "EUR");
    assert_eq!(value(&made.body, "balance"), "100000.00");
    assert_eq!(value(&made.body, "credit"), "10000.00");
    let status = api(&mut client, login, password, "command=StatusAccount");
    assert_eq!(status.field("PROPERTY[AMOUNT][0]"), Some("100000.00"));
    // A top-level account like the demo ones: it may add subusers.
    let sub = api(
        &mut client,
        login,
        password,
        "command=AddUser&SUBUSER=job.sub&PASSWORD=sub.passw0rd&CURRENCY=EUR&VAT=19",
    );
    assert_eq!(code(&sub), "200", "{}", sub.body);
    // LIVE on request.
    let live = create(&mut client, r#"{"entity":"54cd","login":"ci-live"}"#);
    assert_eq!(value(&live.body, "entity"), "54cd");
}

#[test]
fn two_created_accounts_do_not_see_each_other() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    for login in ["ci-job-a", "ci-job-b"] {
        let body = format!(r#"{{"login":"{login}","password":"same.passw0rd"}}"#);
        assert_eq!(create(&mut client, &body).status, 200);
    }
    register(&mut client, "ci-job-a", "same.passw0rd", "job-a-only.com");
    assert_eq!(domains(&mut client, "ci-job-a", "same.passw0rd"), "1");
    assert_eq!(domains(&mut client, "ci-job-b", "same.passw0rd"), "0");
    let peek = api(
        &mut client,
        "ci-job-b",
        "same.passw0rd",
        "command=StatusDomain&DOMAIN=job-a-only.com",
    );
    assert_eq!(code(&peek), "531", "{}", peek.body);
}

#[test]
fn a_deleted_account_cannot_log_in_and_its_domains_are_free() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let body = r#"{"login":"ci-gone","password":"gone.passw0rd"}"#;
    assert_eq!(create(&mut client, body).status, 200);
    register(&mut client, "ci-gone", "gone.passw0rd", "gone-soon.com");
    let session = api(
        &mut client,
        "ci-gone",
        "gone.passw0rd",
        "command=StartSession",
    );
    let id = session.field("PROPERTY[SESSION][0]").unwrap().to_owned();
    let gone = delete(&mut client, "/_admin/accounts/ci-gone?entity=1234", "");
    assert_eq!(gone.status, 200, "{}", gone.body);
    assert_eq!(
        gone.body,
        "{\"entity\":\"1234\",\"login\":\"ci-gone\",\"deleted\":true}\n"
    );
    let login = api(
        &mut client,
        "ci-gone",
        "gone.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(code(&login), "530", "{}", login.body);
    let by_session = client.post(
        "/api/call.cgi",
        FORM,
        &format!("s_entity=1234&s_session={id}&command=StatusAccount"),
    );
    assert_ne!(code(&by_session), "200", "{}", by_session.body);
    let check = api(
        &mut client,
        "test.user",
        "test.passw0rd",
        "command=CheckDomains&DOMAIN0=gone-soon.com",
    );
    let answer = check.field("PROPERTY[DOMAINCHECK][0]").unwrap();
    assert!(answer.starts_with("210"), "{}", check.body);
    register(&mut client, "test.user", "test.passw0rd", "gone-soon.com");
    // Gone is gone; the login may be created again, empty.
    assert_refused(
        &delete(&mut client, "/_admin/accounts/ci-gone", ""),
        404,
        "login: ci-gone is not an account of 1234",
    );
    assert_eq!(create(&mut client, body).status, 200);
    assert_eq!(domains(&mut client, "ci-gone", "gone.passw0rd"), "0");
}

#[test]
fn a_reset_returns_a_system_or_one_account_to_its_start() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let body = r#"{"login":"ci-reset","password":"reset.passw0rd","balance":"1000"}"#;
    assert_eq!(create(&mut client, body).status, 200);
    register(&mut client, "ci-reset", "reset.passw0rd", "reset-me.com");
    register(&mut client, "test.user2", "test.passw0rd", "demo-two.com");
    register(&mut client, "test.user", "test.passw0rd", "demo-one.com");

    // One account: emptied, its figures back, its login kept.
    // An empty JSON body is no fields.
    let reset = client.post("/_admin/reset?entity=1234&login=ci-reset", JSON, "");
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(
        reset.body,
        "{\"entity\":\"1234\",\"login\":\"ci-reset\",\"reset\":true}\n"
    );
    assert_eq!(domains(&mut client, "ci-reset", "reset.passw0rd"), "0");
    let status = api(
        &mut client,
        "ci-reset",
        "reset.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(status.field("PROPERTY[AMOUNT][0]"), Some("1000.00"));
    // A demo account gets its demo state back; the other keeps its own.
    let reset = client.post("/_admin/reset", JSON, r#"{"login":"test.user2"}"#);
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(domains(&mut client, "test.user2", "test.passw0rd"), "0");
    let status = api(
        &mut client,
        "test.user2",
        "test.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(status.field("PROPERTY[AMOUNT][0]"), Some("100000.00"));
    assert_eq!(domains(&mut client, "test.user", "test.passw0rd"), "1");

    // The whole system: the demo state, the clock at wall time; LIVE untouched.
    let moved = client.post("/_admin/clock", FORM, "advance=30d");
    assert_eq!(moved.status, 200, "{}", moved.body);
    let live = create(&mut client, r#"{"entity":"54cd","login":"ci-live"}"#);
    assert_eq!(live.status, 200);
    let reset = client.post("/_admin/reset?entity=1234", FORM, "");
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(reset.body, "{\"entity\":\"1234\",\"reset\":true}\n");
    assert_eq!(domains(&mut client, "test.user", "test.passw0rd"), "0");
    let login = api(
        &mut client,
        "ci-reset",
        "reset.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(code(&login), "530", "{}", login.body);
    let clock = client.get("/_admin/clock?entity=1234");
    assert!(
        clock.body.contains("\"offset_seconds\":0"),
        "{}",
        clock.body
    );
    let again = create(&mut client, r#"{"entity":"54cd","login":"ci-live"}"#);
    assert_eq!(again.status, 409, "LIVE kept its account: {}", again.body);
}

#[test]
fn refusals_name_the_field_and_change_nothing() {
    let server = Server::start(Config::default());
    let mut client = server.connect();
    let cases: &[(&str, u16, &str)] = &[
        (
            r#"{"login":"a!b"}"#,
            400,
            r#"login: "a!b" is not 3-64 letters, digits, . _ or -"#,
        ),
        (
            r#"{"login":"ci-x","password":"short"}"#,
            400,
            "password: 5 characters; give 8 to 128 characters without control characters (or none to have one drawn)",
        ),
        (
            r#"{"login":"ci-x","password":"p\u0000ss.word1"}"#,
            400,
            "password: a control character; give 8 to 128 characters without control characters (or none to have one drawn)",
        ),
        (
            r#"{"login":"ci-x","currency":"XYZ"}"#,
            400,
            r#"currency: "XYZ" is not EUR or a currency of QueryExchangeRates (AUD, CAD, CHF, CNY, DKK, GBP, JPY, USD)"#,
        ),
        (
            r#"{"login":"ci-x","balance":-5}"#,
            400,
            "balance: -5 is negative; give 0 or more",
        ),
        (
            r#"{"login":"ci-x","credit":"-1.00"}"#,
            400,
            "credit: -1.00 is negative; give 0 or more",
        ),
        (
            r#"{"login":"ci-x","balance":"lots"}"#,
            400,
            r#"balance: "lots" is not an amount (e.g. 1000 or 250.50)"#,
        ),
        (
            r#"{"login":"ci-x","balance":"1.001"}"#,
            400,
            "balance: 1.001 has more than two decimals or is over 1000000000000",
        ),
        (
            r#"{"login":"ci-x","colour":"blue"}"#,
            400,
            r#"unknown field "colour": this call takes login, password, currency, balance, credit, entity"#,
        ),
        (
            r#"{"login":"ci-x","#,
            400,
            r#"the JSON body is not one flat object ({"name":value,...}, each value a string, number, true, false or null)"#,
        ),
        (
            r#"{"login":"ci-x","entity":"9999"}"#,
            400,
            r#"entity: "9999" is not 1234 (OT&E) or 54cd (LIVE)"#,
        ),
        (
            r#"{"login":"test.user"}"#,
            409,
            "login: test.user exists already in 1234: choose another or DELETE /_admin/accounts/test.user first",
        ),
    ];
    for (body, status, text) in cases {
        assert_refused(&create(&mut client, body), *status, text);
    }
    let nothing = api(&mut client, "ci-x", "", "command=StatusAccount");
    assert_eq!(code(&nothing), "530", "no ci-x was made: {}", nothing.body);
    let demo = api(
        &mut client,
        "test.user",
        "test.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(code(&demo), "200", "test.user was not touched");

    // DELETE and reset: unknown logins, subusers, fields, methods.
    let sub = api(
        &mut client,
        "test.user",
        "test.passw0rd",
        "command=AddUser&SUBUSER=demo.sub&PASSWORD=sub.passw0rd&CURRENCY=EUR&VAT=19",
    );
    assert_eq!(code(&sub), "200", "{}", sub.body);
    let subuser =
        "login: demo.sub is a subuser of test.user: delete or reset test.user, or use DeleteUser";
    assert_refused(
        &delete(&mut client, "/_admin/accounts/demo.sub", ""),
        409,
        subuser,
    );
    let reset = client.post("/_admin/reset?login=demo.sub", FORM, "");
    assert_refused(&reset, 409, subuser);
    assert_refused(
        &delete(&mut client, "/_admin/accounts/nobody", ""),
        404,
        "login: nobody is not an account of 1234",
    );
    assert_refused(
        &client.post("/_admin/reset?login=nobody", FORM, ""),
        404,
        "login: nobody is not an account of 1234",
    );
    assert_refused(
        &delete(&mut client, "/_admin/accounts/test.user?force=1", ""),
        400,
        r#"unknown field "force": DELETE takes entity"#,
    );
    assert_refused(
        &client.post("/_admin/reset?entity=1234&all=1", FORM, ""),
        400,
        r#"unknown field "all": this call takes entity, login"#,
    );
    assert_refused(
        &client.post("/_admin/reset?entity=abcd", FORM, ""),
        400,
        r#"entity: "abcd" is not 1234 (OT&E) or 54cd (LIVE)"#,
    );
    let get = client.get(ACCOUNTS);
    assert_refused(&get, 405, "/_admin/accounts takes POST");
    assert_eq!(get.header("allow"), Some("POST"));
    assert_refused(
        &client.get("/_admin/reset"),
        405,
        "/_admin/reset takes POST",
    );
    let post = client.post("/_admin/accounts/test.user", FORM, "");
    assert_refused(&post, 405, "/_admin/accounts/test.user takes DELETE");
    // Still there, with its subuser.
    let users = api(
        &mut client,
        "test.user",
        "test.passw0rd",
        "command=QueryUserList",
    );
    assert_eq!(
        users.field("PROPERTY[COUNT][0]"),
        Some("2"),
        "{}",
        users.body
    );
}

#[test]
fn a_token_guards_accounts_and_resets() {
    let server = Server::start(Config {
        admin_token: Some("s3cret-token".into()),
        ..Config::default()
    });
    let mut client = server.connect();
    let text = "admin token missing or wrong (Authorization: Bearer …)";
    for headers in ["", "Authorization: Bearer wrong\r\n"] {
        for response in [
            client.post(ACCOUNTS, &format!("{JSON}{headers}"), "{}"),
            delete(&mut client, "/_admin/accounts/test.user", headers),
            client.post("/_admin/reset", &format!("{FORM}{headers}"), ""),
        ] {
            assert_refused(&response, 401, text);
            assert_eq!(response.header("www-authenticate"), Some("Bearer"));
        }
    }
    let demo = api(
        &mut client,
        "test.user",
        "test.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(code(&demo), "200", "nothing was deleted");
    let right = "Authorization: Bearer s3cret-token\r\n";
    let made = client.post(ACCOUNTS, &format!("{JSON}{right}"), r#"{"login":"ci-t"}"#);
    assert_eq!(made.status, 200, "{}", made.body);
    assert_eq!(
        delete(&mut client, "/_admin/accounts/ci-t", right).status,
        200
    );
    let reset = client.post("/_admin/reset", &format!("{FORM}{right}"), "");
    assert_eq!(reset.status, 200, "{}", reset.body);
}

#[test]
fn without_a_token_a_peer_off_loopback_is_refused() {
    let Some(server) = Server::start_off_loopback() else {
        eprintln!("skipped: this machine has no non-loopback address");
        return;
    };
    let addr = server.addr;
    let mut client = Client::connect(addr);
    let text = "the admin API answers loopback peers only unless --admin-token is set";
    assert_refused(&client.post(ACCOUNTS, JSON, "{}"), 403, text);
    assert_refused(
        &delete(&mut client, "/_admin/accounts/test.user", ""),
        403,
        text,
    );
    assert_refused(&client.post("/_admin/reset", FORM, ""), 403, text);
    let demo = api(
        &mut client,
        "test.user",
        "test.passw0rd",
        "command=StatusAccount",
    );
    assert_eq!(code(&demo), "200", "{}", demo.body);
}
