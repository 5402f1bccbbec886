#!/usr/bin/env bash
# `make demo`: a working call in one command. Starts a local ring (Debian's
# Janus in a private network namespace that reaches no other network), a
# participant sending a test picture and tone, and the Ringlet window with
# the ring's link, all inside that namespace. Needs root or unprivileged
# user namespaces, plus janus and iproute2 (scripts/deps.sh installs them).
#
#   scripts/demo.sh              # window on $DISPLAY
#   scripts/demo.sh --no-gui     # only the ring and the test participant
#   RINGLET_LANG=de scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/ringlet}
if [[ ! -x $BIN ]]; then
  echo "demo: $BIN is missing; run 'make build' first" >&2
  exit 1
fi
# The window connects to X through the filesystem socket, which a network
# namespace keeps; a display over TCP (ssh -X) is out of the namespace's reach.
if [[ ${DISPLAY:-} == *:* && ${DISPLAY%%:*} != "" && ${DISPLAY%%:*} != unix ]]; then
  echo "demo: DISPLAY=$DISPLAY goes over the network, which the demo's private network cannot reach; use a local display or --no-gui" >&2
fi
exec "$BIN" demo "$@"
