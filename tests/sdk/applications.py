#!/usr/bin/env python3
"""Interop check of domain applications through the official Python SDK
`hexonet.apiconnector`, as the WHMCS module uses them (whmcs-module.md
rows #8, #37, #38), with the sandbox clock moved through `/_admin/clock`:

AddDomain of a .swiss name is 510 and a wrong PRICE 541; CLASS=GOLIVE
without PRICE (as the module sends it) files the application (charged,
pending); StatusDomainApplication says REQUESTED, and
QueryDomainList VERSION=2 OBJECTCLASS=DOMAINAPPLICATION lists it; a second
application is withdrawn by DeleteDomainApplication and its charge comes
back; after the 24-hour review the first is SUCCESSFUL and its domain
ACTIVE. Every charge moves StatusAccount's AMOUNT by what the answers say.

Usage:  python3 applications.py http://HOST:PORT/api/call.cgi
"""

import sys
from decimal import Decimal

import admin_api
from checks import check, expect, shown, summary
from hx_client import client_for

KEPT = "sdk-keller.swiss"
WITHDRAWN = "sdk-withdrawn.swiss"
OWNER = {
    "OWNERCONTACT0FIRSTNAME": "Anna",
    "OWNERCONTACT0LASTNAME": "Keller",
    "OWNERCONTACT0ORGANIZATION": "Keller Handels AG",
    "OWNERCONTACT0STREET": "Bahnhofstrasse 1",
    "OWNERCONTACT0CITY": "Zuerich",
    "OWNERCONTACT0ZIP": "8001",
    "OWNERCONTACT0COUNTRY": "CH",
    "OWNERCONTACT0PHONE": "+41.441234567",
    "OWNERCONTACT0EMAIL": "anna.keller@example.ch",
}


def balance(client):
    return Decimal(client.request({"COMMAND": "StatusAccount"}).getColumnIndex("AMOUNT", 0))


def apply(client, domain, price=None, currency=None):
    """AddDomainApplication as the WHMCS module sends it for .swiss
    (CLASS=GOLIVE, no PRICE or CURRENCY, empty third and fourth nameserver,
    the registrant inline); `price` adds PRICE and CURRENCY."""
    command = {
        "COMMAND": "AddDomainApplication",
        "DOMAIN": domain,
        "PERIOD": 1,
        "CLASS": "GOLIVE",
        "NAMESERVER0": "ns1.example.ch",
        "NAMESERVER1": "ns2.example.ch",
        "NAMESERVER2": "",
        "NAMESERVER3": "",
        "X-SWISS-OWNER-TYPE": "O",
        "X-SWISS-UID": "CHE-123.456.789",
    }
    if price is not None:
        command["PRICE"] = price
        command["CURRENCY"] = currency
    command.update(OWNER)
    return client.request(command)


def application_status(client, application):
    r = client.request({"COMMAND": "StatusDomainApplication", "APPLICATION": application})
    return r, r.getColumnIndex("STATUS", 0)


def main():
    if len(sys.argv) != 2:
        print("usage: applications.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: domain applications against {url}")
    client = client_for(url, "test.user")

    r = apply(client, KEPT, "1.00", "CHF")
    expect("AddDomainApplication at a wrong price: 541", r, 541, "Invalid attribute value; PRICE")
    r = client.request({"COMMAND": "AddDomain", "DOMAIN": KEPT, "PERIOD": 1, **OWNER})
    expect("AddDomain .swiss: 510 (applications only)", r, 510)

    start = balance(client)
    r = apply(client, KEPT)
    expect("AddDomainApplication GOLIVE: 200 ...; action pending", r, 200, "Command completed successfully; action pending")
    kept = r.getColumnIndex("APPLICATION", 0)
    check("AddDomainApplication: an APPLICATION id", bool(kept) and kept.isdigit(), repr(kept), r)
    check("AddDomainApplication: PENDING=1", r.isPending(), shown(r), r)
    charged = start - balance(client)
    check("AddDomainApplication: the balance moved", charged > 0, f"charged {charged}")

    r, status = application_status(client, kept)
    expect("StatusDomainApplication: 200", r, 200)
    check("StatusDomainApplication: REQUESTED while reviewed", status == "REQUESTED", status, r)
    check("StatusDomainApplication: CLASS GOLIVE", r.getColumnIndex("CLASS", 0) == "GOLIVE", shown(r), r)

    # WHMCS's premium/application lookup shape (VERSION=2, OBJECTCLASS, WIDE).
    r = client.request(
        {
            "COMMAND": "QueryDomainList",
            "VERSION": 2,
            "OBJECTCLASS": "DOMAINAPPLICATION",
            "DOMAIN": KEPT,
            "WIDE": 1,
            "NOTOTAL": 1,
            "LIMIT": 1,
        }
    )
    expect("QueryDomainList VERSION=2 OBJECTCLASS=DOMAINAPPLICATION: 200", r, 200)
    check(
        "QueryDomainList: the application row",
        r.getColumnIndex("OBJECTID", 0) == kept and r.getColumnIndex("STATUS", 0) == "REQUESTED",
        shown(r),
        r,
    )

    # A second application, withdrawn while reviewed: its charge comes back.
    before = balance(client)
    r = apply(client, WITHDRAWN)
    expect("AddDomainApplication (second): 200", r, 200)
    second = r.getColumnIndex("APPLICATION", 0)
    r = client.request({"COMMAND": "DeleteDomainApplication", "APPLICATION": second})
    expect("DeleteDomainApplication: 200", r, 200)
    check("DeleteDomainApplication: DOMAIN", r.getColumnIndex("DOMAIN", 0) == WITHDRAWN, shown(r), r)
    check("DeleteDomainApplication: the charge refunded", balance(client) == before, f"{balance(client)} vs {before}")
    r, _ = application_status(client, second)
    expect("StatusDomainApplication (withdrawn): 545", r, 545)
    r = client.request({"COMMAND": "StatusDomain", "DOMAIN": WITHDRAWN})
    expect("StatusDomain (withdrawn): 545", r, 545)

    # The review ends a day later (sandbox time).
    status, text = admin_api.advance(url, "1d")
    check("/_admin/clock advance=1d: 200", status == 200, text)
    r, status = application_status(client, kept)
    check("StatusDomainApplication: SUCCESSFUL after the review", status == "SUCCESSFUL", status, r)
    r = client.request({"COMMAND": "StatusDomain", "DOMAIN": KEPT})
    expect("StatusDomain after the review: 200", r, 200)
    check("StatusDomain: ACTIVE", "ACTIVE" in (r.getColumn("STATUS").getData() if r.getColumn("STATUS") else []), shown(r), r)
    r = client.request({"COMMAND": "DeleteDomainApplication", "APPLICATION": kept})
    expect("DeleteDomainApplication of a SUCCESSFUL one: 552", r, 552)
    check("only the kept application was charged", start - balance(client) == charged, f"{start - balance(client)} vs {charged}")

    summary()


if __name__ == "__main__":
    main()
