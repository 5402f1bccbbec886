#!/usr/bin/env bash
# Fetches LiveKit's browser SDK (npm livekit-client, pinned) once into a
# cache outside the repository and prints the path of its browser bundle.
# The browser interop test (media/livekit) serves it to Debian's Chromium
# on loopback. Idempotent.
set -euo pipefail

version=2.23.0  # keep in step with livekittest.ClientVersion
cache="${RINGLET_LIVEKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ringlet-livekit}/livekit-client-$version"
bundle="$cache/node_modules/livekit-client/dist/livekit-client.umd.js"

if [[ -f "$bundle" ]]; then
  echo "$bundle"
  exit 0
fi
mkdir -p "$cache"
echo "ringlet: fetching livekit-client $version into $cache (once)" >&2
npm install --prefix "$cache" --no-audit --no-fund --ignore-scripts --silent "livekit-client@$version" >&2
echo "$bundle"
