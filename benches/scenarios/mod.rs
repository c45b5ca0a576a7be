//! The request scenarios shared by the load and hot-path benchmarks: one
//! line per scenario. Owns the table only; how a scenario is driven is up to
//! each benchmark.

// Each benchmark uses part of this module.
#![allow(dead_code)]

/// One load scenario: a name, the HTTP method, extra headers, the target and
/// a body (`$SESSION` is replaced by a session id, `$CONN` by the number of
/// the connection sending it, `$SEQ` by the number of the pair it belongs
/// to, `$SEQIP` by an IPv4 address made of that number), and the CODE both
/// requests of a pair must get. A scenario with a `then` body alternates
/// the two requests (AddDomain, then DeleteDomain); each pair names a new
/// domain, because a deleted one stays registered while it can be restored
/// (or, for `wrong-password`, a new client address).
pub struct Scenario {
    pub name: &'static str,
    pub method: &'static str,
    pub headers: &'static str,
    pub target: &'static str,
    pub body: &'static str,
    pub then: Option<&'static str>,
    pub code: &'static str,
}

/// Every preloaded account holds this many domains (`bench<i>-<n>.com`;
/// test.user's are `bench-test-<n>.com`).
pub const DOMAINS_PER_ACCOUNT: usize = 100;

/// One new scenario is one new line.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "cnr-status-sessionless",
        method: "POST",
        headers: "Content-Type: application/x-www-form-urlencoded\r\n",
        target: "/cnr/api/call.cgi",
        body: "s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "cnr-status-session",
        method: "POST",
        headers: "",
        target: "/cnr/api/call.cgi",
        body: "s_login=test.user&s_sessionid=$SESSION&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "cnr-check-25",
        method: "POST",
        headers: "",
        target: "/cnr/api/call.cgi",
        body: CNR_CHECK_25,
        then: None,
        code: "200",
    },
    Scenario {
        name: "cnr-check-1",
        method: "POST",
        headers: "",
        target: "/cnr/api/call.cgi",
        body: "s_login=test.user&s_sessionid=$SESSION&s_command=COMMAND%3DCheckDomains%0ADOMAIN0%3Dotebox-bench-free.com",
        then: None,
        code: "200",
    },
    Scenario {
        name: "status-sessionless",
        method: "POST",
        headers: "Content-Type: application/x-www-form-urlencoded\r\n",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "status-session",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "check-authentication",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DCheckAuthentication%0ASUBUSER%3Dtest.user%0APASSWORD%3Dtest.passw0rd",
        then: None,
        code: "200",
    },
    Scenario {
        name: "wrong-password",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        // Each pair of failed logins comes from its own client address (a
        // trusted proxy's s_remoteaddr): from one address the eleventh within
        // a minute is locked out (425), which `access-locked-out` measures.
        body: "s_entity=1234&s_login=test.user&s_pw=wrong&s_remoteaddr=$SEQIP&s_command=COMMAND%3DStatusAccount",
        then: Some(
            "s_entity=1234&s_login=test.user&s_pw=wrong&s_remoteaddr=$SEQIP&s_command=COMMAND%3DStatusAccount",
        ),
        code: "530",
    },
    Scenario {
        name: "unknown-command",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DFooBar",
        then: None,
        code: "500",
    },
    Scenario {
        name: "php-text-html",
        method: "POST",
        headers: "Content-Type: text/html; charset=UTF-8\r\nExpect:\r\n",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "top-level-fields",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=statusaccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "get-query",
        method: "GET",
        headers: "",
        target: "/api/call.cgi?s_entity=1234&s_login=test.user&s_pw=test.passw0rd&COMMAND=StatusAccount",
        body: "",
        then: None,
        code: "200",
    },
    Scenario {
        name: "domain-check-1",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DCheckDomains%0ADOMAIN0%3Dotebox-bench-free.com",
        then: None,
        code: "200",
    },
    Scenario {
        name: "domain-check-25",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: CHECK_25,
        then: None,
        code: "200",
    },
    Scenario {
        name: "domain-status",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DStatusDomain%0ADOMAIN%3Dbench-test-7.com",
        then: None,
        code: "200",
    },
    Scenario {
        name: "domain-add-delete",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DAddDomain%0ADOMAIN%3Dotebox-bench-$CONN-$SEQ.com%0AOWNERCONTACT0%3D$CONTACT%0AADMINCONTACT0%3D$CONTACT%0ATECHCONTACT0%3D$CONTACT%0ABILLINGCONTACT0%3D$CONTACT",
        then: Some(
            "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DDeleteDomain%0ADOMAIN%3Dotebox-bench-$CONN-$SEQ.com",
        ),
        code: "200",
    },
    Scenario {
        name: "domain-list",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DQueryDomainList%0ALIMIT%3D20",
        then: None,
        code: "200",
    },
    Scenario {
        name: "domain-objectlog",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        // The first page as WHMCS's Sync and TransferSync ask for it.
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DQueryObjectLogList%0AOBJECTCLASS%3DDOMAIN%0AOBJECTID%3Dbench-test-7.com%0AORDERBY%3DLOGDATEDESC%0AUSERDEPTH%3DSELF%0ALIMIT%3D1",
        then: None,
        code: "200",
    },
    Scenario {
        name: "dns-update-add-delete",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        // One record added and deleted in the 10,000-record zone (`preload_zone`).
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DUpdateDNSZone%0ADNSZONE%3Dbench-zone.com.%0AADDRR0%3Dadd-$CONN-$SEQ%20300%20IN%20A%20192.0.2.1",
        then: Some(
            "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DUpdateDNSZone%0ADNSZONE%3Dbench-zone.com.%0ADELRR0%3Dadd-$CONN-$SEQ%20300%20IN%20A%20192.0.2.1",
        ),
        code: "200",
    },
    Scenario {
        name: "dns-rrlist-page",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        // The first 20 records of the 10,000, as domain-list pages domains.
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DQueryDNSZoneRRList%0ADNSZONE%3Dbench-zone.com.%0ALIMIT%3D20",
        then: None,
        code: "200",
    },
    Scenario {
        name: "domain-transfer-check",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DCheckDomainTransfer%0ADOMAIN%3Dbench-away-2.com%0AAUTH%3Dbench-away-auth",
        then: None,
        code: "218",
    },
    Scenario {
        name: "domain-transfer-status",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DStatusDomainTransfer%0ADOMAIN%3Dbench-away-1.com",
        then: None,
        code: "200",
    },
    Scenario {
        name: "access-role-acl-50",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user%21bench&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "access-allow-list-100",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=bench.allow&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "access-subuser-view",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_user=bench.sub&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "200",
    },
    Scenario {
        name: "access-locked-out",
        method: "POST",
        headers: "",
        target: "/api/call.cgi",
        body: "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_remoteaddr=203.0.113.66&s_command=COMMAND%3DStatusAccount",
        then: None,
        code: "425",
    },
];

