package ring

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzSeeds cover every accepted form and every rejection; the committed
// corpus in testdata/fuzz/FuzzParse holds them and what the fuzzer found.
var fuzzSeeds = []string{
	"ringlet://janus.example.org:8989/janus?room=1234&pin=geheim&title=Mittwochsrunde",
	"ringlet://127.0.0.1:8188?room=1234&tls=0",
	"ringlet://[::1]:8188/?room=1&tls=0",
	"ringlet://selbsthilfe-münchen.de/ws?room=3&title=%C3%BC+x",
	"https://gruppe.example.org/beitreten#janus=wss://janus.example.org/ws&room=42&pin=x",
	"https://g.example.org/#janus=wss%3A%2F%2Fjanus.example.org%3A8989%2F&room=42&title=Montag",
	"http://127.0.0.2:8000/videoroomtest.html?room=1234",
	"https://janus.example.org/videoroom.html?room=9007199254740992&pin=p",
	"Einladung:\nhttps://us02web.zoom.us/j/85512345678?pwd=abcDEF&utm_source=x.\nKenncode 1",
	"https://meet.jit.si/Kreis?jwt=eyJ.a.b&fbclid=1#config.startWithVideoMuted=true",
	"https://meet.google.com/abc-defg-hij?authuser=1",
	"https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE%40thread.v2/0?context=%7b%22Tid%22%3a%22a1%22%7d",
	"https://bbb.example.org/bigbluebutton/api/join?meetingID=1&password=p&checksum=abc",
	"https://lernen.example.de/rooms/abc-def-ghi-jkl/join",
	"https://galene.example.org:8443/group/selbsthilfe/",
	"https://meet.livekit.io/rooms/abcd-1234",
	"https://meet.example.org/rooms/abcd-1234",
	"https://meet.example.org:8443/rooms/Abend_Runde.2",
	"ringlet://meet.example.org?livekit=abcd-1234&title=Donnerstag",
	"ringlet://127.0.0.1:3000/api/token?livekit=x&tls=0",
	"ringlet://meet.example.org/?livekit=a%2Fb",
	"ringlet://meet.example.org/?livekit=a&room=1",
	"https://meet.example.org/rooms/..",
	"[Hier](https://de.wikipedia.org/wiki/A_(B))",
	"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fus02web.zoom.us%2Fj%2F1%3Fpwd%3Da&data=05",
	"https://www.google.com/url?q=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%253A%252F%252Fmeet.jit.si%252Fx",
	"javascript:alert(1)",
	"file:///etc/passwd",
	"-https://meet.jit.si/x",
	"https://zoom.us@evil.example/j/1",
	"https://zооm.us/j/1",
	"https://xn--zm-fmca.us/",
	"https://z00m.us/",
	"http://meet.jit.si/x",
	"https://2130706433/",
	"https://[fe80::1%25eth0]/",
	"ringlet://janus.example.org/?room=0",
	"ringlet://janus.example.org/?room=1&room=2",
	"ringlet://janus.example.org/?room=1&tls=0",
	"ringlet://janus.example.org/a/../b?room=1",
	"https://meet.jit.si/\u202eevil",
	"ringlet://janus.example.org/?room=1&pin=a%00b",
	"ringlet://janus.example.org/?room=1&pin=2#key=Mond+und+Sterne",
	"https://g.example.org/#janus=wss://janus.example.org/&room=5&key=%C3%BCber%26mehr.",
	"https://janus.example.org/videoroom.html?room=5#key=k&key=k",
	"ringlet://janus.example.org/?room=1#key=%ff",
	"",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !strings.HasPrefix(e.Key, "ring.error.") {
				t.Fatalf("untyped error %v", err)
			}
			if l != (Link{}) {
				t.Fatalf("rejected input returned %#v", l)
			}
			return
		}
		checkLinkInvariants(t, l)
	})
}

