package ring

import (
	"encoding/json"
	"errors"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// jitsiParams mirrors how jitsi-meet reads a URL fragment
// (react/features/base/util/parseURLParams.ts): split at "&", then at "="
// keeping only the part before a second "=", decodeURIComponent, replace
// the first `\&` with "&", typographic quotes with plain ones, and
// JSON-parse. A value that does not parse is dropped.
func jitsiParams(t *testing.T, rawURL string) map[string]any {
	t.Helper()
	_, frag, _ := strings.Cut(rawURL, "#")
	out := map[string]any{}
	for _, part := range strings.Split(frag, "&") {
		kv := strings.Split(part, "=")
		if kv[0] == "" || len(kv) < 2 {
			continue
		}
		decoded, err := url.PathUnescape(kv[1]) // decodeURIComponent keeps "+"
		if err != nil {
			continue
		}
		decoded = strings.Replace(decoded, `\&`, "&", 1)
		decoded = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`).Replace(decoded)
		var v any
		if json.Unmarshal([]byte(decoded), &v) != nil {
			continue
		}
		out[kv[0]] = v
	}
	return out
}

var hostileNames = []string{
	"Stille Eule",
	`Eule "die Stille"`,
	"Eule's Nest",
	"Tom & Jerry",
	"a=b&userInfo.email=x@y.z",
	"#nicht-da",
	`Back\slash \& co`,
	"“Zitat” ‘einfach’",
	"Jürgen Groß",
	"🦉 Eule 👩‍👩‍👧",
	"100% sicher + froh",
	"<script>alert(1)</script>",
	"</a> {json: true}",
}

func TestHandoffJitsiNameSurvivesJitsiParsing(t *testing.T) {
	for _, name := range hostileNames {
		t.Run(name, func(t *testing.T) {
			h, err := HandoffURL(Link{Kind: KindPlatform, Platform: PlatformJitsi, URL: "https://meet.jit.si/MittwochsRunde"}, HandoffOptions{Pseudonym: name})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(h.URL, "https://meet.jit.si/MittwochsRunde#") {
				t.Fatalf("URL %q", h.URL)
			}
			if strings.Count(h.URL, "#") != 1 {
				t.Errorf("name leaked a second #: %q", h.URL)
			}
			p := jitsiParams(t, h.URL)
			if p["userInfo.displayName"] != name {
				t.Errorf("Jitsi would read the name as %#v, want %q (URL %q)", p["userInfo.displayName"], name, h.URL)
			}
			if _, injected := p["userInfo.email"]; injected {
				t.Error("the name injected another parameter")
			}
			if !h.NamePrefilled || !slices.Contains(h.Protects, "handoff.protects.name_prefilled") {
				t.Errorf("%+v", h)
			}
		})
	}
}

// TestHandoffJitsiWithNode runs the real JavaScript functions Jitsi uses
// (decodeURIComponent, JSON.parse) when node is installed.
func TestHandoffJitsiWithNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	// One node process reads every URL: starting node is slow.
	const script = `
const all = [];
for (const u of process.argv.slice(1)) {
  const out = {};
  for (const part of u.split('#')[1].split('&')) {
    const kv = part.split('=');
    let d = decodeURIComponent(kv[1]).replace(/\\&/, '&').replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
    try { out[kv[0]] = JSON.parse(d); } catch (e) {}
  }
  all.push(out);
}
process.stdout.write(JSON.stringify(all));`
	args := []string{"-e", script}
	for _, name := range hostileNames {
		h, err := HandoffURL(Link{Kind: KindPlatform, Platform: PlatformJitsi, URL: "https://meet.jit.si/X"}, HandoffOptions{Pseudonym: name, AudioOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		args = append(args, h.URL)
	}
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []map[string]any
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(hostileNames) {
		t.Fatalf("%v: %s", err, out)
	}
	for i, name := range hostileNames {
		if got[i]["userInfo.displayName"] != name || got[i]["config.startAudioOnly"] != true || got[i]["config.analytics.disabled"] != true {
			t.Errorf("%q: node read %v", name, got[i])
		}
	}
}

func TestHandoffJitsiConfig(t *testing.T) {
	link := Link{Kind: KindPlatform, Platform: PlatformJitsi,
		URL: "https://meet.jit.si/Gruppe?jwt=abc#config.startWithAudioMuted=true&userInfo.email=%22me%40x.org%22&config.analytics.disabled=false"}
	h, err := HandoffURL(link, HandoffOptions{Pseudonym: "Eule"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h.URL, "https://meet.jit.si/Gruppe?jwt=abc#") {
		t.Errorf("query lost: %q", h.URL)
	}
	p := jitsiParams(t, h.URL)
	want := map[string]any{
		"config.startWithAudioMuted":   true, // the group's own choice stays
		"config.prejoinConfig.enabled": true, "config.startWithVideoMuted": true,
		"config.disableDeepLinking": true, "config.deeplinking.disabled": true, "config.doNotStoreRoom": true,
		"config.analytics.disabled": true, "config.analytics.rtcstatsEnabled": false,
		"config.disableThirdPartyRequests": true, "config.gravatar.disabled": true,
		"config.enableDisplayNameInStats": false, "config.enableEmailInStats": false,
		"userInfo.displayName": "Eule",
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s = %#v, want %#v", k, p[k], v)
		}
	}
	if _, ok := p["userInfo.email"]; ok {
		t.Error("an e-mail from the link was kept")
	}
	if _, ok := p["config.startAudioOnly"]; ok {
		t.Error("audio-only set without being asked")
	}
	if strings.Count(h.URL, "config.analytics.disabled") != 1 {
		t.Errorf("duplicate key: %q", h.URL)
	}

	noName, _ := HandoffURL(link, HandoffOptions{})
	if strings.Contains(noName.URL, "displayName") || noName.NamePrefilled || !slices.Contains(noName.CannotProtect, "handoff.cannot.type_name") {
		t.Errorf("empty pseudonym: %+v", noName)
	}
}

func TestHandoffPlatforms(t *testing.T) {
	tests := []struct {
		name       string
		link       Link
		pseudonym  string
		wantURL    string
		prefilled  bool
		wantCannot string
		warning    string
	}{
		{"zoom /j/", Link{Kind: KindPlatform, Platform: PlatformZoom, URL: "https://us02web.zoom.us/j/85412345678?pwd=AbC.1"},
			"Stille Eule", "https://us02web.zoom.us/wc/join/85412345678?pwd=AbC.1&uname=Stille%20Eule", true, "handoff.cannot.zoom_may_ask_sign_in", ""},
		{"zoom web client, uname replaced", Link{Kind: KindPlatform, Platform: PlatformZoom, URL: "https://zoom.us/wc/join/123456789?uname=Max%20Mustermann&pwd=x"},
			"Tom & Jerry #1", "https://zoom.us/wc/join/123456789?pwd=x&uname=Tom%20%26%20Jerry%20%231", true, "", ""},
		{"zoom webinar", Link{Kind: KindPlatform, Platform: PlatformZoom, URL: "https://example.zoom.us/w/91234567890?tk=T0k&pwd=p"},
			"Eule", "https://example.zoom.us/wc/join/91234567890?tk=T0k&pwd=p&uname=Eule", true, "", ""},
		{"zoom personal link kept", Link{Kind: KindPlatform, Platform: PlatformZoom, URL: "https://zoom.us/my/gruppe"},
			"Eule", "https://zoom.us/my/gruppe", false, "handoff.cannot.zoom_not_web_client", ""},
		{"meet", Link{Kind: KindPlatform, Platform: PlatformMeet, URL: "https://meet.google.com/abc-defg-hij"},
			"Eule", "https://meet.google.com/abc-defg-hij", false, "handoff.cannot.meet_wait_admitted", ""},
		{"teams", Link{Kind: KindPlatform, Platform: PlatformTeams, URL: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d"},
			"Eule", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d", false, "handoff.cannot.teams_browser_choice", ""},
		{"bbb greenlight", Link{Kind: KindPlatform, Platform: PlatformBigBlueButton, URL: "https://bbb.example.org/rooms/abc-def-ghi/join"},
			"Eule", "https://bbb.example.org/rooms/abc-def-ghi/join", false, "handoff.cannot.type_name", ""},
		{"bbb api join with name", Link{Kind: KindPlatform, Platform: PlatformBigBlueButton, URL: "https://bbb.example.org/bigbluebutton/api/join?fullName=Max&meetingID=1&checksum=ff"},
			"Eule", "https://bbb.example.org/bigbluebutton/api/join?fullName=Max&meetingID=1&checksum=ff", false, "handoff.cannot.bbb_name_in_link", ""},
		{"galene", Link{Kind: KindPlatform, Platform: PlatformGalene, URL: "https://galene.example.org:8443/group/mittwoch/"},
			"Eule", "https://galene.example.org:8443/group/mittwoch/", false, "handoff.cannot.type_name", ""},
		{"livekit", Link{Kind: KindPlatform, Platform: PlatformLiveKit, URL: "https://meet.livekit.io/rooms/x"},
			"Eule", "https://meet.livekit.io/rooms/x", false, "handoff.cannot.type_name", ""},
		{"unknown", Link{Kind: KindPlatform, Platform: PlatformUnknown, URL: "https://video.example.org/raum/7"},
			"Eule", "https://video.example.org/raum/7", false, "handoff.cannot.unknown_platform", "handoff.warn.unknown_platform"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := HandoffURL(tt.link, HandoffOptions{Pseudonym: tt.pseudonym})
			if err != nil {
				t.Fatal(err)
			}
			if h.URL != tt.wantURL {
				t.Errorf("URL %q, want %q", h.URL, tt.wantURL)
			}
			if h.NamePrefilled != tt.prefilled || h.Warning != tt.warning || h.Platform != tt.link.Platform {
				t.Errorf("%+v", h)
			}
			if tt.wantCannot != "" && !slices.Contains(h.CannotProtect, tt.wantCannot) {
				t.Errorf("CannotProtect %v lacks %s", h.CannotProtect, tt.wantCannot)
			}
			if !slices.Contains(h.Protects, "handoff.protects.private_window") {
				t.Errorf("Protects %v", h.Protects)
			}
		})
	}
}

func TestHandoffZoomUnameDecodes(t *testing.T) {
	for _, name := range hostileNames {
		h, err := HandoffURL(Link{Kind: KindPlatform, Platform: PlatformZoom, URL: "https://zoom.us/j/123?pwd=p"}, HandoffOptions{Pseudonym: name})
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(h.URL)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if q.Get("uname") != name || q.Get("pwd") != "p" || len(q) != 2 || u.Fragment != "" {
			t.Errorf("%q: query %v fragment %q", name, q, u.Fragment)
		}
	}
}

func TestHandoffRejects(t *testing.T) {
	jitsi := Link{Kind: KindPlatform, Platform: PlatformJitsi, URL: "https://meet.jit.si/X"}
	tests := []struct {
		name string
		link Link
		nick string
		key  string
	}{
		{"newline", jitsi, "Eule\nmehr", KeyHandoffNameControl},
		{"carriage return", jitsi, "Eule\rX", KeyHandoffNameControl},
		{"nul", jitsi, "Eu\x00le", KeyHandoffNameControl},
		{"tab inside", jitsi, "Eu\tle", KeyHandoffNameControl},
		{"right-to-left override", jitsi, "Eule\u202egnp.exe", KeyHandoffNameControl},
		{"zero width space", jitsi, "Eu\u200ble", KeyHandoffNameControl},
		{"line separator", jitsi, "Eu\u2028le", KeyHandoffNameControl},
		{"invalid utf-8", jitsi, "Eu\xffle", KeyHandoffNameControl},
		{"too long", jitsi, strings.Repeat("Eule", 17), KeyHandoffNameLong},
		{"native ring", Link{Kind: KindNative, Platform: PlatformJanus, Endpoint: "wss://x/", Room: 1}, "Eule", KeyHandoffNative},
		{"option-like URL", Link{Kind: KindPlatform, URL: "--remote-debugging-port=1"}, "Eule", KeyHandoffBadURL},
		{"javascript URL", Link{Kind: KindPlatform, URL: "javascript:alert(1)"}, "Eule", KeyHandoffBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := HandoffURL(tt.link, HandoffOptions{Pseudonym: tt.nick})
			var e *Error
			if !errors.As(err, &e) || e.Key != tt.key {
				t.Errorf("err %v, want %s", err, tt.key)
			}
		})
	}
	// Surrounding spaces are trimmed, not refused.
	if h, err := HandoffURL(jitsi, HandoffOptions{Pseudonym: "  Eule \t"}); err != nil || !strings.Contains(h.URL, "%22Eule%22") {
		t.Errorf("%v %q", err, h.URL)
	}
}

func TestHandoffFromParse(t *testing.T) {
	l, err := Parse("https://meet.jit.si/Gruppe?utm_source=mail")
	if err != nil {
		t.Fatal(err)
	}
	h, err := HandoffURL(l, HandoffOptions{Pseudonym: "Eule"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.URL, "utm_") || !strings.HasPrefix(h.URL, "https://meet.jit.si/Gruppe#") {
		t.Errorf("%q", h.URL)
	}
}

// FuzzHandoffJitsiName checks that any name HandoffURL accepts reaches
// Jitsi unchanged and cannot add parameters of its own.
func FuzzHandoffJitsiName(f *testing.F) {
	for _, n := range hostileNames {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h, err := HandoffURL(Link{Kind: KindPlatform, Platform: PlatformJitsi, URL: "https://meet.jit.si/X"}, HandoffOptions{Pseudonym: name})
		if err != nil {
			return
		}
		p := jitsiParams(t, h.URL)
		want := strings.TrimSpace(name)
		if want == "" {
			if _, ok := p["userInfo.displayName"]; ok {
				t.Fatalf("empty name set: %q", h.URL)
			}
			return
		}
		if p["userInfo.displayName"] != want {
			t.Fatalf("%q read back as %#v from %q", want, p["userInfo.displayName"], h.URL)
		}
		if len(p) != len(jitsiPrivacyConfig)+1 {
			t.Fatalf("name added parameters: %v", p)
		}
	})
}