/// The address the `access-locked-out` scenario names in `s_remoteaddr`
/// (the benchmarks' servers trust their loopback peer as a proxy).
pub const LOCKED_OUT: &str = "203.0.113.66";

/// A registry for the benchmarks: the shipped limits, except that one
/// account may hold the 100,000 preloaded sessions and the preloaded
/// lock-out of [`LOCKED_OUT`] lasts through any run.
pub fn registry() -> otebox::registry::Registry {
    let limits = otebox::registry::Limits {
        max_sessions_per_account: 1_000_000,
        lockout_duration: 10 * 365 * 86_400,
        ..otebox::registry::Limits::default()
    };
    otebox::registry::Registry::with_limits(1, limits)
}

/// The access-control scenarios' principals, made through the protocol:
/// test.user's role user `bench` with a 50-rule ACL whose StatusAccount
/// rule is the last of ten for that command; the subuser `bench.allow` with
/// a 100-entry allow-list whose last entry holds 127.0.0.1; the subuser
/// `bench.sub` for an `s_user` view; and [`LOCKED_OUT`] locked out by ten
/// failed logins sent through a trusted proxy.
fn preload_access(registry: &mut otebox::registry::Registry, meta: &otebox::Meta) {
    let auth = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3D";
    let mut role = format!("{auth}CreateRoleUser%0AROLEID%3Dbench%0APASSWORD%3Dtest.passw0rd");
    let mut line = 0;
    let mut acl = |role: &mut String, text: &str| {
        role.push_str(&format!("%0AACL{line}%3D{text}"));
        line += 1;
    };
    for n in 0..40 {
        acl(&mut role, &format!("BenchCommand{n}%5B%5D%3AALLOW"));
    }
    for n in 0..9 {
        acl(&mut role, "StatusAccount%5B");
        acl(&mut role, &format!("SUBUSER%3Dnobody{n}"));
        acl(&mut role, "%5D%3ADENY");
    }
    acl(&mut role, "StatusAccount%5B%5D%3AALLOW");
    let mut allow = format!(
        "{auth}AddUser%0ASUBUSER%3Dbench.allow%0APASSWORD%3Dtest.passw0rd%0AVAT%3D19%0ACURRENCY%3DEUR"
    );
    for n in 0..99 {
        allow.push_str(&format!("%0AALLOWEDIP{n}%3D10.{n}.0.0%2F16"));
    }
    allow.push_str("%0AALLOWEDIP99%3D127.0.0.1");
    let sub = format!(
        "{auth}AddUser%0ASUBUSER%3Dbench.sub%0APASSWORD%3Dtest.passw0rd%0AVAT%3D19%0ACURRENCY%3DEUR"
    );
    for body in [role, allow, sub] {
        let outcome = otebox::handle(registry, meta, b"", body.as_bytes());
        assert_eq!(outcome.response.code, 200, "{:?}", outcome.response);
    }
    let proxy = otebox::Meta {
        trusted_proxy: true,
        ..*meta
    };
    let wrong = format!(
        "s_entity=1234&s_login=test.user&s_pw=wrong&s_remoteaddr={LOCKED_OUT}&s_command=COMMAND%3DStatusAccount"
    );
    for _ in 0..otebox::registry::Limits::default().lockout_failures {
        otebox::handle(registry, &proxy, b"", wrong.as_bytes());
    }
}

