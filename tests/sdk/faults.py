#!/usr/bin/env python3
"""Interop check of fault injection (issue 15) through the official Python SDK
`hexonet.apiconnector` 4.0.2: a rule added through `/_admin/faults` for
test.user's AddDomain makes the SDK see `421` on exactly that command, in a
session the SDK opened with `login()` and with credentials on every call,
and nowhere else (the commands before and after it, test.user2's AddDomain);
the domain is not created, the rule's listing says it fired exactly as often
as the SDK saw it, and once removed AddDomain succeeds. Then the
slow-registry preset: `isPending()` is true on test.user's AddDomain and
false on test.user2's, and the clock moved past its seconds confirms it.

Usage:  python3 faults.py http://HOST:PORT/api/call.cgi
"""

import sys

from checks import check, shown, summary

import admin_api
from hx_client import client_for

DOMAIN = "otebox-sdk-fault.com"



def admin(url, method, body=None, path=""):
    """One call of /_admin/faults; its status and JSON answer."""
    return admin_api.call_json(url, method, "/_admin/faults" + path, body)



def expect(name, response, code, contains=""):
    check(
        name,
        response.getCode() == code and contains in response.getDescription(),
        f"expected {code} with {contains!r}, {shown(response)}",
        response,
    )


def add_domain(client, owner, name=DOMAIN):
    return client.request(
        {
            "COMMAND": "AddDomain",
            "DOMAIN": name,
            "PERIOD": 1,
            "OWNERCONTACT0": owner,
            "ADMINCONTACT0": owner,
            "TECHCONTACT0": owner,
            "BILLINGCONTACT0": owner,
        }
    )


def contact(client):
    r = client.request(
        {
            "COMMAND": "AddContact",
            "FIRSTNAME": "John",
            "LASTNAME": "Doe",
            "STREET": "1 Example Street",
            "CITY": "Springfield",
            "ZIP": "10001",
            "COUNTRY": "US",
            "PHONE": "+1.2125550100",
            "EMAIL": "john.doe@example.net",
        }
    )
    expect("AddContact: 200 (not matched)", r, 200)
    return r.getColumnIndex("CONTACT", 0)


def main():
    if len(sys.argv) != 2:
        print("usage: faults.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: fault injection against {url}")
    status, added = admin(
        url,
        "POST",
        {"command": "AddDomain", "login": "test.user", "code": 421, "description": "registry timeout, try again"},
    )
    check("POST /_admin/faults: 200 with an id", status == 200 and added.get("id") == 1, f"{status} {added}")

    user = client_for(url, "test.user")
    r = user.login()
    expect("login() opens a session: 200 (not matched)", r, 200)
    expect("StatusAccount in the session: 200", user.request({"COMMAND": "StatusAccount"}), 200)
    expect(
        "CheckDomains in the session: 200",
        user.request({"COMMAND": "CheckDomains", "DOMAIN0": DOMAIN}),
        200,
    )
    owner = contact(user)
    r = add_domain(user, owner)
    expect("AddDomain in test.user's session: the injected 421", r, 421, "registry timeout, try again")
    check("the SDK reads it as a temporary error", r.isTmpError() and not r.isSuccess(), shown(r))
    expect(
        "StatusDomain: 545, the 421 created nothing",
        user.request({"COMMAND": "StatusDomain", "DOMAIN": DOMAIN}),
        545,
    )
    expect("logout(): 200 (not matched)", user.logout(), 200)

    # Credentials on every call: the same account, the same rule.
    plain = client_for(url, "test.user")
    r = add_domain(plain, owner)
    expect("AddDomain with credentials: the injected 421 again", r, 421)
    expect("QueryDomainList: 200 (not matched)", plain.request({"COMMAND": "QueryDomainList"}), 200)

    # Another account is not matched.
    other = client_for(url, "test.user2")
    other_owner = contact(other)
    expect("test.user2's AddDomain: 200 (another login)", add_domain(other, other_owner), 200)

    status, listed = admin(url, "GET")
    check(
        "GET /_admin/faults: the rule fired exactly twice",
        status == 200 and len(listed) == 1 and listed[0]["fired"] == 2 and listed[0]["left"] is None,
        f"{listed}",
    )
    status, removed = admin(url, "DELETE", path="/1")
    check("DELETE /_admin/faults/1: removed", status == 200 and removed == {"removed": 1}, f"{removed}")
    r = add_domain(plain, owner, "otebox-sdk-fault-2.com")
    expect("AddDomain once the rule is removed: 200", r, 200)
    slow_registry(url, plain, owner, other, other_owner)
    summary()


def slow_registry(url, user, owner, other, other_owner):
    """The slow-registry preset: test.user's AddDomain runs and answers
    PENDING=1 (isPending()), test.user2's does not; the clock confirms it."""
    status, added = admin(url, "POST", {"preset": "slow-registry", "seconds": 600, "login": "test.user"})
    check("POST /_admin/faults slow-registry: 200 with an id", status == 200 and added.get("id") == 2, f"{added}")
    r = add_domain(user, owner, "otebox-sdk-slow.com")
    expect("AddDomain under slow-registry: 200 action pending", r, 200, "action pending")
    check("isPending() is true on the slow AddDomain", r.isSuccess() and r.isPending(), shown(r))
    check(
        "the slow AddDomain answers STATUS REQUESTEDCREATE",
        r.getColumnIndex("STATUS", 0) == "REQUESTEDCREATE",
        shown(r),
    )
    r = add_domain(other, other_owner, "otebox-sdk-fast.com")
    check("isPending() is false on test.user2's ordinary AddDomain", r.isSuccess() and not r.isPending(), shown(r))
    status, text = admin_api.advance(url, "601")
    check("POST /_admin/clock advance=601: 200", status == 200, text)
    r = user.request({"COMMAND": "StatusDomain", "DOMAIN": "otebox-sdk-slow.com"})
    check("StatusDomain after 600 s: ACTIVE", r.getColumnIndex("STATUS", 0) == "ACTIVE", shown(r))


if __name__ == "__main__":
    main()
