#!/usr/bin/env bash
# Makes Documentation/template-libreoffice.png: the .xlsx evidence template of province 24,
# opened in LibreOffice Calc on a virtual screen, cell AA5's list of choices open.
# Needs: apt-get install libreoffice-calc xvfb xdotool imagemagick. Run from the repository root.
set -euo pipefail
work=$(mktemp -d)
swift run ytxa template --format xlsx --province 24 --year 2026 > "$work/template.xlsx"
Xvfb :99 -screen 0 1600x900x24 > /dev/null 2>&1 &
xvfb=$!
export DISPLAY=:99
sleep 2
soffice --calc --norestore --nologo "$work/template.xlsx" > /dev/null 2>&1 &
sleep 12
window=$(xdotool search --name "template.xlsx" | head -1)
xdotool windowmove "$window" 0 0 windowsize "$window" 1400 700
sleep 2
xdotool mousemove 60 88 click 1 && xdotool key ctrl+a && xdotool type "AA5" && xdotool key Return
sleep 1
xdotool key alt+Down
sleep 2
import -window root -crop 1400x700+0+0 "$work/shot.png"
convert "$work/shot.png" -strip PNG8:Documentation/template-libreoffice.png
pkill -f soffice || true
kill "$xvfb"
rm -rf "$work"
