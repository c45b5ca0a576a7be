#!/usr/bin/env python3
"""Interop check: the third-party `rrpproxy` client (PyPI, 0.2.0) against otebox.

It sends every call as a GET with lower-case top-level keys
(`s_login`, `s_pw`, `s_opmode=OTE`, `command=CheckDomain`, `domain=...`) and reads
the CNR layout by splitting lines at `=`, keeping the keys' case: `code`,
`description` and `property[name]` must be lower case for it to work.

Usage:  python3 rrpproxy_client.py http://127.0.0.1:PORT/api/call.cgi
Output as interop.py: one line per passed check, then `interop: N passed, 0 failed`.
"""

import sys

from checks import check, summary
from rrpproxy import RRPProxy
from rrpproxy.utils.rrp_proxy_internal_status_exception import RRPProxyInternalStatusException

def client(url, password="test.passw0rd"):
    api = RRPProxy("test.user", password, use_test_environment=True)
    api.api_url = url  # the client has no URL setting; it builds the hosted one
    return api


def main():
    shared = sys.argv[1]
    cnr = shared[: -len("/api/call.cgi")] + "/cnr/api/call.cgi"
    api = client(cnr)

    r = api.check_domain("otebox-rrp-free.com")
    check("check_domain (GET, command=CheckDomain&domain=...) is 210", r.get("code") == 210, repr(r))
    check("...with the CNR text", r.get("description") == "Domain name available", repr(r))
    r = api.check_domain("taken-rrp.com")
    check("a taken name is 211", r.get("code") == 211, repr(r))

    r = api.call("StatusAccount")
    props = r.get("property", {})
    check("StatusAccount properties read with their lower-case names",
          props.get("amount") == ["100000.00"] and props.get("registrar") == ["test.user"]
          and props.get("credit threshold") == ["0.00"], repr(r))

    r = api.call("CheckDomains", domain0="otebox-rrp-free.com", domain1="taken-rrp.net")
    check("CheckDomains rows in lower-case keys",
          r.get("property", {}).get("domaincheck")
          == ["210 Domain name available", "211 Domain name not available"], repr(r))

    try:
        client(cnr, password="wrong").call("StatusAccount")
        check("a wrong password raises", False, "no exception")
    except RRPProxyInternalStatusException as error:
        check("a wrong password raises with code 530", error.response_dict.get("code") == 530,
              repr(error.response_dict))

    try:
        api.call("StatusAccount", limit="1")
        check("an unknown parameter raises", False, "no exception")
    except RRPProxyInternalStatusException as error:
        check("an unknown parameter is 503 naming it",
              error.response_dict.get("description") == "Invalid attribute name; LIMIT",
              repr(error.response_dict))

    summary()


main()
