//! The request scenarios shared by the load and hot-path benchmarks: one
//! line per scenario. Owns the table only; how a scenario is driven is up to
//! each benchmark.

// Each benchmark uses part of this module.
#![allow(dead_code)]

/// One load scenario: a name, the HTTP method, extra headers, the target and
/// a body (`$SESSION` is replaced by a session id), and the CODE it must get.
pub struct Scenario {
    pub name: &'static str,
    pub method: &'static str,
    pub headers: &'static str,
    pub target: &'static str,
    pub body: &'static str,
    pub code: &'static str,
}

/// One new scenario is one new line.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "status-sessionless",
        method: "POST",
        headers: "Content-Type: application/x-www-form-urlencoded\r\n",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        code: "200",
    },
    Scenario {
        name: "status-session",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DStatusAccount",
        code: "200",
    },
    Scenario {
        name: "check-authentication",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DCheckAuthentication%0ASUBUSER%3Dtest.user%0APASSWORD%3Dtest.passw0rd",
        code: "200",
    },
    Scenario {
        name: "wrong-password",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=wrong&s_command=COMMAND%3DStatusAccount",
        code: "530",
    },
    Scenario {
        name: "unknown-command",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DFooBar",
        code: "500",
    },
    Scenario {
        name: "php-text-html",
        method: "POST",
        headers: "Content-Type: text/html; charset=UTF-8\r\nExpect:\r\n",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        code: "200",
    },
    Scenario {
        name: "top-level-fields",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=statusaccount",
        code: "200",
    },
    Scenario {
        name: "get-query",
        method: "GET",
        headers: "",
        target: "/api/call.cgi?s_entity=1234&s_login=test.user&s_pw=test.passw0rd&COMMAND=StatusAccount",
        body: "",
        code: "200",
    },
];

/// The HTTP/1.1 request bytes of `scenario` with `session` filled in.
pub fn request_bytes(scenario: &Scenario, session: &str) -> Vec<u8> {
    let body = scenario.body.replace("$SESSION", session);
    format!(
        "{} {} HTTP/1.1\r\nHost: bench\r\n{}Content-Length: {}\r\n\r\n{body}",
        scenario.method,
        scenario.target,
        scenario.headers,
        body.len()
    )
    .into_bytes()
}

/// The query string and body of `scenario`, as `otebox::handle` takes them.
pub fn query_and_body(scenario: &Scenario, session: &str) -> (String, String) {
    let query = scenario.target.split_once('?').map_or("", |(_, q)| q);
    (query.to_owned(), scenario.body.replace("$SESSION", session))
}
