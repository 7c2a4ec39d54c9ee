#!/usr/bin/env bash
# docs-browser.sh: the users example's Swagger UI page, seen in a real browser.
#
# It serves examples/users with the page's scripts and styles from a local
# swagger-ui-dist (installed by npm into a temporary prefix, so no CDN is
# needed), loads /schema/swagger in headless Chromium, takes a screenshot and
# checks with --dump-dom that every operation's path of the document is on
# the page. Usage:
#
#	scripts/docs-browser.sh [OUT_DIR]    (default: a new temporary directory)
#
# OUT_DIR receives swagger.png, swagger.html (the DOM) and openapi.json.
# Chromium comes from Debian's package (installed when missing and run as
# root). Exits non-zero when a path is missing or the page did not render.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-$(mktemp -d)}"
mkdir -p "$out"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "docs-browser: chromium is not installed (apt-get install chromium)" >&2
    exit 1
  fi
fi

echo "docs-browser: installing swagger-ui-dist"
npm install --prefix "$work/assets" --no-audit --no-fund --loglevel=error swagger-ui-dist@5.35.0 >/dev/null

go build -o "$work/users" ./examples/users
"$work/users" -openapi "$out/openapi.json"

port=""
for p in $(seq 18080 18180); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "docs-browser: no free port" >&2; exit 1; }
base="http://127.0.0.1:$port"

JWT_SECRET=$(head -c 48 /dev/urandom | base64) "$work/users" -memory -addr "127.0.0.1:$port" \
  -docs-assets "$work/assets/node_modules" 2>"$out/server.log" &
server_pid=$!
for _ in $(seq 1 50); do
  curl -fsS "$base/schema/openapi.json" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/schema/assets/swagger-ui-dist/swagger-ui-bundle.js" -o /dev/null

chrome=(chromium --headless --no-sandbox --disable-gpu --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --virtual-time-budget=8000 --hide-scrollbars)
# Chromium takes seconds to start here, so the two runs go side by side.
"${chrome[@]}" --user-data-dir="$work/profile1" --window-size=1280,1600 \
  --screenshot="$out/swagger.png" "$base/schema/swagger" 2>"$work/chrome1.log" &
shot=$!
"${chrome[@]}" --user-data-dir="$work/profile2" --dump-dom "$base/schema/swagger" >"$out/swagger.html" 2>"$work/chrome2.log"
wait "$shot"

missing=0
while IFS= read -r path; do
  if grep -qF "data-path=\"$path\"" "$out/swagger.html"; then
    echo "  on the page: $path"
  else
    echo "  MISSING:     $path" >&2
    missing=1
  fi
done < <(node -e 'const d = require(process.argv[1]); for (const p of Object.keys(d.paths)) console.log(p)' "$out/openapi.json")
if ! grep -q 'class="swagger-ui' "$out/swagger.html"; then
  echo "docs-browser: Swagger UI did not render" >&2
  missing=1
fi
echo "docs-browser: screenshot $out/swagger.png"
exit $missing
