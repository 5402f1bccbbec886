package privacy

import (
	"context"
	"testing"
)

func TestRealNameMatch(t *testing.T) {
	tests := []struct {
		pseudonym string
		known     []string
		want      bool
		which     string
	}{
		{"Stille Eule", []string{"Max Mustermann", "mmustermann"}, false, ""},
		{"Max", []string{"Max Mustermann"}, true, "Max Mustermann"},
		{"MUSTERMANN", []string{"Max Mustermann"}, true, "Max Mustermann"},
		{"Juergen", []string{"Jürgen Groß"}, true, "Jürgen Groß"},
		{"Jurgen", []string{"Jürgen Groß"}, true, "Jürgen Groß"},
		{"Jürgen", []string{"Juergen Gross"}, true, "Juergen Gross"},
		{"Herr Gross", []string{"Jürgen Groß"}, true, "Jürgen Groß"},
		{"Frau Ozturk", []string{"Sabine Öztürk"}, true, "Sabine Öztürk"},
		{"José", []string{"Jose Garcia"}, true, "Jose Garcia"},
		{"Max", []string{"Mustermann, Max"}, true, "Mustermann, Max"},
		{"MaxMustermann", []string{"Mustermann, Max"}, true, "Mustermann, Max"},
		{"max.mustermann", []string{"Max Mustermann"}, true, "Max Mustermann"},
		{"Max M", []string{"max.mustermann@gmail.com"}, true, "max.mustermann@gmail.com"},
		{"Gmail Fan", []string{"max.mustermann@gmail.com"}, false, ""},
		{"Eule", []string{"Leonhard Euler"}, false, ""},         // whole words only
		{"Maxi", []string{"Max Mustermann"}, false, ""},         // whole words only
		{"Anna von Eule", []string{"Karl von Berg"}, false, ""}, // particles alone say nothing
		{"Al", []string{"Al Bundy"}, false, ""},                 // two letters are too short alone
		{"Al Bundy", []string{"Al Bundy"}, true, "Al Bundy"},
		{"m mustermann", []string{"mmustermann"}, true, "mmustermann"},
		{"", []string{"Max"}, false, ""},
		{"🦉 Eule 42", []string{"", "  "}, false, ""},
	}
	for _, tt := range tests {
		got, which := RealNameMatch(tt.pseudonym, tt.known)
		if got != tt.want || which != tt.which {
			t.Errorf("RealNameMatch(%q, %q) = %v, %q; want %v, %q", tt.pseudonym, tt.known, got, which, tt.want, tt.which)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	tests := map[string]string{
		"max.mustermann@gmail.com": "m…n@gmail.com",
		"ab@gmail.com":             "a…@gmail.com",
		"ü@example.de":             "ü…@example.de",
		"@x.org":                   "…@x.org",
		"not-an-address":           "n…",
		"":                         "",
	}
	for in, want := range tests {
		if got := MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkRealNameMatch(b *testing.B) {
	known := []string{"Max Mustermann", "mmustermann", "max.mustermann@gmail.com", "Mustermann, Max", "Anna Beispiel"}
	for b.Loop() {
		RealNameMatch("Stille Eule", known)
	}
}

func TestOSNames(t *testing.T) {
	opts := Options{GOOS: "linux", Env: func(k string) string { return map[string]string{"USER": "eva"}[k] },
		ReadFile: func(string) ([]byte, error) {
			return []byte("eva:x:1001:1001:Eva Schäfer,Raum 3,,:/home/eva:/bin/sh\n"), nil
		}}
	got := OSNames(context.Background(), opts)
	if len(got) != 2 || got[0] != "eva" || got[1] != "Eva Schäfer" {
		t.Errorf("%q", got)
	}
	if ok, which := RealNameMatch("Frau Schaefer", got); !ok || which != "Eva Schäfer" {
		t.Errorf("%v %q", ok, which)
	}
}
