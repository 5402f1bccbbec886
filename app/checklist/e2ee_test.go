package checklist

import (
	"testing"

	"github.com/ringlet/ringlet/app/ring"
)

func TestLinkHoldsKey(t *testing.T) {
	for link, want := range map[string]bool{
		"ringlet://r.example.org/?room=1#key=Mond":                          true,
		"ringlet://r.example.org/?room=1#KEY=Mond":                          true,
		"https://g.example.org/#janus=wss://r.example.org/&room=1&key=M%20": true,
		"ringlet://r.example.org/?room=1&key=notafragment":                  false,
		"ringlet://r.example.org/?room=1#key=":                              false,
		"ringlet://r.example.org/?room=1#monkey=1":                          false,
		"https://meet.jit.si/x#config.startWithVideoMuted=true":             false,
		"https://meet.example.org/rooms/abcd-1234#Mond%20und%20Sterne":      true,
		"https://meet.livekit.io/rooms/abcd-1234#geheim":                    true,
		"https://meet.example.org/rooms/abcd-1234":                          false,
		"ringlet://meet.example.org/?livekit=abcd-1234#key=Mond":            true,
		"": false,
	} {
		if got := LinkHoldsKey(link); got != want {
			t.Errorf("LinkHoldsKey(%q) = %v, want %v", link, got, want)
		}
	}
}

// FuzzLinkHoldsKey: whatever the text, LinkHoldsKey agrees with app/ring
// on every link ring.Parse takes, in the form a checklist stores it.
func FuzzLinkHoldsKey(f *testing.F) {
	for _, s := range []string{
		"ringlet://r.example.org/?room=1#key=Mond",
		"https://g.example.org/#janus=wss://r.example.org/&room=1&key=M%20",
		"https://janus.example.org/videoroom.html?room=5#key=k",
		"ringlet://r.example.org/?room=1#key=a&key=b",
		"ringlet://r.example.org/?room=1#Key=%zz",
		"https://meet.jit.si/x#key=1",
		"ringlet://r.example.org/?room=1",
		"https://meet.example.org/rooms/abcd-1234#a+b%26key=c",
		"ringlet://meet.example.org/?livekit=abcd-1234#key=k",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		holds := LinkHoldsKey(s)
		l, err := ring.Parse(s)
		if err != nil || l.Kind != ring.KindNative {
			return
		}
		if canonical := l.Canonical(); LinkHoldsKey(canonical) != l.Encrypted() {
			t.Fatalf("LinkHoldsKey(%q) = %v, but the link's key is %v", canonical, LinkHoldsKey(canonical), l.Encrypted())
		}
		if l.Encrypted() && !holds {
			t.Fatalf("%q holds a key that LinkHoldsKey misses", s)
		}
	})
}
