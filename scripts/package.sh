#!/usr/bin/env bash
# Builds a Linux release tarball with Fyne's packager and puts Ringlet's own
# .desktop entry in it, because only ours registers the ringlet:// scheme
# and .ring checklists. The fyne CLI is pinned and built in a throwaway
# module, since the module proxy refuses `go install …@version` for it.
set -euo pipefail
cd "$(dirname "$0")/.."
FYNE_CLI_VERSION=v1.7.2
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
if ! command -v fyne >/dev/null || ! fyne version 2>/dev/null | grep -q "${FYNE_CLI_VERSION#v}"; then
  (cd "$tools" && go mod init fynetool >/dev/null 2>&1 &&
    go get -tool "fyne.io/tools/cmd/fyne@${FYNE_CLI_VERSION}" >/dev/null 2>&1 &&
    GOBIN="$tools/bin" go install fyne.io/tools/cmd/fyne)
  FYNE="$tools/bin/fyne"
else
  FYNE="$(command -v fyne)"
fi

go build -trimpath -ldflags='-s -w' -o bin/ringlet ./cmd/ringlet
mkdir -p dist
"$FYNE" package --os linux --release --executable bin/ringlet --name Ringlet \
  --icon Icon.png --app-id org.ringlet.Ringlet

# Swap in our desktop entry (scheme handler + checklist MIME type).
work="$(mktemp -d)"
tar -xJf Ringlet.tar.xz -C "$work"
desktop="$(find "$work" -name '*.desktop' | head -1)"
exec_line="$(grep '^Exec=' "$desktop" | head -1 | sed 's/ %[uUfF]$//')"
sed "s|^Exec=.*|${exec_line} %u|; s|^Icon=.*|$(grep '^Icon=' "$desktop" | head -1)|" packaging/ringlet.desktop > "$desktop"
install -D -m 644 packaging/ringlet-checklist.xml "$work/usr/local/share/mime/packages/ringlet-checklist.xml"
tar -cJf dist/Ringlet-linux-amd64.tar.xz -C "$work" .
rm -rf "$work" Ringlet.tar.xz
echo "dist/Ringlet-linux-amd64.tar.xz"
