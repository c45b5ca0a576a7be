#!/usr/bin/env python3
"""Interop check of the client-side features of the official Python SDK
`hexonet.apiconnector` 4.0.2 that reach the server, each through the SDK's
public API: `saveSession`/`reuseSession`, `setUserView` over a session,
`loginExtended` session options, `setOTP` on sessionless calls of a 2FA
role, values and passwords with form-special characters, lists past ten
entries (the SDK sorts `DOMAIN10` before `DOMAIN2`), its ConvertIDN of
eleven and more names, `requestNextResponsePage` and the Response paging
helpers, `getCommandPlain`, `enableDebugMode`, `setUserAgent`/`setReferer`
and `setProxy` (otebox as the HTTP proxy for the API host).

Usage:  python3 client.py http://127.0.0.1:PORT/api/call.cgi
"""

import contextlib
import io
import sys
from urllib.parse import urlparse

from access import totp
from checks import check, summary
from hx_client import client_for
from interop import expect_code, shown

from hexonet.apiconnector.apiclient import APIClient

LOGIN = "test.user"
SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
SUBUSER = "sdk.client.sub"
# A password that needs every kind of form escaping: & + = space % and UTF-8.
ODD_PASSWORD = "p&ss+w=rd %ä"


def column(response, name):
    col = response.getColumn(name)
    return col.getData() if col is not None else []


def sessions(url):
    """saveSession/reuseSession, setUserView with a session, loginExtended."""
    owner = client_for(url, LOGIN)
    expect_code("login() to save", owner.login(), 200)
    saved = {}
    owner.saveSession(saved)
    reused = APIClient()  # on LIVE until reuseSession restores the entity
    reused.setURL(url)
    reused.reuseSession(saved)
    body = reused.getPOSTData({"COMMAND": "StatusAccount"})
    check(
        "reuseSession restores s_entity=1234 and the session",
        body.startswith(f"s_entity=1234&s_session={owner.getSession()}&"),
        f"SDK would send {body!r}",
    )
    expect_code("reuseSession: StatusAccount in the saved session", reused.request({"COMMAND": "StatusAccount"}), 200)

    r = owner.request(
        {"COMMAND": "AddUser", "SUBUSER": SUBUSER, "PASSWORD": "sub.passw0rd", "VAT": "19", "CURRENCY": "EUR"}
    )
    expect_code("AddUser for the view", r, 200)
    owner.setUserView(SUBUSER)
    r = owner.request({"COMMAND": "StatusUser"})
    check(
        "setUserView over a session: StatusUser is the subuser's",
        r.getCode() == 200 and column(r, "USER") == [SUBUSER],
        f"{shown(r)}, USER {column(r, 'USER')}",
        r,
    )
    owner.resetUserView()
    r = owner.request({"COMMAND": "StatusUser"})
    check("resetUserView: StatusUser is the caller's again", column(r, "USER") == [LOGIN], shown(r), r)
    expect_code("logout() of the saved session", owner.logout(), 200)
    expect_code("the reused client's session ended with it", reused.request({"COMMAND": "StatusAccount"}), 530)

    client = client_for(url, LOGIN)
    r = client.loginExtended({"TIMEOUT": 3600, "MAXTTL": 86400, "TYPE": "API"})
    expect_code("loginExtended with TIMEOUT, MAXTTL and TYPE", r, 200)
    expect_code("...its session answers", client.request({"COMMAND": "StatusAccount"}), 200)
    client = client_for(url, LOGIN)
    r = client.loginExtended({"TIMEOUT": 30})
    check(
        "loginExtended TIMEOUT below 60: 541 and the SDK keeps no session",
        r.getCode() == 541 and "TIMEOUT" in r.getDescription() and client.getSession() is None,
        f"{shown(r)}, getSession() {client.getSession()!r}",
        r,
    )


