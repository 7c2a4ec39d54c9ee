#!/usr/bin/env bash
# Loopback load test: for each implementation, build and start
# cmd/server -fw=NAME on 127.0.0.1, run wrk against each workload for a
# bounded duration, record req/s and latency, stop the server.
#
#   bench/wrk.sh                     # all implementations, all workloads
#   FWS="nethttp starling" WORKLOADS="get post" DURATION=3s bench/wrk.sh
#
# Environment: DURATION (5s), THREADS (2), CONNS (64), ROUNDS (1: wrk runs
# per cell, against the same server; the cell reports the run with the
# median req/s), ADDR (127.0.0.1:18089), OUT (bench/results/wrk.md). Needs wrk (Debian: apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")"

DURATION=${DURATION:-5s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-1}
ADDR=${ADDR:-127.0.0.1:18089}
FWS=${FWS:-nethttp starling huma fuego gin}
WORKLOADS=${WORKLOADS:-get post list di plaintext}
OUT=${OUT:-results/wrk.md}

case "$ADDR" in
127.*:* | localhost:*) ;;
*) echo "ADDR must be a loopback address" >&2; exit 2 ;;
esac
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

mkdir -p "$(dirname "$OUT")"
bin=$(mktemp -d)/server
go build -o "$bin" ./cmd/server

path_of() {
	case $1 in
	get) echo /users/7 ;; post) echo /users ;; list) echo /users ;;
	di) echo /di ;; plaintext) echo /plaintext ;;
	esac
}

{
	echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency, median of $ROUNDS, $(date -u +%Y-%m-%dT%H:%MZ), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| workload | framework | req/s | × net/http | avg latency | p99 latency | errors |"
	echo "|---|---|---:|---:|---:|---:|---:|"
} >"$OUT"

server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=
	fi
}
trap stop_server EXIT

declare -A base
for w in $WORKLOADS; do
	for fw in $FWS; do
		"$bin" -fw="$fw" -addr="$ADDR" >/dev/null 2>&1 &
		server_pid=$!
		for _ in $(seq 50); do
			curl -s -o /dev/null "http://$ADDR/plaintext" && break
			sleep 0.1
		done
		url="http://$ADDR$(path_of "$w")"
		args=(-t"$THREADS" -c"$CONNS" -d"$DURATION" --latency)
		[ "$w" = post ] && args+=(-s post.lua)
		runs=()
		for _ in $(seq "$ROUNDS"); do
			runs+=("$(wrk "${args[@]}" "$url")")
		done
		stop_server
		# The run with the median req/s (the lower middle one for an even
		# ROUNDS), so that its latencies are one run's, not a mix.
		mid=$(for i in "${!runs[@]}"; do
			printf '%s %s\n' "$(awk '/^Requests\/sec:/ {print $2}' <<<"${runs[$i]}")" "$i"
		done | sort -g | awk -v n="$ROUNDS" 'NR == int((n + 1) / 2) {print $2}')
		res=${runs[$mid]}
		rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$res")
		avg=$(awk '/^ +Latency / {print $2; exit}' <<<"$res")
		p99=$(awk '/^ +99%/ {print $2}' <<<"$res")
		non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$res")
		sockerr=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$res")
		errs=$(( ${non2xx:-0} + ${sockerr:-0} ))
		[ "$fw" = nethttp ] && base[$w]=$rps
		ratio=$(awk -v a="$rps" -v b="${base[$w]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
		printf '| %s | %s | %.0f | %s | %s | %s | %s |\n' "$w" "$fw" "$rps" "$ratio" "$avg" "$p99" "$errs" | tee -a "$OUT"
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
echo "wrote $OUT"
