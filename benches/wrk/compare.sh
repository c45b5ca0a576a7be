#!/usr/bin/env bash
# The shipped binary against the bare hyper baseline, measured from outside
# with wrk (BENCHMARKS.md, "The shipped binary"). One command prints the table:
#
#   benches/wrk/compare.sh [threads] [connections] [seconds] [pairs]
#
# Builds the release binary and the baseline example (benches/baseline), and
# starts three servers: otebox with its default flags and log level (the log
# redirected to a file, as a user's would be), otebox with `--log off`, and the
# baseline. Then, for each wrk script, `pairs` rounds of `seconds`-second runs
# against each server in turn, so that all three see the same moments of the
# machine. For each script and otebox setting it prints the median
# otebox/baseline throughput ratio (with its range), the p99 latency ratio,
# and the server CPU time per request of both (from /proc, all threads).
#
# The baseline runs with as many serving threads as otebox (OTEBOX_WORKERS,
# default otebox's own: half the cores, at least one), so that the ratio
# compares the request path and not the runtime's settings. OTEBOX_BIN=path
# measures another otebox build (an older commit's, say) in the same way, and
# OTEBOX_WRK_SCRIPTS="a.lua b.lua" runs other scripts, or these in another order.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-1}
connections=${2:-32}
seconds=${3:-2}
pairs=${4:-5}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet --bin otebox --example baseline
work=$(mktemp -d)
workers=${OTEBOX_WORKERS:-$(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 ))}
export OTEBOX_WORKERS=$workers TOKIO_WORKER_THREADS=$workers
echo "serving threads: $workers (otebox --workers, TOKIO_WORKER_THREADS for the baseline)"
otebox=${OTEBOX_BIN:-target/release/otebox}
"$otebox" --listen 127.0.0.1:18765 >"$work/default.log" 2>&1 &
pids=($!)
"$otebox" --listen 127.0.0.1:18767 --log off >"$work/off.log" 2>&1 &
pids+=($!)
target/release/examples/baseline 127.0.0.1:18766 >/dev/null &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
declare -A port=([default]=18765 [off]=18767 [baseline]=18766)
declare -A pid=([default]=${pids[0]} [off]=${pids[1]} [baseline]=${pids[2]})
sleep 1
# The role user of role-acl.lua, with the 50-rule ACL of the in-process
# scenario access-role-acl-50: 40 rules for other commands, nine StatusAccount
# blocks that miss, then the StatusAccount rule that allows.
acl=""
line=0
for n in $(seq 0 39); do acl+="&acl$line=BenchCommand$n%5B%5D%3AALLOW"; line=$((line + 1)); done
for n in $(seq 0 8); do
  acl+="&acl$line=StatusAccount%5B&acl$((line + 1))=SUBUSER%3Dnobody$n&acl$((line + 2))=%5D%3ADENY"
  line=$((line + 3))
done
acl+="&acl$line=StatusAccount%5B%5D%3AALLOW"
# A session for the session-based script, opened on each otebox.
for setting in default off; do
  curl -s -d "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=CreateRoleUser&roleid=bench&password=test.passw0rd$acl" \
    "http://127.0.0.1:${port[$setting]}/api/call.cgi" | grep -q '^CODE=200' || { echo "CreateRoleUser failed" >&2; exit 1; }
  session=$(curl -s -d 's_entity=1234&s_login=test.user&s_pw=test.passw0rd&command=StartSession' \
    "http://127.0.0.1:${port[$setting]}/api/call.cgi" | sed -n 's/^PROPERTY\[SESSION\]\[0\]=\(.*\)\r$/\1/p')
  echo "$session" >"$work/session.$setting"
done
cpu_ticks() { # pid -> utime + stime of the whole process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}
run() { # setting script -> "requests p99_us cpu_us_per_request"
  local before after
  before=$(cpu_ticks "${pid[$1]}")
  OTEBOX_SESSION=$(cat "$work/session.$1" 2>/dev/null || true) \
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$2" "http://127.0.0.1:${port[$1]}/api/call.cgi" >"$work/wrk.out"
  after=$(cpu_ticks "${pid[$1]}")
  awk '/requests in/ {print $1}' "$work/wrk.out" >>"$work/requests.$1"
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /requests in/ {n = $1}
    /^ *99%/ {v = $2; u = 1; if (v ~ /ms$/) u = 1000; else if (v ~ /us$/) u = 1; else if (v ~ /s$/) u = 1000000; sub(/[a-z]+$/, "", v); p = v * u}
    END {printf "%d %.0f %.2f\n", n, p, ticks / hz * 1e6 / n}' "$work/wrk.out"
}
column_median() { # column file -> the median of that column
  cut -d' ' -f"$1" "$2" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}
printf '%-16s %-10s %-22s %-10s %-18s\n' script otebox "throughput ratio" "p99 ratio" "CPU µs/req (base)"
for script in ${OTEBOX_WRK_SCRIPTS:-benches/wrk/status-account.lua benches/wrk/status-session.lua benches/wrk/check-domains.lua benches/wrk/role-acl.lua}; do
  name=$(basename "$script" .lua)
  : >"$work/default.rows"; : >"$work/off.rows"
  for _ in $(seq "$pairs"); do
    read -r base_n base_p99 base_cpu < <(run baseline "$script")
    for setting in default off; do
      read -r n p99 cpu < <(run "$setting" "$script")
      awk -v n="$n" -v bn="$base_n" -v p="$p99" -v bp="$base_p99" -v c="$cpu" -v bc="$base_cpu" \
        'BEGIN {printf "%.3f %.2f %.2f %.2f\n", n / bn, p / bp, c, bc}' >>"$work/$setting.rows"
    done
  done
  for setting in default off; do
    printf '%-16s %-10s %s (%s–%s)       %-10s %s (%s)\n' "$name" "$setting" \
      "$(column_median 1 "$work/$setting.rows")" "$(sort -n "$work/$setting.rows" | head -1 | cut -d' ' -f1)" \
      "$(sort -n "$work/$setting.rows" | tail -1 | cut -d' ' -f1)" "$(column_median 2 "$work/$setting.rows")" \
      "$(column_median 3 "$work/$setting.rows")" "$(column_median 4 "$work/$setting.rows")"
  done
done
# Every request answered has its line: the log drops none under load.
sleep 0.1
answered=$(awk '{s += $1} END {print s}' "$work/requests.default")
kill "${pids[0]}" && wait "${pids[0]}" 2>/dev/null || true
logged=$(grep -c ' code=' "$work/default.log" || true)
dropped=$(grep -c 'log lines dropped' "$work/default.log" || true)
# wrk counts the requests completed within its runs; those in flight when it
# stops are answered and logged too, so there are at least as many lines.
verdict=$([ "$logged" -ge "$answered" ] && [ "$dropped" -eq 0 ] && echo "none lost" || echo "LINES LOST")
echo "default otebox: $answered requests completed (wrk), $logged request lines logged, $dropped drop reports: $verdict"
