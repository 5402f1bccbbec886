#!/usr/bin/env bash
# govulncheck (pinned as a Go tool in go.mod) against Go's vulnerability
# database. vuln.go.dev cannot be reached from these machines, so the
# database is built locally, once, from the golang.org/x/vulndb module that
# the Go module proxy serves (its data/osv holds every report), with that
# module's own indexdb command, and cached outside the repository.
#
# To take newer reports: go list -m golang.org/x/vulndb@master, and put the
# version it prints here.
set -euo pipefail
cd "$(dirname "$0")/.."

vulndb_version=v0.0.0-20260813214354-9de686e1fb00
cache="${XDG_CACHE_HOME:-$HOME/.cache}/ringlet/vulndb-$vulndb_version"

if [[ ! -f "$cache/index/db.json" ]]; then
  echo "vulncheck: building the vulnerability database $vulndb_version (once)" >&2
  src=$(go mod download -json "golang.org/x/vulndb@$vulndb_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [[ -d "$src/data/osv" ]] || { echo "vulncheck: no data/osv in $src" >&2; exit 1; }
  mkdir -p "$(dirname "$cache")"
  tmp=$(mktemp -d "$cache.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  GOFLAGS=-mod=mod go run "golang.org/x/vulndb/cmd/indexdb@$vulndb_version" -vulns "$src/data/osv" -out "$tmp"
  mv "$tmp" "$cache"
  trap - EXIT
fi
go tool govulncheck -db "file://$cache" ./...
