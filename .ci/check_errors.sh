#!/usr/bin/env bash
# Every command's error output on bad input is sentences, never a Swift value: no `(id:`, no
# `Optional(`, no `Error: SomeType(` and no `someCase(label: "` anywhere on stderr, in both
# languages. Usage: .ci/check_errors.sh YTXA INSTALLED-YTXA
# INSTALLED-YTXA is a binary of the release archive (its source tree gone): a copy of it alone,
# with no bundle near it, shows what a broken install says.
set -uo pipefail
ytxa=$1
installed=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '{ "schemaVersion": 1, "year": 2025' > "$work/truncated.json"
printf 'not json' > "$work/criteria.json"
printf 'code,name\n1,2\n' > "$work/table.csv"
printf 'PK\003\004garbage' > "$work/book.xlsx"
mkdir "$work/empty"
# A copy of the binary with no bundle anywhere near it, as after a broken install.
mkdir -p "$work/lonely/bin" && cp "$installed" "$work/lonely/bin/ytxa"
lonely="$work/lonely/bin/ytxa"

runs=(
  "$ytxa"
  "$ytxa nosuchcommand"
  "$ytxa score"
  "$ytxa score $work/missing.json"
  "$ytxa score $work/truncated.json"
  "$ytxa score $work/table.csv"
  "$ytxa score $work/book.xlsx"
  "$ytxa score $work/empty"
  "$ytxa score Samples/bac-giang/2025/07336.json --criteria $work/criteria.json"
  "$ytxa score Samples/bac-giang/2025/07336.json --units $work/criteria.json"
  "$ytxa score Samples/bac-giang/2025/07336.json --format nope"
  "$ytxa check $work/truncated.json"
  "$ytxa batch $work/empty --out $work/out"
  "$ytxa batch $work/truncated.json"
  "$ytxa roadmap --evidence $work/empty"
  "$ytxa roadmap --roadmap $work/criteria.json --evidence Samples/bac-giang"
  "$ytxa plan --plan nope --evidence Samples/phong-tho"
  "$ytxa council --evidence $work/empty"
  "$ytxa criteria validate $work/criteria.json"
  "$ytxa criteria diff $work/criteria.json $work/missing.json"
  "$ytxa units show 99999"
  "$ytxa units list --province 99"
  "$ytxa verify $work/empty"
  "$ytxa template --province 99"
  "$lonely score Samples/bac-giang/2025/07336.json"
  "$lonely criteria show"
  "$lonely roadmap --evidence Samples/bac-giang"
)
failed=0
checked=0
for run in "${runs[@]}"; do
  for lang in vi en; do
    # shellcheck disable=SC2086
    err=$(env -u YTXA_CRITERIA_DIR $run --lang $lang 2>&1 > /dev/null < /dev/null)
    checked=$((checked + 1))
    if printf '%s' "$err" | grep -Eq '\(id:|Optional\(|Error: [A-Z][A-Za-z]+\(|\b[a-z][A-Za-z]+\([a-z][A-Za-z]*: "'; then
      echo "a Swift value in the error output of: $run --lang $lang" >&2
      printf '%s\n' "$err" | head -5 >&2
      failed=1
    fi
  done
done
# The broken install names the folders tried and the way to fix it, in Vietnamese by default.
err=$(env -u YTXA_CRITERIA_DIR "$lonely" score Samples/bac-giang/2025/07336.json 2>&1 > /dev/null)
for want in "YTXA_CRITERIA_DIR" "share/ytxa/Criteria" "Cách sửa" "$work/lonely/bin/Criteria"; do
  if ! printf '%s' "$err" | grep -qF "$want"; then
    echo "the message for a missing bundle lacks \"$want\":" >&2
    printf '%s\n' "$err" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1
echo "error output of $checked command lines holds no Swift value"
