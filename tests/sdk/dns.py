#!/usr/bin/env python3
"""Interop check of hosted DNS zones (issue 13) through the official Python SDK
`hexonet.apiconnector` 4.0.2, sending exactly what the Go DNS provider
`libdns/hexonet` (client.go, commit 8a74d4d9; what Caddy's ACME DNS-01 solver
drives) sends through the Go SDK:

* the provider logs in once (`c.Login()`: StartSession) and reuses the session;
* GetRecords: `QueryDNSZoneRRList` with the lower-case key `dnszone` and the
  zone as libdns names zones (absolute, trailing dot); every `RR` of the
  answer is parsed with libdns's `ParseRR` regex
  `^(.+\\.)\\s+(\\d+)\\s+IN\\s+(\\w+)\\s+(.+)$` (owner absolute, TTL, literal IN):
  a line it cannot match makes the Go provider panic, so all must match;
* AppendRecords: `UpdateDNSZone` with `addrr<i>` =
  `"<name> <ttl> IN <type> <value>"`, the name relative as libdns passes it
  (`_acme-challenge`), TTL 0 (certmagic's default), TXT values through
  libdns's `txtsanitize.TXTSanitize` (quoted, `\\` and `"` escaped);
* DeleteRecords: the same line as `delrr<i>`;
* SetRecords: the old record as the listing showed it (absolute owner, its
  TTL) as `delrr0` in one UpdateDNSZone, then the new one as `addrr0` in the next.

Both SDKs upper-case parameter names before sending (the Go SDK's
`flattenCommand`, the Python SDK's own), so `dnszone`/`addrr0` arrive as
`DNSZONE`/`ADDRR0`; the script still writes them as libdns does. The zone is
created first with CreateDNSZone (libdns never creates zones).

Usage:  python3 dns.py http://HOST:PORT/api/call.cgi
"""

import re
import sys

from checks import check, expect, shown, summary

from hx_client import client_for

LOGIN = "test.user"
PASSWORD = "test.passw0rd"
# The zone as libdns passes it (FQDN with the trailing dot).
ZONE = "libdns-sdk.com."
# libdns/hexonet ParseRR.
RR_LINE = re.compile(r"^(.+\.)\s+(\d+)\s+IN\s+(\w+)\s+(.+)$")
TOKEN = "DGyRejmCefe7v4NfDGDKfA-Lq6ZJXPJ4wv2Yz5E0mEA"


def txt_sanitize(value):
    """libdns/hexonet txtsanitize.TXTSanitize: quoted values stay, others are
    quoted with backslash and double quote escaped."""
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        body, i = value[1:-1], 0
        ok = True
        while i < len(body):
            if body[i] == "\\":
                if i + 1 >= len(body) or body[i + 1] not in '\\"':
                    ok = False
                    break
                i += 1
            elif body[i] == '"':
                ok = False
                break
            i += 1
        if ok:
            return value
    escaped = "".join("\\" + c if c in '\\"' else c for c in value)
    return f'"{escaped}"'


def rr_value(name, ttl, kind, value):
    """client.go: fmt.Sprintf("%s %d IN %s %s", Name, TTL, Type, TXTSanitize(record))."""
    if kind == "TXT":
        value = txt_sanitize(value)
    return f"{name} {ttl} IN {kind} {value}"


def get_records(client, what):
    """libdns GetRecords: (name, ttl, type, value) of every RR, all parsed by ParseRR."""
    r = client.request({"COMMAND": "QueryDNSZoneRRList", "dnszone": ZONE})
    expect(f"{what}: QueryDNSZoneRRList dnszone={ZONE} answers 200", r, 200)
    lines = [record.getData().get("RR", "") for record in r.getRecords()]
    check(f"{what}: the zone lists records", len(lines) > 0, f"no RR rows in {lines!r}", r)
    parsed = []
    for line in lines:
        match = RR_LINE.match(line)
        check(
            f"{what}: libdns ParseRR matches {line!r}",
            match is not None,
            "libdns/hexonet would index a nil match and panic",
            r,
        )
        parsed.append(match.groups())
    return parsed


