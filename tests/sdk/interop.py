#!/usr/bin/env python3
"""Interop check: the official Python SDK against a running otebox.

The SDK is `hexonet.apiconnector` from PyPI, pinned to 4.0.2 in
`tests/sdk/requirements.txt`. Every check goes through the SDK's public API
(APIClient, Response.getCode/getDescription/isSuccess/isError/getColumn), so
it sees exactly what a WHMCS module or any other SDK user would see.

Usage:  python3 interop.py http://127.0.0.1:PORT/api/call.cgi

One line is printed per passed check. The first failed check prints what was
expected and the raw response, then `interop: N passed, 1 failed`, and the
script exits 1. When everything passes the last line is
`interop: N passed, 0 failed` and the exit code is 0. Usage errors exit 2.

SDK facts relied on (read from the 4.0.2 source, hexonet/apiconnector/):
* useOTESystem() sets s_entity=1234 *and* the URL to the real OT&E host;
  useLIVESystem() sets s_entity=54cd and the real LIVE host (a new APIClient
  starts on LIVE). So setURL(<otebox>) must come after either of them.
* setCredentials(uid, pw) clears the session; setSession(id) clears login,
  password and OTP; setSession(None) leaves only s_entity on the wire.
* login()/loginExtended(params) send StartSession and, on 2xx, store
  PROPERTY[SESSION][0] via setSession; logout() sends EndSession and clears
  the session only on success.
* Transport errors and non-200 HTTP statuses are replaced client-side by
  `421 Command failed due to HTTP communication error`; a body without CODE
  or DESCRIPTION becomes `423 Invalid API response. Contact Support`.
"""

import re
import sys
from decimal import Decimal, InvalidOperation

from checks import check, shown, summary

try:
    import hexonet.apiconnector
    from hexonet.apiconnector.apiclient import APIClient
except ImportError as error:
    print(
        f"interop: cannot import hexonet.apiconnector ({error}); "
        "install it with: pip install -r tests/sdk/requirements.txt",
        file=sys.stderr,
    )
    print("interop: 0 passed, 1 failed")
    sys.exit(1)

SDK_VERSION = "4.0.2"
LOGIN = "test.user"
PASSWORD = "test.passw0rd"
SESSION_ID = re.compile(r"[A-Za-z0-9]{64}")
# Seconds per request. The SDK's own default is 300000 s and it has no public
# setter, so a hung server would otherwise hang this script.
REQUEST_TIMEOUT = 30


def expect_code(name, response, code, description=None, prefix=None):
    """Check CODE (and optionally DESCRIPTION exactly or by prefix) as an SDK user would."""
    got_code = response.getCode()
    got_text = response.getDescription()
    wanted = f"{code}"
    ok = got_code == code
    if description is not None:
        wanted += f" {description!r}"
        ok = ok and got_text == description
    if prefix is not None:
        wanted += f" {prefix!r}..."
        ok = ok and got_text.startswith(prefix)
    check(name, ok, f"expected {wanted}, {shown(response)}", response)


def new_client(url, ote=True, login=LOGIN, password=PASSWORD):
    """A client on OT&E (s_entity 1234) or LIVE (54cd) pointed at otebox."""
    client = APIClient()
    if ote:
        client.useOTESystem()
    else:
        client.useLIVESystem()
    client.setURL(url)  # after use*System(), which reset the URL
    if hasattr(client, "_APIClient__socketTimeout"):
        client._APIClient__socketTimeout = REQUEST_TIMEOUT
    if login is not None:
        client.setCredentials(login, password)
    return client