def otp_and_passwords(url):
    """setOTP on sessionless calls of a 2FA role; loginExtended with an OTP;
    a role password and contact values with form-special characters."""
    owner = client_for(url, LOGIN)
    r = owner.request({"COMMAND": "CreateRoleUser", "ROLEID": "tfa", "PASSWORD": "role.passw0rd", "DEFAULTPOLICY": "ALLOW"})
    expect_code("CreateRoleUser tfa", r, 200)
    expect_code("UpdateRoleUser OTPSECRET", owner.request({"COMMAND": "UpdateRoleUser", "ROLEID": "tfa", "OTPSECRET": SECRET}), 200)
    role = client_for(url, LOGIN)
    role.setRoleCredentials(LOGIN, "tfa", "role.passw0rd")
    role.setOTP(totp(SECRET))
    expect_code("setOTP: a sessionless call of the 2FA role", role.request({"COMMAND": "StatusAccount"}), 200)
    expect_code("setOTP: the code is sent again on the next call", role.request({"COMMAND": "QueryDomainList"}), 200)
    role = client_for(url, LOGIN)
    role.setRoleCredentials(LOGIN, "tfa", "role.passw0rd")
    r = role.loginExtended({"TIMEOUT": 120}, totp(SECRET))
    check("loginExtended(params, otp) of the 2FA role", r.getCode() == 200 and role.getSession(), shown(r), r)

    r = owner.request({"COMMAND": "CreateRoleUser", "ROLEID": "odd", "PASSWORD": ODD_PASSWORD, "DEFAULTPOLICY": "ALLOW"})
    expect_code("CreateRoleUser with a password of & + = space % and ä", r, 200)
    role = client_for(url, LOGIN)
    role.setRoleCredentials(LOGIN, "odd", ODD_PASSWORD)
    expect_code("that password logs in as the SDK encodes it", role.request({"COMMAND": "StatusAccount"}), 200)

    first, last = "Jürgen & Søn", "Ä+B=C 100%"
    r = owner.request({
        "COMMAND": "AddContact", "FIRSTNAME": first, "LASTNAME": last, "STREET": "1 Main St", "CITY": "Zürich",
        "ZIP": 8000, "COUNTRY": "CH", "PHONE": "+41.441234567", "EMAIL": "j@example.net", "NEW": 1,
    })
    expect_code("AddContact with & + = % and UTF-8 in its values", r, 200)
    r = owner.request({"COMMAND": "StatusContact", "CONTACT": column(r, "CONTACT")[0]})
    check(
        "StatusContact gives the values back unchanged",
        column(r, "FIRSTNAME") == [first] and column(r, "LASTNAME") == [last] and column(r, "ZIP") == ["8000"],
        f"{column(r, 'FIRSTNAME')} {column(r, 'LASTNAME')} {column(r, 'ZIP')}",
        r,
    )


def lists(url):
    """Twelve list values: the SDK sends DOMAIN10 and DOMAIN11 before DOMAIN2,
    and maps ConvertIDN's ACE column back by position."""
    client = client_for(url, LOGIN)
    names = [f"sdk-client-{i}.com" for i in range(12)]
    names[10] = "taken-sdk-client.net"
    body = client.getPOSTData({f"DOMAIN{i}": name for i, name in enumerate(names)})
    check("the SDK sorts DOMAIN10 before DOMAIN2", body.index("DOMAIN10") < body.index("DOMAIN2"), body)
    r = client.request({"COMMAND": "CheckDomains", "DOMAIN": names})
    checks = column(r, "DOMAINCHECK")
    check(
        "CheckDomains of 12 names answers in DOMAIN index order",
        len(checks) == 12 and checks[10].startswith("211") and all(c.startswith("210") for c in checks[:10] + checks[11:]),
        f"{checks}",
        r,
    )
    idns = [f"dömäin-{i}.com" for i in range(12)]
    r = client.request({"COMMAND": "CheckDomains", "DOMAIN": idns})
    sent = r.getCommand()
    ace = client.request({"COMMAND": "ConvertIDN", "DOMAIN": [idns[10], idns[2]]})
    check(
        "the SDK's ConvertIDN of 12 names puts each ACE back under its own key",
        r.getCode() == 200 and [sent["DOMAIN10"], sent["DOMAIN2"]] == column(ace, "ACE"),
        f"DOMAIN10 {sent.get('DOMAIN10')!r} DOMAIN2 {sent.get('DOMAIN2')!r} vs {column(ace, 'ACE')}",
        r,
    )


