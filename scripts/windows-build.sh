#!/usr/bin/env bash
# Cross-builds dist/windows/ringlet.exe (PE32+, GUI subsystem) from Linux:
# mingw-w64 for cgo, libopus and libvpx from scripts/windows-libs.sh (static),
# the icon as a Windows resource. Go's build cache for Windows is kept apart
# from the Linux one and shared by every clone on this machine, so CI pays the
# ~10 minute cold build once.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/windows-deps.sh
prefix=$(scripts/windows-libs.sh)
out=dist/windows
mkdir -p "$out"

# The icon, as Explorer, the Start menu and the taskbar show it. The resource
# object is generated (git-ignored) and only linked into windows/amd64 builds.
magick_convert=$(command -v magick || command -v convert)
"$magick_convert" Icon.png -define icon:auto-resize=256,64,48,32,16 "$out/ringlet.ico"
printf '1 ICON "%s"\n' "$PWD/$out/ringlet.ico" >"$out/ringlet.rc"
x86_64-w64-mingw32-windres -O coff -i "$out/ringlet.rc" -o cmd/ringlet/rsrc_windows_amd64.syso

export CGO_ENABLED=1 GOOS=windows GOARCH=amd64
export CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++
# Only the mingw libraries: without this, pkg-config hands the Linux include
# paths to the Windows build (and Go's cache would keep the wrong objects).
export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig PKG_CONFIG_PATH=
export GOCACHE=${RINGLET_WINDOWS_GOCACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ringlet-windows-go}
# nolibopusfile: the opus binding otherwise wants opusfile and ogg, unused here.
# -H windowsgui: no console window behind the app; the subcommands attach to
# the console they were started from (cmd/ringlet/console_windows.go).
# libwinpthread statically: libvpx's threads, without shipping a DLL.
go build -p "${GO_BUILD_P:-1}" -tags nolibopusfile -trimpath \
  -ldflags '-s -w -H windowsgui -extldflags "-static-libgcc -l:libwinpthread.a"' \
  -o "$out/ringlet.exe" ./cmd/ringlet
echo "$out/ringlet.exe"