/// The 25 names of the 25-name checks, as `s_command` lines (free, taken,
/// premium and registered ones); one list for both dialects' scenarios.
macro_rules! check_25_names {
    () => {
        concat!(
            "%0ADOMAIN0%3Dotebox-bench-a.com%0ADOMAIN1%3Dotebox-bench-a.net%0ADOMAIN2%3Dotebox-bench-a.org",
            "%0ADOMAIN3%3Dotebox-bench-a.info%0ADOMAIN4%3Dotebox-bench-a.biz%0ADOMAIN5%3Dbench-test-1.com",
            "%0ADOMAIN6%3Dpremium-bench.com%0ADOMAIN7%3Dtaken-bench.com%0ADOMAIN8%3Dotebox-bench-b.com",
            "%0ADOMAIN9%3Dotebox-bench-c.com%0ADOMAIN10%3Dotebox-bench-d.com%0ADOMAIN11%3Dotebox-bench-e.com",
            "%0ADOMAIN12%3Dotebox-bench-f.com%0ADOMAIN13%3Dotebox-bench-g.com%0ADOMAIN14%3Dotebox-bench-h.com",
            "%0ADOMAIN15%3Dotebox-bench-i.com%0ADOMAIN16%3Dotebox-bench-j.com%0ADOMAIN17%3Dotebox-bench-k.com",
            "%0ADOMAIN18%3Dotebox-bench-l.com%0ADOMAIN19%3Dotebox-bench-m.com%0ADOMAIN20%3Dotebox-bench-n.com",
            "%0ADOMAIN21%3Dotebox-bench-o.com%0ADOMAIN22%3Dotebox-bench-p.com%0ADOMAIN23%3Dotebox-bench-q.com",
            "%0ADOMAIN24%3Dotebox-bench-r.com",
        )
    };
}

const CHECK_25: &str = concat!(
    "s_entity=1234&s_session=$SESSION&s_command=COMMAND%3DCheckDomains%0APREMIUMCHANNELS%3D*",
    check_25_names!(),
);