def paging(url):
    """requestNextResponsePage and the Response paging helpers."""
    client = client_for(url, LOGIN)
    for i in range(5):
        r = client.request({
            "COMMAND": "AddContact", "FIRSTNAME": f"Page{i}", "LASTNAME": "Doe", "STREET": "1 Main St",
            "CITY": "Springfield", "ZIP": "10001", "COUNTRY": "US", "PHONE": "+1.2125550100",
            "EMAIL": f"page{i}@example.net", "NEW": 1,
        })
        expect_code(f"AddContact {i + 1} of 5 for paging", r, 200)
    r = client.request({"COMMAND": "QueryContactList", "LIMIT": 2})
    total = r.getRecordsTotalCount()
    pages = -(-total // 2)
    check(
        "getColumnKeys(): the paging keys and CONTACT",
        all(k in r.getColumnKeys() for k in ("FIRST", "LAST", "COUNT", "TOTAL", "LIMIT", "CONTACT")),
        f"{r.getColumnKeys()}",
        r,
    )
    pg = r.getPagination()
    check(
        "getPagination(): page 1 of ceil(TOTAL/2), LIMIT 2, next page 2",
        total >= 5 and pg["CURRENTPAGE"] == 1 and pg["PAGES"] == pages and pg["NEXTPAGE"] == 2
        and pg["LIMIT"] == 2 == r.getRecordsLimitation() and r.hasNextPage() and not r.hasPreviousPage(),
        f"{pg}",
        r,
    )
    listed = r.getListHash()
    check(
        "getListHash(): one row per record with its CONTACT",
        [row["CONTACT"] for row in listed["LIST"]] == column(r, "CONTACT") and listed["meta"]["pg"] == pg,
        f"{listed}",
    )
    seen = list(column(r, "CONTACT"))
    page = r
    while True:
        following = client.requestNextResponsePage(page)
        if following is None:
            break
        check(
            f"requestNextResponsePage(): page {page.getCurrentPageNumber() + 1}",
            following.getCurrentPageNumber() == page.getCurrentPageNumber() + 1
            and following.getFirstRecordIndex() == page.getFirstRecordIndex() + 2 and following.hasPreviousPage(),
            f"{following.getPagination()}",
            following,
        )
        seen += column(following, "CONTACT")
        page = following
    check(
        "requestNextResponsePage(): every contact once, None after the last page",
        len(seen) == total == len(set(seen)) and not page.hasNextPage(),
        f"{len(seen)} rows ({len(set(seen))} distinct) of TOTAL {total}",
    )
    try:
        client.requestNextResponsePage(client.request({"COMMAND": "QueryContactList", "LIMIT": 2, "LAST": 1}))
        refused = False
    except Exception:
        refused = True
    check("requestNextResponsePage() refuses a command with LAST", refused)


def transport(url):
    """getCommandPlain, debug mode, user agent, referer and proxy."""
    client = client_for(url, LOGIN)
    r = client.request({"COMMAND": "CheckAuthentication", "SUBUSER": LOGIN, "PASSWORD": "test.passw0rd"})
    check(
        "getCommandPlain() hides PASSWORD of a command that succeeded with it",
        r.getCode() == 200 and "PASSWORD = ***" in r.getCommandPlain() and "test.passw0rd" not in r.getCommandPlain(),
        f"{shown(r)}, {r.getCommandPlain()!r}",
        r,
    )
    client.enableDebugMode()
    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        r = client.request({"COMMAND": "StatusAccount"})
    check(
        "enableDebugMode(): the call answers, its log shows s_pw=*** and the response",
        r.getCode() == 200 and "s_pw=***" in log.getvalue() and "test.passw0rd" not in log.getvalue()
        and "CODE=200" in log.getvalue(),
        log.getvalue(),
        r,
    )
    client = client_for(url, LOGIN)
    client.setUserAgent("WHMCS", "8.8.0", ["ispapi/1.0"])
    client.setReferer("https://whmcs.example.net/admin/")
    expect_code("setUserAgent() and setReferer()", client.request({"COMMAND": "StatusAccount"}), 200)
    otebox = urlparse(url)
    client = client_for(url, LOGIN)
    client.setURL("http://api-ote.ispapi.net/api/call.cgi")
    client.setProxy(f"http://{otebox.netloc}")
    r = client.request({"COMMAND": "StatusAccount"})
    expect_code("setProxy(otebox): the API host's URL through the proxy", r, 200)


def main():
    if len(sys.argv) != 2:
        print("usage: client.py URL", file=sys.stderr)
        sys.exit(2)
    url = sys.argv[1]
    print(f"interop: SDK client features against {url}")
    sessions(url)
    otp_and_passwords(url)
    lists(url)
    paging(url)
    transport(url)
    summary()


if __name__ == "__main__":
    main()