// checkLinkInvariants holds for every Link Parse returns.
func checkLinkInvariants(t *testing.T, l Link) {
	t.Helper()
	switch l.Kind {
	case KindNative:
		switch l.Platform {
		case PlatformJanus:
			if l.URL != "" || l.Room == 0 || l.Room > MaxRoom || l.RoomName != "" {
				t.Fatalf("bad native link %#v", l)
			}
			if !strings.HasPrefix(l.Endpoint, "wss://") && !(strings.HasPrefix(l.Endpoint, "ws://") && l.Loopback()) {
				t.Fatalf("insecure endpoint %q", l.Endpoint)
			}
		case PlatformLiveKit:
			if l.URL != "" || l.Room != 0 || l.PIN != "" || !validLiveKitRoom(l.RoomName) {
				t.Fatalf("bad LiveKit link %#v", l)
			}
			if !strings.HasPrefix(l.Endpoint, "https://") && !(strings.HasPrefix(l.Endpoint, "http://") && l.Loopback()) {
				t.Fatalf("insecure endpoint %q", l.Endpoint)
			}
			u, err := url.Parse(l.LiveKitDetailsURL("Stille Eule"))
			if err != nil || u.Query().Get("roomName") != l.RoomName || u.Query().Get("participantName") != "Stille Eule" {
				t.Fatalf("details URL %q of %#v", l.LiveKitDetailsURL("Stille Eule"), l)
			}
		default:
			t.Fatalf("native link of platform %d: %#v", l.Platform, l)
		}
		if hasControl(l.PIN) || hasControl(l.Title) || len(l.PIN) > MaxPINBytes || utf8.RuneCountInString(l.Title) > MaxTitleRunes {
			t.Fatalf("bad PIN or title in %#v", l)
		}
		if hasControl(l.Key) || len(l.Key) > MaxKeyBytes || !utf8.ValidString(l.Key) {
			t.Fatalf("bad key in %#v", l)
		}
	case KindPlatform:
		if l.Endpoint != "" || l.Room != 0 || l.PIN != "" || l.Title != "" || l.Key != "" {
			t.Fatalf("platform link keeps native fields: %#v", l)
		}
		u, err := url.Parse(l.URL)
		if err != nil || u.User != nil {
			t.Fatalf("bad URL %q", l.URL)
		}
		if u.Scheme != "https" && !(u.Scheme == "http" && (Link{Kind: KindNative, Endpoint: "ws://" + u.Host}).Loopback()) {
			t.Fatalf("insecure URL %q", l.URL)
		}
		// Path, query and fragment (IPv6 hosts have brackets before them).
		for i := len(u.Scheme) + 3 + len(u.Host); i < len(l.URL); i++ {
			if !allowedRaw(l.URL[i]) && l.URL[i] != '#' {
				t.Fatalf("raw byte %q in URL %q", l.URL[i], l.URL)
			}
		}
	default:
		t.Fatalf("no kind: %#v", l)
	}

	canonical := l.Canonical()
	if canonical == "" || canonical[0] == '-' {
		t.Fatalf("canonical %q", canonical)
	}
	again, err := Parse(canonical)
	if err != nil {
		t.Fatalf("canonical %q of %#v does not parse: %v", canonical, l, err)
	}
	if again != l {
		t.Fatalf("canonical %q parses to %#v, not %#v", canonical, again, l)
	}

	shown := l.String()
	if l.Key != "" && strings.Contains(shown, "#key="+url.QueryEscape(l.Key)) && l.Key != redacted {
		t.Fatalf("String shows the key: %q", shown)
	}
	if l.PIN != "" {
		other := l
		other.PIN = "another PIN"
		if other.String() != shown {
			t.Fatalf("String depends on the PIN: %q", shown)
		}
		if strings.Contains(shown, "pin="+url.QueryEscape(l.PIN)) && l.PIN != redacted {
			t.Fatalf("String shows the PIN: %q", shown)
		}
	}
	if l.Kind == KindPlatform {
		urlParts, shownParts := paramParts(l.URL), paramParts(shown)
		if len(urlParts) != len(shownParts) {
			t.Fatalf("String changed the shape of %q: %q", l.URL, shown)
		}
		for i, part := range urlParts {
			k, v, _ := strings.Cut(part, "=")
			key, err := url.QueryUnescape(k)
			if err == nil && secretParams[strings.ToLower(key)] && v != "" && shownParts[i] != k+"="+redacted {
				t.Fatalf("String shows secret %s: %q", key, shown)
			}
		}
	}
}

// paramParts splits a URL's query and fragment at every "?", "&" and "#".
func paramParts(u string) []string {
	cut := strings.IndexAny(u, "?#")
	if cut < 0 {
		return nil
	}
	return strings.FieldsFunc(u[cut:], func(r rune) bool { return r == '&' || r == '#' || r == '?' })
}

func FuzzFirstLink(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		link, ok := FirstLink(text)
		if !ok {
			if link != "" {
				t.Fatalf("no link but %q", link)
			}
			return
		}
		if !strings.Contains(text, link) {
			t.Fatalf("%q is not taken from the text", link)
		}
		scheme, _, _ := strings.Cut(link, "://")
		if k, ok := knownSchemeSuffix(scheme); !ok || len(k) != len(scheme) || strings.IndexFunc(link, unicode.IsSpace) >= 0 {
			t.Fatalf("odd link %q", link)
		}
		if again, _ := FirstLink(link); again != link {
			t.Fatalf("FirstLink(%q) = %q", link, again)
		}
	})
}
