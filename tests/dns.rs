//! The shipped binary's `--dns-listen` asked by a real resolver client, `dig`
//! (Debian's `bind9-dnsutils`, installed with apt-get when missing; the test
//! never skips): records the API adds are answered over UDP and TCP, deleted
//! ones are gone, the SOA serial moves, TXT escapes are answered as their
//! bytes, other systems' zones, unknown names and zone transfers are refused;
//! TLSA, SSHFP and NAPTR written by the CNR forms and IDN names are answered; EDNS
//! buffers bound UDP answers, other classes are refused; each answer
//! is counted in QueryDNSZoneStats; and README's recipe runs as printed.

mod shipped;

use std::net::SocketAddr;
use std::process::{Command, Output};

use shipped::{Otebox, code, curl, ensure_installed, explain, fresh_root};

fn dig_present() -> bool {
    Command::new("dig").arg("-v").output().is_ok()
}

/// Runs `dig @server -p port args... +time=5 +tries=1`.
fn dig(server: SocketAddr, args: &[&str]) -> Output {
    ensure_installed("dig", dig_present, &["bind9-dnsutils"]);
    let port = server.port().to_string();
    Command::new("dig")
        .arg(format!("@{}", server.ip()))
        .args(["-p", &port, "+time=5", "+tries=1"])
        .args(args)
        .output()
        .expect("dig runs")
}

