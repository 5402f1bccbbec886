#!/usr/bin/env bash
# Installs what the Windows cross-build and its Wine tests need (mingw-w64,
# nasm for libvpx's assembly, NSIS, Wine, Xvfb) and makes Debian's source
# packages reachable for `apt-get source`. Idempotent: it touches nothing when
# all is there, so `make windows` stays fast on a warm machine.
set -euo pipefail

packages=(
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64 nasm nsis wine wine64
  dpkg-dev xvfb xauth imagemagick
)
sources=/etc/apt/sources.list.d/ringlet-debian-src.sources

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
need_update=0

# deb-src for the same mirror as the binary entry, so `apt-get source` gets the
# very versions Debian ships (libvpx's security fixes come from bookworm-security).
if [[ ! -f $sources ]]; then
  $sudo tee "$sources" >/dev/null <<'SRC'
# Added by Ringlet's scripts/windows-deps.sh: Debian sources for the mingw build.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} > 0)) || ((need_update)); then
  echo "ringlet: installing ${missing[*]:-source index}" >&2
  $sudo apt-get update -qq
fi
if ((${#missing[@]} > 0)); then
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
