#!/usr/bin/env bash
# The shipped binary against the bare hyper baseline, measured from outside
# with wrk, in alternating runs so that both see the same machine
# (BENCHMARKS.md, "The shipped binary").
#
#   benches/wrk/compare.sh [threads] [connections] [seconds] [pairs]
#
# Builds the release binary and the baseline example, starts otebox with its
# default flags and log level (the log goes to a file, as a user's would when
# redirected; OTEBOX_FLAGS="--log off" adds flags) and the baseline, then for each wrk script runs `pairs` pairs of
# `seconds`-second runs and prints req/s, p99 and the otebox/baseline ratio
# of each pair and their median.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-1}
connections=${2:-32}
seconds=${3:-2}
pairs=${4:-5}
cargo build --release --quiet --bin otebox --example baseline
log=$(mktemp)
# shellcheck disable=SC2086 # OTEBOX_FLAGS is a list of flags
target/release/otebox --listen 127.0.0.1:18765 ${OTEBOX_FLAGS:-} >"$log" 2>&1 &
otebox=$!
target/release/examples/baseline 127.0.0.1:18766 >/dev/null &
baseline=$!
trap 'kill $otebox $baseline 2>/dev/null; rm -f "$log"' EXIT
sleep 1
rate() { # url script -> "req/s p99"
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$2" "$1" |
    awk '/Requests\/sec/ {rps=$2} /^ *99%/ {p99=$2} END {print rps, p99}'
}
for script in benches/wrk/status-account.lua benches/wrk/check-domains.lua; do
  echo "== $(basename "$script" .lua): wrk -t$threads -c$connections, ${seconds}s runs"
  ratios=()
  for _ in $(seq "$pairs"); do
    read -r base base_p99 < <(rate http://127.0.0.1:18766/api/call.cgi "$script")
    read -r ours ours_p99 < <(rate http://127.0.0.1:18765/api/call.cgi "$script")
    ratio=$(awk -v a="$ours" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
    ratios+=("$ratio")
    echo "otebox $ours req/s (p99 $ours_p99)  baseline $base req/s (p99 $base_p99)  ratio $ratio"
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print "median ratio", a[int((NR+1)/2)]}'
done
echo "request log lines written: $(wc -l <"$log")"
