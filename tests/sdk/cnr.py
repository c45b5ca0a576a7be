#!/usr/bin/env python3
"""Interop check: the CentralNic Reseller SDK against a running otebox.

The SDK is `centralnicreseller-apiconnector` from PyPI, pinned to 6.0.0 in
`tests/sdk/requirements-cnr.txt` (a venv of its own: its pins conflict with
`hexonet.apiconnector`). Every check goes through the SDK's public API.

Usage:  python3 cnr.py http://127.0.0.1:PORT/api/call.cgi

The script talks to `/cnr/api/call.cgi` of that server (always the CNR
dialect) and, for the login, to the shared `/api/call.cgi` too (where the
`persistent` field tells the dialect). Output as interop.py: one line per
passed check, then `interop: N passed, 0 failed`; the first failure exits 1.

SDK facts relied on (read from the 6.0.0 source, centralnicreseller/apiconnector/):
* login() sends `persistent=1` with the credentials and no command, and keeps
  PROPERTY[SESSIONID]; later requests send `s_login` and `s_sessionid`;
  logout() sends StopSession.
* The response parser upper-cases property names and removes their blanks
  (`credit threshold` is column CREDITTHRESHOLD).
* DOMAIN values are sent as given (Unicode); the server converts them.
"""

import sys
from datetime import datetime, timezone
from decimal import Decimal

from checks import check, summary

try:
    from centralnicreseller.apiconnector.apiclient import APIClient
except ImportError as error:
    print(f"interop: cannot import centralnicreseller.apiconnector ({error})", file=sys.stderr)
    print("interop: 0 passed, 1 failed")
    sys.exit(1)

LOGIN = "test.user"
PASSWORD = "test.passw0rd"
def expect(name, response, code, description=None):
    ok = response.getCode() == code and (
        description is None or response.getDescription() == description
    )
    wanted = f"{code} {description!r}" if description else f"{code}"
    check(name, ok, f"expected {wanted}, got {response.getCode()} {response.getDescription()!r}", response)


def column(response, name):
    col = response.getColumn(name)
    return col.getData() if col is not None else []


def client(url, login=LOGIN, password=PASSWORD):
    api = APIClient()
    api.setURL(url)
    api.setCredentials(login, password)
    return api


def amount(api):
    return Decimal(column(api.request({"COMMAND": "StatusAccount"}), "AMOUNT")[0])


