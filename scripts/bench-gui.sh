#!/usr/bin/env bash
# The window's own figures, which `make bench` (headless) cannot give:
#   1. cold start: from starting bin/ringlet to its window being visible;
#   2. memory (PSS and RSS) and CPU of the window in a call showing
#      PICTURES remote pictures (default 2): `ringlet join` participants
#      sending bench/clip/person.y4m (640×480 @ 30), all in a private network
#      with Janus (`ringlet-bench ring`).
# The GUI is driven with the keyboard (xdotool presses Enter through the
# flow, as a keyboard user would) under Xvfb with Mesa's software GL. Enter
# takes the preview's default, sound only: the window sends no picture and
# shows the others' pictures.
# Prints a Markdown table for BENCHMARKS.md. Needs root (network namespace).
#
#   scripts/bench-gui.sh            # ROUNDS=7 cold starts, WINDOW=30 s idle
#   PICTURES=4 GUI_BIN=/tmp/ringlet-old scripts/bench-gui.sh  # another build, 4 pictures
#   REPLAY=1 PICTURES=4 scripts/bench-gui.sh  # publishers replay the clip pre-encoded
#   PERF=/tmp/gui PROFILE=/tmp/gui/cpu.pprof scripts/bench-gui.sh
#       # also Linux perf: repaints a second and where llvmpipe's time goes
#   CAMERA=1 REPLAY=1 scripts/bench-gui.sh  # the window sends the clip as its camera, blurred
#       # (a build with -tags benchwindow: this machine has no camera), and
#       # a watcher in the ring counts the window's pictures as received
#   ONE_CORE=1 CAMERA=1 REPLAY=1 scripts/bench-gui.sh  # an old laptop: the window
#       # pinned to core 0, the ring, publishers and watcher to core 1
#   HOG=1 ONE_CORE=1 CAMERA=1 REPLAY=1 scripts/bench-gui.sh  # and a busy one: a
#       # program that never sleeps shares core 0 with the window (HOG=2: two)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
for tool in xdotool Xvfb nsenter janus; do
	command -v "$tool" >/dev/null || { echo "bench-gui.sh: $tool is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
export LANG=en_US.UTF-8 CGO_ENABLED=1
go build -trimpath -ldflags='-s -w' -o bin/ringlet ./cmd/ringlet
if [[ -n ${PROFILE:-} ]]; then # a full build of its own (other tags): minutes
	go build -trimpath -tags "profile${CAMERA:+ benchwindow}" -o bin/ringlet-profile ./cmd/ringlet
fi
rounds=${ROUNDS:-7}
window=${WINDOW:-30}
pictures=${PICTURES:-2}
gui_bin=${GUI_BIN:-bin/ringlet}
# CAMERA=1: the window's benchmark build, whose camera is the clip.
if [[ -n ${CAMERA:-} ]]; then
	go build -trimpath -ldflags='-s -w' -tags benchwindow -o bin/ringlet-benchwindow ./cmd/ringlet
	gui_bin=${GUI_BIN:-bin/ringlet-benchwindow}
	export RINGLET_BENCH_VIDEO_FILE=$PWD/bench/clip/person.y4m
fi
# ONE_CORE=1: the window gets core 0 alone, everything else core 1.
on_window_core=() on_other_core=()
if [[ -n ${ONE_CORE:-} ]]; then
	on_window_core=(taskset -c 0) on_other_core=(taskset -c 1)
fi

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
	sleep 2
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
# Nothing of the real user's is read or written.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
	XDG_CACHE_HOME=$work/home/.cache XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

display=:$((90 + RANDOM % 9))
Xvfb "$display" -noreset -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# 1. Cold start, a fresh process each round, no link.
starts=()
for r in $(seq "$rounds"); do
	t0=$(ms)
	"$gui_bin" >/dev/null 2>&1 &
	p=$!
	until xdotool search --onlyvisible --name '^Ringlet$' >/dev/null 2>&1; do sleep 0.01; done
	starts+=($(($(ms) - t0)))
	kill "$p"; wait "$p" 2>/dev/null || true
	sleep 0.5
done

# 2. A 3-person call.
go build -trimpath -o bin/ringlet-bench ./bench/cmd/ringlet-bench
"${on_other_core[@]}" bin/ringlet-bench ring >"$work/ring.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do grep -q "/ns/net" "$work/ring.log" && break; sleep 0.1; done
ns=$(grep -o '/proc/[0-9]*/ns/net' "$work/ring.log" | head -1 || true)
link=$(grep -o "ringlet://[^' ]*" "$work/ring.log" | head -1 || true)
[[ -n $ns && -n $link ]] || { echo "bench-gui.sh: the ring did not come up:" >&2; cat "$work/ring.log" >&2; exit 1; }
# REPLAY=1: the publishers replay the clip pre-encoded (ringlet-bench
# replay, a VP8 file made once into bench/cache) instead of encoding it
# live, so that at 4 pictures they do not fill the machine.
if [[ -n ${REPLAY:-} ]]; then
	bin/ringlet-bench encode-clip -clip bench/clip/person.y4m -out bench/cache/person.ivf
fi
for i in $(seq 1 "$pictures"); do
	if [[ -n ${REPLAY:-} ]]; then
		nsenter --net="$ns" "${on_other_core[@]}" bin/ringlet-bench replay -ivf bench/cache/person.ivf -name "Person$i" "$link" >"$work/join$i.log" 2>&1 &
	else
		nsenter --net="$ns" "${on_other_core[@]}" bin/ringlet join --lang en --name "Person$i" --video-test-pattern --video-file bench/clip/person.y4m \
			--no-blur --no-sound --stats 0 "$link" >"$work/join$i.log" 2>&1 &
	fi
	pids+=($!)
done
# With the camera on, a watcher in the ring counts the window's pictures as
# they arrive (sound only, every second; it decodes every feed, off the
# window's core when ONE_CORE is set).
if [[ -n ${CAMERA:-} ]]; then
	nsenter --net="$ns" "${on_other_core[@]}" bin/ringlet join --lang en --name Watcher --audio-only --no-sound \
		--stats 1s "$link" >"$work/watcher.log" 2>&1 &
	pids+=($!)
fi
# PROFILE=FILE: the window runs a profiling build (go build -tags profile)
# that writes a CPU profile of the measured 30 s to FILE.
if [[ -n ${PROFILE:-} ]]; then
	gui_bin=bin/ringlet-profile
	export RINGLET_CPUPROFILE=$PROFILE RINGLET_CPUPROFILE_DELAY=25 RINGLET_CPUPROFILE_SECONDS=$window
fi
# HOG=1: something else wants the window's whole core (a busy loop at the
# same priority, from before the window starts), so the window gets about
# half of it: does the call hold, and does the blur stay on?
# HOG=2: two of them, a third of the core is left for the window.
if [[ -n ${HOG:-} ]]; then
	for _ in $(seq "$HOG"); do
		"${on_window_core[@]}" bash -c 'while :; do :; done' &
		pids+=($!)
	done
fi
nsenter --net="$ns" "${on_window_core[@]}" "$gui_bin" "$link" >"$work/gui.log" 2>&1 &
gui=$!
pids+=($gui)
until xdotool search --onlyvisible --name '^Ringlet$' >/dev/null 2>&1; do sleep 0.1; done
sleep 3
for _ in 1 2 3; do xdotool key Return; sleep 4; done # link → check-up → name → preview
xdotool key Return                                     # join
# The first publisher sees the others come: the other publishers and the window.
here() { grep -c " is here" "$work/join1.log" || true; }
arrivals=$pictures # the other publishers and the window, and the watcher if there is one
if [[ -n ${CAMERA:-} ]]; then arrivals=$((pictures + 1)); fi
for _ in $(seq 300); do (($(here) >= arrivals)) && break; sleep 0.1; done
(($(here) >= arrivals)) || { echo "bench-gui.sh: the window did not join the call:" >&2; cat "$work/join1.log" "$work/gui.log" >&2; exit 1; }
sleep 10 # settle: all pictures flowing

# The window's process (nsenter execs it, so the PID is the app's).
pss() { awk '/^Pss:/ {print int($2/1024)}' "/proc/$gui/smaps_rollup"; }
rss() { awk '/^VmRSS:/ {print int($2/1024)}' "/proc/$gui/status"; }
ticks() { awk '{print $14 + $15}' "/proc/$gui/stat"; }
hz=$(getconf CLK_TCK)
# CPU by thread name, to tell drawing (Mesa's llvmpipe-N threads) from
# Ringlet's own Go threads (named after the program).
threads() { for t in /proc/$gui/task/*; do printf '%s %s\n' "$(cat "$t/comm" 2>/dev/null | tr ' ' _)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"; done; }
# PERF=DIR: Linux perf watches the measured window too. It counts the
# window's repaints through a uprobe on Fyne's repaintWindow (a binary with
# symbols is needed: PROFILE's build has them); with PERF_RECORD=1 it
# records all threads, Mesa's included, into DIR/perf.data (`perf report
# -i DIR/perf.data --sort comm,dso,sym`).
perfs=()
if [[ -n ${PERF:-} ]]; then
	mkdir -p "$PERF"
	perf_bin=$(readlink -f "/proc/$gui/exe")
	repaint=$(go tool nm "$perf_bin" 2>/dev/null | awk '$3 == "fyne.io/fyne/v2/internal/driver/glfw.(*gLDriver).repaintWindow" {print $1}')
	# The uprobe wants a file offset: the symbol's address less its segment's.
	segment=$(readelf -lW "$perf_bin" | awk '$1 == "LOAD" && $8 == "E" {print $3, $2}' | head -1)
	if [[ -n $repaint && -n $segment && -d /sys/kernel/tracing ]]; then
		read -r seg_addr seg_off <<<"$segment"
		printf 'p:ringletbench/repaint %s:0x%x\n' "$perf_bin" $((0x$repaint - seg_addr + seg_off)) >>/sys/kernel/tracing/uprobe_events
		perf stat -x, -e ringletbench:repaint -p "$gui" -- sleep "$window" 2>"$work/repaints" &
		perfs+=($!)
	fi
	# Sampling every thread disturbs the CPU figures: only on request.
	if [[ -n ${PERF_RECORD:-} ]]; then
		perf record -q -F 199 -g -p "$gui" -o "$PERF/perf.data" -- sleep "$window" >/dev/null 2>&1 &
		perfs+=($!)
	fi
fi
# CAMERA: the window's own counters (its benchmark build prints them every
# second) and the watcher's count of the window's pictures (the one feed not
# named PersonN), read at both ends of the measured window.
benchline() { grep '^bench: ' "$work/gui.log" | tail -1; }
watched() { grep 'pictures shown' "$work/watcher.log" 2>/dev/null | grep -v -E '^ *Person[0-9]+:' | tail -1 | sed -E 's/.* ([0-9]+) pictures shown.*/\1/'; }
now() { date +%s.%N; }
if [[ -n ${CAMERA:-} ]]; then b0=$(benchline) w0=$(watched) t0=$(now) n0=$(grep -c '^bench: ' "$work/gui.log"); fi
threads >"$work/threads0"
psss=() rsss=()
c0=$(ticks)
for _ in $(seq "$window"); do
	psss+=($(pss)) rsss+=($(rss))
	sleep 1
done
c1=$(ticks)
if [[ -n ${CAMERA:-} ]]; then b1=$(benchline) w1=$(watched) t1=$(now) n1=$(grep -c '^bench: ' "$work/gui.log"); fi
threads >"$work/threads1"
# Where the PSS lives, by mapping (a library, the binary, or the anonymous
# memory of the Go heap and of Mesa): the six largest, in MB.
bymapping=$(awk '
	/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "anonymous" : $6); sub(/.*\//, "", name); next }
	/^Pss:/ { pss[name] += $2 }
	END { for (k in pss) printf "%d %s\n", pss[k] / 1024, k }' "/proc/$gui/smaps" | sort -rn | head -6 | awk '{printf "%s %s MB, ", $2, $1}')
bythread=$(awk -v hz="$hz" -v w="$window" '
	NR == FNR { sub(/-[0-9]+$/, "", $1); a[$1] += $2; next }
	{ sub(/-[0-9]+$/, "", $1); b[$1] += $2 }
	END { for (k in b) { d = (b[k] - a[k]) / hz / w * 100; if (d >= 1) printf "%s %.0f %%, ", k, d } }' "$work/threads0" "$work/threads1")
repaints=
if [[ -n ${PERF:-} ]]; then
	wait "${perfs[@]}"
	repaints=$(awk -F, -v w="$window" '/repaint/ {printf "%.1f", $1 / w}' "$work/repaints" 2>/dev/null || true)
	echo '-:ringletbench/repaint' >>/sys/kernel/tracing/uprobe_events 2>/dev/null || true
fi
cpu=$(awk -v d=$((c1 - c0)) -v hz="$hz" -v w="$window" 'BEGIN {printf "%.1f", d / hz / w * 100}')

first=${starts[0]}
med=$(printf '%s\n' "${starts[@]}" | median)
lo=$(printf '%s\n' "${starts[@]}" | sort -n | head -1)
hi=$(printf '%s\n' "${starts[@]}" | sort -n | tail -1)
pmed=$(printf '%s\n' "${psss[@]}" | median)
pmax=$(printf '%s\n' "${psss[@]}" | sort -n | tail -1)
rmed=$(printf '%s\n' "${rsss[@]}" | median)

cat <<EOF
Run of $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), window binary $gui_bin${CAMERA:+ (camera: the clip, blurred)}${ONE_CORE:+, the window pinned to one core (taskset -c 0), everything else to the other}${HOG:+, $HOG busy loop(s) on the same core}, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg). Reproduce with \`scripts/bench-gui.sh\`.

| measure | value |
|---|---|
| cold start to visible window, first of $rounds runs | $first ms |
| cold start to visible window, median (min–max) of $rounds | $med ms ($lo–$hi) |
| window showing $pictures remote pictures ($(xdotool search --onlyvisible --name '^Ringlet$' getwindowgeometry 2>/dev/null | awk '/Geometry/ {print $2}') window), memory PSS, median (max) over ${window} s | $pmed MB ($pmax) |
| same, RSS median | $rmed MB |
| same, CPU | $cpu % of one core |
| same, CPU by thread name | ${bythread%, } |
| same, PSS by mapping (largest six, at the end) | ${bymapping%, } |
EOF
if [[ -n $repaints ]]; then echo "| same, window repaints a second (perf uprobe) | $repaints |"; fi
if [[ -n ${CAMERA:-} ]]; then
	# "bench: OUT pictures out, DECODED frames decoded from FEEDS feeds, blur KEY"
	rate() { awk -v a="$1" -v b="$2" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.1f", (b - a) / (t1 - t0)}'; }
	field() { awk -v n="$2" '{print $n}' <<<"$1"; }
	verdicts=$(grep '^bench: ' "$work/gui.log" | sed -n "$((n0 + 1)),${n1}p" | awk '{v[$NF]++} END {for (k in v) printf "%s %d, ", k, v[k]}')
	cat <<EOF
| same, the window's own pictures out (camera = the clip, after the blur), a second | $(rate "$(field "$b0" 2)" "$(field "$b1" 2)") |
| same, the window's pictures as a watcher in the ring received them, a second | $(rate "${w0:-0}" "${w1:-0}") |
| same, remote frames the window decoded, a second ($pictures feeds of 30) | $(rate "$(field "$b0" 5)" "$(field "$b1" 5)") |
| same, the blur's verdict, once a second over the window | ${verdicts%, } |
EOF
fi
