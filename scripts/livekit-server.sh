#!/usr/bin/env bash
# Builds the LiveKit server the tests run (media/livekit/livekittest) once, into
# a cache outside the repository, and prints its path. v1.13.5 is pinned: it is
# the newest release whose go.mod uses upstream pion; later ones replace pion
# with forks the module proxy does not serve (docs/notes on LiveKit).
# Idempotent: a binary already in the cache is reused. Takes ~4 minutes once.
set -euo pipefail

version=v1.13.5
cache="${RINGLET_LIVEKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ringlet-livekit}/$version"
binary="$cache/livekit-server"

if [[ -x "$binary" ]]; then
  echo "$binary"
  exit 0
fi

mkdir -p "$cache"
echo "ringlet: building livekit-server $version into $cache (once, ~4 min)" >&2
tmp="$(mktemp -d "$cache/build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# GOFLAGS may carry -mod=vendor or similar from the caller; the server is its
# own module, built from the proxy at the pinned version.
GOFLAGS= GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' \
  "github.com/livekit/livekit-server/cmd/server@$version"
mv "$tmp/server" "$binary"
echo "$binary"