def lifecycle(api):
    """Contact, three registrations, status, a paged list, a renewal, and
    the balance moved by exactly the catalogue's prices (QueryZoneList)."""
    r = api.request({"COMMAND": "QueryZoneList", "ZONE": "com"})
    expect("QueryZoneList for com", r, 200)
    zones = column(r, "ZONE")
    check("the com row is there", "com" in zones, f"ZONE {zones}", r)
    row = zones.index("com")
    setup = Decimal(column(r, "SETUP")[row])
    annual = Decimal(column(r, "ANNUAL")[row])

    r = api.request({
        "COMMAND": "AddContact", "FIRSTNAME": "Jane", "LASTNAME": "Doe", "STREET0": "1 Main St",
        "CITY": "Springfield", "ZIP": "10001", "COUNTRY": "US", "PHONE": "+1.2125550100",
        "EMAIL": "jane@example.net",
    })
    expect("AddContact", r, 200)
    handle = column(r, "CONTACT")[0]

    before = amount(api)
    names = ["otebox-cnr-sdk-a.com", "otebox-cnr-sdk-b.com", "otebox-cnr-sdk-c.com"]
    for name in names:
        r = api.request({
            "COMMAND": "AddDomain", "DOMAIN": name, "PERIOD": 1, "OWNERCONTACT0": handle,
            "ADMINCONTACT0": handle, "TECHCONTACT0": handle, "BILLINGCONTACT0": handle,
            "NAMESERVER": ["ns1.example.net", "ns2.example.net"],
        })
        expect(f"AddDomain {name}", r, 200)
    after_add = amount(api)
    check("three registrations cost three times setup + annual",
          before - after_add == 3 * (setup + annual), f"{before} - {after_add} vs {setup} + {annual}")

    r = api.request({"COMMAND": "StatusDomain", "DOMAIN": names[0]})
    expect("StatusDomain", r, 200)
    year = datetime.now(timezone.utc).year + 1
    expiry = column(r, "REGISTRATIONEXPIRATIONDATE")
    check("the expiry is a year away", len(expiry) == 1 and expiry[0].startswith(f"{year}-"), f"{expiry}", r)
    check("the owner contact is the handle", column(r, "OWNERCONTACT") == [handle], response=r)

    pages = api.requestAllResponsePages({"COMMAND": "QueryDomainList", "DOMAIN": "otebox-cnr-sdk-*", "LIMIT": 2})
    listed = [name for page in pages for name in column(page, "DOMAIN")]
    check("requestAllResponsePages walks two pages", len(pages) == 2, f"{len(pages)} pages")
    check("...and lists every domain once", sorted(listed) == names, f"{listed}")

    r = api.request({"COMMAND": "RenewDomain", "DOMAIN": names[0], "PERIOD": 1, "EXPIRATION": year - 1})
    check("RenewDomain with a stale EXPIRATION is refused", r.getCode() >= 500, f"{r.getCode()}", r)
    r = api.request({"COMMAND": "RenewDomain", "DOMAIN": names[0], "PERIOD": 1, "EXPIRATION": year})
    expect("RenewDomain with EXPIRATION = the expiry year", r, 200)
    check("the renewal cost the annual price, once", after_add - amount(api) == annual)
    r = api.request({"COMMAND": "StatusDomain", "DOMAIN": names[0]})
    check("the expiry moved a year", column(r, "REGISTRATIONEXPIRATIONDATE")[0].startswith(f"{year + 1}-"),
          f"{column(r, 'REGISTRATIONEXPIRATIONDATE')}", r)


