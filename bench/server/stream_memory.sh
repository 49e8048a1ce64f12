#!/usr/bin/env bash
# Peak memory (VmHWM) of dorm-serve answering SELECT * of a 1,000,000-row table, streamed as
# NDJSON (Accept: application/x-ndjson) and, for comparison, as one JSON response. Each case
# gets a fresh server, so each peak is that response's alone. docs/server.md shows the figures.
#
#   bash bench/server/stream_memory.sh [build dir, default ./build] [rows, default 1000000]
#
# Needs curl and a built dorm-serve (cmake --build build --target dorm-serve).
set -euo pipefail
build=${1:-build}
rows=${2:-1000000}
serve="$build/server/dorm-serve"
[ -x "$serve" ] || { echo "no $serve: build the dorm-serve target first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/big.db"

# Starts dorm-serve on $db with extra flags; sets pid and port.
start() {
  "$serve" "$db" --port 0 --statement-timeout-ms 0 "$@" > "$work/out" 2> "$work/err" &
  pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/out")
    [ -n "$port" ] && return
    sleep 0.1
  done
  echo "dorm-serve did not start: $(cat "$work/err")" >&2
  exit 1
}
stop() { kill -TERM "$pid"; wait "$pid"; }
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$pid/status"; }
post() {  # post <accept> <body>: the response body on stdout
  curl -sf -X POST "http://127.0.0.1:$port/query/raw" -H 'Content-Type: application/json' -H "Accept: $1" -d "$2"
}

start
post application/json "{\"sql\": \"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL)\"}" > /dev/null
post application/json "{\"sql\": \"INSERT INTO items (name, price) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT $rows) SELECT 'item number ' || n, n * 0.25 FROM c\"}" > /dev/null
stop
echo "table items: $rows rows, $(du -k "$db" | cut -f1) KiB on disk"

start
idle=$(peak_kb)
lines=$(post application/x-ndjson '{"sql": "SELECT id, name, price FROM items"}' | wc -l)
streamed=$(peak_kb)
stop
echo "NDJSON: $lines records; peak RSS $streamed KiB (idle server: $idle KiB)"

start --max-rows "$rows"
bytes=$(post application/json '{"sql": "SELECT id, name, price FROM items"}' | wc -c)
whole=$(peak_kb)
stop
echo "JSON:   $bytes bytes in one response; peak RSS $whole KiB"
