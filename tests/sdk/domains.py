#!/usr/bin/env python3
"""Interop check of the domain lifecycle: the official Python SDK against a
running otebox, through the SDK's public API only (request, getColumn,
requestAllResponsePages, its automatic ConvertIDN of non-ASCII names).

Usage:  python3 domains.py http://127.0.0.1:PORT/api/call.cgi

Prices are not written down here: they are read from StatusUser's price
relations, and every charge must move StatusAccount's AMOUNT by exactly
that much, so the check fails if the catalogue, the relations and the
charges disagree. Output and exit codes as interop.py (checks.py; the client helpers are interop.py's).
"""

import sys
from decimal import Decimal
from urllib.parse import unquote_plus

from checks import check, summary
from interop import expect_code, new_client, shown

DOMAIN = "otebox-sdk-lifecycle.com"
IDN = "dömäin-sdk.com"
IDN_ACE = "xn--dmin-sdk-1za2p.com"
CONTACT = {
    "FIRSTNAME": "John",
    "LASTNAME": "Doe",
    "ORGANIZATION": "Example Ltd",
    "STREET": "1 Example Street",
    "CITY": "Springfield",
    "STATE": "NY",
    "ZIP": "10001",
    "COUNTRY": "US",
    "PHONE": "2125550100",
    "EMAIL": "john.doe@example.net",
}


def inline_contacts():
    """The four roles inline, flattened as WHMCS sends them (OWNERCONTACT0FIRSTNAME=...)."""
    fields = {}
    for role in ("OWNER", "ADMIN", "TECH", "BILLING"):
        for key, value in CONTACT.items():
            fields[f"{role}CONTACT0{key}"] = value
    return fields


def column(response, name):
    col = response.getColumn(name)
    return col.getData() if col is not None else []


def balance(client):
    r = client.request({"COMMAND": "StatusAccount"})
    expect_code("StatusAccount: 200", r, 200)
    return Decimal(r.getColumnIndex("AMOUNT", 0))


