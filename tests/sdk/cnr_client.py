#!/usr/bin/env python3
"""Interop check of the client-side features of the CentralNic Reseller SDK
(`centralnicreseller-apiconnector` 6.0.0) that reach the server, each
through the SDK's public API: `setRoleCredentials` (`account:role`) with
and without a session, `saveSession`/`reuseSession`, `setUserView` (the
`SUBUSER` parameter on every command), `login()` in a user view, local IDN
conversion of `NAMESERVER`, `requestNextResponsePage` with the paging
helpers, and `setProxy` with otebox as the HTTP proxy for the rrpproxy host.

Usage:  python3 cnr_client.py http://127.0.0.1:PORT/api/call.cgi

The role user and the subuser are made beforehand with plain HEXONET
requests at that address (the CNR dialect has no command for them).
"""

import sys
import urllib.parse
import urllib.request

from checks import check, summary

from centralnicreseller.apiconnector.apiclient import APIClient

LOGIN = "test.user"
PASSWORD = "test.passw0rd"
ROLE_PASSWORD = "r&le pass+w=rd%"
SUBUSER = "cnr.client.sub"


def expect(name, response, code, contains=""):
    check(
        name,
        response.getCode() == code and contains in response.getDescription(),
        f"expected {code} with {contains!r}, got {response.getCode()} {response.getDescription()!r}",
        response,
    )


def column(response, name):
    col = response.getColumn(name)
    return col.getData() if col is not None else []


def hexonet(url, command):
    """One sessionless HEXONET request at `url`; its CODE line."""
    body = urllib.parse.urlencode({
        "s_entity": "1234", "s_login": LOGIN, "s_pw": PASSWORD,
        "s_command": "\n".join(f"{key}={value}" for key, value in command.items()),
    }).encode()
    with urllib.request.urlopen(url, body, timeout=30) as answer:
        text = answer.read().decode()
    return next((line for line in text.splitlines() if line.startswith("CODE=")), text)


def client(url, login=LOGIN, password=PASSWORD, role=None):
    api = APIClient()
    api.setURL(url)
    if role is None:
        api.setCredentials(login, password)
    else:
        api.setRoleCredentials(login, role, password)
    return api


def roles_and_sessions(cnr):
    role = client(cnr, password=ROLE_PASSWORD, role="cnr")
    body = role.getPOSTData({"COMMAND": "StatusAccount"})
    check("setRoleCredentials sends s_login=test.user%3Acnr", body.startswith("s_login=test.user%3Acnr&"), body)
    expect("the role's sessionless StatusAccount", role.request({"COMMAND": "StatusAccount"}), 200)
    expect("the role's login()", role.login(), 200)
    saved = {}
    role.saveSession(saved)
    check(
        "saveSession keeps the role login and the session id",
        saved.get("socketcfg", {}).get("login") == f"{LOGIN}:cnr" and saved["socketcfg"].get("session"),
        f"{saved}",
    )
    reused = APIClient()
    reused.setURL(cnr)
    reused.reuseSession(saved)
    r = reused.request({"COMMAND": "StatusAccount"})
    expect("reuseSession: StatusAccount in the role's session", r, 200)
    check("...as the account", column(r, "REGISTRAR") == [LOGIN], f"{column(r, 'REGISTRAR')}", r)
    expect("logout() of the role's session", role.logout(), 200)
    expect("the reused session ended with it", reused.request({"COMMAND": "StatusAccount"}), 530)


def views(cnr):
    api = client(cnr)
    api.setUserView(SUBUSER)
    r = api.request({"COMMAND": "StatusAccount"})
    expect("setUserView: StatusAccount with SUBUSER", r, 200)
    check("...is the subuser's", column(r, "REGISTRAR") == [SUBUSER], f"{column(r, 'REGISTRAR')}", r)
    r = api.request({"COMMAND": "CheckDomains", "DOMAIN": ["cnr-client-view.com"]})
    expect("setUserView: CheckDomains with SUBUSER", r, 200)
    api.setUserView("test.user2")
    expect("setUserView of an account outside the tree: 531", api.request({"COMMAND": "StatusAccount"}), 531)
    api.resetUserView()
    r = api.request({"COMMAND": "StatusAccount"})
    check("resetUserView: StatusAccount is the caller's", column(r, "REGISTRAR") == [LOGIN], f"{column(r, 'REGISTRAR')}", r)

    api = client(cnr)
    api.setUserView(SUBUSER)
    expect("login() in a user view (sent without SUBUSER)", api.login(), 200)
    r = api.request({"COMMAND": "StatusAccount"})
    check("...its session's commands carry the view", column(r, "REGISTRAR") == [SUBUSER], f"{column(r, 'REGISTRAR')}", r)
    expect("logout() in the view", api.logout(), 200)


