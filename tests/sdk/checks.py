"""The pass/fail bookkeeping every interop script shares, whatever SDK it
drives (so it imports none): one line `ok N - name` per passed check; the
first failed check prints what was expected and, when given, the raw response
as the SDK parsed it, then `interop: N passed, 1 failed`, and exits 1.
`summary()` prints the `interop: N passed, 0 failed` line tests/sdk.rs reads;
`shown()` words a response for a failed check's `why`.
"""

import sys

PASSED = 0


def fail(name, why, response=None):
    print(f"interop: FAILED check {PASSED + 1}: {name}", file=sys.stderr)
    print(f"  {why}", file=sys.stderr)
    if response is not None:
        if response.getCode() == 421 and "HTTP communication error" in response.getDescription():
            print(
                "  (421 HTTP communication error is made up by the SDK itself: the "
                "server was unreachable, timed out, or answered with a non-200 HTTP status)",
                file=sys.stderr,
            )
        print("  raw response as parsed by the SDK:", file=sys.stderr)
        for line in response.getPlain().splitlines():
            print(f"    {line}", file=sys.stderr)
    sys.stdout.flush()
    print(f"interop: {PASSED} passed, 1 failed")
    sys.exit(1)


def check(name, condition, why="", response=None):
    global PASSED
    if not condition:
        fail(name, why or "condition is false", response)
    PASSED += 1
    print(f"ok {PASSED:2d} - {name}")
    sys.stdout.flush()


def summary():
    print(f"interop: {PASSED} passed, 0 failed")


def shown(response):
    return f"got {response.getCode()} {response.getDescription()!r}"


def expect(name, response, code, prefix=""):
    """CODE, and DESCRIPTION starting with `prefix`, as an SDK user checks them."""
    check(
        name,
        response.getCode() == code and response.getDescription().startswith(prefix),
        f"expected {code} {prefix!r}..., {shown(response)}",
        response,
    )
