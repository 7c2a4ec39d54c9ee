#!/usr/bin/env bash
# check-tracked.sh: the repository carries source, not build output.
#
# It fails when a tracked file matches .gitignore (it was added by force or
# before the rule, like the 15 MB codec.test once was) or is an executable
# binary: an ELF, Mach-O, PE or WebAssembly file, or any file with the
# executable bit that does not start with a "#!" line.
set -euo pipefail
cd "$(dirname "$0")/.."

bad=0
ignored=$(git ls-files --cached --ignored --exclude-standard)
if [ -n "$ignored" ]; then
  echo "tracked files that .gitignore excludes (git rm --cached them):" >&2
  echo "$ignored" >&2
  bad=1
fi

while IFS= read -r -d '' entry; do
  mode=${entry%% *}
  file=${entry#*$'\t'}
  [ -f "$file" ] || continue
  magic=$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')
  case "$magic" in
    7f454c46 | feedface | feedfacf | cefaedfe | cffaedfe | cafebabe | 0061736d | 4d5a*)
      echo "executable binary tracked: $file" >&2; bad=1; continue ;;
  esac
  if [ "$mode" = 100755 ] && [ "$(head -c 2 "$file")" != '#!' ]; then
    echo "executable without a #! line tracked: $file" >&2; bad=1
  fi
done < <(git ls-files -s -z | sed -z 's/^\([0-9]*\) [0-9a-f]* [0-9]*/\1 /')

if [ "$bad" = 0 ]; then
  echo "check-tracked: $(git ls-files | wc -l) tracked files, none ignored, none an executable binary"
fi
exit "$bad"
