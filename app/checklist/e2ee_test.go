package checklist

import "testing"

func TestLinkHoldsKey(t *testing.T) {
	for link, want := range map[string]bool{
		"ringlet://r.example.org/?room=1#key=Mond":                          true,
		"ringlet://r.example.org/?room=1#KEY=Mond":                          true,
		"https://g.example.org/#janus=wss://r.example.org/&room=1&key=M%20": true,
		"ringlet://r.example.org/?room=1&key=notafragment":                  false,
		"ringlet://r.example.org/?room=1#key=":                              false,
		"ringlet://r.example.org/?room=1#monkey=1":                          false,
		"https://meet.jit.si/x#config.startWithVideoMuted=true":             false,
		"": false,
	} {
		if got := LinkHoldsKey(link); got != want {
			t.Errorf("LinkHoldsKey(%q) = %v, want %v", link, got, want)
		}
	}
}
