#!/usr/bin/env python3
"""Interop check: DNSControl's CentralNic Reseller provider, replayed
through the CNR Python SDK against a running otebox.

DNSControl (providers/cnr/, Go) talks to the CNR API through the Go SDK; this
script sends the same requests through `centralnicreseller-apiconnector`
(pinned in tests/sdk/requirements-cnr.txt) and parses the answers the way
the provider's records.go does:

* EnsureZoneExists: StatusDNSZone; 545 -> AddDNSZone (on OT&E with
  SOATTL=33200 SOASERIAL=0000000000); an older provider sent AddDNSZone
  directly and took 549 as "there already".
* getRecords: QueryDNSZoneRRList DNSZONE ORDERBY=type FIRST=0 LIMIT=1 for the
  total, then the same with WIDE=1 LIMIT=<total + 100>; rows without NAME are
  skipped; MX CONTENT is "<prio> <target>"; CNAME/MX/NS/SRV/PTR targets get a
  trailing dot; NAME is "@" or relative; SRV CONTENT loses its "<prio> ".
* createRecordString: "<host> <ttl> IN <TYPE> [<mxpref>] <answer>" (NS
  without IN); deleteRecordString: "<host> <ttl> IN <TYPE> [<srvprio>]
  <answer>" where an MX answer is its target alone (NS without IN).
* ListZones: QueryDNSZoneList through all pages, column DNSZONE.

Usage:  python3 dns_cnr.py http://127.0.0.1:PORT/api/call.cgi
Output as interop.py: one line per passed check, then
`interop: N passed, 0 failed`; the first failure exits 1.
"""

import re
import sys

from checks import check, summary

try:
    from centralnicreseller.apiconnector.apiclient import APIClient
except ImportError as error:
    print(f"interop: cannot import centralnicreseller.apiconnector ({error})", file=sys.stderr)
    print("interop: 0 passed, 1 failed")
    sys.exit(1)

ZONE = "otebox-dnscontrol.com"


def expect(name, response, code):
    check(name, response.getCode() == code,
          f"expected {code}, got {response.getCode()} {response.getDescription()!r}", response)


def column(response, name):
    col = response.getColumn(name)
    return col.getData() if col is not None else []