/// `dig +short` output, one answer per line.
fn short(server: SocketAddr, args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.push("+short");
    let output = dig(server, &all);
    assert!(output.status.success(), "{}", explain("dig", &output));
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

/// The `status:` of dig's header line (`NOERROR`, `NXDOMAIN`, `REFUSED`).
fn status(server: SocketAddr, args: &[&str]) -> String {
    let output = dig(server, args);
    let text = String::from_utf8_lossy(&output.stdout);
    text.split("status: ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("{}", explain("no status in dig's answer", &output)))
        .to_owned()
}

/// Sends a HEXONET command as `test.user` of `entity` and asserts `200`.
fn api(server: &Otebox, entity: &str, command: &[&str]) {
    api_text(server, entity, command);
}

/// [`api`], returning the response text.
fn api_text(server: &Otebox, entity: &str, command: &[&str]) -> String {
    let url = format!("http://{}/api/call.cgi", server.http);
    let mut args = vec![
        "-d".to_owned(),
        format!("s_login=test.user&s_pw=test.passw0rd&s_entity={entity}"),
    ];
    for field in command {
        args.extend(["--data-urlencode".to_owned(), (*field).to_owned()]);
    }
    args.push(url);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = curl(&args);
    assert_eq!(
        code(&output).as_deref(),
        Some("200"),
        "{command:?}: {output:?}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn start(name: &str) -> Otebox {
    Otebox::start(
        &fresh_root(&format!("dns-{name}")).join("otebox"),
        &["--dns-listen", "127.0.0.1:0"],
    )
}

#[test]
fn records_changed_through_the_api_are_answered_over_udp_and_tcp() {
    let server = start("records");
    let dns = server.dns();
    api(
        &server,
        "1234",
        &[
            "command=CreateDNSZone",
            "dnszone=example.com.",
            "rr0=@ 600 IN A 192.0.2.1",
            "rr1=www 300 IN CNAME @",
            "rr2=@ IN MX 10 mail",
            "rr3=mail IN AAAA 2001:db8::25",
            "rr4=*.apps IN A 192.0.2.99",
            "rr5=@ IN TXT \"v=spf1 -all\"",
            "rr6=@ IN CAA 0 issue \"letsencrypt.org\"",
        ],
    );
    assert_eq!(short(dns, &["example.com", "A"]), ["192.0.2.1"]);
    assert_eq!(short(dns, &["example.com", "A", "+tcp"]), ["192.0.2.1"]);
    // The CNAME is followed inside the zone.
    assert_eq!(
        short(dns, &["WWW.Example.COM.", "A"]),
        ["192.0.2.1", "example.com."]
    );
    assert_eq!(short(dns, &["example.com", "MX"]), ["10 mail.example.com."]);
    assert_eq!(short(dns, &["mail.example.com", "AAAA"]), ["2001:db8::25"]);
    assert_eq!(short(dns, &["x.apps.example.com", "A"]), ["192.0.2.99"]);
    assert_eq!(short(dns, &["example.com", "TXT"]), ["\"v=spf1 -all\""]);
    assert_eq!(
        short(dns, &["example.com", "CAA"]),
        ["0 issue \"letsencrypt.org\""]
    );
    assert_eq!(
        short(dns, &["example.com", "NS"]),
        ["ns1.ispapi.net.", "ns2.ispapi.net.", "ns3.ispapi.net."]
    );
    let serial = |server| -> u64 {
        let soa = short(server, &["example.com", "SOA"]);
        soa[0]
            .split(' ')
            .nth(2)
            .expect("serial")
            .parse()
            .expect("a number")
    };
    let before = serial(dns);

    // NODATA for a name without the type, NXDOMAIN for no name at all.
    assert_eq!(status(dns, &["mail.example.com", "TXT"]), "NOERROR");
    assert_eq!(status(dns, &["nothing.example.com", "A"]), "NXDOMAIN");
    assert_eq!(
        status(dns, &["nothing.example.com", "A", "+tcp"]),
        "NXDOMAIN"
    );

    api(
        &server,
        "1234",
        &[
            "command=UpdateDNSZone",
            "dnszone=example.com",
            "addrr0=new 60 IN A 192.0.2.7",
            "delrr0=mail AAAA",
        ],
    );
    assert_eq!(short(dns, &["new.example.com", "A"]), ["192.0.2.7"]);
    assert_eq!(status(dns, &["mail.example.com", "AAAA"]), "NXDOMAIN");
    assert!(serial(dns) > before, "the serial moves with a change");
}

/// TXT texts in zone-file presentation (RFC 1035 §5.1) are answered as the
/// bytes they mean: `\"` a quote, `\DDD` one byte, several quoted strings
/// kept apart. dig writes a quote as `\"` and every byte outside printable
/// ASCII as `\DDD`, so its output is the presentation form again.
#[test]
fn txt_escapes_are_answered_as_the_bytes_they_stand_for() {
    let server = start("txt-escapes");
    let dns = server.dns();
    api(
        &server,
        "1234",
        &[
            "command=CreateDNSZone",
            "dnszone=text.example.",
            "rr0=@ 3600 IN TXT \"v=spf1 include:_spf.example.com ~all\"",
            "rr1=quote 3600 IN TXT \"a\\\"b\"",
            "rr2=utf8 3600 IN TXT \"caf\\195\\169\"",
            "rr3=two 3600 IN TXT \"part one\" \"part two\"",
            "rr4=bytes 3600 IN TXT \"tab\\009x\" \"raw\\200\" \"bs\\\\\"",
        ],
    );
    assert_eq!(
        short(dns, &["text.example", "TXT"]),
        ["\"v=spf1 include:_spf.example.com ~all\""]
    );
    assert_eq!(short(dns, &["quote.text.example", "TXT"]), [r#""a\"b""#]);
    assert_eq!(
        short(dns, &["utf8.text.example", "TXT"]),
        [r#""caf\195\169""#]
    );
    assert_eq!(
        short(dns, &["two.text.example", "TXT", "+tcp"]),
        [r#""part one" "part two""#]
    );
    assert_eq!(
        short(dns, &["bytes.text.example", "TXT"]),
        [r#""tab\009x" "raw\200" "bs\\""#]
    );
}

#[test]
fn foreign_names_other_systems_and_zone_transfers_are_refused() {
    let server = start("refused");
    let dns = server.dns();
    api(
        &server,
        "1234",
        &["command=CreateDNSZone", "dnszone=ote.example"],
    );
    // A zone of the LIVE system is not answered by a server of OT&E's zones.
    api(
        &server,
        "54cd",
        &["command=CreateDNSZone", "dnszone=live.example"],
    );
    assert_eq!(status(dns, &["ote.example", "SOA"]), "NOERROR");
    assert_eq!(status(dns, &["live.example", "SOA"]), "REFUSED");
    assert_eq!(status(dns, &["example.org", "A"]), "REFUSED");
    let transfer = dig(dns, &["ote.example", "AXFR"]);
    let text = String::from_utf8_lossy(&transfer.stdout);
    assert!(
        text.contains("Transfer failed") && !text.contains("ns1.ispapi.net"),
        "{}",
        explain("AXFR answered", &transfer)
    );
}

/// IDN owners and IDN zones are answered by their ACE names, the names
/// resolvers ask (the server read the question's name as Unicode and found
/// nothing: hunt 29E).
#[test]
fn idn_owners_and_zones_are_answered() {
    let server = start("idn");
    let dns = server.dns();
    api(
        &server,
        "1234",
        &[
            "command=CreateDNSZone",
            "dnszone=example.com",
            "rr0=bücher 300 IN A 192.0.2.50",
        ],
    );
    api(
        &server,
        "1234",
        &[
            "command=CreateDNSZone",
            "dnszone=münchen.com",
            "rr0=www 300 IN A 192.0.2.60",
        ],
    );
    let owner = ["xn--bcher-kva.example.com", "A"];
    assert_eq!(short(dns, &owner), ["192.0.2.50"]);
    let zone = ["www.xn--mnchen-3ya.com", "A"];
    assert_eq!(short(dns, &zone), ["192.0.2.60"]);
    assert_eq!(status(dns, &["xn--mnchen-3ya.com", "SOA"]), "NOERROR");
}

/// EDNS: a UDP answer fills the buffer the client offers (it was cut at
/// 512 bytes with TC set), the reply carries an OPT, and an EDNS version
/// past 0 is BADVERS; a question of class CH is refused (hunt 29E).
#[test]
fn edns_buffers_versions_and_classes() {
    let server = start("edns");
    let dns = server.dns();
    let long = "x".repeat(120);
    let lines: Vec<String> = (0..6)
        .map(|n| format!("rr{n}=dkim 300 IN TXT \"{n}{long}\""))
        .collect();
    let mut command = vec!["command=CreateDNSZone", "dnszone=example.com"];
    command.extend(lines.iter().map(String::as_str));
    api(&server, "1234", &command);
    let udp = dig(
        dns,
        &["dkim.example.com", "TXT", "+bufsize=4096", "+ignore"],
    );
    let text = String::from_utf8_lossy(&udp.stdout);
    let flags = text
        .split("flags: ")
        .nth(1)
        .and_then(|rest| rest.split(';').next());
    assert!(
        flags.is_some_and(|flags| !flags.split(' ').any(|flag| flag == "tc")),
        "{}",
        explain("truncated", &udp)
    );
    assert!(
        text.contains("OPT PSEUDOSECTION"),
        "{}",
        explain("no OPT", &udp)
    );
    assert_eq!(
        short(dns, &["dkim.example.com", "TXT", "+bufsize=4096"]).len(),
        6
    );
    assert_eq!(
        status(
            dns,
            &["example.com", "SOA", "+edns=1", "+noednsnegotiation"]
        ),
        "BADVERS"
    );
    assert_eq!(status(dns, &["-c", "CH", "example.com", "SOA"]), "REFUSED");
}

/// A subdomain delegated with NS records below the apex gets a referral
/// (RFC 1034 §4.3.2 step 3b): no AA flag, the child's NS in AUTHORITY, the
/// zone's glue as ADDITIONAL; it was an authoritative NXDOMAIN, which
/// resolvers cache.
#[test]
fn a_delegated_subdomain_gets_a_referral() {
    let server = start("delegation");
    let dns = server.dns();
    api(
        &server,
        "1234",
        &[
            "command=CreateDNSZone",
            "dnszone=deleg.example",
            "rr0=@ 300 IN A 192.0.2.1",
            "rr1=sub 3600 IN NS ns.sub.deleg.example.",
            "rr2=sub 3600 IN NS ns1.other.net.",
            "rr3=ns.sub 3600 IN A 192.0.2.53",
        ],
    );
    let asked = dig(dns, &["+norec", "www.sub.deleg.example", "A"]);
    assert!(asked.status.success(), "{}", explain("dig", &asked));
    let text = String::from_utf8_lossy(&asked.stdout);
    let flags = text
        .split("flags: ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_default();
    assert!(
        text.contains("status: NOERROR") && !flags.contains("aa"),
        "{}",
        explain("a referral", &asked)
    );
    // dig separates a record's fields by tabs.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let authority = text
        .split(";; AUTHORITY SECTION:")
        .nth(1)
        .unwrap_or_default();
    let additional = text
        .split(";; ADDITIONAL SECTION:")
        .nth(1)
        .unwrap_or_default();
    assert!(
        authority.contains("sub.deleg.example. 3600 IN NS ns1.other.net.")
            && additional.contains("ns.sub.deleg.example. 3600 IN A 192.0.2.53"),
        "{}",
        explain("the child's NS and glue", &asked)
    );
    // The apex is still answered with authority.
    assert_eq!(short(dns, &["deleg.example", "A"]), ["192.0.2.1"]);
}

/// README's "DNS zones and real DNS" recipe, line by line as printed, with the
/// test server's ports for 8765 and 5353: every curl line answers `200`, every
/// dig line prints what its comment says.
#[test]
fn the_readme_dns_recipe_works_as_printed() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("\n### DNS zones and real DNS\n")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("README has a DNS section");
    assert!(section.contains("cargo run --release -- --dns-listen 127.0.0.1:5353"));
    let server = start("readme");
    let (http, dns) = (
        server.http.port().to_string(),
        server.dns().port().to_string(),
    );
    let lines: Vec<&str> = section
        .lines()
        .filter(|line| line.starts_with("curl ") || line.starts_with("dig "))
        .collect();
    assert_eq!(lines.len(), 6, "{section}");
    for line in lines {
        let (command, expected) = line.split_once("   # ").unwrap_or((line, ""));
        let command = command.replace("8765", &http).replace("5353", &dns);
        if command.starts_with("dig ") {
            ensure_installed("dig", dig_present, &["bind9-dnsutils"]);
        }
        let output = Command::new("bash")
            .args(["-c", &command])
            .output()
            .expect("bash runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        if command.starts_with("curl ") {
            assert_eq!(code(&output).as_deref(), Some("200"), "{line}: {output:?}");
        } else if command.contains("+short") {
            assert_eq!(stdout.trim(), expected, "{line}");
        } else {
            assert!(stdout.contains(expected), "{line}: {stdout}");
        }
    }
}

/// TLSA, SSHFP and NAPTR, written by the CNR forms, answered over DNS.
#[test]
fn tlsa_sshfp_and_naptr_written_by_the_cnr_forms_are_answered() {
    let server = start("cnr-types");
    let dns = server.dns();
    let tlsa = "3 1 1 ".to_owned() + &"ab".repeat(32);
    let sshfp = "4 2 ".to_owned() + &"0c".repeat(32);
    let command = [
        "COMMAND=AddDNSZone",
        "DNSZONE=keys.example",
        &format!("RR0=_443._tcp.www 300 IN TLSA {}", tlsa.to_uppercase()),
        &format!("RR1=host 300 IN SSHFP {sshfp}"),
        "RR2=@ 300 IN NAPTR 10 20 \"s\" \"SIP+D2U\" \"\" _sip._udp",
    ]
    .join("\n");
    let url = format!("http://{}/cnr/api/call.cgi", server.http);
    let output = curl(&[
        "-d",
        "s_login=test.user&s_pw=test.passw0rd",
        "--data-urlencode",
        &format!("s_command={command}"),
        &url,
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("code = 200"),
        "{}",
        explain("AddDNSZone", &output)
    );
    // dig writes the hex upper-case in blocks: compare without either.
    let flat = |rows: Vec<String>| -> Vec<String> {
        rows.iter()
            .map(|row| row.replace(' ', "").to_lowercase())
            .collect()
    };
    let tlsa_rows = short(dns, &["_443._tcp.www.keys.example", "TLSA"]);
    assert_eq!(flat(tlsa_rows), [tlsa.replace(' ', "")]);
    let sshfp_rows = short(dns, &["host.keys.example", "SSHFP"]);
    assert_eq!(flat(sshfp_rows), [sshfp.replace(' ', "")]);
    assert_eq!(
        short(dns, &["keys.example", "NAPTR", "+tcp"]),
        ["10 20 \"S\" \"SIP+D2U\" \"\" _sip._udp.keys.example."]
    );
}

/// Every answer of a zone is counted in QueryDNSZoneStats (NXDOMAIN as an
/// error too); refused questions and zone transfers are no zone's answers.
#[test]
fn answers_are_counted_in_query_dns_zone_stats() {
    let server = start("stats");
    let dns = server.dns();
    api(
        &server,
        "1234",
        &[
            "command=CreateDNSZone",
            "dnszone=counted.example",
            "rr0=@ IN A 192.0.2.7",
        ],
    );
    assert_eq!(status(dns, &["counted.example", "A"]), "NOERROR");
    assert_eq!(status(dns, &["counted.example", "MX", "+tcp"]), "NOERROR");
    assert_eq!(status(dns, &["www.counted.example", "A"]), "NXDOMAIN");
    assert_eq!(status(dns, &["example.org", "A"]), "REFUSED");
    dig(dns, &["counted.example", "AXFR"]);
    let sums = |periodicity: &str| {
        let text = api_text(
            &server,
            "1234",
            &[
                "command=QueryDNSZoneStats",
                "dnszone=counted.example",
                &format!("periodicity={periodicity}"),
            ],
        );
        let sum = |name: &str| -> (usize, u64) {
            let values: Vec<u64> = text
                .lines()
                .filter(|line| line.starts_with(&format!("PROPERTY[{name}]")))
                .map(|line| line.split('=').nth(1).unwrap().trim().parse().unwrap())
                .collect();
            (values.len(), values.iter().sum())
        };
        (sum("RESPONSE-COUNT"), sum("ERROR-COUNT"))
    };
    assert_eq!(sums("HOURLY"), ((24, 3), (24, 1)));
    assert_eq!(sums("DAILY"), ((14, 3), (14, 1)));
    assert_eq!(sums("MONTHLY"), ((12, 3), (12, 1)));
}