def main():
    if len(sys.argv) != 2:
        print("usage: domains.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    client = new_client(url)
    print(f"interop: domain lifecycle against {url}")

    # Prices from the account's relations (what WHMCS's TLD sync reads).
    r = client.request({"COMMAND": "StatusUser"})
    expect_code("StatusUser: 200", r, 200)
    relations = dict(zip(column(r, "RELATIONTYPE"), column(r, "RELATIONVALUE")))
    check(
        "StatusUser: .com relations in the account currency",
        relations.get("PRICE_CLASS_DOMAIN_COM_CURRENCY") == r.getColumnIndex("ACCOUNTCURRENCY", 0),
        f"COM currency {relations.get('PRICE_CLASS_DOMAIN_COM_CURRENCY')!r}",
        r,
    )
    setup = Decimal(relations["PRICE_CLASS_DOMAIN_COM_SETUP"])
    annual = Decimal(relations["PRICE_CLASS_DOMAIN_COM_ANNUAL"])
    restore = Decimal(relations["PRICE_CLASS_DOMAIN_COM_RESTORE"])
    start = balance(client)
    spent = Decimal("0")

    # Bulk check with an IDN name: the SDK converts it with ConvertIDN first.
    names = [DOMAIN, IDN, "premium-sdk.com", "taken-sdk.net"]
    r = client.request({"COMMAND": "CheckDomains", "DOMAIN": names, "PREMIUMCHANNELS": "*"})
    expect_code("CheckDomains with 4 names: 200", r, 200)
    checks = column(r, "DOMAINCHECK")
    check("CheckDomains: one DOMAINCHECK per name", len(checks) == 4, f"{checks!r}", r)
    for name in ("REASON", "CLASS", "PRICE", "CURRENCY", "PREMIUMCHANNEL"):
        check(f"CheckDomains: {name} padded to 4 rows", len(column(r, name)) == 4, f"{column(r, name)!r}", r)
    check("CheckDomains: free name is 210", checks[0].startswith("210"), checks[0], r)
    check("CheckDomains: IDN name (sent as ACE) is 210", checks[1].startswith("210"), checks[1], r)
    check(
        "CheckDomains: premium-* is a priced premium",
        checks[2].startswith("211 Premium") and column(r, "PRICE")[2] != "" and column(r, "CLASS")[2] != "",
        f"{checks[2]!r} class {column(r, 'CLASS')[2]!r} price {column(r, 'PRICE')[2]!r}",
        r,
    )
    check("CheckDomains: taken-* is 211", checks[3].startswith("211"), checks[3], r)
    r = client.request({"COMMAND": "ConvertIDN", "DOMAIN": [IDN]})
    check(
        "ConvertIDN: ACE and IDN forms",
        column(r, "ACE") == [IDN_ACE] and column(r, "IDN") == [IDN],
        f"ACE {column(r, 'ACE')!r} IDN {column(r, 'IDN')!r}",
        r,
    )

    # Register with inline contacts, as WHMCS does (empty NS slots included).
    command = {
        "COMMAND": "AddDomain",
        "DOMAIN": DOMAIN,
        "PERIOD": 1,
        "NAMESERVER": ["ns1.example.net", "ns2.example.net", "", "", ""],
    }
    command.update(inline_contacts())
    r = client.request(command)
    expect_code("AddDomain with inline contacts: 200", r, 200)
    spent += setup + annual
    check("AddDomain: balance moved by setup + annual", balance(client) == start - spent, f"expected {start - spent}")
    r = client.request({"COMMAND": "AddDomain", "DOMAIN": IDN, "PERIOD": "1Y", "NAMESERVER": ["ns1.example.net"], **inline_contacts()})
    expect_code("AddDomain of the IDN name (SDK sends ACE): 200", r, 200)
    spent += setup + annual

    # Status and the contact handle the inline data became.
    r = client.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN})
    expect_code("StatusDomain: 200", r, 200)
    check(
        "StatusDomain: nameservers without the empty slots",
        column(r, "NAMESERVER") == ["ns1.example.net", "ns2.example.net"],
        f"{column(r, 'NAMESERVER')!r}",
        r,
    )
    for name in ("EXPIRATIONDATE", "FINALIZATIONDATE", "PAIDUNTILDATE", "FAILUREDATE", "AUTH", "TRANSFERLOCK"):
        check(f"StatusDomain: {name} present", len(column(r, name)) == 1, shown(r), r)
    expiry = r.getColumnIndex("EXPIRATIONDATE", 0)
    owner = r.getColumnIndex("OWNERCONTACT", 0)
    r = client.request({"COMMAND": "StatusContact", "CONTACT": owner})
    expect_code("StatusContact of the owner handle: 200", r, 200)
    check(
        "StatusContact: the bare US number got its country code",
        r.getColumnIndex("PHONE", 0) == "+1.2125550100",
        f"PHONE={r.getColumnIndex('PHONE', 0)!r}",
        r,
    )

    # WHOIS as WHMCS's domain checker reads it: WHOISDATA urldecoded.
    r = client.request({"COMMAND": "QueryDomainWhoisInfo", "DOMAIN": DOMAIN})
    expect_code("QueryDomainWhoisInfo: 200", r, 200)
    whois = unquote_plus(r.getColumnIndex("WHOISDATA", 0) or "")
    check(
        "QueryDomainWhoisInfo: the record names the domain, 1API and the registrant",
        f"Domain Name: {DOMAIN.upper()}" in whois
        and "Registrar: 1API GmbH" in whois
        and "Registrant Name: John Doe" in whois,
        whois[:400],
        r,
    )

    # Nameservers changed.
    r = client.request({"COMMAND": "ModifyDomain", "DOMAIN": DOMAIN, "NAMESERVER": ["ns1.example.org", "ns2.example.org", "ns3.example.org", "", ""]})
    expect_code("ModifyDomain nameservers: 200", r, 200)
    r = client.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN})
    check(
        "StatusDomain: the new nameservers",
        column(r, "NAMESERVER") == ["ns1.example.org", "ns2.example.org", "ns3.example.org"],
        f"{column(r, 'NAMESERVER')!r}",
        r,
    )

    # Renew by one year.
    r = client.request({"COMMAND": "RenewDomain", "DOMAIN": DOMAIN, "PERIOD": 1})
    expect_code("RenewDomain 1 year: 200", r, 200)
    spent += annual
    renewed = r.getColumnIndex("EXPIRATIONDATE", 0) or ""
    check(
        "RenewDomain: expiry one year later",
        renewed[:4].isdigit() and int(renewed[:4]) == int(expiry[:4]) + 1 and renewed[4:] == expiry[4:],
        f"{expiry!r} -> {renewed!r}",
        r,
    )
    check("RenewDomain: balance moved by annual", balance(client) == start - spent, f"expected {start - spent}")

    # A list longer than one page, walked by the SDK's pager.
    listed = [f"otebox-sdk-list-{n}.com" for n in range(5)]
    for name in listed:
        r = client.request({"COMMAND": "AddDomain", "DOMAIN": name, "PERIOD": 1, "OWNERCONTACT0": owner, "ADMINCONTACT0": owner, "TECHCONTACT0": owner, "BILLINGCONTACT0": owner})
        expect_code(f"AddDomain {name} with handles: 200", r, 200)
        spent += setup + annual
    pages = client.requestAllResponsePages({"COMMAND": "QueryDomainList", "DOMAIN": "otebox-sdk-list-*", "LIMIT": 2})
    walked = [name for page in pages for name in column(page, "DOMAIN")]
    check("requestAllResponsePages: three pages of LIMIT=2", len(pages) == 3, f"{len(pages)} pages", pages[-1])
    check("requestAllResponsePages: every domain once, in order", walked == sorted(listed), f"{walked!r}", pages[-1])

    # Delete, the deleted-domain probe, restore.
    r = client.request({"COMMAND": "DeleteDomain", "DOMAIN": DOMAIN})
    expect_code("DeleteDomain: 200", r, 200)
    spent -= setup + annual
    check(
        "DeleteDomain within the add grace period refunds the registration",
        balance(client) == start - spent,
        f"expected {start - spent}",
    )
    expect_code("StatusDomain after delete: 545", client.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN}), 545)
    r = client.request({"COMMAND": "QueryObjectList", "OBJECTCLASS": "DELETEDDOMAIN", "OBJECTID": DOMAIN})
    expect_code("QueryObjectList DELETEDDOMAIN: 200", r, 200)
    check("QueryObjectList DELETEDDOMAIN: COUNT 1", r.getColumnIndex("COUNT", 0) == "1", shown(r), r)
    r = client.request({"COMMAND": "RestoreDomain", "DOMAIN": DOMAIN})
    expect_code("RestoreDomain: 200", r, 200)
    # The restore price, and the refunded registration back (no free time).
    spent += restore + setup + annual
    expect_code("StatusDomain after restore: 200", client.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN}), 200)

    # A renewal queued as an order, listed, then executed (charged only then).
    r = client.request({"COMMAND": "RenewDomain", "DOMAIN": DOMAIN, "PERIOD": 1, "ORDER": "CREATE"})
    expect_code("RenewDomain ORDER=CREATE: 200", r, 200)
    order = r.getColumnIndex("ORDERID", 0)
    check("RenewDomain ORDER=CREATE charges nothing", balance(client) == start - spent, f"expected {start - spent}")
    r = client.request({"COMMAND": "QueryOrderList", "ORDERID": order})
    expect_code("QueryOrderList: 200", r, 200)
    check(
        "QueryOrderList: the order, PENDING, with its command",
        column(r, "ORDERSTATUS") == ["PENDING"] and "RenewDomain" in unquote_plus(r.getColumnIndex("ORDERCOMMAND", 0)),
        shown(r),
        r,
    )
    r = client.request({"COMMAND": "ExecuteOrder", "ORDERID": order})
    expect_code("ExecuteOrder: 200", r, 200)
    check("ExecuteOrder answers RenewDomain's EXPIRATIONDATE", bool(r.getColumnIndex("EXPIRATIONDATE", 0)), shown(r), r)
    spent += annual
    r = client.request({"COMMAND": "QueryOrderList", "ORDERID": order})
    check("QueryOrderList: SUCCESSFUL after ExecuteOrder", column(r, "ORDERSTATUS") == ["SUCCESSFUL"], shown(r), r)

    end = balance(client)
    check(
        "balance moved by exactly the catalogue prices",
        end == start - spent,
        f"start {start}, spent {spent}, expected {start - spent}, got {end}",
    )

    summary()
    return 0


if __name__ == "__main__":
    sys.exit(main())