def transfers(api, cnr):
    """The transfer commands through the SDK: CheckDomainTransfer answers 218
    (WHMCS needs exactly that code) or 219, TransferDomain REQUEST answers
    TRANSFERSTATUS, StatusDomainTransfer shows it, USERTRANSFER moves at once."""
    other = client(cnr, login="test.user2")
    r = other.request({
        "COMMAND": "AddContact", "FIRSTNAME": "Erika", "LASTNAME": "Muster", "STREET0": "2 Example Road",
        "CITY": "Springfield", "ZIP": "10001", "COUNTRY": "US", "PHONE": "+1.2125550199",
        "EMAIL": "erika@example.net",
    })
    expect("AddContact as test.user2", r, 200)
    handle = column(r, "CONTACT")[0]
    name = "otebox-cnr-sdk-move.com"
    r = other.request({
        "COMMAND": "AddDomain", "DOMAIN": name, "PERIOD": 1, "OWNERCONTACT0": handle,
        "AUTH": "Sdk-move-auth1", "NAMESERVER": ["ns1.example.net"],
    })
    expect("AddDomain as test.user2", r, 200)

    r = api.request({"COMMAND": "CheckDomainTransfer", "DOMAIN": name, "AUTH": "Sdk-move-auth1"})
    expect("CheckDomainTransfer of a fresh domain is 219 (age lock)", r, 219,
           "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY AGE OF THE DOMAIN")
    check("...with AGEINDAYS and REGISTRAR", column(r, "AGEINDAYS") == ["0"]
          and column(r, "REGISTRAR") == ["otebox"], response=r)

    outside = "taken-cnr-sdk-transfer.com"
    r = api.request({"COMMAND": "CheckDomainTransfer", "DOMAIN": outside, "AUTH": "otebox-transfer"})
    expect("CheckDomainTransfer of a name at another registrar is 218", r, 218, "Request is available")
    r = api.request({
        "COMMAND": "TransferDomain", "DOMAIN": outside, "ACTION": "REQUEST", "AUTH": "otebox-transfer",
        "TRANSFERLOCK": 1, "FORCEREQUEST": 1,
    })
    expect("TransferDomain REQUEST", r, 200)
    check("...answers TRANSFERSTATUS PENDING", column(r, "TRANSFERSTATUS") == ["PENDING"], response=r)
    r = api.request({"COMMAND": "TransferDomain", "DOMAIN": outside, "AUTH": "otebox-transfer"})
    check("a second request is 553", r.getCode() == 553, f"{r.getCode()}", r)
    r = api.request({"COMMAND": "StatusDomainTransfer", "DOMAIN": outside})
    expect("StatusDomainTransfer", r, 200)
    check("...TRANSFERSTATUS PENDING and two log lines",
          column(r, "TRANSFERSTATUS") == ["PENDING"] and len(column(r, "TRANSFERLOG")) == 2, response=r)
    r = api.request({"COMMAND": "TransferDomain", "DOMAIN": outside, "ACTION": "CANCEL"})
    expect("TransferDomain CANCEL", r, 200)
    r = api.request({"COMMAND": "StatusDomainTransfer", "DOMAIN": outside})
    expect("nothing pending after CANCEL", r, 545, "Entity reference not found")

    r = api.request({
        "COMMAND": "TransferDomain", "DOMAIN": name, "ACTION": "USERTRANSFER", "AUTH": "Sdk-move-auth1",
        "NORENEW": 1,
    })
    expect("TransferDomain USERTRANSFER NORENEW=1", r, 200)
    r = api.request({"COMMAND": "StatusDomain", "DOMAIN": name})
    expect("the moved domain is test.user's", r, 200)
    check("...its registrar is test.user", column(r, "REGISTRAR") == [LOGIN], response=r)
    r = other.request({"COMMAND": "StatusDomain", "DOMAIN": name})
    expect("the losing side no longer sees it: 545 as for no domain (WHMCS: transferred away)",
           r, 545, "Entity reference not found")


def events(api):
    """A poller through the SDK: DeleteDomain leaves an event; the poller
    pages QueryEventList (WIDE=1), reads each with StatusEvent, acknowledges
    it with DeleteEvent; then the list is empty and HISTORY=1 shows them."""
    name = "otebox-cnr-sdk-c.com"
    expect("DeleteDomain", api.request({"COMMAND": "DeleteDomain", "DOMAIN": name}), 200)
    pages = api.requestAllResponsePages({"COMMAND": "QueryEventList", "WIDE": 1, "LIMIT": 1})
    ids = [event for page in pages for event in column(page, "EVENT")]
    objects = [obj for page in pages for obj in column(page, "OBJECTID")]
    classes = [cls for page in pages for cls in column(page, "EVENTCLASS")]
    check("QueryEventList pages one event at a time", len(pages) == len(ids) >= 2, f"{len(pages)} pages, {ids}")
    check("...the deletion is among them, by object id",
          name in objects and classes[objects.index(name)] == "DOMAIN_DELETION", f"{objects} {classes}")
    r = api.request({"COMMAND": "StatusEvent", "EVENT": ids[objects.index(name)]})
    expect("StatusEvent of the deletion", r, 200)
    check("...its class, subclass and data",
          column(r, "CLASS") == ["DOMAIN_DELETION"] and column(r, "SUBCLASS") == ["DELETION_SUCCESSFUL"]
          and column(r, "DATA")[0] == f"domain:{name}", response=r)
    for event in ids:
        expect(f"DeleteEvent {event}", api.request({"COMMAND": "DeleteEvent", "EVENT": event}), 200)
    r = api.request({"COMMAND": "QueryEventList"})
    check("no new events after acknowledging them", column(r, "TOTAL") == ["0"], response=r)
    r = api.request({"COMMAND": "QueryEventList", "HISTORY": 1})
    check("HISTORY=1 lists the acknowledged ones", column(r, "EVENT") == ids, f"{column(r, 'EVENT')} vs {ids}", r)
    r = api.request({"COMMAND": "DeleteEvent", "EVENT": ids[0]})
    expect("acknowledging one twice is 545", r, 545, "Entity reference not found")