/// CHECK_25 in the CentralNic Reseller dialect (no PREMIUMCHANNELS there).
const CNR_CHECK_25: &str = concat!(
    "s_login=test.user&s_sessionid=$SESSION&s_command=COMMAND%3DCheckDomains",
    check_25_names!(),
);

/// Fills the OT&E system with `accounts` accounts (`bench.user<i>`, password
/// `pw`) holding [`DOMAINS_PER_ACCOUNT`] domains each, and gives test.user as
/// many; registered through the protocol itself, so every index is built as
/// in real use, at 2026-01-01 00:00:00 (the in-process benches' clock).
/// Returns test.user's contact handle (`$CONTACT`).
pub fn preload_domains(registry: &mut otebox::registry::Registry, accounts: usize) -> String {
    preload_domains_at(
        registry,
        accounts,
        otebox::registry::Timestamp(1_767_225_600),
    )
}

/// [`preload_domains`] at `now`: a server on the wall clock (benches/load.rs)
/// preloads at the wall time, or its 1-year registrations would fall due for
/// auto-renewal (ACCOUNTINGDATE) inside the benchmark once the wall clock
/// passes their renewal date, and every request would run renewals.
pub fn preload_domains_at(
    registry: &mut otebox::registry::Registry,
    accounts: usize,
    now: otebox::registry::Timestamp,
) -> String {
    use otebox::registry::Entity;
    let meta = otebox::Meta {
        peer: [127, 0, 0, 1].into(),
        now,
        route: otebox::dialect::Route::DEFAULT,
        forwarded: None,
        trusted_proxy: false,
        slow: None,
    };
    let contact = "%0AFIRSTNAME%3DBench%0ALASTNAME%3DUser%0ASTREET%3DMain%20St%201%0ACITY%3DBerlin%0AZIP%3D10115%0ACOUNTRY%3DDE%0APHONE%3D%2B49.301234567%0AEMAIL%3Dbench%40example.net";
    let mut logins = vec![(
        "test.user".to_owned(),
        "test.passw0rd",
        "bench-test".to_owned(),
    )];
    for i in 0..accounts {
        let login = format!("bench.user{i}");
        registry
            .system_mut(Entity::Ote)
            .add_user(&login, "pw")
            .expect("new bench user");
        logins.push((login, "pw", format!("bench{i}")));
    }
    let mut test_contact = String::new();
    for (login, password, stem) in &logins {
        let auth = format!("s_entity=1234&s_login={login}&s_pw={password}&s_command=COMMAND%3D");
        let body = format!("{auth}AddContact{contact}");
        let added = otebox::handle(registry, &meta, b"", body.as_bytes());
        let handle = added
            .response
            .first("CONTACT")
            .expect("a contact handle")
            .to_owned();
        for n in 0..DOMAINS_PER_ACCOUNT {
            let body = format!(
                "{auth}AddDomain%0ADOMAIN%3D{stem}-{n}.com%0AOWNERCONTACT0%3D{handle}%0AADMINCONTACT0%3D{handle}%0ATECHCONTACT0%3D{handle}%0ABILLINGCONTACT0%3D{handle}"
            );
            let outcome = otebox::handle(registry, &meta, b"", body.as_bytes());
            assert_eq!(outcome.response.code, 200, "{:?}", outcome.response);
        }
        if login == "test.user" {
            test_contact = handle;
        }
    }
    preload_access(registry, &meta);
    preload_transfer(registry, &meta);
    preload_zone(registry, &meta);
    test_contact
}

/// Records in test.user's zone `bench-zone.com` (the `dns-` scenarios).
pub const ZONE_RECORDS: usize = 10_000;

