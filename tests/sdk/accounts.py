#!/usr/bin/env python3
"""Interop check of accounts on demand (issue 15) as a CI job uses them,
through the official Python SDK `hexonet.apiconnector` 4.0.2 and plain
HTTP for the admin API:

the job creates its own account (`POST /_admin/accounts`, generated
credentials), a second job creates another; the first registers domains
with the SDK, which the second does not see; `POST /_admin/reset` with the
first job's login empties it: the domains are gone, free again, the
balance is back, the credentials still work; `DELETE
/_admin/accounts/<login>` removes it and the SDK's login fails.

Usage:  python3 accounts.py http://HOST:PORT/api/call.cgi
"""

import sys
import urllib.parse

from checks import check, shown, summary

from admin_api import call_json as admin
from hx_client import OWNER, client_for

DOMAINS = ["ci-job-one.com", "ci-job-two.net"]


def domain_count(client):
    r = client.request({"COMMAND": "QueryDomainList"})
    check("QueryDomainList: 200", r.getCode() == 200, shown(r), r)
    return int(r.getColumnIndex("COUNT", 0))


def main():
    if len(sys.argv) != 2:
        print("usage: accounts.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: accounts on demand against {url}")

    status, job = admin(url, "POST", "/_admin/accounts", {})
    check("POST /_admin/accounts: 200", status == 200, str(job))
    check("a generated ci- login", job["login"].startswith("ci-") and len(job["login"]) == 11, str(job))
    check("a generated 16-character password", len(job["password"]) == 16)
    status, other = admin(url, "POST", "/_admin/accounts", {"currency": "GBP", "balance": "250"})
    check("a second job's account: 200", status == 200 and other["login"] != job["login"], str(other))

    mine = client_for(url, job["login"], job["password"])
    theirs = client_for(url, other["login"], other["password"])
    r = mine.request({"COMMAND": "StatusAccount"})
    check("the job's account logs in", r.getCode() == 200, shown(r), r)
    start = r.getColumnIndex("AMOUNT", 0)
    check("it starts with the demo balance", start == job["balance"] == "100000.00", start)
    r = theirs.request({"COMMAND": "StatusAccount"})
    check(
        "the other one in its currency",
        r.getColumnIndex("CURRENCY", 0) == "GBP" and r.getColumnIndex("AMOUNT", 0) == "250.00",
        shown(r),
        r,
    )

    for name in DOMAINS:
        r = mine.request({"COMMAND": "AddDomain", "DOMAIN": name, "PERIOD": 1, **OWNER})
        check(f"AddDomain {name}: 200", r.getCode() == 200, shown(r), r)
    check("the job sees its domains", domain_count(mine) == len(DOMAINS))
    check("the other job sees none of them", domain_count(theirs) == 0)
    r = mine.request({"COMMAND": "StatusAccount"})
    check("the registrations were charged", r.getColumnIndex("AMOUNT", 0) != start, shown(r), r)

    query = urllib.parse.urlencode({"entity": "1234", "login": job["login"]})
    status, reset = admin(url, "POST", f"/_admin/reset?{query}")
    check("POST /_admin/reset with the job's login: 200", status == 200 and reset["reset"] is True, str(reset))
    check("its domains are gone", domain_count(mine) == 0)
    r = mine.request({"COMMAND": "StatusAccount"})
    check("its balance is back", r.getColumnIndex("AMOUNT", 0) == start, shown(r), r)
    r = mine.request({"COMMAND": "CheckDomains", "DOMAIN0": DOMAINS[0], "DOMAIN1": DOMAINS[1]})
    checks = r.getColumnIndex("DOMAINCHECK", 0), r.getColumnIndex("DOMAINCHECK", 1)
    check("the names are free again", all(c.startswith("210") for c in checks), str(checks), r)
    r = theirs.request({"COMMAND": "StatusAccount"})
    check("the other job's account is untouched", r.getColumnIndex("AMOUNT", 0) == "250.00", shown(r), r)

    status, gone = admin(url, "DELETE", f"/_admin/accounts/{job['login']}?entity=1234")
    check("DELETE /_admin/accounts/<login>: 200", status == 200 and gone["deleted"] is True, str(gone))
    r = mine.request({"COMMAND": "StatusAccount"})
    check("the deleted account cannot log in", r.getCode() == 530, shown(r), r)
    summary()


if __name__ == "__main__":
    main()
