package ring

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func mustParse(t *testing.T, s string) Link {
	t.Helper()
	l, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return l
}

func TestPrintingNeverShowsSecrets(t *testing.T) {
	tests := []struct {
		name, in string
		secrets  []string
		visible  []string
	}{
		{"native pin", "ringlet://janus.example.org/ws?room=1234&pin=Geheim42&title=Runde",
			[]string{"Geheim42"}, []string{"janus.example.org", "1234", "Runde", "pin=***"}},
		{"fragment form pin", "https://g.example.org/#janus=wss://janus.example.org/&room=5&pin=Kennwort7",
			[]string{"Kennwort7"}, []string{"room=5"}},
		{"zoom pwd", "https://us02web.zoom.us/j/85512345678?pwd=ZoomPass99",
			[]string{"ZoomPass99"}, []string{"85512345678", "pwd=***"}},
		{"zoom registrant token", "https://zoom.us/w/123?tk=RegToken55&uname=x",
			[]string{"RegToken55"}, []string{"tk=***"}},
		{"jitsi jwt", "https://meet.jit.si/Kreis?jwt=eyJhbGciOiJIUzI1NiJ9.payload.sig",
			[]string{"eyJhbGciOiJIUzI1NiJ9"}, []string{"Kreis"}},
		{"teams passcode", "https://teams.live.com/meet/9876543210?p=TeamsCode1",
			[]string{"TeamsCode1"}, []string{"9876543210"}},
		{"bbb api join", "https://bbb.example.org/bigbluebutton/api/join?meetingID=1&password=BbbPw123&checksum=0123abcdef",
			[]string{"BbbPw123", "0123abcdef"}, []string{"meetingID=1"}},
		{"livekit token", "https://meet.livekit.io/custom?liveKitUrl=wss://x.example.org&token=LkTok777",
			[]string{"LkTok777"}, []string{"liveKitUrl"}},
		{"secret in fragment", "https://video.example.org/r#token=FragTok11",
			[]string{"FragTok11"}, []string{"#token=***"}},
		{"encoded secret key", "https://video.example.org/r?%70wd=EncKey42",
			[]string{"EncKey42"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustParse(t, tt.in)
			prints := map[string]string{
				"String": l.String(), "GoString": l.GoString(),
				"%v": fmt.Sprintf("%v", l), "%+v": fmt.Sprintf("%+v", l), "%#v": fmt.Sprintf("%#v", l),
				"%s": fmt.Sprintf("%s", l), "%q": fmt.Sprintf("%q", l), "%x": fmt.Sprintf("%x", l),
				"%v pointer": fmt.Sprintf("%v", &l), "%+v in struct": fmt.Sprintf("%+v", struct{ L Link }{l}),
				"%v in slice": fmt.Sprint([]Link{l}), "Println": fmt.Sprintln(l),
			}
			for how, out := range prints {
				for _, s := range tt.secrets {
					if strings.Contains(out, s) {
						t.Errorf("%s shows secret %q: %s", how, s, out)
					}
				}
			}
			for _, v := range tt.visible {
				if !strings.Contains(l.String(), v) {
					t.Errorf("String() lost %q: %s", v, l.String())
				}
			}
			if !strings.Contains(l.Canonical(), tt.secrets[0]) {
				t.Errorf("Canonical() must keep secrets for sharing: %s", l.Canonical())
			}
		})
	}
}

func TestSlogNeverShowsThePIN(t *testing.T) {
	l := mustParse(t, "ringlet://janus.example.org/?room=1&pin=Geheim42")
	var out strings.Builder
	for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
		slog.New(h).Info("joining", "link", l, "ptr", &l)
	}
	if strings.Contains(out.String(), "Geheim42") || !strings.Contains(out.String(), "pin=***") {
		t.Errorf("slog output: %s", out.String())
	}
}

func TestGoStringIsRedacted(t *testing.T) {
	l := mustParse(t, "ringlet://127.0.0.1:8188/?room=7&pin=1234&tls=0")
	want := `ring.Link{Kind:1, Platform:1, Endpoint:"ws://127.0.0.1:8188/", Room:7, RoomName:"", PIN:"***", Title:"", Key:"", URL:""}`
	if got := fmt.Sprintf("%#v", l); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := fmt.Sprintf("%v", Link{}); got != "ring.Link{}" {
		t.Errorf("zero Link prints %q", got)
	}
}

func TestCanonicalRoundTrips(t *testing.T) {
	tests := []struct{ in, canonical string }{
		{"ringlet://Janus.Example.org:443/ws?utm_source=x&room=0012&pin=a%26b+c&title=Stille++Runde",
			"ringlet://janus.example.org/ws?room=12&pin=a%26b+c&title=Stille+Runde"},
		{"https://g.example.org/#janus=ws://127.0.0.1:8188&room=1", "ringlet://127.0.0.1:8188/?room=1&tls=0"},
		{"http://[::1]:8000/videoroomtest.html?room=99", "ringlet://[::1]:8188/?room=99&tls=0"},
		{"https://janus.example.org/demo/videoroom.html?room=99", "ringlet://janus.example.org:8989/?room=99"},
		{"https://us02web.zoom.us/j/1?pwd=x&utm_source=y", "https://us02web.zoom.us/j/1?pwd=x"},
		// A last character that sentence punctuation trimming would cut
		// is %-encoded, so the link survives being pasted into a sentence.
		{"ringlet://janus.example.org/?room=1&title=Runde%2E", "ringlet://janus.example.org/?room=1&title=Runde%2E"},
		{"https://video.example.org/raum!#", "https://video.example.org/raum%21"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l := mustParse(t, tt.in)
			if got := l.Canonical(); got != tt.canonical {
				t.Fatalf("Canonical() = %s, want %s", got, tt.canonical)
			}
			if again := mustParse(t, l.Canonical()); again != l {
				t.Errorf("re-parsed to %#v", again)
			}
		})
	}
	if got := (Link{}).Canonical(); got != "" {
		t.Errorf("zero Link canonical %q", got)
	}
}

func TestLoopback(t *testing.T) {
	tests := []struct {
		endpoint string
		want     bool
	}{
		{"ws://127.0.0.1:8188/", true},
		{"ws://127.45.6.7/", true},
		{"wss://localhost:8989/", true},
		{"ws://[::1]:8188/", true},
		{"ws://[::ffff:127.0.0.1]:8188/", true},
		{"wss://janus.example.org/", false},
		{"wss://localhost.example.org/", false},
		{"wss://128.0.0.1/", false},
		{"wss://[::2]/", false},
		{"::not a url", false},
	}
	for _, tt := range tests {
		l := Link{Kind: KindNative, Platform: PlatformJanus, Endpoint: tt.endpoint, Room: 1}
		if got := l.Loopback(); got != tt.want {
			t.Errorf("Loopback(%s) = %v", tt.endpoint, got)
		}
	}
	if (Link{Kind: KindPlatform, URL: "http://localhost/"}).Loopback() {
		t.Error("platform links have no native endpoint")
	}
}

func TestKindMessageKey(t *testing.T) {
	for k, want := range map[Kind]string{KindNative: "ring.kind.native", KindPlatform: "ring.kind.platform", 0: "ring.kind.invalid"} {
		if got := k.MessageKey(); got != want {
			t.Errorf("%d: %s", k, got)
		}
	}
}
