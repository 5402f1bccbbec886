#!/bin/sh
# Makes media/e2ee/testdata/livekit-client-vectors.json: frames encrypted by
# livekit-client's own E2EE code (its TypeScript sources from the npm
# package, bundled with esbuild and run under Node's WebCrypto), for
# media/e2ee's known-answer tests. Needs npm (registry access) and node.
#
# Usage: scripts/e2ee-reference/make-vectors.sh   (from the repository root)
set -eu

LIVEKIT_CLIENT=2.23.0
ESBUILD=0.25.0
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

cp "$repo/scripts/e2ee-reference/gen.ts" "$work/"
cd "$work"
npm install --silent --no-audit --no-fund "livekit-client@$LIVEKIT_CLIENT" "esbuild@$ESBUILD" >/dev/null
node_modules/.bin/esbuild gen.ts --bundle --platform=node --format=esm --outfile=gen.mjs --log-level=warning
node gen.mjs > "$repo/media/e2ee/testdata/livekit-client-vectors.json"
echo "media/e2ee/testdata/livekit-client-vectors.json"
