#!/bin/sh
# Computes reference person masks for media/blur's tests with MediaPipe's
# own selfie segmentation runtime (WASM TFLite inside headless Chromium).
# Needs: npm (registry access), python3, chromium, imagemagick. Everything
# is served on 127.0.0.1 only; Chromium runs without network features.
#
# Usage: scripts/blur-reference/make-masks.sh   (from the repository root)
# Output: media/blur/testdata/reference/<image>.png (8-bit grey masks)
set -eu

VERSION=0.1.1675465747
PORT=${PORT:-8765}
repo=$(pwd)
here=$repo/scripts/blur-reference
testdata=$repo/media/blur/testdata
work=$(mktemp -d)
trap 'kill "$server_pid" "$browser_pid" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM

(cd "$work" && npm pack --silent "@mediapipe/selfie_segmentation@$VERSION" >/dev/null)
mkdir -p "$work/root/ss" "$work/out" "$work/profile"
tar xzf "$work"/mediapipe-selfie_segmentation-*.tgz -C "$work/root/ss" --strip-components=1

# The runtime must run the very model files Ringlet embeds.
for f in selfie_segmentation.tflite selfie_segmentation_landscape.tflite; do
	if ! cmp -s "$work/root/ss/$f" "$repo/media/blur/model/$f"; then
		echo "model $f differs from media/blur/model/$f" >&2
		exit 1
	fi
done

cp "$here/reference.html" "$work/root/"
ln -s "$testdata" "$work/root/testdata"

# model 0: general (256×256 input), 1: landscape (144×256 input).
jobs='[
 {"image":"astronaut.png","model":0,"out":"astronaut"},
 {"image":"camera.png","model":0,"out":"camera"},
 {"image":"astronaut_dim.png","model":0,"out":"astronaut_dim"},
 {"image":"astronaut_wide.png","model":1,"out":"astronaut_wide"},
 {"image":"camera_wide.png","model":1,"out":"camera_wide"}
]'
expected=5
query=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$jobs")

python3 "$here/server.py" "$work/root" "$work/out" "$PORT" "$expected" &
server_pid=$!
sleep 1
chromium --headless=new --no-sandbox --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run \
	--use-angle=swiftshader --enable-unsafe-swiftshader \
	--user-data-dir="$work/profile" \
	"http://127.0.0.1:$PORT/reference.html?jobs=$query" >"$work/chromium.log" 2>&1 &
browser_pid=$!

status=0
wait "$server_pid" || status=$?
kill "$browser_pid" 2>/dev/null || true
if [ "$status" != 0 ]; then
	echo "reference run failed ($status); chromium log:" >&2
	tail -20 "$work/chromium.log" >&2
	exit 1
fi

mkdir -p "$testdata/reference"
for f in "$work"/out/*.pgm; do
	name=$(basename "$f" .pgm)
	convert "$f" -strip -define png:color-type=0 "$testdata/reference/$name.png"
done
ls -l "$testdata/reference"
