#!/usr/bin/env bash
# scripts/load.sh: load and shutdown checks of the users example.
#
# Builds examples/users and scripts/loadcheck, then
#   1. starts the server on a free loopback port with a fresh SQLite data
#      directory and runs loadcheck's load mode against it (50,000 requests on
#      128 connections by default: reads, with a few sign-ups and logins, which
#      pay bcrypt at the service's fixed cost), then stops it with SIGTERM and
#      checks that it exits 0;
#   2. runs loadcheck's shutdown mode: SIGTERM in the middle of a sign-up load,
#      every acknowledged sign-up must be stored, new connections refused.
# Either fails the script on any error, on a peak RSS over MAX_RSS_MB (512),
# or when a step overruns its time bound.
#
# Extra loadcheck flags for the load mode: LOAD_ARGS="-n 20000 -c 64" scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_RSS_MB=${MAX_RSS_MB:-512}
# The server keeps users in SQLite under a fresh data directory, whose file
# the shutdown check reads back: the store must not come from the
# environment (.ci/run exports DATABASE_URL for the PostgreSQL tests).
unset DATABASE_URL STORE
read -r -a load_args <<<"${LOAD_ARGS:-}"
tmp=$(mktemp -d)
server_pid=
cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -KILL "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "load.sh: FAIL: $*" >&2
	if [[ -f $tmp/server.log ]]; then
		echo "--- server log (last lines) ---" >&2
		tail -n 15 "$tmp/server.log" >&2
	fi
	exit 1
}
start=$SECONDS

echo "== build"
timeout 120 go build -o "$tmp/users" ./examples/users || fail "building examples/users"
timeout 120 go build -o "$tmp/loadcheck" ./scripts/loadcheck || fail "building scripts/loadcheck"
echo "built in $((SECONDS - start))s; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== load"
: >"$tmp/server.log"
JWT_SECRET=load-sh-secret-0123456789abcdef0123456789 LOG_LEVEL=info \
	"$tmp/users" -addr 127.0.0.1:0 -data-dir "$tmp/data" 2>"$tmp/server.log" &
server_pid=$!
addr=
for _ in $(seq 200); do # up to 10s for the "serving" log line
	addr=$(sed -n 's/.*"msg":"serving","addr":"\([^"]*\)".*/\1/p' "$tmp/server.log" | head -n 1) || true
	[[ -n $addr ]] && break
	kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start"
	sleep 0.05
done
[[ -n $addr ]] || fail "the server logged no address"
echo "server pid $server_pid on $addr"
timeout 100 "$tmp/loadcheck" -mode load -url "http://$addr" -pid "$server_pid" -max-rss-mb "$MAX_RSS_MB" "${load_args[@]}" ||
	fail "load mode"
kill -TERM "$server_pid"
rc=0
timeout 40 tail --pid="$server_pid" -f /dev/null || fail "the server did not exit within 40s of SIGTERM"
wait "$server_pid" || rc=$?
server_pid=
[[ $rc -eq 0 ]] || fail "the server exited with code $rc after SIGTERM"
echo "server exited 0 after SIGTERM; access log lines: $(grep -c '"msg":"request"' "$tmp/server.log")"

echo "== shutdown"
timeout 90 "$tmp/loadcheck" -mode shutdown -bin "$tmp/users" -max-rss-mb "$MAX_RSS_MB" || fail "shutdown mode"

echo "== all passed in $((SECONDS - start))s"
