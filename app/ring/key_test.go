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
	l := mustParse(t, "ringlet://janus.example.org/?room=5#key=Zitronenfalter")
	var out strings.Builder
	fmt.Fprintf(&out, "%v %s %+v %#v %q", l, l, l, l, l)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("x", "link", l)
	if strings.Contains(out.String(), "Zitronenfalter") || !strings.Contains(out.String(), "key=***") {
		t.Fatalf("output shows the key or hides that there is one: %s", out.String())
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