def main():
    if len(sys.argv) != 2:
        print("usage: dns.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: libdns/hexonet's requests through the Python SDK against {url}")
    client = client_for(url, LOGIN, PASSWORD)

    r = client.login()
    expect("login (StartSession) answers 200", r, 200)
    session = r.getColumnIndex("SESSION", 0)
    check("StartSession gives a session id", bool(session), "no PROPERTY[SESSION]", r)

    # Setup: a zone with one record of each common type (what a tester's
    # zone holds), so the listing shows every line shape to ParseRR.
    r = client.request(
        {
            "COMMAND": "CreateDNSZone",
            "DNSZONE": ZONE,
            "RR": [
                "@ 3600 IN A 192.0.2.1",
                "@ 3600 IN AAAA 2001:db8::1",
                "@ 3600 IN MX 10 mail",
                "@ 3600 IN TXT v=spf1 -all",
                "@ 3600 IN CAA 0 issue letsencrypt.org",
                "mail 3600 IN A 192.0.2.2",
                "www 3600 IN CNAME @",
                "_sip._tcp 3600 IN SRV 10 5 5060 sip",
            ],
        }
    )
    expect("setup: CreateDNSZone with a record of each type", r, 200)

    records = get_records(client, "GetRecords")
    types = {kind for (_, _, kind, _) in records}
    for kind in ["SOA", "NS", "A", "AAAA", "MX", "TXT", "CAA", "CNAME", "SRV"]:
        check(f"GetRecords: the listing has {kind}", kind in types, f"types {sorted(types)}")
    apex = ZONE
    check(
        "GetRecords: owners are absolute (the zone's apex with its dot)",
        any(name == apex for (name, _, _, _) in records),
        f"no owner {apex!r} in {records!r}",
    )

    # AppendRecords: the ACME DNS-01 challenge plus a second record in one call.
    challenge = rr_value("_acme-challenge", 0, "TXT", TOKEN)
    check(
        "TXTSanitize quotes the token",
        challenge == f'_acme-challenge 0 IN TXT "{TOKEN}"',
        challenge,
    )
    r = client.request(
        {
            "COMMAND": "UpdateDNSZone",
            "dnszone": ZONE,
            "addrr0": challenge,
            "addrr1": rr_value("api", 300, "TXT", 'say "hi" \\o/'),
        }
    )
    expect("AppendRecords: UpdateDNSZone addrr0/addrr1 answers 200", r, 200)

    records = get_records(client, "after AppendRecords")
    wanted = ("_acme-challenge." + ZONE, "0", "TXT", f'"{TOKEN}"')
    check("the challenge TXT reads back absolute, TTL 0, quoted", wanted in records, f"{records!r}")
    escaped = ("api." + ZONE, "300", "TXT", '"say \\"hi\\" \\\\o/"')
    check("the escaped TXT reads back as sent", escaped in records, f"{records!r}")

    # DeleteRecords: the same lines as delrr#.
    r = client.request(
        {
            "COMMAND": "UpdateDNSZone",
            "dnszone": ZONE,
            "delrr0": challenge,
            "delrr1": rr_value("api", 300, "TXT", 'say "hi" \\o/'),
        }
    )
    expect("DeleteRecords: UpdateDNSZone delrr0/delrr1 answers 200", r, 200)
    records = get_records(client, "after DeleteRecords")
    check(
        "the challenge TXT is gone",
        not any(name == "_acme-challenge." + ZONE for (name, _, _, _) in records),
        f"{records!r}",
    )
    check(
        "the other TXT is gone",
        not any(name == "api." + ZONE for (name, _, _, _) in records),
        f"{records!r}",
    )
    check("the setup records stay", ("mail." + ZONE, "3600", "A", "192.0.2.2") in records, f"{records!r}")

    # SetRecords: the old record as listed (absolute owner, listed TTL) is
    # deleted, then the new one added, in two UpdateDNSZone calls.
    old = next((rec for rec in records if rec[0] == "mail." + ZONE and rec[2] == "A"), None)
    check("SetRecords: the listing has mail A", old is not None, f"{records!r}")
    r = client.request({"COMMAND": "UpdateDNSZone", "dnszone": ZONE, "delrr0": rr_value(*old)})
    expect(f"SetRecords: delrr0 {rr_value(*old)!r} answers 200", r, 200)
    r = client.request(
        {"COMMAND": "UpdateDNSZone", "dnszone": ZONE, "addrr0": rr_value("mail", 600, "A", "192.0.2.2")}
    )
    expect("SetRecords: addrr0 with the new TTL answers 200", r, 200)
    records = get_records(client, "after SetRecords")
    check(
        "mail A has the new TTL and only once",
        [rec for rec in records if rec[0] == "mail." + ZONE] == [("mail." + ZONE, "600", "A", "192.0.2.2")],
        f"{records!r}",
    )

    # The SDK's pager on a filtered listing: one request per page, every
    # row once (TOTAL counted the whole zone: 1 MX of N records cost N
    # requests, with empty "records" for the pages past the end).
    pages = client.requestAllResponsePages({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": ZONE, "RRTYPE": "A"})
    rows = [rr for page in pages for rr in (page.getColumn("RR").getData() if page.getColumn("RR") else [])]
    wanted_a = [rec for rec in records if rec[2] == "A"]
    check("requestAllResponsePages RRTYPE=A: one page", len(pages) == 1, f"{len(pages)} pages", pages[-1])
    check(
        "requestAllResponsePages RRTYPE=A: every A record once",
        len(rows) == len(wanted_a) and all(rr.split(" ")[3] == "A" for rr in rows),
        f"{rows!r} vs {wanted_a!r}",
        pages[-1],
    )

    r = client.logout()
    expect("logout (EndSession) answers 200", r, 200)
    summary()


if __name__ == "__main__":
    main()
