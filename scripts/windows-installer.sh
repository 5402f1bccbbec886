#!/usr/bin/env bash
# Wraps dist/windows/ringlet.exe into dist/Ringlet-Setup-VERSION.exe with
# NSIS (packaging/windows/ringlet.nsi). VERSION is FyneApp.toml's.
set -euo pipefail
cd "$(dirname "$0")/.."

exe=dist/windows/ringlet.exe
[[ -f $exe ]] || scripts/windows-build.sh >/dev/null
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "windows-installer: no x.y.z Version in FyneApp.toml" >&2; exit 1; }
out=dist/Ringlet-Setup-$version.exe
size_kb=$(( $(stat -c %s "$exe") / 1024 ))
# LZMA over 40 MB takes a minute: only when the exe or the script changed.
if [[ -f $out && $out -nt $exe && $out -nt packaging/windows/ringlet.nsi ]]; then
  echo "$out"
  exit 0
fi

makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DEXE="$PWD/$exe" -DICON="$PWD/dist/windows/ringlet.ico" \
  -DOUTFILE="$PWD/$out" -DSIZE_KB="$size_kb" packaging/windows/ringlet.nsi >&2
echo "$out"
