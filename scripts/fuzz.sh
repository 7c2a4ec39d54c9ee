#!/usr/bin/env bash
# fuzz.sh: runs every fuzz target of the module, each for a bounded time.
#
#	scripts/fuzz.sh [REGEXP]
#
# The targets are found, not listed: every `func FuzzX(` in a _test.go file
# of a package of this module (nested modules such as bench/ are not part of
# it). REGEXP, when given, keeps only the targets whose names match. Each
# target runs as
#
#	go test -run '^$' -fuzz '^FuzzX$' -fuzztime "$FUZZTIME" ./pkg
#
# with FUZZTIME from the environment (default 10s); FUZZFLAGS adds flags
# (say -parallel=1). A failing target does not stop the others; the script
# prints what ran and how it ended, and exits non-zero if any failed. A
# failure leaves its input in the package's testdata/fuzz/FuzzX/, where it
# becomes a seed that every plain `go test` runs: fix the bug and keep it.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

fuzztime="${FUZZTIME:-10s}"
only="${1:-.}"
read -r -a extra <<<"${FUZZFLAGS:-}"

root=$(pwd -P)
targets=()
while IFS= read -r abs; do
  dir=".${abs#"$root"}"
  for name in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$dir"/*_test.go 2>/dev/null | sort -u); do
    if [[ "$name" =~ $only ]]; then
      targets+=("$dir $name")
    fi
  done
done < <(go list -e -f '{{.Dir}}' ./...)

if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz.sh: no fuzz targets match ${only}" >&2
  exit 1
fi

echo "fuzz.sh: ${#targets[@]} targets, ${fuzztime} each"
results=()
failed=0
for t in "${targets[@]}"; do
  read -r dir name <<<"$t"
  printf '\n== %s %s (%s)\n' "$dir" "$name" "$(date -u +%T)"
  start=$(date +%s)
  if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "${extra[@]}" "$dir"; then
    status=ok
  else
    status=FAIL
    failed=$((failed + 1))
  fi
  results+=("$(printf '%-4s  %-28s %-30s %4ss' "$status" "$dir" "$name" "$(($(date +%s) - start))")")
done

printf '\n== summary (FUZZTIME=%s)\n' "$fuzztime"
printf '%s\n' "${results[@]}"
if [ "$failed" -gt 0 ]; then
  echo "fuzz.sh: $failed of ${#targets[@]} targets failed; their inputs are in the packages' testdata/fuzz/ directories" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets passed"
