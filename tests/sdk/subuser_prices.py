#!/usr/bin/env python3
"""Interop check of a reseller's own prices through the official Python SDK
`hexonet.apiconnector`: the parent (test.user) creates a subuser with
`RELATION` price relations (the SDK flattens the list to RELATION0..n), a
relation that is not an amount is refused (505) and changes nothing; in the
subuser's view (`setUserView`) StatusUser's relations are the ones set (as
WHMCS's TLD sync reads them), AddDomain and RenewDomain move the subuser's
balance by exactly those prices, a zone without relations by the catalogue's
(the parent's own relations), QueryDomainList PROPERTIES=PRICE shows the
relation's renewal price, and the parent pays its own prices for the same
actions.

Usage:  python3 subuser_prices.py http://HOST:PORT/api/call.cgi
"""

import sys
from decimal import Decimal

from checks import check, expect, shown, summary
from hx_client import OWNER, client_for

SUBUSER = "sdk.priced"


def column(response, name):
    col = response.getColumn(name)
    return col.getData() if col else []


def relations(client):
    r = client.request({"COMMAND": "StatusUser"})
    expect("StatusUser: 200", r, 200)
    return dict(zip(column(r, "RELATIONTYPE"), column(r, "RELATIONVALUE")))


def balance(client):
    return Decimal(client.request({"COMMAND": "StatusAccount"}).getColumnIndex("AMOUNT", 0))


def main():
    if len(sys.argv) != 2:
        print("usage: subuser_prices.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    client = client_for(url, "test.user")
    print(f"interop: a subuser's own prices against {url}")

    parent = relations(client)
    parent_start = balance(client)
    r = client.request(
        {
            "COMMAND": "AddUser",
            "SUBUSER": "sdk.cheap",
            "PASSWORD": "cheap.passw0rd",
            "VAT": "19",
            "CURRENCY": "EUR",
            "RELATION": ["PRICE_CLASS_DOMAIN_COM_ANNUAL:cheap"],
        }
    )
    expect("AddUser with a price that is not an amount: 505", r, 505)
    r = client.request({"COMMAND": "StatusUser", "SUBUSER": "sdk.cheap"})
    expect("the refused subuser was not made", r, 531)

    r = client.request(
        {
            "COMMAND": "AddUser",
            "SUBUSER": SUBUSER,
            "PASSWORD": "priced.passw0rd",
            "VAT": "19",
            "CURRENCY": "EUR",
            "CREDIT": "500",
            "RELATION": [
                "PRICE_CLASS_DOMAIN_COM_SETUP:1.50",
                "PRICE_CLASS_DOMAIN_COM_ANNUAL:16.40",
                "PRICE_CLASS_DOMAIN_COM_RESTORE:50",
            ],
        }
    )
    expect(f"AddUser {SUBUSER} with .com prices", r, 200)

    client.setUserView(SUBUSER)
    own = relations(client)
    check("StatusUser: COM_SETUP is the relation", own.get("PRICE_CLASS_DOMAIN_COM_SETUP") == "1.50", f"{own.get('PRICE_CLASS_DOMAIN_COM_SETUP')!r}")
    check("StatusUser: COM_ANNUAL is the relation", own.get("PRICE_CLASS_DOMAIN_COM_ANNUAL") == "16.40", f"{own.get('PRICE_CLASS_DOMAIN_COM_ANNUAL')!r}")
    check("StatusUser: COM_RESTORE is the relation", own.get("PRICE_CLASS_DOMAIN_COM_RESTORE") == "50.00", f"{own.get('PRICE_CLASS_DOMAIN_COM_RESTORE')!r}")
    check("StatusUser: COM_CURRENCY is the subuser's", own.get("PRICE_CLASS_DOMAIN_COM_CURRENCY") == "EUR", f"{own.get('PRICE_CLASS_DOMAIN_COM_CURRENCY')!r}")
    check("StatusUser: ORG as the parent's (no relations)", own.get("PRICE_CLASS_DOMAIN_ORG_ANNUAL") == parent.get("PRICE_CLASS_DOMAIN_ORG_ANNUAL"), f"{own.get('PRICE_CLASS_DOMAIN_ORG_ANNUAL')!r}")

    start = balance(client)
    r = client.request({"COMMAND": "AddDomain", "DOMAIN": "sdk-priced.com", "PERIOD": 2, **OWNER})
    expect("AddDomain sdk-priced.com for 2 years", r, 200)
    wanted = Decimal(own["PRICE_CLASS_DOMAIN_COM_SETUP"]) + 2 * Decimal(own["PRICE_CLASS_DOMAIN_COM_ANNUAL"])
    check("AddDomain charged SETUP + 2 x ANNUAL of the relations (34.30)", start - balance(client) == wanted == Decimal("34.30"), f"{start - balance(client)} vs {wanted}")

    before = balance(client)
    r = client.request({"COMMAND": "RenewDomain", "DOMAIN": "sdk-priced.com", "PERIOD": 1})
    expect("RenewDomain sdk-priced.com", r, 200)
    check("RenewDomain charged the relation's ANNUAL", before - balance(client) == Decimal("16.40"), f"{before - balance(client)}")

    before = balance(client)
    r = client.request({"COMMAND": "AddDomain", "DOMAIN": "sdk-priced.org", "PERIOD": 1, **OWNER})
    expect("AddDomain sdk-priced.org (no relations)", r, 200)
    catalogue = Decimal(own["PRICE_CLASS_DOMAIN_ORG_SETUP"]) + Decimal(own["PRICE_CLASS_DOMAIN_ORG_ANNUAL"])
    check("AddDomain .org charged the catalogue's price", before - balance(client) == catalogue, f"{before - balance(client)} vs {catalogue}")

    r = client.request({"COMMAND": "QueryDomainList", "VERSION": 2, "PROPERTIES": "PRICE", "DOMAIN": "sdk-priced.com"})
    expect("QueryDomainList PROPERTIES=PRICE", r, 200)
    check("QueryDomainList: RENEWALPRICE is the relation's ANNUAL", column(r, "RENEWALPRICE") == ["16.40"], f"{column(r, 'RENEWALPRICE')!r}", r)

    client.resetUserView()
    # The parent pays its own prices (its StatusUser relations) for the same actions.
    paid = parent_start - balance(client)
    com = lambda item: Decimal(parent[f"PRICE_CLASS_DOMAIN_COM_{item}"])
    org = Decimal(parent["PRICE_CLASS_DOMAIN_ORG_SETUP"]) + Decimal(parent["PRICE_CLASS_DOMAIN_ORG_ANNUAL"])
    wanted = com("SETUP") + 3 * com("ANNUAL") + org
    check("the parent paid its own prices for the same actions", paid == wanted, f"{paid} vs {wanted}")
    summary()


if __name__ == "__main__":
    main()
