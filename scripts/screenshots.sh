#!/usr/bin/env bash
# Takes screenshots of Ringlet's screens under a virtual X server, in German
# and English, into docs/screens/. The screens other than the link screen
# are reached through RINGLET_SCREENSHOT_SCREEN, which fills them with
# made-up content and joins, opens or stores nothing. Only a build with
# -tags screenshots reads it; the product binary has no such hook.
set -euo pipefail
cd "$(dirname "$0")/.."

go build -tags screenshots -o bin/ringlet-screenshots ./cmd/ringlet
mkdir -p docs/screens

screens=${SCREENS:-"link link-error join preview-camera preview-live checkup walkthrough handoff call left helper link-encrypted checkup-encrypted call-encrypted"}

shoot() { # lang-tag locale screen [variant: large|light]
	local tag=$1 locale=$2 screen=$3 variant=${4:-}
	local out="docs/screens/${screen}.${tag}${variant:+.$variant}.png"
	# A private HOME so that the screenshots neither read nor write the
	# real user's preferences. A variant is a preference set there first,
	# as Settings would store it: 1.5× text, or the light theme.
	local home
	home=$(mktemp -d)
	case $variant in
	large) prefs='{"text_size":"larger"}' ;;
	light) prefs='{"theme":"light"}' ;;
	*) prefs= ;;
	esac
	if [[ -n $prefs ]]; then
		mkdir -p "$home/.config/fyne/org.ringlet.Ringlet"
		printf '%s' "$prefs" > "$home/.config/fyne/org.ringlet.Ringlet/preferences.json"
	fi
	HOME=$home XDG_CONFIG_HOME=$home/.config LANG=$locale LANGUAGE= \
		RINGLET_SCREENSHOT_SCREEN=$screen \
		xvfb-run -a -s "-screen 0 1024x768x24" bash -c '
			bin/ringlet-screenshots "$0" &
			pid=$!
			sleep 4
			import -window root "$1"
			kill $pid
			wait $pid 2>/dev/null || true
		' "ringlet://localhost:8188/janus?room=1234&title=Mittwochsgruppe&tls=0" "$out"
	rm -rf "$home"
	# Cut away the empty desktop around the window.
	convert "$out" -trim +repage "$out"
	echo "$out"
}

for screen in $screens; do
	shoot de de_DE.UTF-8 "$screen"
	shoot en en_US.UTF-8 "$screen"
done

# The screens of the way in and the call once more with 1.5× text and in
# the light theme, both languages.
for screen in ${VARIANT_SCREENS:-link join call}; do
	for variant in large light; do
		shoot de de_DE.UTF-8 "$screen" "$variant"
		shoot en en_US.UTF-8 "$screen" "$variant"
	done
done

# A real call: `ringlet demo` starts Debian's Janus in a private network
# namespace with a test participant, and opens Ringlet with the demo link.
# xdotool presses Enter through the flow, as a keyboard user would. Needs
# root (for the namespace), janus and xdotool; skipped otherwise.
demo() { # lang-tag locale
	local tag=$1 locale=$2
	local home
	home=$(mktemp -d)
	HOME=$home XDG_CONFIG_HOME=$home/.config LANG=$locale LANGUAGE= \
		xvfb-run -a -s "-screen 0 1024x768x24" bash -c '
			bin/ringlet-screenshots demo --duration 90s >/dev/null 2>&1 &
			pid=$!
			sleep 10
			# Enter on the link screen, then Enter on Join.
			xdotool key Return; sleep 4
			xdotool key Return
			sleep 12
			import -window root "$0"
			kill -INT $pid
			wait $pid 2>/dev/null || true
		' "docs/screens/demo-call.${tag}.png"
	rm -rf "$home"
	convert "docs/screens/demo-call.${tag}.png" -trim +repage "docs/screens/demo-call.${tag}.png"
	echo "docs/screens/demo-call.${tag}.png"
}

if [ -z "${SKIP_DEMO:-}" ] && [ "$(id -u)" = 0 ] && command -v janus >/dev/null && command -v xdotool >/dev/null; then
	demo de de_DE.UTF-8
	demo en en_US.UTF-8
fi
