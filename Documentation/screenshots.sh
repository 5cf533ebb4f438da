#!/usr/bin/env bash
# Makes the printed-page pictures of the guides: each report of the samples printed to A4 by
# headless Chromium and a page drawn at 60 dpi (496 x 702 px). Needs chromium and poppler-utils
# (pdftoppm). Run from the repository root after a change to a report's layout.
set -euo pipefail
work=$(mktemp -d)
ytxa() { swift run -c release ytxa "$@"; }
page() { # page HTML TEXT OUTPUT: the first printed page holding TEXT
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$work/p.pdf" "file://$1" > /dev/null 2>&1
  local count number=1
  count=$(pdfinfo "$work/p.pdf" | awk '/^Pages:/ {print $2}')
  while [ "$number" -le "$count" ] \
    && ! pdftotext -f "$number" -l "$number" "$work/p.pdf" - | grep -qF "$2"; do
    number=$((number + 1))
  done
  pdftoppm -r 60 -png -f "$number" -l "$number" -singlefile "$work/p.pdf" "$work/shot"
  mv "$work/shot.png" "Documentation/$3"
}
ytxa council Samples/bac-giang/2025 --history Samples/bac-giang --round 2025-06 \
  --issued 2026-01-15 > "$work/council.html" || true
page "$work/council.html" "BÁO CÁO" council-summary.png
page "$work/council.html" "DANH SÁCH" council-lists.png
page "$work/council.html" "BIÊN BẢN THẨM ĐỊNH" council-minutes.png
ytxa roadmap --evidence Samples/bac-giang --format html --issued 2026-01-15 > "$work/roadmap.html"
page "$work/roadmap.html" "BÁO CÁO" roadmap-province.png
ytxa check Samples/bac-giang/2025 --format html --issued 2026-01-15 > "$work/dossier.html" || true
page "$work/dossier.html" "Danh sách tự kiểm tra" dossier-overview.png
rm -rf "$work"
