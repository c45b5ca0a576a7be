"""Interop check: the official Python SDK (hexonet.apiconnector) against a running otebox.

Usage: python interop.py http://127.0.0.1:PORT/api/call.cgi
Exits non-zero at the first failed check; the last line is `interop: N passed, 0 failed`.
"""

import re
import sys
from decimal import Decimal

from hexonet.apiconnector.apiclient import APIClient

URL = sys.argv[1]
PASSED = 0


def check(name, condition, response=None):
    global PASSED
    if not condition:
        shown = response.getPlain() if response is not None else ""
        print(f"FAILED: {name}\n{shown}")
        print(f"interop: {PASSED} passed, 1 failed")
        sys.exit(1)
    PASSED += 1
    print(f"ok: {name}")


def client(ote=True, password="test.passw0rd"):
    cl = APIClient()
    # useOTESystem/useLIVESystem also set the URL, so setURL comes last.
    if ote:
        cl.useOTESystem()
    else:
        cl.useLIVESystem()
    cl.setURL(URL)
    cl.setCredentials("test.user", password)
    return cl


# 1. Sessionless StatusAccount, the way WHMCS calls.
r = client().request({"COMMAND": "StatusAccount"})
check("sessionless StatusAccount is 200", r.getCode() == 200 and r.isSuccess(), r)
check("description", r.getDescription() == "Command completed successfully", r)
for name in ["AMOUNT", "CREDIT", "CURRENCY", "DEPOSIT", "VAT"]:
    column = r.getColumn(name)
    check(f"{name} has one value", column is not None and len(column.getData()) == 1, r)
check("CURRENCY is EUR", r.getColumnIndex("CURRENCY", 0) == "EUR", r)
check("AMOUNT is a decimal", Decimal(r.getColumnIndex("AMOUNT", 0)) > 0, r)

# 2. Wrong password.
r = client(password="wrong").request({"COMMAND": "StatusAccount"})
check("wrong password is 530", r.getCode() == 530 and r.isError(), r)
check("530 text", r.getDescription().startswith("Authentication failed"), r)

# 3. login / session use / logout / ended session / second logout.
cl = client()
r = cl.login()
check("login is 200", r.getCode() == 200, r)
session = cl.getSession()
check("session id is 64 alphanumerics", re.fullmatch(r"[A-Za-z0-9]{64}", session or "") is not None, r)
r = cl.request({"COMMAND": "StatusAccount"})
check("StatusAccount by session is 200", r.getCode() == 200, r)
r = cl.logout()
check("logout is 200", r.getCode() == 200, r)
check("logout clears the SDK session", not cl.getSession())
ended = APIClient().useOTESystem().setURL(URL).setSession(session)
r = ended.request({"COMMAND": "StatusAccount"})
check("ended session is 530", r.getCode() == 530, r)
bare = APIClient().useOTESystem().setURL(URL)
r = bare.logout()
check("logout without credentials or session is 5xx", r.isError(), r)

# 4. loginExtended with TIMEOUT.
cl = client()
r = cl.loginExtended({"TIMEOUT": 60})
check("loginExtended TIMEOUT=60 is 200", r.getCode() == 200 and bool(cl.getSession()), r)
check("logout after loginExtended is 200", cl.logout().getCode() == 200)

# 5. CheckAuthentication, the WHMCS connection test.
r = client().request({"COMMAND": "CheckAuthentication", "SUBUSER": "test.user", "PASSWORD": "test.passw0rd"})
check("CheckAuthentication is 200", r.getCode() == 200, r)
r = client().request({"COMMAND": "CheckAuthentication", "SUBUSER": "test.user", "PASSWORD": "wrong"})
check("CheckAuthentication wrong password is 530", r.getCode() == 530, r)

# 6. Unknown command.
r = client().request({"COMMAND": "FooBar"})
check("unknown command is 500", r.getCode() == 500 and r.getDescription() == "Invalid command name", r)

# 7. Malformed value.
r = client().request({"COMMAND": "StartSession", "TIMEOUT": "abc"})
check("TIMEOUT=abc is 505", r.getCode() == 505, r)
check("505 text names TIMEOUT", r.getDescription().startswith("Invalid attribute value syntax") and "TIMEOUT" in r.getDescription(), r)

# 8. LIVE is a separate system.
live = client(ote=False)
r = live.request({"COMMAND": "StatusAccount"})
check("LIVE accepts the demo login", r.getCode() == 200, r)
cl = client()
cl.login()
ote_session = cl.getSession()
r = APIClient().useLIVESystem().setURL(URL).setSession(ote_session).request({"COMMAND": "StatusAccount"})
check("an OT&E session is refused on LIVE", r.getCode() == 530, r)
cl.logout()

print(f"interop: {PASSED} passed, 0 failed")
