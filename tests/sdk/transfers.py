#!/usr/bin/env python3
"""Interop check of a transfer between two sandbox accounts (issue 12)
through the official Python SDK `hexonet.apiconnector` 4.0.2, with the
sandbox clock moved through `/_admin/clock` as a tester would:

test.user2 registers a .com; test.user's CheckDomainTransfer answers 219
while the domain is young; the clock moves past the 60-day lock; the check
answers 218 with the auth code; TransferDomain is pending; the clock moves
past the 5-day pending period; StatusDomain, QueryDomainList and
StatusAccount show the new owner, the new expiry and both balances moved by
exactly the catalogue prices of StatusUser's relations.

Usage:  python3 transfers.py http://HOST:PORT/api/call.cgi
"""

import sys
from datetime import datetime
from decimal import Decimal

from checks import check, expect, shown, summary

import admin_api
from hx_client import OWNER, client_for

DOMAIN = "sdk-transfer.com"


def advance(url, duration):
    """Moves OT&E's sandbox clock forward through the admin endpoint."""
    status, text = admin_api.advance(url, duration)
    check(f"/_admin/clock advance={duration}: 200", status == 200, text)
    return text


def balance(client):
    return Decimal(client.request({"COMMAND": "StatusAccount"}).getColumnIndex("AMOUNT", 0))


def expiry(response):
    return datetime.strptime(response.getColumnIndex("REGISTRATIONEXPIRATIONDATE", 0), "%Y-%m-%d %H:%M:%S")


def main():
    if len(sys.argv) != 2:
        print("usage: transfers.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: a transfer between accounts against {url}")
    gaining = client_for(url, "test.user")
    losing = client_for(url, "test.user2")

    r = gaining.request({"COMMAND": "StatusUser"})
    relations = dict(zip(r.getColumn("RELATIONTYPE").getData(), r.getColumn("RELATIONVALUE").getData()))
    registration = Decimal(relations["PRICE_CLASS_DOMAIN_COM_SETUP"]) + Decimal(
        relations["PRICE_CLASS_DOMAIN_COM_ANNUAL"]
    )
    transfer = Decimal(relations["PRICE_CLASS_DOMAIN_COM_TRANSFER"])
    gaining_before, losing_before = balance(gaining), balance(losing)

    r = losing.request(
        {
            "COMMAND": "AddDomain",
            "DOMAIN": DOMAIN,
            "PERIOD": 1,
            "NAMESERVER": ["ns1.example.net", "ns2.example.net"],
            **OWNER,
        }
    )
    expect("test.user2 registers the domain", r, 200)
    status = losing.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN})
    auth = status.getColumnIndex("AUTH", 0)
    registered_until = expiry(status)
    check("StatusDomain shows the auth code to its holder", bool(auth), shown(status), status)
    statuses = status.getColumn("STATUS").getData()
    check(
        "a new .com carries serverTransferProhibited",
        "serverTransferProhibited" in statuses,
        f"STATUS {statuses!r}",
        status,
    )

    r = gaining.request({"COMMAND": "CheckDomainTransfer", "DOMAIN": DOMAIN, "AUTH": auth})
    expect(
        "CheckDomainTransfer while young: 219 by age",
        r,
        219,
        "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY AGE OF THE DOMAIN",
    )
    advance(url, "61d")
    r = gaining.request({"COMMAND": "CheckDomainTransfer", "DOMAIN": DOMAIN, "AUTH": auth})
    expect("CheckDomainTransfer after 61 days: 218", r, 218, "Request is available")
    check("AUTHISVALID=YES", r.getColumnIndex("AUTHISVALID", 0) == "YES", shown(r), r)

    r = gaining.request({"COMMAND": "TransferDomain", "DOMAIN": DOMAIN, "AUTH": auth})
    expect("TransferDomain with the auth code: pending", r, 200)
    check("TransferDomain answers PENDING=1", r.isPending(), r.getPlain(), r)
    r = gaining.request({"COMMAND": "StatusDomainTransfer", "DOMAIN": DOMAIN})
    expect("StatusDomainTransfer for the gaining side: 200", r, 200)
    check(
        "TRANSFERSTATUS is PENDING",
        r.getColumnIndex("TRANSFERSTATUS", 0) == "PENDING",
        shown(r),
        r,
    )
    r = gaining.request({"COMMAND": "TransferDomain", "DOMAIN": DOMAIN, "AUTH": auth})
    expect("a second request while one is pending: 536", r, 536, "Object already flagged for transfer")

    advance(url, "5d")
    r = gaining.request({"COMMAND": "StatusDomainTransfer", "DOMAIN": DOMAIN})
    expect("after the pending period nothing is pending: 545", r, 545)
    status = gaining.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN})
    expect("StatusDomain by the new owner: 200", status, 200)
    check(
        "the new expiry is one year later",
        expiry(status) == registered_until.replace(year=registered_until.year + 1),
        f"{expiry(status)} after {registered_until}",
        status,
    )
    r = losing.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN})
    check("the losing side no longer sees it", r.getCode() in (531, 545), shown(r), r)
    r = gaining.request({"COMMAND": "QueryDomainList", "DOMAIN": DOMAIN})
    domains = r.getColumn("DOMAIN")
    check(
        "QueryDomainList of the new owner lists it",
        domains is not None and DOMAIN in domains.getData(),
        r.getPlain(),
        r,
    )
    r = losing.request({"COMMAND": "QueryEventList", "WIDE": 1})
    subclasses = r.getColumn("EVENTSUBCLASS")
    subclasses = subclasses.getData() if subclasses is not None else []
    check(
        "the losing side has its events (requested, then transferred out)",
        subclasses == ["TRANSFEROUT_REQUESTED", "TRANSFEROUT_SUCCESSFUL"],
        f"EVENTSUBCLASS {subclasses!r}",
        r,
    )
    r = losing.request(
        {
            "COMMAND": "QueryObjectLogList",
            "OBJECTCLASS": "DOMAIN",
            "OBJECTID": DOMAIN,
            "ORDERBY": "LOGDATEDESC",
            "USERDEPTH": "SELF",
            "LIMIT": 1,
        }
    )
    check(
        "the losing side's latest log entry is OUTBOUND_TRANSFER SUCCESSFUL (WHMCS: transferred away)",
        r.getColumnIndex("OPERATIONTYPE", 0) == "OUTBOUND_TRANSFER"
        and r.getColumnIndex("OPERATIONSTATUS", 0) == "SUCCESSFUL",
        r.getPlain(),
        r,
    )
    r = gaining.request(
        {
            "COMMAND": "QueryObjectLogList",
            "OBJECTCLASS": "DOMAIN",
            "OBJECTID": DOMAIN,
            "ORDERBY": "LOGDATEDESC",
            "OPERATIONTYPE": "TRANSFER",
            "OPERATIONSTATUS": "REQUEST",
            "USERDEPTH": "SELF",
            "LIMIT": 1,
        }
    )
    check("the gaining side's request log (TransferSync) has one entry", r.getColumnIndex("COUNT", 0) == "1", r.getPlain(), r)
    gaining_spent = gaining_before - balance(gaining)
    losing_spent = losing_before - balance(losing)
    check(
        f"test.user paid exactly the transfer price ({transfer})",
        gaining_spent == transfer,
        f"spent {gaining_spent}",
    )
    check(
        f"test.user2 paid exactly the registration ({registration})",
        losing_spent == registration,
        f"spent {losing_spent}",
    )
    summary()


if __name__ == "__main__":
    main()