def names_and_pages(cnr):
    api = client(cnr)
    r = api.request({
        "COMMAND": "AddContact", "FIRSTNAME": "Jane", "LASTNAME": "Doe", "STREET0": "1 Main St",
        "CITY": "Springfield", "ZIP": "10001", "COUNTRY": "US", "PHONE": "+1.2125550100",
        "EMAIL": "jane@example.net",
    })
    expect("AddContact", r, 200)
    handle = column(r, "CONTACT")[0]
    names = [f"cnr-client-{i}.com" for i in range(3)]
    for name in names:
        r = api.request({
            "COMMAND": "AddDomain", "DOMAIN": name, "PERIOD": 1, "OWNERCONTACT0": handle,
            "NAMESERVER": ["ns1.dömäin.de", "ns2.example.net"],
        })
        expect(f"AddDomain {name} with a Unicode NAMESERVER", r, 200)
    check(
        "the SDK converted the NAMESERVER itself",
        r.getCommand().get("NAMESERVER0") == "ns1.xn--dmin-moa0i.de",
        f"{r.getCommand()}",
    )
    r = api.request({"COMMAND": "StatusDomain", "DOMAIN": names[0]})
    check(
        "StatusDomain lists the ACE nameserver",
        [ns.lower() for ns in column(r, "NAMESERVER")] == ["ns1.xn--dmin-moa0i.de", "ns2.example.net"],
        f"{column(r, 'NAMESERVER')}",
        r,
    )

    r = api.request({"COMMAND": "QueryDomainList", "DOMAIN": "cnr-client-*", "LIMIT": 2})
    pg = r.getPagination()
    check(
        "getPagination(): page 1 of 2, TOTAL 3, LIMIT 2",
        pg["CURRENTPAGE"] == 1 and pg["PAGES"] == 2 and pg["TOTAL"] == 3 and pg["LIMIT"] == 2 and r.hasNextPage(),
        f"{pg}",
        r,
    )
    following = api.requestNextResponsePage(r)
    check(
        "requestNextResponsePage(): page 2 with the third domain",
        following is not None and following.getCurrentPageNumber() == 2
        and sorted(column(r, "DOMAIN") + column(following, "DOMAIN")) == names,
        f"{following and following.getPagination()} {following and column(following, 'DOMAIN')}",
        following,
    )
    check("...and None after it", api.requestNextResponsePage(following) is None)


def proxy(cnr):
    host = urllib.parse.urlparse(cnr).netloc
    api = client(cnr)
    api.setURL("http://api-ote.rrpproxy.net/api/call.cgi")
    api.setProxy(f"http://{host}")
    r = api.request({"COMMAND": "StatusAccount"})
    expect("setProxy(otebox): the rrpproxy host through the proxy", r, 200)
    check("...answered in the CNR dialect", column(r, "REGISTRAR") == [LOGIN], f"{column(r, 'REGISTRAR')}", r)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].endswith("/api/call.cgi"):
        print("usage: cnr_client.py http://HOST:PORT/api/call.cgi", file=sys.stderr)
        sys.exit(2)
    shared = sys.argv[1]
    cnr = shared[: -len("/api/call.cgi")] + "/cnr/api/call.cgi"
    print(f"interop: CNR SDK client features against {cnr}")
    code = hexonet(shared, {
        "COMMAND": "CreateRoleUser", "ROLEID": "cnr", "PASSWORD": ROLE_PASSWORD, "DEFAULTPOLICY": "ALLOW",
    })
    check("setup: CreateRoleUser cnr", code == "CODE=200", code)
    code = hexonet(shared, {
        "COMMAND": "AddUser", "SUBUSER": SUBUSER, "PASSWORD": "sub.passw0rd", "VAT": "19", "CURRENCY": "EUR",
    })
    check("setup: AddUser", code == "CODE=200", code)
    roles_and_sessions(cnr)
    views(cnr)
    names_and_pages(cnr)
    proxy(cnr)
    summary()


main()
