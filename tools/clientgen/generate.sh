#!/usr/bin/env bash
# Generates Go clients with ogen and oapi-codegen (pinned in go.mod's tool
# block) from both examples' committed documents, builds and vets them, and
# compares each client's exported names with testdata/*.names
# (UPDATE=1 rewrites them). Run from anywhere; CI runs it, then the driver.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
for ex in users todo; do
  doc=$root/examples/$ex/testdata/openapi.json
  go tool ogen -target gen/$ex/ogenclient -package ogenclient -clean -config ogen.yml "$doc" 2>gen-$ex-ogen.log ||
    { cat gen-$ex-ogen.log; exit 1; }
  mkdir -p gen/$ex/oapiclient
  go tool oapi-codegen -config oapi-codegen.yml -o gen/$ex/oapiclient/client.gen.go "$doc"
done
go build ./...
go vet ./...
status=0
for ex in users todo; do
  for g in ogen oapi; do
    want=testdata/$ex-$g.names
    got=$(go run ./cmd/exported gen/$ex/${g}client)
    if [ "${UPDATE:-}" = 1 ]; then
      printf '%s\n' "$got" >"$want"
    elif ! diff -u "$want" <(printf '%s\n' "$got"); then
      echo "generated $g client of $ex changed its exported names: review, then UPDATE=1 $0" >&2
      status=1
    fi
  done
done
exit $status
