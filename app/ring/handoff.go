package ring

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HandoffOptions says how the user wants to appear in a platform ring.
type HandoffOptions struct {
	// Pseudonym is pre-filled where the platform takes a name in the URL.
	// Empty means the user types a name on the meeting page.
	Pseudonym string
	// AudioOnly asks the platform to start without camera where it can.
	AudioOnly bool
}

// Handoff is what Ringlet opens in the throwaway private browser, and what
// it tells the user first. Protects and CannotProtect are i18n message
// keys in the order they should be shown.
type Handoff struct {
	URL      string
	Platform Platform
	// NamePrefilled is true when the URL carries the pseudonym.
	NamePrefilled bool
	Protects      []string
	CannotProtect []string
	// Warning, when set, is a message key to show prominently.
	Warning string
}

// MaxPseudonymRunes bounds a pseudonym; meeting pages cut longer names.
const MaxPseudonymRunes = 64

// Message keys of hand-off errors.
const (
	KeyHandoffNative      = "handoff.error.native"
	KeyHandoffNameControl = "handoff.error.name_control_chars"
	KeyHandoffNameLong    = "handoff.error.name_too_long"
	KeyHandoffBadURL      = "handoff.error.bad_url"
)

// jitsiPrivacyConfig is the privacy configuration put into a Jitsi link's
// fragment. Jitsi Meet only honours config.* overrides from the URL that
// are on its whitelist; each key below was checked against
// react/features/base/config/configWhitelist.ts in jitsi/jitsi-meet
// (commit 02a8f1a4665d66e6276e475534cc1b5409c5926b):
//
//   - prejoinConfig.enabled: the page before joining, where the user sees
//     the camera preview and the name before anyone else does;
//   - startWithVideoMuted (startVideoMuted is a participant-count
//     threshold, not a switch, so it is not used);
//   - disableDeepLinking and deeplinking.disabled (older and newer name of
//     "do not offer the Jitsi app": the app would not be private);
//   - doNotStoreRoom: keeps the room out of the recent list;
//   - analytics.disabled, analytics.rtcstatsEnabled=false: no analytics
//     and no call-statistics upload;
//   - disableThirdPartyRequests: no calls to third parties (e.g. Gravatar);
//   - gravatar.disabled: no avatar lookup by e-mail hash;
//   - enableDisplayNameInStats=false, enableEmailInStats=false: keep the
//     name out of the statistics the server collects.
//
// startAudioOnly (also whitelisted) is added for audio-only joins.
// callStatsID / callStatsSecret are not whitelisted and so are not sent.
//
// userInfo.displayName is not a config key: jitsi-meet's settings
// middleware (react/features/base/settings/middleware.any.ts) reads it
// from the same fragment through parseURLParams, which splits at "&" and
// "=", decodeURIComponent-s each value, swaps typographic quotes for plain
// ones and JSON-parses the result. A bare word is not valid JSON and is
// silently dropped, hence the quoted, escaped JSON string (see
// jitsiJSONString). Jitsi then HTML-escapes the name for display, so
// & < > " ' look odd in the meeting; they are still allowed.
var jitsiPrivacyConfig = []struct{ key, value string }{
	{"config.prejoinConfig.enabled", "true"},
	{"config.startWithVideoMuted", "true"},
	{"config.disableDeepLinking", "true"},
	{"config.deeplinking.disabled", "true"},
	{"config.doNotStoreRoom", "true"},
	{"config.analytics.disabled", "true"},
	{"config.analytics.rtcstatsEnabled", "false"},
	{"config.disableThirdPartyRequests", "true"},
	{"config.gravatar.disabled", "true"},
	{"config.enableDisplayNameInStats", "false"},
	{"config.enableEmailInStats", "false"},
}