def main():
    if len(sys.argv) != 2 or not sys.argv[1].endswith("/api/call.cgi"):
        print("usage: cnr.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    shared = sys.argv[1]
    cnr = shared[: -len("/api/call.cgi")] + "/cnr/api/call.cgi"

    # Session login on the CNR address, as every CNR SDK does it.
    api = client(cnr)
    r = api.login()
    expect("login (persistent=1, no command) succeeds", r, 200, "Command completed successfully")
    session = column(r, "SESSIONID")
    check("login answers a sessionid", len(session) == 1 and len(session[0]) >= 32, f"SESSIONID {session}", r)
    check("login answers its expiration date", len(column(r, "EXPIRATIONDATE")) == 1, response=r)

    r = api.request({"COMMAND": "StatusAccount"})
    expect("StatusAccount in the session", r, 200)
    check("amount is the demo balance", column(r, "AMOUNT") == ["100000.00"], f"AMOUNT {column(r, 'AMOUNT')}", r)
    check("currency, credit threshold and registrar are there",
          column(r, "CURRENCY") == ["EUR"] and column(r, "CREDITTHRESHOLD") == ["0.00"]
          and column(r, "REGISTRAR") == [LOGIN], response=r)

    r = api.request({"COMMAND": "CheckDomains", "DOMAIN": ["otebox-cnr-free.com", "taken-cnr.net", "dömäin.de"]})
    expect("CheckDomains with a Unicode name", r, 200)
    check("rows answer 210 / 211 / 210 in the CNR texts",
          column(r, "DOMAINCHECK") == ["210 Domain name available", "211 Domain name not available",
                                       "210 Domain name available"],
          f"DOMAINCHECK {column(r, 'DOMAINCHECK')}", r)
    check("the list names its columns", column(r, "COLUMN") == ["domaincheck", "domainchecktime"], response=r)

    r = api.request({"COMMAND": "CheckDomain", "DOMAIN": "otebox-cnr-free.com"})
    expect("CheckDomain answers in its code", r, 210, "Domain name available")

    r = api.request({"COMMAND": "StatusAccount", "LIMIT": "1"})
    expect("an unknown parameter is 503 naming it", r, 503, "Invalid attribute name; LIMIT")

    lifecycle(api)
    transfers(api, cnr)
    events(api)

    r = api.logout()
    expect("logout (StopSession)", r, 200)
    stale = client(cnr)
    stale.setCredentials(LOGIN)  # login name only, as after a login
    stale._APIClient__socketConfig.setSession(session[0])
    r = stale.request({"COMMAND": "StatusAccount"})
    expect("the ended session is refused", r, 530, "Authentication failed")

    # Credentials on every call, as the WHMCS cnic module sends them.
    r = client(cnr).request({"COMMAND": "StatusAccount"})
    expect("sessionless StatusAccount", r, 200)
    r = client(cnr, password="wrong").request({"COMMAND": "StatusAccount"})
    expect("a wrong password is 530 without detail", r, 530, "Authentication failed")

    # The shared address: `persistent` tells the dialect.
    api = client(shared)
    r = api.login()
    expect("login on the shared /api/call.cgi is answered in CNR", r, 200)
    r = api.request({"COMMAND": "StatusAccount"})
    expect("s_sessionid on the shared address is CNR", r, 200)
    check("...with CNR properties", column(r, "REGISTRAR") == [LOGIN], response=r)
    expect("logout on the shared address", api.logout(), 200)

    summary()


main()
