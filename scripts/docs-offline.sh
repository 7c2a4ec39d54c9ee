#!/usr/bin/env bash
# docs-offline.sh: the docs pages work with the network blocked, and the CDN
# integrity hashes match the pinned files.
#
# 1. npm packs the pinned swagger-ui-dist, redoc and @stoplight/elements
#    (versions read from framework/docs.go) into a node_modules-like tree and
#    checks that the SHA-384 of every file the pages load equals the hash in
#    framework/docs_sri.go.
# 2. Serves examples/users with -docs-assets pointing at that tree and loads
#    /schema/swagger, /schema/redoc and /schema/elements in headless Chromium
#    whose host resolver answers only 127.0.0.1: every page must render.
# 3. As a control, the CDN page (no -docs-assets) must NOT render under the
#    same blocking, which shows the network really was blocked.
# Usage: scripts/docs-offline.sh [OUT_DIR]. Needs npm and chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-$(mktemp -d)}"
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

version() { sed -n "s/^\t$1 *= \"\(.*\)\"$/\1/p" framework/docs.go; }
swagger=$(version swaggerVersion) redoc=$(version redocVersion) elements=$(version elemVersion)
[ -n "$swagger" ] && [ -n "$redoc" ] && [ -n "$elements" ] || { echo "docs-offline: versions not found in framework/docs.go" >&2; exit 1; }

echo "docs-offline: npm pack swagger-ui-dist@$swagger redoc@$redoc @stoplight/elements@$elements"
assets="$work/assets"
mkdir -p "$assets/@stoplight" "$work/pack"
(cd "$work/pack" && npm pack --silent "swagger-ui-dist@$swagger" "redoc@$redoc" "@stoplight/elements@$elements" >/dev/null)
for spec in "swagger-ui-dist-$swagger:swagger-ui-dist" "redoc-$redoc:redoc" "stoplight-elements-$elements:@stoplight/elements"; do
  mkdir -p "$assets/${spec#*:}"
  tar -xzf "$work/pack/${spec%%:*}.tgz" -C "$assets/${spec#*:}" --strip-components=1
done

bad=0
for pair in SwaggerCSS:swagger-ui-dist/swagger-ui.css SwaggerJS:swagger-ui-dist/swagger-ui-bundle.js \
  RedocJS:redoc/bundles/redoc.standalone.js ElementsCSS:@stoplight/elements/styles.min.css \
  ElementsJS:@stoplight/elements/web-components.min.js; do
  want=$(sed -n "s/^\t${pair%%:*}: *\"\([^\"]*\)\".*/\1/p" framework/docs_sri.go)
  got="sha384-$(openssl dgst -sha384 -binary "$assets/${pair#*:}" | base64 -w0)"
  if [ "$want" != "$got" ]; then
    echo "  integrity of ${pair#*:}: docs_sri.go has '$want', npm file is $got" >&2; bad=1
  else
    echo "  integrity ok: ${pair#*:}"
  fi
done

go build -o "$work/users" ./examples/users
"$work/users" -openapi "$out/openapi.json"
serve() { # serve PORT [ARGS...]
  local port=$1; shift
  JWT_SECRET=$(head -c 48 /dev/urandom | base64) "$work/users" -memory -addr "127.0.0.1:$port" -log-level warn "$@" 2>>"$out/server.log" &
  pids+=($!)
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "docs-offline: server on $port did not come up" >&2; cat "$out/server.log" >&2; exit 1
}
free_port() { for p in $(seq "$1" "$(($1 + 100))"); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
local_port=$(free_port 18200); serve "$local_port" -docs-assets "$assets"
cdn_port=$(free_port $((local_port + 1))); serve "$cdn_port"

# Blocked network: no name resolves except the loopback address itself, and
# no proxy or background fetches.
offline() { # offline PROFILE URL > DOM
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
    --no-proxy-server --virtual-time-budget=10000 --user-data-dir="$work/$1" --dump-dom "$2" 2>"$work/$1.log"
}
first_path=$(node -e 'console.log(Object.keys(require(process.argv[1]).paths)[0])' "$out/openapi.json")
check() { # check PAGE WANT-REGEX
  local base="http://127.0.0.1:$local_port/schema"
  if grep -q 'cdn.jsdelivr' <(curl -fsS "$base/$1"); then echo "  $1 page still points at the CDN" >&2; bad=1; fi
  offline "p-$1" "$base/$1" >"$out/$1.html" &
}
check swagger; check redoc; check elements
offline p-cdn "http://127.0.0.1:$cdn_port/schema/swagger" >"$out/cdn-swagger.html" &
wait_pids=$(jobs -p | grep -vxF -f <(printf '%s\n' "${pids[@]}") || true)
for p in $wait_pids; do wait "$p"; done

expect() { # expect PAGE REGEX WHAT
  if grep -qE "$2" "$out/$1.html"; then echo "  offline, rendered: $1 ($3)"; else echo "  offline, NOT rendered: $1 (no $3)" >&2; bad=1; fi
}
expect swagger "data-path=\"$first_path\"" "operation $first_path"
expect redoc "class=\"[^\"]*api-content|$first_path" "operation $first_path"
expect elements "class=\"[^\"]*sl-elements|$first_path" "Elements layout"
if grep -q "data-path=\"$first_path\"" "$out/cdn-swagger.html"; then
  echo "  control failed: the CDN page rendered, so the network was not blocked" >&2; bad=1
else
  echo "  control: the CDN page does not render with the network blocked"
fi
exit $bad
