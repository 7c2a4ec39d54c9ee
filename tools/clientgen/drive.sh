#!/usr/bin/env bash
# Starts both examples on free local ports (users in memory), waits for
# /health/live, and runs cmd/drive against them with the clients
# generate.sh made. The servers are stopped however the script ends.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap stop EXIT
(cd ../.. && go build -o "$tmp/users" ./examples/users && go build -o "$tmp/todo" ./examples/todo)
go build -o "$tmp/drive" ./cmd/drive
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
start() { # name args...
  local name=$1; shift
  "$tmp/$name" "$@" 2>"$tmp/$name.log" &
  pids+=($!)
}
wait_up() { # url name
  for _ in $(seq 1 60); do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$1/health/live"; then return 0; fi
    sleep 0.5
  done
  echo "the $2 example did not come up:"; cat "$tmp/$2.log"; exit 1
}
users_port=$(free_port); todo_port=$(free_port)
start users -memory -addr "127.0.0.1:$users_port" -log-level warn
start todo -addr "127.0.0.1:$todo_port"
wait_up "http://127.0.0.1:$users_port" users
wait_up "http://127.0.0.1:$todo_port" todo
"$tmp/drive" -users "http://127.0.0.1:$users_port" -todo "http://127.0.0.1:$todo_port"
