#!/usr/bin/env bash
# Generates Ringlet's documentation assets from the real binary, so the
# pictures in docs/ always show what the code does today. `make docs` builds
# bin/ringlet first and then runs this script.
#
# Sections are independent; add new ones (screenshots, …) below the handout
# part. Each writes only under docs/.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin/ringlet}
if [[ ! -x $BIN ]]; then
  echo "docs.sh: $BIN is missing; run 'make docs' (it builds it first)" >&2
  exit 1
fi
for tool in pdftoppm pdftotext convert base64; do
  command -v "$tool" >/dev/null || { echo "docs.sh: $tool is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
# The CLI picks its language from LANG; pin it so the files do not depend
# on who runs this.
export LANG=en_US.UTF-8

# ---------------------------------------------------------------------------
# Newcomer handout: a sample checklist, as a helper would make it, and its
# printable handout in German and English (PDF plus a PNG of page 1).
# ---------------------------------------------------------------------------
handout_dir=docs/handout
mkdir -p "$handout_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Start from the template. The link and PIN are made up (example.org).
"$BIN" checklist new --template self-help --lang de \
  --name "Selbsthilfegruppe Gießen – Angehörige" \
  --times "Dienstags 19:00–20:30 Uhr, außer in den Schulferien" \
  --link "ringlet://ring.example.org/janus?room=1234&pin=4711" \
  >"$work/draft.ring"

# 2. Helpers may add steps of their own by editing the file; this one has a
#    small picture (a cup, drawn here) to show that custom images work.
convert -size 96x96 xc:white -fill '#e1f0ef' -draw 'circle 48,48 48,4' \
  -fill none -stroke '#166568' -strokewidth 5 \
  -draw 'roundrectangle 26,36 62,72 6,6' -draw 'arc 56,44 76,62 -90,90' \
  -draw 'line 34,18 34,28' -draw 'line 46,14 46,28' \
  -strip "png:$work/cup.png"
cat >>"$work/draft.ring" <<RING

[[step]]
level = "recommended"
title.de = "Etwas zu trinken bereitstellen"
title.en = "Have something to drink ready"
text.de = "Ein Glas Wasser oder ein Tee hilft, wenn es einmal schwer wird. Sie dürfen jederzeit kurz Pause machen."
text.en = "A glass of water or a cup of tea helps when things get hard. You may take a short break at any time."
image = "$(base64 -w0 "$work/cup.png")"
RING

# 3. "open" turns any share link back into the canonical file; going through
#    the link proves the round trip and normalises the hand edit.
link=$("$BIN" checklist link "$work/draft.ring")
"$BIN" checklist open "$link" >"$handout_dir/sample.ring"
"$BIN" checklist check "$handout_dir/sample.ring" --lang en >"$handout_dir/sample-check.txt"
"$BIN" checklist link "$handout_dir/sample.ring" --base https://gruppe.example.org/neu >"$handout_dir/sample-link.txt"

for lang in de en; do
  "$BIN" checklist handout "$handout_dir/sample.ring" --lang "$lang" -o "$handout_dir/handout-$lang.pdf"
  pdftoppm -r 110 -f 1 -l 1 -png -singlefile "$handout_dir/handout-$lang.pdf" "$handout_dir/handout-$lang"
done

# Without a link (or with --no-qr) the sheet says the link comes separately.
"$BIN" checklist new --template counselling --lang en --name "Counselling one-to-one" \
  --times "By appointment" >"$work/counselling.ring"
"$BIN" checklist handout "$work/counselling.ring" --lang en -o "$handout_dir/handout-counselling-en.pdf"
pdftoppm -r 110 -f 1 -l 1 -png -singlefile "$handout_dir/handout-counselling-en.pdf" "$handout_dir/handout-counselling-en"
chmod 644 "$handout_dir"/*.pdf

echo "docs.sh: handouts written to $handout_dir" >&2

# ---------------------------------------------------------------------------
# Screenshots of every screen, German and English, from the real binary
# under a virtual X server (scripts/screenshots.sh; SKIP_SCREENS=1 skips).
# ---------------------------------------------------------------------------
if [[ -z ${SKIP_SCREENS:-} ]]; then
  scripts/screenshots.sh
fi