// HandoffURL builds the most private URL each platform accepts for a
// platform ring, and says what that protects and what it cannot.
func HandoffURL(l Link, o HandoffOptions) (Handoff, error) {
	if l.Kind != KindPlatform || l.URL == "" {
		return Handoff{}, fail(KeyHandoffNative, nil)
	}
	name, err := checkPseudonym(o.Pseudonym)
	if err != nil {
		return Handoff{}, err
	}
	u, perr := url.Parse(l.URL)
	if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.HasPrefix(l.URL, "-") {
		return Handoff{}, fail(KeyHandoffBadURL, nil)
	}

	h := Handoff{URL: l.URL, Platform: l.Platform}
	h.Protects = []string{"handoff.protects.private_window", "handoff.protects.no_history"}
	switch l.Platform {
	case PlatformJitsi:
		h.URL = jitsiURL(u, name, o.AudioOnly)
		h.NamePrefilled = name != ""
		h.Protects = append(h.Protects, "handoff.protects.jitsi_no_tracking", "handoff.protects.camera_starts_off")
		h.CannotProtect = []string{"handoff.cannot.server_sees_ip"}
	case PlatformZoom:
		if joinURL, ok := zoomWebClientURL(u, name); ok {
			h.URL = joinURL
			h.NamePrefilled = name != ""
			h.Protects = append(h.Protects, "handoff.protects.zoom_web_client")
		} else {
			h.CannotProtect = append(h.CannotProtect, "handoff.cannot.zoom_not_web_client")
		}
		h.CannotProtect = append(h.CannotProtect, "handoff.cannot.zoom_may_ask_sign_in", "handoff.cannot.server_sees_ip")
	case PlatformMeet:
		// Meet has no name parameter: the private window, where nobody is
		// signed in, is the protection. Meet then asks for a name and the
		// host has to let the guest in.
		h.CannotProtect = []string{"handoff.cannot.meet_type_name", "handoff.cannot.meet_wait_admitted", "handoff.cannot.google_sees_ip"}
	case PlatformTeams:
		// No documented URL parameter sets a guest's name or skips the
		// app prompt, so the link is kept as it is.
		h.CannotProtect = []string{"handoff.cannot.teams_browser_choice", "handoff.cannot.teams_wait_admitted", "handoff.cannot.server_sees_ip"}
	case PlatformBigBlueButton:
		if hasParam(u.RawQuery, "fullname") {
			// An api/join link carries a name chosen by whoever made it,
			// and its checksum forbids changing it.
			h.CannotProtect = []string{"handoff.cannot.bbb_name_in_link", "handoff.cannot.server_sees_ip"}
		} else {
			h.CannotProtect = []string{"handoff.cannot.type_name", "handoff.cannot.server_sees_ip"}
		}
	case PlatformGalene, PlatformLiveKit:
		// Both pages ask for a user name before joining; neither takes it
		// from the URL.
		h.CannotProtect = []string{"handoff.cannot.type_name", "handoff.cannot.server_sees_ip"}
	default:
		h.Warning = "handoff.warn.unknown_platform"
		h.CannotProtect = []string{"handoff.cannot.unknown_platform", "handoff.cannot.type_name", "handoff.cannot.server_sees_ip"}
	}
	if h.NamePrefilled {
		h.Protects = append(h.Protects, "handoff.protects.name_prefilled")
	} else if l.Platform == PlatformJitsi || l.Platform == PlatformZoom {
		h.CannotProtect = append([]string{"handoff.cannot.type_name"}, h.CannotProtect...)
	}
	return h, nil
}

// checkPseudonym trims the name and refuses what could break a URL or
// fool a reader: control characters, invisible format characters (such as
// right-to-left overrides; the zero-width joiner inside emoji is allowed),
// invalid UTF-8 and overlong names.
func checkPseudonym(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", fail(KeyHandoffNameControl, nil)
	}
	for _, r := range s {
		if unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && r != '\u200d') || r == '\u2028' || r == '\u2029' {
			return "", fail(KeyHandoffNameControl, nil)
		}
	}
	if utf8.RuneCountInString(s) > MaxPseudonymRunes {
		return "", fail(KeyHandoffNameLong, map[string]any{"Max": MaxPseudonymRunes})
	}
	return s, nil
}

