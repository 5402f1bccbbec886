#!/usr/bin/env bash
# Runs app/remember's test against a real Secret Service: a private session
# DBus with an unlocked gnome-keyring that disappears afterwards, so the
# user's own keyring is never touched.
# Needs: dbus (dbus-run-session) and gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/run" && chmod 700 "$home/run"
HOME=$home XDG_DATA_HOME=$home/.local/share XDG_RUNTIME_DIR=$home/run \
	dbus-run-session -- bash -c '
		mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
		echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
		RINGLET_REAL_KEYRING=1 GOCACHE='"$(go env GOCACHE)"' GOMODCACHE='"$(go env GOMODCACHE)"' \
			go test -count=1 -run RealKeyring -v ./app/remember/
	'
