#!/usr/bin/env python3
"""Interop check of access control (issue 8) through the official Python SDK
`hexonet.apiconnector` 4.0.2: role credentials (`setRoleCredentials`), an ACL
denial, two-factor login (`login(otp)`), the subuser view (`setUserView`) and
`setRemoteIPAddress` against a plain server and one that trusts 127.0.0.0/8.

Usage:  python3 access.py PLAIN_URL TRUSTING_URL
(TRUSTING_URL: an otebox started with --trusted-proxy 127.0.0.0/8)

The current TOTP code comes from `totp()` below: RFC 6238 with the Python
standard library, the same recipe README gives testers.
"""

import base64
import hashlib
import hmac
import struct
import sys
import time

from checks import check, shown, summary

from hexonet.apiconnector.apiclient import APIClient

LOGIN = "test.user"
PASSWORD = "test.passw0rd"
ROLE_PASSWORD = "role.passw0rd"
SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def totp(secret, at=None, step=30, digits=6):
    """The RFC 6238 code (HMAC-SHA1) of `secret` (base32) at `at` (default now)."""
    key = base64.b32decode(secret.upper())
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def client_for(url, login=LOGIN, password=PASSWORD, role=None):
    client = APIClient()
    client.useOTESystem()
    client.setURL(url)
    if hasattr(client, "_APIClient__socketTimeout"):
        client._APIClient__socketTimeout = 30
    if role is None:
        client.setCredentials(login, password)
    else:
        client.setRoleCredentials(login, role, password)
    return client



def expect(name, response, code, contains=""):
    check(
        name,
        response.getCode() == code and contains in response.getDescription(),
        f"expected {code} with {contains!r}, {shown(response)}",
        response,
    )


def roles(url):
    owner = client_for(url)
    r = owner.request(
        {
            "COMMAND": "CreateRoleUser",
            "ROLEID": "ci",
            "PASSWORD": ROLE_PASSWORD,
            "ACL0": "StatusAccount[]:ALLOW",
            "DEFAULTPOLICY": "DENY",
        }
    )
    expect("CreateRoleUser ci", r, 200)

    role = client_for(url, password=ROLE_PASSWORD, role="ci")
    body = role.getPOSTData({"COMMAND": "StatusAccount"}, True)
    check(
        "setRoleCredentials sends s_login=test.user%21ci",
        "s_login=test.user%21ci&" in body,
        f"SDK would send {body!r}",
    )
    expect("role StatusAccount allowed by ACL0", role.request({"COMMAND": "StatusAccount"}), 200)
    r = role.request({"COMMAND": "QueryDomainList"})
    expect(
        "role QueryDomainList denied by DEFAULTPOLICY",
        r,
        531,
        "Authorization failed; Operation forbidden by ACL; no ACL rule of test.user!ci names QueryDomainList",
    )

    r = owner.request({"COMMAND": "UpdateRoleUser", "ROLEID": "ci", "OTPSECRET": SECRET})
    expect("UpdateRoleUser OTPSECRET", r, 200)
    r = role.login()
    expect("login() without OTP: 530 OTP", r, 530, "Authentication failed; OTP; s_otp is missing")
    valid = {totp(SECRET, time.time() + skew) for skew in (-60, -30, 0, 30, 60)}
    wrong = next(
        code for code in (f"{n:06d}" for n in range(1000000)) if code not in valid
    )
    r = role.login(wrong)
    expect("login(wrong code): 530 OTP", r, 530, "Authentication failed; OTP; ")
    r = role.login(totp(SECRET))
    expect("login(current code): 200", r, 200)
    check("login() stored a session", role.getSession() is not None, "no session", r)
    expect(
        "StatusAccount over the role's session needs no OTP",
        role.request({"COMMAND": "StatusAccount"}),
        200,
    )
    expect(
        "the role's session obeys its ACL",
        role.request({"COMMAND": "QueryDomainList"}),
        531,
        "Operation forbidden by ACL",
    )
    expect("logout()", role.logout(), 200)


def views(url):
    owner = client_for(url)
    r = owner.request(
        {
            "COMMAND": "AddUser",
            "SUBUSER": "sdk.sub",
            "PASSWORD": "sub.passw0rd",
            "VAT": "19",
            "CURRENCY": "EUR",
        }
    )
    expect("AddUser sdk.sub", r, 200)
    owner.setUserView("sdk.sub")
    r = owner.request({"COMMAND": "StatusUser"})
    expect("setUserView(sdk.sub): StatusUser answers", r, 200)
    check(
        "StatusUser in the view is sdk.sub's record",
        r.getColumnIndex("USER", 0) == "sdk.sub",
        shown(r),
        r,
    )
    owner.setUserView("test.user2")
    expect(
        "setUserView(test.user2): not a subuser",
        owner.request({"COMMAND": "StatusAccount"}),
        531,
        "s_user test.user2 is not test.user or one of its subusers",
    )
    owner.resetUserView()


def addresses(plain, trusting):
    for url in (plain, trusting):
        owner = client_for(url)
        r = owner.request(
            {
                "COMMAND": "CreateRoleUser",
                "ROLEID": "office",
                "PASSWORD": ROLE_PASSWORD,
                "ALLOWEDIP0": "198.51.100.0/24",
                "DEFAULTPOLICY": "ALLOW",
            }
        )
        expect("CreateRoleUser office with ALLOWEDIP0", r, 200)
    role = client_for(plain, password=ROLE_PASSWORD, role="office")
    role.setRemoteIPAddress("198.51.100.7")
    expect(
        "setRemoteIPAddress is ignored from an untrusted peer",
        role.request({"COMMAND": "StatusAccount"}),
        530,
        "User not permitted from this IP address (127.0.0.1)",
    )
    role = client_for(trusting, password=ROLE_PASSWORD, role="office")
    role.setRemoteIPAddress("198.51.100.7")
    expect(
        "setRemoteIPAddress counts from a --trusted-proxy",
        role.request({"COMMAND": "StatusAccount"}),
        200,
    )
    role.setRemoteIPAddress("198.51.100.7:8080")
    expect(
        "setRemoteIPAddress with a port: the address without it counts",
        role.request({"COMMAND": "StatusAccount"}),
        200,
    )
    role.setRemoteIPAddress("203.0.113.7")
    expect(
        "the refusal names the forwarded address",
        role.request({"COMMAND": "StatusAccount"}),
        530,
        "(203.0.113.7)",
    )


def main():
    if len(sys.argv) != 3:
        print("usage: access.py PLAIN_URL TRUSTING_URL", file=sys.stderr)
        sys.exit(2)
    plain, trusting = sys.argv[1], sys.argv[2]
    print(f"interop: access control against {plain} and {trusting}")
    roles(plain)
    views(plain)
    addresses(plain, trusting)
    summary()


if __name__ == "__main__":
    main()
