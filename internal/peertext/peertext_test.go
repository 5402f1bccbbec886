package peertext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHostileNamesAreCleaned(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Quiet Owl", "Quiet Owl"},
		{"terminal escape", "Owl\x1b]52;c;ZXZpbA==\x07", "Owl]52;c;ZXZpbA=="},
		{"screen clear", "\x1b[2J\x1b[HOwl", "[2J[HOwl"},
		{"C1 controls", "Owl\u009b31m\u0085", "Owl31m"},
		{"bidi override", "Owl\u202egnp.exe", "Owlgnp.exe"},
		{"bidi isolates", "\u2066Owl\u2069\u2067x\u2068", "Owlx"},
		{"line separators", "Quiet\u2028Owl\u2029", "Quiet Owl"},
		{"new lines and tabs", "Quiet\n\n\tOwl\r\n", "Quiet Owl"},
		{"zero width", "Qui\u200bet Owl\ufeff", "Quiet Owl"},
		{"NFC", "Eule mit Ü: U\u0308", "Eule mit Ü: Ü"},
		{"invalid utf-8", "Owl\xff", "Owl\uFFFD"},
		{"leading space", "   Owl", "Owl"},
		{"only controls", "\x00\x01\u202e", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Name(tt.in); got != tt.want {
				t.Errorf("Name(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHostileNameIsBounded(t *testing.T) {
	huge := strings.Repeat("ä", 50_000)
	got := Name(huge)
	if n := utf8.RuneCountInString(got); n != MaxNameRunes {
		t.Fatalf("a 50 000-letter name keeps %d letters, want %d", n, MaxNameRunes)
	}
	// Invisible characters do not count against the bound but cannot
	// make the output longer either.
	sneaky := strings.Repeat("\u202e", 10_000) + strings.Repeat("x", 100)
	if n := utf8.RuneCountInString(Name(sneaky)); n > MaxNameRunes {
		t.Fatalf("%d letters survive, want at most %d", n, MaxNameRunes)
	}
}

func TestHostileChatIsCleaned(t *testing.T) {
	in := "hi\x1b[31m red\u202e\n\n" + strings.Repeat("\n", 100) + "end"
	got := Chat(in)
	if strings.ContainsAny(got, "\x1b\u202e") {
		t.Fatalf("controls survive: %q", got)
	}
	if n := strings.Count(got, "\n"); n > MaxChatLines {
		t.Fatalf("%d line breaks survive, want at most %d", n, MaxChatLines)
	}
	if !strings.HasPrefix(got, "hi[31m red\n") || !strings.HasSuffix(got, "end") {
		t.Fatalf("text lost: %q", got)
	}
	if n := utf8.RuneCountInString(Chat(strings.Repeat("ab", 5000))); n != MaxChatRunes {
		t.Fatalf("chat keeps %d letters, want %d", n, MaxChatRunes)
	}
}

func TestHostileTerminalEscapes(t *testing.T) {
	got := Terminal("a\x1b]52;c;ZXZpbA==\x07b\u202ec\u009bd\ne", false)
	want := `a\x1b]52;c;ZXZpbA==\x07b\u202ec\x9bd\x0ae`
	if got != want {
		t.Fatalf("Terminal = %q, want %q", got, want)
	}
	if got := Terminal("line\nnext", true); got != "line\nnext" {
		t.Fatalf("keepNewlines: %q", got)
	}
}

func TestFoldTellsLookalikesApart(t *testing.T) {
	same := []string{"Quiet Owl", "quiet  owl", "QUIET OWL", "Qu1et Оwl", "Quiet\u200bOwl", "Qúiet Owl", "Ｑｕｉｅｔ Ｏｗｌ", "Quiet_Owl!"}
	for _, s := range same {
		if Fold(s) != Fold(same[0]) {
			t.Errorf("Fold(%q) = %q, want %q", s, Fold(s), Fold(same[0]))
		}
	}
	if Fold("Quiet Owl") == Fold("Quiet Heron") {
		t.Error("different names fold alike")
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"Quiet Owl", "\x1b[2J", "\u202egnp", strings.Repeat("x", 300), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Name(s), Chat(s)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q", s)
			}
			for _, r := range out {
				if invisible(r) && r != '\n' {
					t.Fatalf("invisible %U survives in %q", r, out)
				}
			}
		}
		if n := utf8.RuneCountInString(Name(s)); n > MaxNameRunes {
			t.Fatalf("name of %d runes", n)
		}
		if Name(Name(s)) != Name(s) {
			t.Fatalf("Name is not idempotent on %q", s)
		}
		for _, r := range Terminal(s, false) {
			if invisible(r) {
				t.Fatalf("Terminal lets %U through", r)
			}
		}
	})
}
