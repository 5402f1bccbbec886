package ring

import (
	"strings"
	"testing"
)

func TestFirstLink(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"alone", "https://meet.jit.si/Kreis", "https://meet.jit.si/Kreis"},
		{"in a sentence", "Bitte hier beitreten: https://meet.jit.si/Kreis. Danke!", "https://meet.jit.si/Kreis"},
		{"angle brackets", "Link <https://meet.jit.si/Kreis> anbei", "https://meet.jit.si/Kreis"},
		{"html attribute", `<a href="https://meet.jit.si/Kreis">hier</a>`, "https://meet.jit.si/Kreis"},
		{"markdown", "[Runde](https://meet.jit.si/Kreis)", "https://meet.jit.si/Kreis"},
		{"colon glued", "Link:https://meet.jit.si/Kreis", "https://meet.jit.si/Kreis"},
		{"upper case scheme", "HTTPS://MEET.JIT.SI/Kreis", "HTTPS://MEET.JIT.SI/Kreis"},
		{"ringlet first", "ringlet://j.example.org/?room=1 und https://meet.jit.si/x", "ringlet://j.example.org/?room=1"},
		{"first of two", "https://a.example.org/1\nhttps://b.example.org/2", "https://a.example.org/1"},
		{"other schemes skipped", "ftp://x.example.org/ then http://localhost:8000/r", "http://localhost:8000/r"},
		{"glued to the word before", "Zoom-Meeting beitretenhttps://zoom.us/j/1", "https://zoom.us/j/1"},
		{"glued upper case", "LinkHTTPS://meet.jit.si/x", "HTTPS://meet.jit.si/x"},
		{"German quotes", "„https://meet.jit.si/Kreis“", "https://meet.jit.si/Kreis"},
		{"balanced parentheses kept", "siehe https://de.wikipedia.org/wiki/A_(B).", "https://de.wikipedia.org/wiki/A_(B)"},
		{"non-breaking space ends", "https://meet.jit.si/Kreis\u00a0morgen", "https://meet.jit.si/Kreis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FirstLink(tt.text)
			if !ok || got != tt.want {
				t.Errorf("FirstLink = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
	for _, text := range []string{"", "kein Link hier", "https://", "https:// leer", "mailto:a@b.example", "javascript:alert(1)", "://x"} {
		if got, ok := FirstLink(text); ok {
			t.Errorf("FirstLink(%q) = %q", text, got)
		}
	}
}

func TestLooksLikeRingLink(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"ringlet://janus.example.org/?room=1", true},
		{"Einladung: https://us02web.zoom.us/j/123?pwd=x\nKenncode 1", true},
		{"https://meet.jit.si/Kreis", true},
		{"https://janus.example.org/videoroomtest.html?room=3", true},
		{"https://www.example.org/rezept", false},
		{"https://zооm.us/j/1", false},
		{"Einkaufsliste: Milch, Brot", false},
		{"", false},
		{strings.Repeat("x", MaxTextBytes+1), false},
	}
	for _, tt := range tests {
		if got := LooksLikeRingLink(tt.text); got != tt.want {
			t.Errorf("LooksLikeRingLink(%.40q) = %v", tt.text, got)
		}
	}
}

func TestSkeletonAndScripts(t *testing.T) {
	tests := []struct {
		host     string
		skeleton string
	}{
		{"zoom.us", "zoom.us"},
		{"zооm.us", "zoom.us"},
		{"z00m.us", "zoom.us"},
		{"zöom.us", "zoom.us"},
		{"teams.rnicrosoft.com", "teams.microsoft.com"},
		{"meet.jit.si", "meet.jit.si"},
	}
	for _, tt := range tests {
		if got := skeleton(tt.host); got != tt.skeleton {
			t.Errorf("skeleton(%s) = %s", tt.host, got)
		}
	}
	for label, want := range map[string]bool{"münchen": false, "zооm": true, "東京": false, "東京tokyo": false, "とうきょう東京": false, "παράδειγμα": false, "prімer": true} {
		if got := mixesScripts(label); got != want {
			t.Errorf("mixesScripts(%s) = %v", label, got)
		}
	}
	for label, want := range map[string]bool{"аррӏе": true, "пример": false, "münchen": false, "ορα": true} {
		if got := onlyLatinLookalikes(label); got != want {
			t.Errorf("onlyLatinLookalikes(%s) = %v", label, got)
		}
	}
}
