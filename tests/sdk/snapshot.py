#!/usr/bin/env python3
"""Interop check of snapshots (issue 15) as a CI job uses them, through the
official Python SDK `hexonet.apiconnector` 4.0.2 and plain HTTP for the
admin API:

the job creates its own account (`POST /_admin/accounts`), registers
domains with the SDK, takes a snapshot of OT&E (`GET /_admin/snapshot`),
then changes things (a domain deleted, another registered, the balance
charged); `POST /_admin/restore` with the file brings the snapshot state
back: the same domains, the same balance, the later name free again. A
damaged file is refused with a 400 and changes nothing.

Usage:  python3 snapshot.py http://HOST:PORT/api/call.cgi
"""

import json
import sys

from checks import check, shown, summary

from admin_api import call as admin
from hx_client import OWNER, client_for

DOMAINS = ["ci-snap-one.com", "ci-snap-two.net"]
LATER = "ci-snap-later.org"


def picture(client):
    """The job's domains (sorted) and balance."""
    r = client.request({"COMMAND": "QueryDomainList"})
    check("QueryDomainList: 200", r.getCode() == 200, shown(r), r)
    names = sorted(r.getColumn("DOMAIN").getData()) if r.getColumn("DOMAIN") else []
    r = client.request({"COMMAND": "StatusAccount"})
    check("StatusAccount: 200", r.getCode() == 200, shown(r), r)
    return names, r.getColumnIndex("AMOUNT", 0)


def main():
    if len(sys.argv) != 2:
        print("usage: snapshot.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: snapshots against {url}")

    status, answer = admin(url, "POST", "/_admin/accounts", json.dumps({}).encode())
    check("POST /_admin/accounts: 200", status == 200, answer)
    job = json.loads(answer.decode())
    mine = client_for(url, job["login"], job["password"])
    for name in DOMAINS:
        r = mine.request({"COMMAND": "AddDomain", "DOMAIN": name, "PERIOD": 1, **OWNER})
        check(f"AddDomain {name}: 200", r.getCode() == 200, shown(r), r)
    before = picture(mine)
    check("the job sees its domains", before[0] == DOMAINS, str(before))

    status, file = admin(url, "GET", "/_admin/snapshot?entity=1234")
    check("GET /_admin/snapshot: 200", status == 200, str(status))
    check("the file starts with its magic", file.startswith(b"OTEBOX-SNAPSHOT"), repr(file[:20]))

    r = mine.request({"COMMAND": "DeleteDomain", "DOMAIN": DOMAINS[0]})
    check("DeleteDomain after the snapshot: 200", r.getCode() == 200, shown(r), r)
    r = mine.request({"COMMAND": "AddDomain", "DOMAIN": LATER, "PERIOD": 1, **OWNER})
    check("AddDomain after the snapshot: 200", r.getCode() == 200, shown(r), r)
    changed = picture(mine)
    check("the state changed", changed != before, str(changed))

    damaged = bytearray(file)
    damaged[len(damaged) // 2] ^= 0x01
    kind = "application/octet-stream"
    status, why = admin(url, "POST", "/_admin/restore?entity=1234", bytes(damaged), kind)
    check("a damaged file: 400", status == 400 and b"checksum" in why, why)
    check("a refused restore changes nothing", picture(mine) == changed)
    status, why = admin(url, "POST", "/_admin/restore?entity=54cd", file, kind)
    check("the file of another entity: 400", status == 400 and b"entity=1234" in why, why)

    status, answer = admin(url, "POST", "/_admin/restore?entity=1234", file, kind)
    check("POST /_admin/restore: 200", status == 200, answer)
    check("it says so", json.loads(answer.decode())["restored"] is True, answer)
    check("the snapshot state is back", picture(mine) == before, str(picture(mine)))
    r = mine.request({"COMMAND": "CheckDomains", "DOMAIN0": LATER})
    check("the later name is free again", r.getColumnIndex("DOMAINCHECK", 0).startswith("210"), shown(r), r)
    status, again = admin(url, "GET", "/_admin/snapshot?entity=1234")
    check("a snapshot now has the same size", status == 200 and len(again) == len(file), str(len(again)))
    summary()


if __name__ == "__main__":
    main()