def wire(client, command):
    """The POST body the SDK would send for `command` (password masked)."""
    return client.getPOSTData(command, True)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].startswith(("http://", "https://")):
        print(
            "usage: interop.py http://HOST:PORT/api/call.cgi  (URL of a running otebox)",
            file=sys.stderr,
        )
        sys.exit(2)
    url = sys.argv[1]

    version = getattr(hexonet.apiconnector, "__version__", "?")
    if version != SDK_VERSION:
        print(
            f"interop: warning: hexonet.apiconnector {version} installed, "
            f"checks written for {SDK_VERSION}",
            file=sys.stderr,
        )
    print(f"interop: hexonet.apiconnector {version} against {url}")

    # 1. Sessionless StatusAccount on OT&E.
    client = new_client(url)
    check(
        "SDK OT&E switch sends s_entity=1234 with credentials",
        wire(client, {"COMMAND": "StatusAccount"}).startswith(
            "s_entity=1234&s_login=test.user&s_pw=***&"
        ),
        f"SDK would send {wire(client, {'COMMAND': 'StatusAccount'})!r}",
    )
    r = client.request({"COMMAND": "StatusAccount"})
    expect_code("sessionless StatusAccount: 200", r, 200, "Command completed successfully")
    check("sessionless StatusAccount: isSuccess()", r.isSuccess() and not r.isError(), shown(r), r)
    for name in ("AMOUNT", "CREDIT", "CURRENCY", "DEPOSIT", "VAT"):
        column = r.getColumn(name)
        values = column.getData() if column is not None else None
        check(
            f"StatusAccount: property {name} has exactly one value",
            values is not None and len(values) == 1,
            f"getColumn({name!r}) gave {values!r}",
            r,
        )
    currency = r.getColumnIndex("CURRENCY", 0)
    check("StatusAccount: CURRENCY is EUR", currency == "EUR", f"CURRENCY={currency!r}", r)
    amount = r.getColumnIndex("AMOUNT", 0)
    try:
        parsed = Decimal(amount)
        is_decimal = parsed.is_finite() and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", amount) is not None
    except (InvalidOperation, TypeError):
        is_decimal = False
    check("StatusAccount: AMOUNT is a decimal number", is_decimal, f"AMOUNT={amount!r}", r)

    # 2. Wrong password.
    r = new_client(url, password="wrong").request({"COMMAND": "StatusAccount"})
    expect_code("wrong password: 530 Authentication failed", r, 530, prefix="Authentication failed")
    check("wrong password: isError()", r.isError() and not r.isSuccess(), shown(r), r)

    # 3. login / StatusAccount by session / logout / ended session / bare logout.
    client = new_client(url)
    r = client.login()
    expect_code("login(): 200", r, 200)
    session = client.getSession()
    check(
        "login(): SDK holds a 64-char [A-Za-z0-9] session id",
        isinstance(session, str) and SESSION_ID.fullmatch(session) is not None,
        f"getSession() is {session!r}",
        r,
    )
    body = wire(client, {"COMMAND": "StatusAccount"})
    check(
        "login(): SDK now sends s_session and no credentials",
        body.startswith(f"s_entity=1234&s_session={session}&") and "s_login" not in body,
        f"SDK would send {body!r}",
    )
    r = client.request({"COMMAND": "StatusAccount"})
    expect_code("StatusAccount through the session: 200", r, 200)
    r = client.logout()
    expect_code("logout(): 200", r, 200)
    check("logout(): SDK dropped the session", not client.getSession(), f"getSession() is {client.getSession()!r}")
    client.setSession(session)
    r = client.request({"COMMAND": "StatusAccount"})
    expect_code("StatusAccount with the ended session: 530", r, 530)
    r = client.logout()
    check("logout() with the ended session: 5xx", r.isError(), f"expected 5xx, {shown(r)}", r)
    client.setSession(None)
    body = wire(client, {"COMMAND": "EndSession"})
    check(
        "SDK sends only s_entity and the command without credentials and session",
        body == "s_entity=1234&s_command=COMMAND%3DEndSession",
        f"SDK would send {body!r}",
    )
    r = client.logout()
    check("second logout() without credentials or session: 5xx", r.isError(), f"expected 5xx, {shown(r)}", r)

    # 4. loginExtended with TIMEOUT.
    client = new_client(url)
    r = client.loginExtended({"TIMEOUT": 60})
    expect_code("loginExtended({TIMEOUT: 60}): 200", r, 200)
    session = client.getSession()
    check(
        "loginExtended(): SDK holds a 64-char [A-Za-z0-9] session id",
        isinstance(session, str) and SESSION_ID.fullmatch(session) is not None,
        f"getSession() is {session!r}",
        r,
    )
    expect_code("logout() after loginExtended(): 200", client.logout(), 200)

    # 5. CheckAuthentication (the WHMCS "test connection" call).
    r = new_client(url).request(
        {"COMMAND": "CheckAuthentication", "SUBUSER": LOGIN, "PASSWORD": PASSWORD}
    )
    expect_code("CheckAuthentication with the right password: 200", r, 200)
    r = new_client(url).request(
        {"COMMAND": "CheckAuthentication", "SUBUSER": LOGIN, "PASSWORD": "wrong"}
    )
    expect_code("CheckAuthentication with a wrong password: 530", r, 530)

    # 6. Unknown command.
    r = new_client(url).request({"COMMAND": "FooBar"})
    expect_code("unknown command FooBar: 500 Invalid command name", r, 500, "Invalid command name")

    # 7. Malformed value (request() directly, so the SDK does not keep a session).
    r = new_client(url).request({"COMMAND": "StartSession", "TIMEOUT": "abc"})
    expect_code(
        "StartSession TIMEOUT=abc: 505 Invalid attribute value syntax",
        r,
        505,
        prefix="Invalid attribute value syntax",
    )
    check("StartSession TIMEOUT=abc: description names TIMEOUT", "TIMEOUT" in r.getDescription(), shown(r), r)

    # 8. LIVE (entity 54cd) is a separate system.
    live = new_client(url, ote=False)
    body = wire(live, {"COMMAND": "StatusAccount"})
    check(
        "SDK LIVE switch sends s_entity=54cd",
        body.startswith("s_entity=54cd&s_login=test.user&"),
        f"SDK would send {body!r}",
    )
    r = live.request({"COMMAND": "StatusAccount"})
    expect_code("LIVE accepts test.user/test.passw0rd: 200", r, 200)
    ote = new_client(url)
    r = ote.login()
    expect_code("login() on OT&E for the cross-system check: 200", r, 200)
    ote_session = ote.getSession()
    live_with_ote_session = new_client(url, ote=False, login=None)
    live_with_ote_session.setSession(ote_session)
    r = live_with_ote_session.request({"COMMAND": "StatusAccount"})
    expect_code("an OT&E session used against LIVE: 530", r, 530)
    expect_code("the OT&E session still works on OT&E: 200", ote.request({"COMMAND": "StatusAccount"}), 200)
    expect_code("logout() of the OT&E session: 200", ote.logout(), 200)

    summary()
    return 0


if __name__ == "__main__":
    sys.exit(main())
