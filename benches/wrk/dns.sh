#!/usr/bin/env bash
# DNS queries per second answered by the shipped binary's `--dns-listen`
# (BENCHMARKS.md, "DNS zones"), measured from outside with dnsperf
# (Debian's `dnsperf`; installed with apt-get when missing). One command:
#
#   benches/wrk/dns.sh [seconds] [clients]
#
# Builds the release binary, starts it with its default flags and log level
# (the log to a file, as a user's would be) and `--dns-listen`, loads a zone
# of 10,000 A records through the API (UpdateDNSZone, 1,000 ADDRR per call),
# then runs dnsperf over UDP with a query mix of existing names (A), names
# that do not exist (NXDOMAIN) and the apex SOA, and prints dnsperf's
# summary. OTEBOX_BIN=path measures another build.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
clients=${2:-8}
if ! command -v dnsperf >/dev/null; then
    apt-get install -y --no-install-recommends dnsperf >/dev/null 2>&1 ||
        { apt-get update >/dev/null && apt-get install -y --no-install-recommends dnsperf >/dev/null; } ||
        { echo "dnsperf is needed: apt-get install dnsperf" >&2; exit 1; }
fi
cargo build --release --quiet --bin otebox
otebox=${OTEBOX_BIN:-target/release/otebox}
work=$(mktemp -d)
"$otebox" --listen 127.0.0.1:18775 --dns-listen 127.0.0.1:18753 --data-dir "$work" >"$work/otebox.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
api=http://127.0.0.1:18775/api/call.cgi
auth='s_entity=1234&s_login=test.user&s_pw=test.passw0rd'
curl -sS -d "$auth&command=CreateDNSZone&dnszone=bench-zone.com" "$api" | grep -q '^CODE=200'
for batch in $(seq 0 9); do
    args=()
    for n in $(seq 0 999); do
        host=$((batch * 1000 + n))
        args+=(--data-urlencode "addrr$n=host$host 300 IN A 10.0.$((host >> 8)).$((host & 255))")
    done
    curl -sS -d "$auth&command=UpdateDNSZone&dnszone=bench-zone.com" "${args[@]}" "$api" | grep -q '^CODE=200'
done
queries="$work/queries"
for n in $(seq 0 97 9999); do
    echo "host$n.bench-zone.com A"
    echo "missing$n.bench-zone.com A"
done >"$queries"
echo "bench-zone.com SOA" >>"$queries"
echo "zone: 10,000 A records; $(wc -l <"$queries") queries in the mix (half existing, half NXDOMAIN)"
dnsperf -s 127.0.0.1 -p 18753 -d "$queries" -l "$seconds" -c "$clients" -q 256 |
    grep -E 'Queries sent|Queries completed|Queries lost|Response codes|Queries per second|Average Latency|Latency StdDev'
echo "log lines written: $(grep -c 'DNS query' "$work/otebox.log")"
