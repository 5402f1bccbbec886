#!/usr/bin/env bash
# `make bench`: Ringlet against the browser, side by side, on the same ring.
# Builds bin/ringlet and the harness (bench/cmd/ringlet-bench), then runs the
# harness, which starts Debian's Janus in a private network namespace, fills
# a room with `ringlet join` publishers and measures `ringlet join` and
# headless Chromium on janus-demos' page in turns; then the same on a
# LiveKit server, with Chromium running LiveKit's own SDK (livekit-client),
# plain and end-to-end encrypted.
# Then issue 18's: the same clip on both sides, blur against blur, and the
# window against Chromium's window (scripts/bench-gui.sh for Ringlet's).
# Results replace the generated sections of BENCHMARKS.md. Takes about 50
# minutes on 2 cores.
#
#   scripts/bench.sh                   # the full comparison (make bench)
#   scripts/bench.sh --profile         # pprof CPU/alloc profiles of a 60 s call
#   BENCH_ARGS='-n 1 -rounds 1 -window 10s -out ""' scripts/bench.sh   # a quick try
#   BENCH_ARGS='-engine livekit -section side-by-side-livekit' scripts/bench.sh  # LiveKit only
#   BENCH_ARGS='-engine livekit -e2ee' scripts/bench.sh  # LiveKit, end-to-end encrypted (both sides)
#   BENCH_ARGS='-clip bench/clip/person.y4m -section same-clip' scripts/bench.sh  # same pictures both sides
#   DISPLAY=:93 BENCH_ARGS='-forms chromium -headed -tile 162x122 -clip bench/clip/person.y4m' scripts/bench.sh
#                                      # Chromium's window (on an Xvfb) against Ringlet's (bench-gui.sh)
#   BENCH_ARGS='-clip bench/clip/person.y4m -replay bench/cache/person.ivf' scripts/bench.sh
#                                      # publishers replay the clip pre-encoded (valid N = 4 on 2 cores);
#                                      # make the file first: bin/ringlet-bench encode-clip
#   BENCH_ARGS='-engine livekit -clip bench/clip/person.y4m -replay bench/cache/person.ivf' scripts/bench.sh
#                                      # the same on LiveKit: the stand-ins join with Ringlet's LiveKit engine
#                                      # (not with -e2ee: replaying publishers send unencrypted)
#   BENCH_ARGS='-forms ringlet-blur,chromium-blur -clip bench/clip/person.y4m -replay bench/cache/person.ivf -section blur-vs-blur' scripts/bench.sh
#                                      # blur against blur: the demo page blurring with MediaPipe as Jitsi does
#                                      # (fetches npm @mediapipe/tasks-vision once: scripts/tasks-vision.sh)
#
# Needs root or unprivileged user namespaces; scripts/deps.sh installs
# janus, janus-demos, chromium and iproute2 (make bench runs it first).
set -euo pipefail
cd "$(dirname "$0")/.."

# Standalone runs get the packages too; a no-op when all are there.
scripts/deps.sh
for tool in janus chromium unshare ip getconf; do
  command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
[[ -f /usr/share/janus/demos/videoroomtest.html ]] || { echo "bench.sh: janus-demos is missing" >&2; exit 1; }

# Fyne cannot parse LANG=C; the harness gives its children English anyway.
export LANG=en_US.UTF-8
export CGO_ENABLED=1
# The same build as `make build`: the binary people run is what is measured.
go build -trimpath -ldflags='-s -w' -o bin/ringlet ./cmd/ringlet
go build -trimpath -o bin/ringlet-bench ./bench/cmd/ringlet-bench

# Which source is measured: the commit, and whether the tree differs from it.
source=${BENCH_SOURCE:-}
if [[ -z $source ]] && git rev-parse --git-dir >/dev/null 2>&1; then
  source="commit $(git rev-parse --short HEAD)"
  if [[ -n $(git status --porcelain --untracked-files=no -- cmd app media i18n go.mod go.sum) ]]; then
    source+=" with uncommitted changes"
  fi
fi

if [[ ${1:-} == --profile ]]; then
  shift
  exec bin/ringlet-bench -ringlet bin/ringlet -n 4 -profile "${BENCH_PROFILE_DIR:-bench/profiles}" \
    -command "scripts/bench.sh --profile${*:+ $*}" -source "$source" "$@"
fi
# BENCH_ARGS is split like a shell command line (quotes allowed).
eval "args=(${BENCH_ARGS:-})"
command="make bench"
if [[ -n ${BENCH_ARGS:-} ]]; then command="BENCH_ARGS='${BENCH_ARGS}' make bench"; fi
if (($# > 0)); then command="scripts/bench.sh $*"; fi
if (($# > 0)) || [[ -n ${BENCH_ARGS:-} ]]; then
  exec bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source" "${args[@]}" "$@"
fi
# The full comparison: Janus (Chromium on janus-demos' page), then LiveKit
# (Chromium with LiveKit's own browser SDK), then LiveKit end-to-end
# encrypted (Ringlet and livekit-client's E2EE, one passphrase), each in
# its own section.
scripts/livekit-server.sh >/dev/null
scripts/livekit-client.sh >/dev/null
bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source"
bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source" \
  -engine livekit -section side-by-side-livekit
bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source" \
  -engine livekit -e2ee -section side-by-side-livekit-e2ee

# Issue 18's comparisons, each in its own section, all with the same
# pictures on both sides (the committed clip) and with stand-in publishers
# that replay it pre-encoded, so that N = 4 leaves the machine to the two
# sides under test.
bin/ringlet-bench encode-clip -clip bench/clip/person.y4m -out bench/cache/person.ivf
clip=(-clip bench/clip/person.y4m -replay bench/cache/person.ivf)
bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source" "${clip[@]}" -section same-clip
# Blur against blur: the demo page blurring with MediaPipe as Jitsi does.
scripts/tasks-vision.sh >/dev/null
bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source" "${clip[@]}" \
  -forms ringlet-blur,chromium-blur -section blur-vs-blur
# The window against the browser's window: Chromium headed on an Xvfb of the
# same size, then Ringlet's window (scripts/bench-gui.sh, its own Xvfb).
display=:$((80 + RANDOM % 9))
Xvfb "$display" -noreset -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
DISPLAY=$display bin/ringlet-bench -ringlet bin/ringlet -command "$command" -source "$source" "${clip[@]}" \
  -forms chromium -headed -tile 162x122 -section window-chromium-replay
for n in 1 4; do
  REPLAY=1 PICTURES=$n ROUNDS=3 WINDOW=30 scripts/bench-gui.sh | sed -n "/^Run of/,\$p" | bin/ringlet-bench section "window-ringlet-n$n" BENCHMARKS.md
done
