package i18n

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

// glossary is what i18n/GLOSSARY.md rules: the words each language must
// not use, and the exact label of each button.
type glossary struct {
	ruledOut map[string][]string          // lang → patterns ("Anruf*")
	labels   map[string]map[string]string // key → lang → label
}

// readGlossary parses the tables of GLOSSARY.md. Tables are found by their
// header cells, so prose around them may change freely.
func readGlossary(t *testing.T) glossary {
	t.Helper()
	f, err := os.Open("GLOSSARY.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g := glossary{ruledOut: map[string][]string{}, labels: map[string]map[string]string{}}
	var header []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		cells := tableCells(line)
		if header == nil {
			header = cells
			continue
		}
		if strings.HasPrefix(cells[0], "---") {
			continue
		}
		row := map[string]string{}
		for i, h := range header {
			if i < len(cells) {
				row[h] = cells[i]
			}
		}
		if _, ok := row["Nicht (de)"]; ok {
			g.ruledOut["de"] = append(g.ruledOut["de"], splitList(row["Nicht (de)"])...)
			g.ruledOut["en"] = append(g.ruledOut["en"], splitList(row["Not (en)"])...)
		}
		if key, ok := row["Key"]; ok {
			g.labels[key] = map[string]string{"de": row["Deutsch"], "en": row["English"]}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return g
}

func tableCells(line string) []string {
	parts := strings.Split(strings.Trim(line, "|"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func splitList(cell string) []string {
	var out []string
	for _, w := range strings.Split(cell, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// wordPattern matches a glossary word whole, in any case; "Anruf*" also
// matches every word that starts with "Anruf". Go's \b knows only ASCII,
// so word edges are spelled out for German letters.
func wordPattern(word string) *regexp.Regexp {
	tail := ""
	if strings.HasSuffix(word, "*") {
		word, tail = strings.TrimSuffix(word, "*"), `[\p{L}\p{N}]*`
	}
	quoted := strings.ReplaceAll(regexp.QuoteMeta(word), " ", `\s+`)
	return regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}])` + quoted + tail + `($|[^\p{L}\p{N}])`)
}

var placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)

func TestGlossaryWordsAreNotUsed(t *testing.T) {
	g := readGlossary(t)
	c := MustLoad()
	for _, l := range Languages {
		if len(g.ruledOut[l]) < 10 {
			t.Fatalf("GLOSSARY.md rules out only %d %s words: the table was not found", len(g.ruledOut[l]), l)
		}
		for _, word := range g.ruledOut[l] {
			re := wordPattern(word)
			for _, k := range c.Keys(l) {
				text := placeholder.ReplaceAllString(c.messages[l][k], " ")
				if m := re.FindString(text); m != "" {
					t.Errorf("%s %q says %q; GLOSSARY.md rules out %q", l, k, strings.TrimSpace(m), word)
				}
			}
		}
	}
}

// The matcher itself: a test that cannot fail is no test.
func TestGlossaryMatcher(t *testing.T) {
	cases := []struct {
		word, text string
		want       bool
	}{
		{"Treffen", "Ihr erstes Treffen.", true},
		{"Treffen", "Das Treffen-Datum", true},
		{"Raum", "Die Raum-Nummer", true},
		{"Raum", "Warten Sie im Warteraum.", false},
		{"Anruf*", "Alle Anrufe", true},
		{"wir", "Wir haben nichts gefunden.", true},
		{"wir", "Es wird wirklich nichts gesendet.", false},
		{"unser*", "Unsere Gruppe", true},
		{"Nur Stimme", "nur  Stimme", true},
		{"du", "Du bist da", true},
		{"du", "Dusche, Dunkel", false},
		{"meeting*", "Meetings: Mondays", true},
	}
	for _, c := range cases {
		if got := wordPattern(c.word).MatchString(c.text); got != c.want {
			t.Errorf("%q in %q: got %v, want %v", c.word, c.text, got, c.want)
		}
	}
}

func TestButtonLabelsFollowGlossary(t *testing.T) {
	g := readGlossary(t)
	c := MustLoad()
	if len(g.labels) < 5 {
		t.Fatalf("GLOSSARY.md lists only %d button labels: the table was not found", len(g.labels))
	}
	for key, want := range g.labels {
		for _, l := range Languages {
			if got := c.T(l, key); got != want[l] {
				t.Errorf("%s %q is %q; GLOSSARY.md says %q", l, key, got, want[l])
			}
		}
	}
}