/// The `dns-` scenarios' zone: `bench-zone.com` of test.user with
/// [`ZONE_RECORDS`] A records `host<n>`, added through UpdateDNSZone in
/// batches of 1,000 as a client would.
fn preload_zone(registry: &mut otebox::registry::Registry, meta: &otebox::Meta) {
    let auth = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3D";
    let created = otebox::handle(
        registry,
        meta,
        b"",
        format!("{auth}CreateDNSZone%0ADNSZONE%3Dbench-zone.com.").as_bytes(),
    );
    assert_eq!(created.response.code, 200, "{:?}", created.response);
    for batch in 0..ZONE_RECORDS / 1_000 {
        let mut body = format!("{auth}UpdateDNSZone%0ADNSZONE%3Dbench-zone.com.");
        for n in 0..1_000 {
            let host = batch * 1_000 + n;
            let ip = format!("10.{}.{}.{}", host >> 16, (host >> 8) & 255, host & 255);
            body.push_str(&format!("%0AADDRR{n}%3Dhost{host}%20300%20IN%20A%20{ip}"));
        }
        let outcome = otebox::handle(registry, meta, b"", body.as_bytes());
        assert_eq!(outcome.response.code, 200, "{:?}", outcome.response);
    }
}

/// The transfer scenarios' domains: test.user2 registers `bench-away-1.com`
/// and `bench-away-2.com` (auth code `bench-away-auth`), OT&E's sandbox
/// clock moves past their 60-day transfer lock, and test.user requests the
/// first (pending for 5 days: longer than any run).
fn preload_transfer(registry: &mut otebox::registry::Registry, meta: &otebox::Meta) {
    let holder = "s_entity=1234&s_login=test.user2&s_pw=test.passw0rd&s_command=COMMAND%3D";
    let contact = "FIRSTNAME%3DBench%0ALASTNAME%3DAway%0ASTREET%3DMain%20St%201%0ACITY%3DBerlin%0AZIP%3D10115%0ACOUNTRY%3DDE%0APHONE%3D%2B49.301234567%0AEMAIL%3Daway%40example.net";
    let added = otebox::handle(
        registry,
        meta,
        b"",
        format!("{holder}AddContact%0A{contact}").as_bytes(),
    );
    let handle = added
        .response
        .first("CONTACT")
        .expect("a contact")
        .to_owned();
    for n in 1..=2 {
        let body = format!(
            "{holder}AddDomain%0ADOMAIN%3Dbench-away-{n}.com%0AAUTH%3Dbench-away-auth%0AOWNERCONTACT0%3D{handle}%0AADMINCONTACT0%3D{handle}%0ATECHCONTACT0%3D{handle}%0ABILLINGCONTACT0%3D{handle}"
        );
        let outcome = otebox::handle(registry, meta, b"", body.as_bytes());
        assert_eq!(outcome.response.code, 200, "{:?}", outcome.response);
    }
    registry
        .advance(otebox::registry::Entity::Ote, meta.now, 61 * 86_400)
        .expect("a forward move");
    let request = "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DTransferDomain%0ADOMAIN%3Dbench-away-1.com%0AAUTH%3Dbench-away-auth";
    let outcome = otebox::handle(registry, meta, b"", request.as_bytes());
    assert_eq!(outcome.response.code, 200, "{:?}", outcome.response);
}

/// A scenario's body (or its `then` body) with the placeholders filled in.
pub fn fill(body: &str, session: &str, contact: &str, connection: usize, seq: usize) -> String {
    let address = format!(
        "10.{}.{}.{}",
        (seq >> 16) & 255,
        (seq >> 8) & 255,
        seq & 255
    );
    body.replace("$SESSION", session)
        .replace("$CONTACT", contact)
        .replace("$CONN", &connection.to_string())
        .replace("$SEQIP", &address)
        .replace("$SEQ", &seq.to_string())
}

/// The HTTP/1.1 request bytes of `scenario` (its `then` request when
/// `second`) with the placeholders filled in.
pub fn request_bytes(
    scenario: &Scenario,
    second: bool,
    session: &str,
    contact: &str,
    connection: usize,
    seq: usize,
) -> Vec<u8> {
    let template = match (second, scenario.then) {
        (true, Some(then)) => then,
        _ => scenario.body,
    };
    let body = fill(template, session, contact, connection, seq);
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
pub fn query_and_body(scenario: &Scenario, session: &str, contact: &str) -> (String, String) {
    let query = scenario.target.split_once('?').map_or("", |(_, q)| q);
    (
        query.to_owned(),
        fill(scenario.body, session, contact, 0, 0),
    )
}
