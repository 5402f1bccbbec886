#!/usr/bin/env bash
# Builds libopus and libvpx for Windows (x86_64-w64-mingw32, static) from
# Debian's own source packages, once. The result lives in a machine-wide cache
# keyed by the Debian source versions, so a fresh clone (CI) on the same
# machine reuses it instead of spending minutes rebuilding. Prints the prefix
# (pkg-config and libraries under it) on stdout.
#
# webrtc-audio-processing is not built: Debian's source tarballs for it (0.3 in
# bookworm, 1.3 in trixie) are listed but 404 on the mirror; see media/apm.
set -euo pipefail

cache_root=${RINGLET_MINGW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ringlet-mingw}
host=x86_64-w64-mingw32

source_version() { apt-cache showsrc "$1" | awk '/^Version:/ {print $2}' | sort -V | tail -1; }
opus_version=$(source_version opus)
vpx_version=$(source_version libvpx)
[[ -n $opus_version && -n $vpx_version ]] || { echo "windows-libs: no deb-src entry (run scripts/windows-deps.sh)" >&2; exit 1; }
prefix=$cache_root/opus-$opus_version+vpx-$vpx_version
mkdir -p "$cache_root"

# One builder at a time per machine; a second waits and then finds the result.
exec 9>"$cache_root/.lock"
flock 9
if [[ -f $prefix/.done ]]; then
  echo "$prefix"
  exit 0
fi

work=$(mktemp -d "$cache_root/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$prefix"
jobs=$(nproc)

(
  cd "$work"
  # --download-only plus our own unpack: the Debian patches are for Debian's
  # Linux build; the upstream tarball is built as it is.
  apt-get source --download-only "opus=$opus_version" "libvpx=$vpx_version" >/dev/null 2>&1
  tar xf opus_*.orig.tar.*
  tar xf libvpx_*.orig.tar.*

  cd "$work"/opus-*/
  # Debian's mingw has no _FORTIFY_SOURCE runtime (__memcpy_chk); the Debian
  # gcc default turns it on.
  ./configure --host=$host --prefix="$prefix" --disable-shared --enable-static \
    --disable-doc --disable-extra-programs CPPFLAGS=-D_FORTIFY_SOURCE=0 >/dev/null
  make -j"$jobs" >"$work/opus.log" 2>&1 || { tail -30 "$work/opus.log"; exit 1; }
  make install >/dev/null

  cd "$work"/libvpx-*/
  CROSS=$host- ./configure --target=x86_64-win64-gcc --prefix="$prefix" --disable-shared \
    --enable-static --disable-examples --disable-tools --disable-docs --disable-unit-tests \
    >/dev/null
  make -j"$jobs" >"$work/vpx.log" 2>&1 || { tail -30 "$work/vpx.log"; exit 1; }
  make install >/dev/null
) >&2

touch "$prefix/.done"
echo "$prefix"