// jitsiURL puts the name and the privacy configuration into the fragment,
// which browsers never send to the server. Parameters of the original
// fragment that Ringlet sets itself (or that could carry an identity,
// userInfo.*) are dropped; the rest stay, before Ringlet's, so Ringlet's
// win where Jitsi reads a key twice.
func jitsiURL(u *url.URL, name string, audioOnly bool) string {
	ours := map[string]bool{}
	for _, c := range jitsiPrivacyConfig {
		ours[c.key] = true
	}
	ours["config.startAudioOnly"] = true
	var parts []string
	for _, p := range strings.Split(u.EscapedFragment(), "&") {
		key, _, _ := strings.Cut(p, "=")
		if p == "" || ours[key] || strings.HasPrefix(key, "userInfo.") || strings.HasPrefix(key, "jitsi_meet_external_api_id") {
			continue
		}
		parts = append(parts, p)
	}
	if name != "" {
		parts = append(parts, "userInfo.displayName="+percentEncodeAll(jitsiJSONString(name)))
	}
	for _, c := range jitsiPrivacyConfig {
		parts = append(parts, c.key+"="+c.value)
	}
	if audioOnly {
		parts = append(parts, "config.startAudioOnly=true")
	}
	base := *u
	base.Fragment, base.RawFragment = "", ""
	return base.String() + "#" + strings.Join(parts, "&")
}

// jitsiJSONString quotes a name as a JSON string that survives Jitsi's
// URL-parameter parsing: & < > are \u-escaped by encoding/json, and
// typographic quotes (which Jitsi turns into plain ' and " before parsing)
// and line separators are \u-escaped here.
func jitsiJSONString(name string) string {
	b, _ := json.Marshal(name) // a string always marshals
	s := string(b)
	return strings.NewReplacer(
		"\u2018", `\u2018`, "\u2019", `\u2019`, "\u201c", `\u201c`, "\u201d", `\u201d`,
		"\u2028", `\u2028`, "\u2029", `\u2029`,
	).Replace(s)
}

// percentEncodeAll encodes every byte except A–Z a–z 0–9 - _ . ~, which is
// what decodeURIComponent reverses exactly; "=" and "&" in particular
// must never appear raw, since Jitsi splits the fragment at them.
func percentEncodeAll(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// zoomWebClientURL turns a Zoom meeting or webinar link (/j/ID, /w/ID or
// /wc/join/ID) into the web client's join page on the same host
// (/wc/join/ID), which runs in the private browser instead of the Zoom
// app. The display name goes into uname: Zoom's own documentation does not
// list it, but it is what Zoom's join links carry and what the web client's
// name field is filled from; if Zoom ignores it, the user types the name,
// which the hand-off text asks for anyway. Every other parameter (pwd,
// tk …) is kept; an existing uname is replaced.
func zoomWebClientURL(u *url.URL, name string) (string, bool) {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	var id string
	switch {
	case len(segs) == 2 && (segs[0] == "j" || segs[0] == "w"):
		id = segs[1]
	case len(segs) == 3 && segs[0] == "wc" && segs[1] == "join":
		id = segs[2]
	default:
		return "", false
	}
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	var kept []string
	for _, p := range strings.Split(u.RawQuery, "&") {
		key, _, _ := strings.Cut(p, "=")
		if p == "" || strings.EqualFold(key, "uname") {
			continue
		}
		kept = append(kept, p)
	}
	if name != "" {
		kept = append(kept, "uname="+percentEncodeAll(name))
	}
	out := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/wc/join/" + id, RawQuery: strings.Join(kept, "&")}
	return out.String(), true
}

func hasParam(rawQuery, key string) bool {
	for _, p := range strings.Split(rawQuery, "&") {
		k, _, _ := strings.Cut(p, "=")
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}
