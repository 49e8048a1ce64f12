#!/usr/bin/env bash
# Requests per second and latency (p50 / p99) of a primary-key lookup through dorm-serve on
# loopback, at 1, 8 and 64 concurrent connections, with wrk (Debian's `wrk`), issue 17 item 10:
#   - POST /query/raw  {"sql": "SELECT ... FROM users WHERE id = ?", "params": [<random id>]}
#   - GET  /api/users/<random id>  (the typed route), when the server has typed routes for users
#
#   bash bench/server_throughput.sh [path/to/server] [seconds per run (5)] [rows (10000)]
#
# The server is bench/server's dorm_bench_serve (built with -DDORM_BUILD_BENCHMARKS=ON): dorm-serve's
# routes plus the typed routes of this users table (bench/server/users.json). dorm-serve itself
# works too, for /query/raw only. It runs with its default limits (8 workers) on a fresh WAL
# database of `rows` users.
# Prints one line per route and concurrency: requests/s, p50, p99 (wrk --latency). The
# in-process figure to put next to it is W2 of bash bench/instructions.sh (docs/performance.md).
set -euo pipefail
serve=${1:-build-release/bench/server/dorm_bench_serve}
seconds=${2:-5}
rows=${3:-10000}
command -v wrk >/dev/null || { echo "server_throughput: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -x $serve ]] || { echo "server_throughput: no server at $serve (build dorm_bench_serve first: -DDORM_BUILD_BENCHMARKS=ON)" >&2; exit 2; }

dir=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

# A free port from the kernel, a token for the run (in the environment, never on a command line).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
export DORM_SERVE_TOKENS="bench admin $token"
"$serve" "$dir/bench.db" --port "$port" 2>"$dir/server.log" &
server_pid=$!
for _ in $(seq 100); do
  python3 - "$port" <<'EOF' 2>/dev/null && break
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.1).close()
EOF
  sleep 0.1
done

post() {  # post <path> <json body>: prints the response body, fails on an HTTP error
  python3 - "$port" "$token" "$1" "$2" <<'EOF'
import sys, urllib.request
port, token, path, body = sys.argv[1:]
request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
print(urllib.request.urlopen(request, timeout=30).read().decode())
EOF
}
post /query/raw '{"transaction": [
  {"sql": "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, age INTEGER)"},
  {"sql": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO users SELECT i, '"'"'user'"'"' || i || '"'"'@example.com'"'"', '"'"'User '"'"' || i, i % 90 FROM n", "params": ['"$rows"']}
]}' >/dev/null

cat >"$dir/raw.lua" <<EOF
local rows = $rows
request = function()
  local body = '{"sql":"SELECT id, email, name, age FROM users WHERE id = ?","params":[' .. math.random(rows) .. ']}'
  return wrk.format("POST", "/query/raw", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $token"}, body)
end
EOF
cat >"$dir/typed.lua" <<EOF
local rows = $rows
request = function()
  return wrk.format("GET", "/api/users/" .. math.random(rows), {["Authorization"] = "Bearer $token"})
end
EOF

run() {  # run <route> <script> <connections>
  local threads=$(( $3 < 2 ? 1 : 2 ))
  wrk -t "$threads" -c "$3" -d "${seconds}s" --latency -s "$2" "http://127.0.0.1:$port" >"$dir/wrk.out"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$dir/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$dir/wrk.out")
  errors=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.out")
  printf '%-10s %5s %12s %10s %10s %s\n' "$1" "$3" "$rps" "$p50" "$p99" "${errors:+non-2xx=$errors}"
}

printf '%-10s %5s %12s %10s %10s\n' route conns requests/s p50 p99
for c in 1 8 64; do run query/raw "$dir/raw.lua" "$c"; done
status=$(python3 - "$port" "$token" <<'EOF'
import sys, urllib.request, urllib.error
try:
    request = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/api/users/1", headers={"Authorization": f"Bearer {sys.argv[2]}"})
    print(urllib.request.urlopen(request, timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)
EOF
)
if [[ $status == 200 ]]; then
  for c in 1 8 64; do run typed "$dir/typed.lua" "$c"; done
else
  echo "typed     (no typed route for users on this server: GET /api/users/1 gave $status)"
fi
