#!/usr/bin/env bash
# Installs the Debian packages Ringlet needs to build, run and test, but only
# those that are missing, so `make run` and `make test` stay fast when all is
# there. Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  # build: cgo, Fyne's GL/X11 headers, libvpx for VP8, libopus for decoding
  gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libvpx-dev libopus-dev libopusfile-dev
  libasound2-dev libwebrtc-audio-processing-dev
  # tests: a real Janus, its demo page, a real browser peer, a display, PDFs
  janus janus-demos chromium xvfb xauth x11-apps x11-utils imagemagick poppler-utils zbar-tools
  iproute2 util-linux dbus dbus-x11 gnome-keyring procps xdotool
  # tests: the LiveKit cluster (livekit-server itself is built by scripts/livekit-server.sh)
  redis-server
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "ringlet: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
