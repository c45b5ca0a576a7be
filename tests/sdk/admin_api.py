"""The otebox admin API (`/_admin/*`) as the interop scripts call it: one
call beside the API address, its status and answer (a refusal's too), a
JSON form of it, and moving a system's sandbox clock.
"""

import json
import urllib.error
import urllib.parse
import urllib.request


def call(url, method, path, body=b"", kind="application/json"):
    """One admin call at `path` beside the API address `url`; its status and
    raw answer, an HTTP refusal's included. Only a POST carries the body."""
    target = url.replace("/api/call.cgi", path)
    request = urllib.request.Request(target, data=body if method == "POST" else None, method=method)
    request.add_header("Content-Type", kind)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def call_json(url, method, path, body=None):
    """`call` with `body` as JSON; the answer parsed, a refusal's text as
    {"refused": text}."""
    data = json.dumps(body).encode() if body is not None else b""
    status, raw = call(url, method, path, data)
    if status >= 400:
        return status, {"refused": raw.decode().strip()}
    return status, json.loads(raw.decode())


def advance(url, duration, entity="1234"):
    """Moves `entity`'s sandbox clock `duration` on; the status and answer text."""
    body = urllib.parse.urlencode({"advance": duration, "entity": entity}).encode()
    status, raw = call(url, "POST", "/_admin/clock", body, "application/x-www-form-urlencoded")
    return status, raw.decode()
