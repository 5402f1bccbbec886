#!/usr/bin/env bash
# Fetches MediaPipe's vision tasks for the browser (npm @mediapipe/tasks-vision,
# pinned) once into a cache outside the repository and prints the folder of
# the package (vision_bundle.mjs, wasm/). The benchmark's "chromium-blur"
# form serves it to Debian's Chromium on loopback; nothing is loaded from
# elsewhere at run time. Idempotent.
set -euo pipefail

version=1.1.0  # keep in step with tasksVisionVersion in bench/cmd/ringlet-bench
cache="${RINGLET_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ringlet-bench}/tasks-vision-$version"
pkg="$cache/node_modules/@mediapipe/tasks-vision"

if [[ -f "$pkg/vision_bundle.mjs" && -f "$pkg/wasm/vision_wasm_internal.wasm" ]]; then
  echo "$pkg"
  exit 0
fi
mkdir -p "$cache"
echo "ringlet: fetching @mediapipe/tasks-vision $version into $cache (once)" >&2
npm install --prefix "$cache" --no-audit --no-fund --ignore-scripts --silent "@mediapipe/tasks-vision@$version" >&2
echo "$pkg"
