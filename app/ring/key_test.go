package ring

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestKeyInEveryNativeForm(t *testing.T) {
	tests := []struct{ name, in, key string }{
		{"ringlet", "ringlet://janus.example.org/?room=5#key=Mond+und+Sterne", "Mond und Sterne"},
		{"ringlet loopback", "ringlet://127.0.0.1:8188/?room=5&tls=0#key=abc", "abc"},
		{"fragment form", "https://g.example.org/#janus=wss://janus.example.org/&room=5&key=%C3%BCber%26mehr", "über&mehr"},
		{"demo page", "https://janus.example.org/videoroom.html?room=5#key=k", "k"},
		{"no key", "ringlet://janus.example.org/?room=5", ""},
		{"other fragment parts ignored", "ringlet://janus.example.org/?room=5#x=1&key=k2", "k2"},
		{"livekit ringlet", "ringlet://meet.example.org/?livekit=abcd-1234#key=Mond+und+Sterne", "Mond und Sterne"},
		// LiveKit Meet writes encodeURIComponent(passphrase) as the whole
		// fragment and reads it back with decodeURIComponent: '+' stays.
		{"livekit meet", "https://meet.example.org/rooms/abcd-1234#Mond%20und%20Sterne", "Mond und Sterne"},
		{"livekit meet plus", "https://meet.example.org/rooms/abcd-1234#a+b%26c%3Dd", "a+b&c=d"},
		{"livekit meet umlaut", "https://meet.example.org/rooms/abcd-1234#%C3%BCber", "über"},
		{"livekit meet key= is all passphrase", "https://meet.example.org/rooms/abcd-1234#key=k", "key=k"},
		{"livekit meet empty fragment", "https://meet.example.org/rooms/abcd-1234#", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustParse(t, tt.in)
			if l.Key != tt.key || l.Encrypted() != (tt.key != "") {
				t.Fatalf("key %q (encrypted %v), want %q", l.Key, l.Encrypted(), tt.key)
			}
			again := mustParse(t, l.Canonical())
			if again != l {
				t.Fatalf("canonical %q parses to %#v", l.Canonical(), again)
			}
		})
	}
}

func TestKeyGoesIntoTheFragment(t *testing.T) {
	l := mustParse(t, "https://g.example.org/#janus=wss://janus.example.org/&room=5&pin=1&key=a+b%2e")
	want := "ringlet://janus.example.org/?room=5&pin=1#key=a+b%2E"
	if got := l.Canonical(); got != want {
		t.Fatalf("canonical %q, want %q", got, want)
	}
}

func TestKeyIsNeverShown(t *testing.T) {
	for _, in := range []string{
		"ringlet://janus.example.org/?room=5#key=Zitronenfalter",
		"https://meet.example.org/rooms/abcd-1234#Zitronenfalter",
	} {
		l := mustParse(t, in)
		var out strings.Builder
		fmt.Fprintf(&out, "%v %s %+v %#v %q", l, l, l, l, l)
		slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "link", l)
		if strings.Contains(out.String(), "Zitronenfalter") || !strings.Contains(out.String(), "key=***") {
			t.Fatalf("output shows the key or hides that there is one: %s", out.String())
		}
		if details := l.LiveKitDetailsURL("Stille Eule"); strings.Contains(details, "Zitronenfalter") {
			t.Fatalf("the connection-details request would carry the key: %s", details)
		}
	}
}

// A LiveKit Meet link with a passphrase is written back in the ringlet://
// form, the passphrase in the fragment as #key=.
func TestLiveKitMeetPassphraseInTheRingletForm(t *testing.T) {
	l := mustParse(t, "https://meet.example.org/rooms/abcd-1234#a+b%20c")
	want := "ringlet://meet.example.org/?livekit=abcd-1234#key=a%2Bb+c"
	if got := l.Canonical(); got != want {
		t.Fatalf("canonical %q, want %q", got, want)
	}
	if l.Platform != PlatformLiveKit || l.RoomName != "abcd-1234" || !l.Encrypted() {
		t.Fatalf("%#v", l)
	}
}

func TestBadKeysAreRefused(t *testing.T) {
	tests := []struct{ name, in, key string }{
		{"empty", "ringlet://janus.example.org/?room=5#key=", KeyBadKey},
		{"control", "ringlet://janus.example.org/?room=5#key=a%00b", KeyBadKey},
		{"broken escape", "ringlet://janus.example.org/?room=5#key=a%zz", KeyNotALink},
		{"not UTF-8", "ringlet://janus.example.org/?room=5#key=%ff", KeyBadKey},
		{"too long", "ringlet://janus.example.org/?room=5#key=" + strings.Repeat("k", MaxKeyBytes+1), KeyBadKey},
		{"twice", "ringlet://janus.example.org/?room=5#key=a&key=b", KeyAmbiguous},
		{"twice in the fragment form", "https://g.example.org/#janus=wss://j.example.org/&room=5&key=a&key=a", KeyAmbiguous},
		{"livekit ringlet empty", "ringlet://meet.example.org/?livekit=r#key=", KeyBadKey},
		{"livekit meet control", "https://meet.example.org/rooms/r#a%0Ab", KeyBadPassphrase},
		{"livekit meet not UTF-8", "https://meet.example.org/rooms/r#%ff%fe", KeyBadPassphrase},
		{"livekit meet too long", "https://meet.example.org/rooms/r#" + strings.Repeat("k", MaxKeyBytes+1), KeyBadPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			var e *Error
			if !errors.As(err, &e) || e.Key != tt.key {
				t.Fatalf("error %v, want %s", err, tt.key)
			}
		})
	}
	long := "ringlet://janus.example.org/?room=5#key=" + strings.Repeat("k", MaxKeyBytes)
	if l := mustParse(t, long); len(l.Key) != MaxKeyBytes {
		t.Fatalf("key of %d bytes cut to %d", MaxKeyBytes, len(l.Key))
	}
}
