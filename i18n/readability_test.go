package i18n

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// screens groups the German strings by where a person reads them. A key
// belongs to the first screen whose prefix it has; a key no prefix claims
// (a new screen, say) is measured in a group named after its first two
// segments, so nothing escapes. The terminal's strings (command-line help
// and output) are no screen.
var screens = []struct {
	name     string
	prefixes []string
}{
	{"terminal", []string{"cli.", "demo.", "privacy.cli.", "checklist.cli.", "session.join.", "ring.summary.", "ring.platform."}},
	{"link (screen 1)", []string{"app.link.", "ring.kind.", "ring.error.", "checklist.error.not_share_link", "checklist.error.share_damaged"}},
	{"check-up", []string{"app.check.", "app.walk.", "app.demo_finding.", "privacy.", "checklist.level."}},
	{"name", []string{"app.name.", "app.remember."}},
	{"camera and microphone", []string{"app.preview.", "app.devices.", "app.joining.", "media.capture.", "media.devices.", "blur.verdict.", "blur.mode."}},
	{"private window", []string{"app.handoff.", "app.opened.", "handoff.", "browser."}},
	{"call", []string{"app.call.", "app.close.", "session.", "janus.", "blur.", "media."}},
	{"left", []string{"app.left."}},
	{"tray", []string{"app.tray."}},
	{"settings", []string{"app.settings."}},
	{"errors", []string{"app.error.", "app.cleanup.", "app.settings_file.", "app.back"}},
	{"handout", []string{"checklist.handout.", "checklist.step."}},
	{"checklist for helpers", []string{"app.helper.", "checklist.template.", "checklist.error."}},
}

// minFleschAmstad is the goal for every screen: 60 and above is "easy"
// (what a newspaper for a wide public reaches); below 50 is hard going.
const minFleschAmstad = 60

// TestReadabilityPerScreen computes the Flesch reading ease in Amstad's
// German form, 180 − ASL − 58.5 × ASW (ASL: words per sentence, ASW:
// syllables per word), over the German text of each screen, prints it, and
// fails for a screen below minFleschAmstad.
func TestReadabilityPerScreen(t *testing.T) {
	c := MustLoad()
	texts := map[string][]string{}
	var order []string
	for _, s := range screens {
		order = append(order, s.name)
	}
	for _, k := range c.Keys("de") {
		screen := screenOf(k)
		if screen == "" {
			segments := strings.SplitN(k, ".", 3)
			screen = strings.Join(segments[:min(2, len(segments))], ".")
			if _, seen := texts[screen]; !seen {
				order = append(order, screen)
			}
		}
		texts[screen] = append(texts[screen], c.messages["de"][k])
	}
	for _, name := range order {
		if name == "terminal" || len(texts[name]) == 0 {
			continue
		}
		r := measure(texts[name])
		t.Logf("Flesch-Amstad %5.1f  %-24s (%d strings, %d sentences, %d words, %.2f syllables per word)",
			r.score(), name, len(texts[name]), r.sentences, r.words, float64(r.syllables)/float64(r.words))
		if r.score() < minFleschAmstad {
			t.Errorf("screen %q scores %.1f, below %d: shorter sentences, shorter words", name, r.score(), minFleschAmstad)
		}
	}
}

func screenOf(key string) string {
	for _, s := range screens {
		for _, p := range s.prefixes {
			if strings.HasPrefix(key, p) {
				return s.name
			}
		}
	}
	return ""
}

type reading struct{ sentences, words, syllables int }

func (r reading) score() float64 {
	if r.words == 0 {
		return 0
	}
	asl := float64(r.words) / float64(r.sentences)
	asw := float64(r.syllables) / float64(r.words)
	return 180 - asl - 58.5*asw
}

var (
	sentenceEnd = regexp.MustCompile(`[.!?…]+(\s|$)|\n`)
	// A placeholder reads as one ordinary word (a name, a number).
	placeholderWord = regexp.MustCompile(`\{\{[^}]*\}\}`)
)

// measure counts sentences, words and syllables. Every string is at least
// one sentence: a title or a button label stands on its own.
func measure(texts []string) reading {
	var r reading
	for _, text := range texts {
		text = placeholderWord.ReplaceAllString(text, "Eule")
		parts := 0
		for _, sentence := range sentenceEnd.Split(text, -1) {
			words := wordsOf(sentence)
			if len(words) == 0 {
				continue
			}
			parts++
			r.words += len(words)
			for _, w := range words {
				r.syllables += syllables(w)
			}
		}
		r.sentences += parts
	}
	return r
}

func wordsOf(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// syllables estimates a German word's syllables as its groups of vowels
// ("Ein-stel-lun-gen": ei, e, u, e → 4), which is how Amstad's formula is
// usually computed by machine. Digits and letterless words count as one.
func syllables(word string) int {
	n, inVowels := 0, false
	for _, r := range strings.ToLower(word) {
		v := strings.ContainsRune("aeiouäöüy", r)
		if v && !inVowels {
			n++
		}
		inVowels = v
	}
	if n == 0 {
		return 1
	}
	return n
}

func TestSyllablesAndScore(t *testing.T) {
	for word, want := range map[string]int{"Runde": 2, "Einstellungen": 4, "Mikrofon": 3, "Ton": 1, "Datenschutzhinweis": 5, "PIN": 1, "2": 1} {
		if got := syllables(word); got != want {
			t.Errorf("syllables(%q) = %d, want %d", word, got, want)
		}
	}
	easy := measure([]string{"Sie sind da. Das ist gut."})
	hard := measure([]string{"Datenschutzrechtliche Voraussetzungen verhindern gegebenenfalls die Teilnahmeberechtigung unangemeldeter Personen."})
	if easy.score() < 90 || hard.score() > 0 {
		t.Errorf("easy %.1f, hard %.1f: the formula is off", easy.score(), hard.score())
	}
	if got := fmt.Sprintf("%d/%d/%d", easy.sentences, easy.words, easy.syllables); got != "2/6/6" {
		t.Errorf("easy text counted as sentences/words/syllables %s, want 2/6/6", got)
	}
}