def get_records(api):
    """records.go getRecords: the total first, then every row WIDE."""
    cmd = {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": ZONE, "ORDERBY": "type", "FIRST": "0", "LIMIT": "1"}
    r = api.request(cmd)
    expect("QueryDNSZoneRRList ORDERBY=type FIRST=0 LIMIT=1", r, 200)
    total = r.getRecordsTotalCount()
    if total <= 0:
        return []
    cmd["LIMIT"] = str(total + 100)
    cmd["WIDE"] = "1"
    r = api.request(cmd)
    expect("QueryDNSZoneRRList WIDE=1 LIMIT=total+100", r, 200)
    check("count is every row of the zone", int(column(r, "COUNT")[0]) == total,
          f"COUNT {column(r, 'COUNT')} vs total {total}", r)
    records = []
    for row in r.getRecords():
        data = dict(row.getData())
        if "NAME" not in data:
            continue
        if data["TYPE"] == "MX":
            prio, target = data["CONTENT"].split(" ")[:2]
            data["PRIO"], data["CONTENT"] = prio, target
        ttl = int(data["TTL"])
        prio = int(data["PRIO"]) if data.get("PRIO", "").isdigit() else 0
        if re.match(r"^CNAME|MX|NS|SRV|PTR$", data["TYPE"]) and not data["CONTENT"].endswith("."):
            data["CONTENT"] += "."
        fqdn = ZONE + "."
        if data["NAME"] != "@" and not data["NAME"].endswith(ZONE + "."):
            fqdn = f"{data['NAME']}.{ZONE}."
        answer = data["CONTENT"]
        if data["TYPE"] == "SRV":
            answer = answer[len(f"{prio} "):] if answer.startswith(f"{prio} ") else answer
        records.append({"host": data["NAME"], "fqdn": fqdn, "type": data["TYPE"], "answer": answer,
                        "ttl": ttl, "prio": prio, "locked": data.get("LOCKED")})
    check("every row has the columns the provider reads", len(records) == total,
          f"{len(records)} rows with NAME of {total}", r)
    return records


def delete_string(record):
    """records.go deleteRecordString."""
    values = [record["host"], str(record["ttl"]), "IN", record["type"]]
    if record["type"] == "SRV":
        values.append(str(record["prio"]))
    values.append(record["answer"])
    if record["type"] == "NS":
        del values[2]
    return " ".join(values)


def shape(records):
    return sorted((r["fqdn"], r["type"], r["prio"], r["answer"], r["ttl"]) for r in records)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].endswith("/api/call.cgi"):
        print("usage: dns_cnr.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    cnr = sys.argv[1][: -len("/api/call.cgi")] + "/cnr/api/call.cgi"
    api = APIClient()
    api.setURL(cnr)
    api.setCredentials("test.user", "test.passw0rd")

    # EnsureZoneExists
    r = api.request({"COMMAND": "StatusDNSZone", "DNSZONE": ZONE})
    expect("StatusDNSZone of a missing zone is 545", r, 545)
    r = api.request({"COMMAND": "AddDNSZone", "DNSZONE": ZONE, "SOATTL": "33200", "SOASERIAL": "0000000000"})
    expect("AddDNSZone with the OT&E SOA fields", r, 200)
    r = api.request({"COMMAND": "AddDNSZone", "DNSZONE": ZONE})
    expect("AddDNSZone again is 549 (the older provider's 'there already')", r, 549)
    r = api.request({"COMMAND": "StatusDNSZone", "DNSZONE": ZONE})
    expect("StatusDNSZone of the new zone", r, 200)
    check("...shows SOATTL 33200 and a managed serial",
          column(r, "SOATTL") == ["33200"] and column(r, "SOASERIAL")[0] != "0", response=r)

    # ListZones
    pages = api.requestAllResponsePages({"COMMAND": "QueryDNSZoneList"})
    zones = [name for page in pages for name in column(page, "DNSZONE")]
    check("QueryDNSZoneList lists the zone without a trailing dot", ZONE in zones, f"{zones}")

    records = get_records(api)
    check("a new zone holds KeyDNS's three NS (ns1-3.rrpproxy.net) at @",
          shape(records) == [(ZONE + ".", "NS", 0, f"ns{n}.rrpproxy.net.", 33200) for n in (1, 2, 3)],
          f"{shape(records)}")

    # GetZoneRecordsCorrections: creations (createRecordString)
    adds = [
        "@ 3600 IN A 192.0.2.1",
        "www 3600 IN A 192.0.2.2",
        f"@ 3600 IN MX 10 mail.{ZONE}.",
        '@ 3600 IN TXT "v=spf1 -all"',
        f"_sip._tcp 3600 IN SRV 10 5 5060 sip.{ZONE}.",
        '@ 3600 IN CAA 0 issue "letsencrypt.org"',
        "@ 3600 NS ns4.example.net.",
    ]
    r = api.request({"COMMAND": "ModifyDNSZone", "DNSZONE": ZONE,
                     **{f"ADDRR{i}": line for i, line in enumerate(adds)}})
    expect("ModifyDNSZone with the provider's ADDRR strings", r, 200)
    records = get_records(api)
    apex = ZONE + "."
    ns = [(apex, "NS", 0, f"ns{n}.rrpproxy.net.", 3600) for n in (1, 2, 3)]
    wanted = sorted(ns + [
        (apex, "A", 0, "192.0.2.1", 3600),
        (f"www.{apex}", "A", 0, "192.0.2.2", 3600),
        (apex, "MX", 10, f"mail.{apex}", 3600),
        (apex, "TXT", 0, '"v=spf1 -all"', 3600),
        (f"_sip._tcp.{apex}", "SRV", 10, f"5 5060 sip.{apex}", 3600),
        (apex, "CAA", 0, '0 issue "letsencrypt.org"', 3600),
        (apex, "NS", 0, "ns4.example.net.", 3600),
    ])
    check("the rows read back as the provider parses them", shape(records) == wanted,
          f"\n got {shape(records)}\nwant {wanted}")

    # Deletions and modifications (deleteRecordString of the parsed rows)
    gone = [rec for rec in records
            if rec["type"] in ("MX", "SRV") or rec["answer"] in ('"v=spf1 -all"', "ns4.example.net.", "192.0.2.2")]
    dels = [delete_string(rec) for rec in gone]
    check("the MX delete string has its target alone", f"@ 3600 IN MX mail.{apex}" in dels, f"{dels}")
    check("the NS delete string has no IN", "@ 3600 NS ns4.example.net." in dels, f"{dels}")
    news = [
        "@ 3600 IN MX 20 mx2.example.net.",
        '@ 3600 IN TXT "v=spf1 include:_spf.example.net -all"',
        "www 600 IN A 192.0.2.3",
    ]
    params = {f"DELRR{i}": line for i, line in enumerate(dels)}
    params.update({f"ADDRR{i}": line for i, line in enumerate(news)})
    r = api.request({"COMMAND": "ModifyDNSZone", "DNSZONE": ZONE, **params})
    expect("ModifyDNSZone with the provider's DELRR and ADDRR strings", r, 200)
    records = get_records(api)
    wanted = sorted(ns + [
        (apex, "A", 0, "192.0.2.1", 3600),
        (f"www.{apex}", "A", 0, "192.0.2.3", 600),
        (apex, "MX", 20, "mx2.example.net.", 3600),
        (apex, "TXT", 0, '"v=spf1 include:_spf.example.net -all"', 3600),
        (apex, "CAA", 0, '0 issue "letsencrypt.org"', 3600),
    ])
    check("the deletions and additions read back", shape(records) == wanted,
          f"\n got {shape(records)}\nwant {wanted}")

    # A web forwarding shows as a locked A row the provider still parses.
    r = api.request({"COMMAND": "AddWebFwd", "SOURCE": f"go.{ZONE}", "TARGET": "https://www.example.net/",
                     "TYPE": "RD"})
    expect("AddWebFwd", r, 200)
    records = get_records(api)
    locked = [rec for rec in records if rec["locked"] == "1"]
    check("the forwarding is one locked A row at its host",
          [(rec["fqdn"], rec["type"]) for rec in locked] == [(f"go.{apex}", "A")], f"{records}")
    check("...and the other rows are unlocked", all(rec["locked"] == "0" for rec in records if rec not in locked))
    r = api.request({"COMMAND": "QueryWebFwdList", "SOURCE": f"go.{ZONE}", "WIDE": "1"})
    expect("QueryWebFwdList of that host", r, 200)
    check("...answers rd and the target", column(r, "TYPE") == ["rd"]
          and column(r, "TARGET") == ["https://www.example.net/"], response=r)

    r = api.request({"COMMAND": "DeleteDNSZone", "DNSZONE": ZONE})
    expect("DeleteDNSZone", r, 200)
    r = api.request({"COMMAND": "QueryDNSZoneRRList", "DNSZONE": ZONE, "ORDERBY": "type", "FIRST": "0", "LIMIT": "1"})
    expect("the deleted zone's records are 545 (the provider would create it)", r, 545)
    summary()


if __name__ == "__main__":
    main()
