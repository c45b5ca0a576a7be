#!/usr/bin/env bash
# User-space instructions per request of the shipped binary and of the bare
# hyper baseline, counted by callgrind (BENCHMARKS.md, "Where the time goes").
# Unlike req/s on a shared two-core machine, the count is repeatable, so it is
# what tells whether a change to the request path helped.
#
#   benches/wrk/instructions.sh [wrk-script] [otebox flags...]
#
# OTEBOX_BIN=path measures another otebox build (an older commit's, say).
#
# Runs each server under valgrind with one serving thread, zeroes the counters
# after start-up, drives it with wrk (1 thread, 4 connections, 10 s), dumps,
# and prints instructions per request and otebox's largest inclusive costs.
# Note: valgrind hides the CPU's SHA extensions, so password hashing counts
# its portable code (about 3,300 instructions instead of about 300).
set -euo pipefail
cd "$(dirname "$0")/../.."
script=${1:-benches/wrk/status-account.lua}
shift || true
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet --bin otebox --example baseline
work=$(mktemp -d)
trap 'pkill -f "callgrind-out-file=$work" 2>/dev/null; rm -rf "$work"' EXIT
measure() { # name port command... -> prints instructions per request
  local name=$1 port=$2
  shift 2
  OTEBOX_WORKERS=1 TOKIO_WORKER_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
  callgrind_control -z "$pid" >/dev/null
  local requests
  requests=$(wrk -t1 -c4 -d10s -s "$script" "http://127.0.0.1:$port/api/call.cgi" | awk '/requests in/ {print $1}')
  callgrind_control -d "$pid" >/dev/null
  sleep 1
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local dump
  dump=$(ls "$work/$name.out".* | tail -1)
  local total
  total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo "$name: $((total / requests)) instructions per request ($requests requests)"
  echo "$dump $requests" >"$work/$name.dump"
}
measure baseline 18966 target/release/examples/baseline 127.0.0.1:18966
measure otebox 18965 "${OTEBOX_BIN:-target/release/otebox}" --listen 127.0.0.1:18965 "$@"
read -r dump requests <"$work/otebox.dump"
echo "otebox, inclusive instructions per request of its own stages:"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | sed 's/,//g' |
  grep -E "otebox::server::(run|api|log_request|read_body)|otebox::server::metrics::Metrics::record |otebox::server::faults::[A-Za-z_:]+ |otebox::wire::(parse::parse|parse::percent_decode|encode::encode) |otebox::execute |otebox::command::dispatch |otebox::command::find |otebox::auth::authenticate |otebox::command::[a-z_]+::[a-z_]+ |tracing_core::event::Event::dispatch |TokioSleep as core::future|Sleep as core::future" |
  awk -v n="$requests" '/^ *[0-9]+ \( *[0-9.]+%\) / {c = $1 / n; f = $0; sub(/^[^)]*\) +/, "", f); sub(/ .*/, "", f); sub(/^[^:]*:/, "", f); if (c >= 50 && !seen[f]++) printf "%8d  %s\n", c, f}' | sort -rn
