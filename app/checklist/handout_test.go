package checklist

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
)

// translator reads the real translation files, as the CLI's catalog would,
// without importing the i18n package into this leaf: the checklist's own,
// and the app's, whose button labels the sheet names.
func translator(t testing.TB, lang string) func(string, map[string]any) string {
	t.Helper()
	messages := map[string]string{}
	for _, area := range []string{"checklist", "app"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "i18n", "translations", area+"."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &messages); err != nil {
			t.Fatal(err)
		}
	}
	return func(key string, args map[string]any) string {
		msg, ok := messages[key]
		if !ok {
			t.Errorf("handout uses untranslated key %s", key)
			return key
		}
		var b strings.Builder
		if err := template.Must(template.New(key).Parse(msg)).Execute(&b, args); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		return b.String()
	}
}

func needTool(t *testing.T, name string) {
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s (poppler-utils) is needed to read the PDF back: %v", name, err)
	}
}

// pdfText runs pdftotext on a generated PDF.
func pdfToText(t *testing.T, pdf []byte) string {
	needTool(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "h.pdf")
	os.WriteFile(in, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// inkOnPageOne renders page 1 and returns the share of pixels that are not
// white, and the page count from pdfimages' view.
func inkOnPageOne(t *testing.T, pdf []byte) float64 {
	needTool(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "h.pdf")
	os.WriteFile(in, pdf, 0o600)
	if out, err := exec.Command("pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(matches) != 1 {
		t.Fatalf("pdftoppm made %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return inkShare(img)
}

func inkShare(img image.Image) float64 {
	b := img.Bounds()
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy())
}

func countImages(t *testing.T, pdf []byte) int {
	needTool(t, "pdfimages")
	in := filepath.Join(t.TempDir(), "h.pdf")
	os.WriteFile(in, pdf, 0o600)
	out, err := exec.Command("pdfimages", "-list", in).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return len(lines) - 2 // two header lines
}

// flatten undoes line wrapping so phrases can be searched for.
func flatten(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestHandoutReadsBack(t *testing.T) {
	const pin = "4711"
	withLink := fromTemplate(t, "self-help", "Selbsthilfegruppe Gießen – Angehörige", "ringlet://ring.example.org/janus?room=1234&pin="+pin)
	withLink.Ring.Times = "Dienstags 19:00–20:30 Uhr"
	withKey := fromTemplate(t, "self-help", "Angehörige", "ringlet://ring.example.org/janus?room=1234&pin="+pin+"#key=Mond+und+Sterne")
	custom := richChecklist(t)
	for _, tc := range []struct {
		name      string
		c         *Checklist
		lang      string
		noQR      bool
		want      []string
		wantQR    bool
		wantNotes string
	}{
		{"de with link", withLink, "de", false,
			[]string{"Selbsthilfegruppe Gießen – Angehörige", "Dienstags 19:00–20:30 Uhr", "Bei Google abmelden", "Kopfhörer benutzen", "Mit ausgeschaltetem Mikrofon beginnen", "Datenschutz in dieser Gruppe", "Sie wählen selbst einen Namen", "Wichtig", "Empfohlen"},
			true, "checklist.handout.do_not_pass_on"},
		{"en with an end-to-end key in the link", withKey, "en", false,
			[]string{"Angehörige", "Sign out of Google"},
			true, "checklist.handout.qr_holds_key"},
		{"de, helper leaves QR out", withLink, "de", true,
			[]string{"Selbsthilfegruppe Gießen – Angehörige", "Bei Google abmelden"},
			false, "checklist.handout.link_separately"},
		{"en without link", fromTemplate(t, "counselling", "Beratung Müller-Lüdenscheidt", ""), "en", false,
			[]string{"Beratung Müller-Lüdenscheidt", "Sign out of Google", "Use headphones", "Privacy in this group", "The conversation is confidential", "Important"},
			false, "checklist.handout.link_separately"},
		{"custom steps and pictures", custom, "en", false,
			[]string{"Have a cup of tea ready", "A warm drink helps.", "Ruhigen Ort suchen"},
			true, "checklist.handout.do_not_pass_on"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := translator(t, tc.lang)
			var pdf bytes.Buffer
			if err := WriteHandout(&pdf, tc.c, HandoutOptions{Lang: tc.lang, Translate: tr, NoQR: tc.noQR}); err != nil {
				t.Fatal(err)
			}
			text := flatten(pdfToText(t, pdf.Bytes()))
			for _, w := range append(tc.want, flatten(tr(tc.wantNotes, nil))) {
				if !strings.Contains(text, w) {
					t.Errorf("page text lacks %q:\n%s", w, text)
				}
			}
			if strings.Contains(text, "pin=") || strings.Contains(text, "ring.example.org") || strings.Contains(text, "Sterne") {
				t.Error("the link must only be in the QR code, never in clear text")
			}
			pictures := 0
			for _, s := range tc.c.Steps {
				if len(s.Image) > 0 {
					pictures++
				}
			}
			if tc.wantQR {
				pictures++
			}
			if got := countImages(t, pdf.Bytes()); got != pictures {
				t.Errorf("PDF has %d images, want %d (QR: %v)", got, pictures, tc.wantQR)
			}
			if ink := inkOnPageOne(t, pdf.Bytes()); ink < 0.03 {
				t.Errorf("page 1 is nearly blank: %.1f%% ink", ink*100)
			}
		})
	}
}

func TestHandoutIsReproducible(t *testing.T) {
	c := richChecklist(t)
	opts := HandoutOptions{Lang: "de", Translate: translator(t, "de")}
	var a, b bytes.Buffer
	if err := WriteHandout(&a, c, opts); err != nil {
		t.Fatal(err)
	}
	if err := WriteHandout(&b, c, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same checklist gave different PDFs (a date or random ID leaks in)")
	}
}

func TestHandoutSurvivesOddText(t *testing.T) {
	c := fromTemplate(t, "self-help", "Gruppe 🌱 mit einem sehr langen Namen, der ganz sicher nicht in eine Zeile passt, weil er so lang ist", "")
	c.Ring.Times = strings.Repeat("Jeden zweiten Mittwoch im Monat ", 10)
	c.Steps = append(c.Steps, Step{Level: Required, Title: map[string]string{"de": strings.Repeat("Ü", MaxTitleRunes)}, Text: map[string]string{"de": strings.Repeat("x", MaxTextRunes)}})
	// The longest notice allowed, with a marker at its very end.
	c.Privacy["de"] = strings.Repeat("Wir speichern nichts. ", MaxNoticeRunes/22-1) + "ENDE-DES-HINWEISES"
	if err := c.Validate(Options{}); err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WriteHandout(&pdf, c, HandoutOptions{Lang: "de", Translate: translator(t, "de")}); err != nil {
		t.Fatal(err)
	}
	text := pdfToText(t, pdf.Bytes())
	for _, want := range []string{"ÜÜÜ", "ENDE-DES-HINWEISES", "Jeden zweiten Mittwoch"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is missing: text ran off the page", want)
		}
	}
	// pdftotext separates pages with form feeds; every page must hold text
	// within the paper, which it only extracts when it is on the page.
	if pages := strings.Count(text, "\f"); pages < 2 {
		t.Errorf("a notice this long needs more than one page, got %d", pages)
	}
}

func TestHandoutNeedsTranslator(t *testing.T) {
	err := WriteHandout(&bytes.Buffer{}, fromTemplate(t, "self-help", "x", ""), HandoutOptions{Lang: "de"})
	if ce, ok := err.(*Error); !ok || ce.Key != KeyHandout {
		t.Fatalf("got %v", err)
	}
}

// TestHandoutSurvivesAnyScript feeds text the Go fonts do not cover (CJK,
// Arabic, combining marks, emoji, the last BMP code points): the sheet must
// still be made, not crash.
func TestHandoutSurvivesAnyScript(t *testing.T) {
	for _, text := range []string{
		"自助小组 · 東京", "مجموعة الدعم", "e\u0301\u0308\u20dd", "🙂👋🏽 Gruppe", "\ufffd\uffef\u00ad", "ﬀﬁ\U0010fffd",
	} {
		c := fromTemplate(t, "self-help", text, "")
		c.Ring.Times = text + "\n" + text
		c.Privacy = map[string]string{"de": text}
		c.Steps = append(c.Steps, Step{Level: Recommended, Title: map[string]string{"de": text}, Text: map[string]string{"de": text}})
		var pdf bytes.Buffer
		if err := WriteHandout(&pdf, c, HandoutOptions{Lang: "de", Translate: translator(t, "de")}); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("%q: not a PDF", text)
		}
	}
}

// TestHandoutShowsTheWayIn: the sheet says how to get from paper into the
// ring (install, the QR code by phone camera and sent on to the computer,
// or the group's message), and names the app's buttons by their labels in
// the app's own translations.
func TestHandoutShowsTheWayIn(t *testing.T) {
	link := "ringlet://ring.example.org/janus?room=1234&pin=4711"
	for _, tc := range []struct {
		lang     string
		noQR     bool
		want     []string
		wantNone []string
	}{
		{"de", false, []string{"Installieren Sie Ringlet", "Kamera Ihres Handys", "an sich selbst", "„Einfügen“", "„Weiter“", "„Nur Ton“", "„Jetzt beitreten“"}, []string{"Ihre Gruppe schickt Ihnen den Link"}},
		{"en", false, []string{"Install Ringlet", "phone's camera", "to yourself", "“Paste”", "“Next”", "“Sound only”", "“Join now”"}, []string{"Your group sends you the link"}},
		{"de", true, []string{"Installieren Sie Ringlet", "Ihre Gruppe schickt Ihnen den Link", "„Einfügen“", "„Jetzt beitreten“"}, []string{"Handys"}},
	} {
		tr := translator(t, tc.lang)
		var pdf bytes.Buffer
		c := fromTemplate(t, "self-help", "Gruppe", link)
		if err := WriteHandout(&pdf, c, HandoutOptions{Lang: tc.lang, Translate: tr, NoQR: tc.noQR}); err != nil {
			t.Fatal(err)
		}
		text := flatten(pdfToText(t, pdf.Bytes()))
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s (no QR: %v): page text lacks %q:\n%s", tc.lang, tc.noQR, w, text)
			}
		}
		for _, w := range tc.wantNone {
			if strings.Contains(text, w) {
				t.Errorf("%s (no QR: %v): page text has %q", tc.lang, tc.noQR, w)
			}
		}
		// The labels come from the app's keys, not from the sheet's text.
		if label := tr("app.preview.join", nil); !strings.Contains(text, label) {
			t.Errorf("%s: the join button's label %q is not on the sheet", tc.lang, label)
		}
	}
}
