package checklist

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

// sampleImage draws a small picture, so tests use a real PNG or JPEG.
func sampleImage(t testing.TB, side int, asJPEG bool) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			img.Set(x, y, color.RGBA{uint8(40 + x*3), 120, uint8(200 - y*2), 255})
		}
	}
	var b bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&b, img, nil)
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func fromTemplate(t testing.TB, name, ringName, link string) *Checklist {
	t.Helper()
	c, err := Template(name)
	if err != nil {
		t.Fatal(err)
	}
	c.Ring.Name = ringName
	c.Ring.Link = link
	return c
}

// richChecklist exercises every field, including texts that need escaping.
func richChecklist(t testing.TB) *Checklist {
	c := fromTemplate(t, "self-help", "Selbsthilfegruppe Gießen – Angehörige", "ringlet://ring.example.org/janus?room=1234&pin=4711")
	c.Ring.Times = "Dienstags 19:00–20:30\nund jeden 1. Samstag \"offen\" \\ für alle"
	c.Steps = append(c.Steps,
		Step{Level: Recommended,
			Title: map[string]string{"de": "Tee bereitstellen", "en": "Have a cup of tea ready"},
			Text:  map[string]string{"de": "Ein warmes Getränk hilft.\nWirklich.", "en": "A warm drink helps."},
			Image: sampleImage(t, 24, false)},
		Step{Level: Required,
			Title: map[string]string{"de": "Ruhigen Ort suchen"},
			Image: sampleImage(t, 20, true)},
	)
	return c
}

func TestRoundTripIsByteStable(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *Checklist
		base string
	}{
		{"self-help with link", fromTemplate(t, "self-help", "Anonyme Gruppe", "https://meet.example.org/x#janus=wss://meet.example.org/janus&room=5&pin=9"), ""},
		{"counselling without link", fromTemplate(t, "counselling", "Beratung Ü", ""), "https://beratung.example.org/neu"},
		{"every field", richChecklist(t), ""},
		{"every field, web link", richChecklist(t), "https://gruppe.example.org/hilfe?x=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file, err := tc.c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := Parse(file, Options{})
			if err != nil {
				t.Fatalf("parse own output: %v\n%s", err, file)
			}
			again, err := parsed.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(file, again) {
				t.Fatalf("file round trip changed bytes:\n%s\n---\n%s", file, again)
			}
			link, err := ShareLink(parsed, tc.base)
			if err != nil {
				t.Fatal(err)
			}
			if !IsShareLink(link) {
				t.Fatalf("IsShareLink(%q) = false", link[:40])
			}
			if tc.base != "" && !strings.HasPrefix(link, tc.base+"#"+WebShareParam) {
				t.Fatalf("web link does not keep the data in the fragment: %.60s", link)
			}
			fromLink, err := ParseShareLink(link, Options{})
			if err != nil {
				t.Fatal(err)
			}
			third, err := fromLink.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(file, third) {
				t.Fatalf("share link round trip changed bytes:\n%s\n---\n%s", file, third)
			}
		})
	}
}

func TestParseNormalisesToCanonical(t *testing.T) {
	// Hand-written: odd order, CRLF line ends, extra spaces, literal strings.
	hand := "[ring]\r\nlink = ''\r\nname = '  Gruppe Nord  '\r\n\r\n[[step]]\r\nlevel = \"required\"\r\ncheck = \"headphones\"\r\n\r\nformat = 1\r\n"
	// format after a table belongs to that table, so this must fail...
	if _, err := Parse([]byte(hand), Options{}); err == nil {
		t.Fatal("format inside [[step]] accepted")
	}
	hand = "format = 1\r\n[[step]]\r\nlevel = \"required\"\r\ncheck = \"headphones\"\r\n[ring]\r\nname = '  Gruppe Nord  '\r\ntimes = \"\"\"\r\nMo 18 Uhr\r\nDo 18 Uhr\"\"\"\r\n"
	c, err := Parse([]byte("\ufeff"+hand), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.Marshal()
	want := "# Ringlet setup checklist. Format: docs/CHECKLIST-FORMAT.md\nformat = 1\n\n[ring]\nname = \"Gruppe Nord\"\ntimes = \"\"\"\nMo 18 Uhr\nDo 18 Uhr\"\"\"\n\n[[step]]\ncheck = \"headphones\"\nlevel = \"required\"\n"
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func valid(t testing.TB) string {
	b, err := fromTemplate(t, "counselling", "Gruppe", "").Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func withStep(t testing.TB, step string) string { return valid(t) + "\n[[step]]\n" + step }

func TestParseRejectsHostileFiles(t *testing.T) {
	base := valid(t)
	bigPNG := sampleImage(t, 1100, false)
	if len(bigPNG) > MaxImageBytes {
		t.Fatalf("test picture is %d bytes; it must be small in bytes but large in pixels", len(bigPNG))
	}
	for _, tc := range []struct {
		name, file, key string
	}{
		{"empty", "  \n", KeyEmpty},
		{"huge", base + "\n#" + strings.Repeat("x", MaxFileBytes), KeyTooLarge},
		{"deeply nested", "format = 1\nx = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000), KeyTooDeep},
		{"nested inline tables", "format = 1\nx = " + strings.Repeat("{a=", 50) + "1" + strings.Repeat("}", 50), KeyTooDeep},
		{"not UTF-8", "format = 1\n[ring]\nname = \"\xff\xfe\"\n", KeySyntax},
		{"broken TOML", "format = 1\n[ring\nname = 3", KeySyntax},
		{"wrong type", strings.Replace(base, `name = "Gruppe"`, `name = 42`, 1), KeySyntax},
		{"no version", strings.Replace(base, "format = 1\n", "", 1), KeyMissingFormat},
		{"version zero", strings.Replace(base, "format = 1", "format = 0", 1), KeyMissingFormat},
		{"too new", strings.Replace(base, "format = 1", "format = 2\nfuture = true", 1), KeyTooNew},
		{"unknown field", strings.Replace(base, "[ring]\n", "[ring]\nsecret = \"x\"\n", 1), KeyUnknownField},
		{"unknown table", base + "\n[extra]\na = 1\n", KeyUnknownField},
		{"no name", strings.Replace(base, `name = "Gruppe"`, `name = "  "`, 1), KeyMissingName},
		{"javascript link", strings.Replace(base, "[ring]\n", "[ring]\nlink = \"javascript:alert(1)\"\n", 1), KeyBadLinkScheme},
		{"file link", strings.Replace(base, "[ring]\n", "[ring]\nlink = \"file:///etc/passwd\"\n", 1), KeyBadLinkScheme},
		{"plain http link", strings.Replace(base, "[ring]\n", "[ring]\nlink = \"http://example.org/\"\n", 1), KeyBadLinkScheme},
		{"link with quotes", strings.Replace(base, "[ring]\n", "[ring]\nlink = \"https://a.example/\\\"><script>\"\n", 1), KeyBadLink},
		{"script in name", strings.Replace(base, `name = "Gruppe"`, `name = "<script>alert(1)</script>"`, 1), KeyScriptLike},
		{"img tag in notice", strings.Replace(base, "[privacy]\n", "[privacy]\nfr = \"<img src=x onerror=alert(1)>\"\n", 1), KeyScriptLike},
		{"script url in text", withStep(t, "level = \"required\"\ntitle.de = \"Klick\"\ntext.de = \"JavaScript: void(0)\"\n"), KeyScriptLike},
		{"control char", strings.Replace(base, `name = "Gruppe"`, `name = "Grup\u0007pe"`, 1), KeyControlChars},
		{"newline in name", strings.Replace(base, `name = "Gruppe"`, `name = "Gru\nppe"`, 1), KeyControlChars},
		{"bidi override", strings.Replace(base, `name = "Gruppe"`, "name = \"Gruppe \u202egnp.exe\"", 1), KeyBidi},
		{"bidi isolate in step", withStep(t, "level = \"required\"\ntitle.de = \"a\u2066b\"\n"), KeyBidi},
		{"name too long", strings.Replace(base, `name = "Gruppe"`, `name = "`+strings.Repeat("ä", MaxNameRunes+1)+`"`, 1), KeyTextTooLong},
		{"unknown check", withStep(t, "check = \"read_my_mind\"\nlevel = \"required\"\n"), KeyUnknownCheck},
		{"duplicate check", withStep(t, "check = \"headphones\"\nlevel = \"required\"\n"), KeyDuplicateCheck},
		{"bad level", withStep(t, "check = \"audio_only\"\nlevel = \"mandatory\"\n"), KeyBadLevel},
		{"built-in with text", withStep(t, "check = \"audio_only\"\nlevel = \"required\"\ntitle.en = \"x\"\n"), KeyBuiltinWithText},
		{"custom without title", withStep(t, "level = \"required\"\ntext.de = \"nur Text\"\n"), KeyStepNoTitle},
		{"bad language", withStep(t, "level = \"required\"\ntitle.German = \"x\"\n"), KeyBadLanguage},
		{"image not base64", withStep(t, "level = \"required\"\ntitle.de = \"x\"\nimage = \"***\"\n"), KeyImageDamaged},
		{"image is GIF", withStep(t, "level = \"required\"\ntitle.de = \"x\"\nimage = \""+base64.StdEncoding.EncodeToString([]byte("GIF89a\x01\x00\x01\x00"))+"\"\n"), KeyImageType},
		{"image truncated", withStep(t, "level = \"required\"\ntitle.de = \"x\"\nimage = \""+base64.StdEncoding.EncodeToString(sampleImage(t, 30, false)[:60])+"\"\n"), KeyImageDamaged},
		{"image too many pixels", withStep(t, "level = \"required\"\ntitle.de = \"x\"\nimage = \""+base64.StdEncoding.EncodeToString(bigPNG)+"\"\n"), KeyImageTooLarge},
		{"image too many bytes", withStep(t, "level = \"required\"\ntitle.de = \"x\"\nimage = \""+base64.StdEncoding.EncodeToString(append(sampleImage(t, 8, false), make([]byte, MaxImageBytes)...))+"\"\n"), KeyImageTooLarge},
		{"no steps", "format = 1\n[ring]\nname = \"x\"\n", KeyNoSteps},
		{"too many steps", "format = 1\n[ring]\nname = \"x\"\n" + strings.Repeat("[[step]]\nlevel = \"required\"\ntitle.de = \"x\"\n", MaxSteps+1), KeyTooManySteps},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.file), Options{})
			if c != nil {
				t.Fatal("a rejected file must not return a checklist")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v (%T), want *Error with key %s", err, err, tc.key)
			}
			if ce.Key != tc.key {
				t.Fatalf("got key %s (%v), want %s", ce.Key, ce.Args, tc.key)
			}
		})
	}
}

func TestParseUsesInjectedLinkValidator(t *testing.T) {
	refusal := errors.New("ring parser says no")
	var seen string
	opts := Options{ValidateLink: func(link string) error { seen = link; return refusal }}
	c := fromTemplate(t, "self-help", "Gruppe", "ringlet://x.example/janus?room=1&pin=12")
	file, _ := c.Marshal()
	_, err := Parse(file, opts)
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != KeyBadLink {
		t.Fatalf("got %v, want %s", err, KeyBadLink)
	}
	if !errors.Is(err, refusal) {
		t.Fatal("the validator's own error must stay reachable for translation")
	}
	if seen != c.Ring.Link {
		t.Fatalf("validator saw %q", seen)
	}
	if strings.Contains(err.Error(), "pin") || strings.Contains(err.Error(), "x.example") {
		t.Fatalf("error text leaks the link: %q", err.Error())
	}
}

func deflated(t testing.TB, data []byte) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(data)
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

func TestParseShareLinkRejects(t *testing.T) {
	file := valid(t)
	tooNew := strings.Replace(file, "format = 1", "format = 7", 1)
	jsLink := strings.Replace(file, "[ring]\n", "[ring]\nlink = \"javascript:alert(document.cookie)\"\n", 1)
	// 64 MB of zeros deflate to about 64 KB: a zip bomb in a link.
	bomb := deflated(t, make([]byte, 64<<20))
	for _, tc := range []struct{ name, link, key string }{
		{"empty", "", KeyEmpty},
		{"not a share link", "https://example.org/page#janus=wss://x", KeyNotShareLink},
		{"ring link", "ringlet://host/janus?room=1", KeyNotShareLink},
		{"bad base64", AppSharePrefix + "@@@", KeyShareDamaged},
		{"empty payload", AppSharePrefix, KeyShareDamaged},
		{"not deflate", AppSharePrefix + base64.RawURLEncoding.EncodeToString([]byte("hello there, no deflate")), KeyShareDamaged},
		{"cut off", (AppSharePrefix + deflated(t, []byte(file)))[:len(AppSharePrefix)+30], KeyShareDamaged},
		{"zip bomb", AppSharePrefix + bomb, KeyTooLarge},
		{"link too long", AppSharePrefix + strings.Repeat("A", MaxShareLinkLen), KeyTooLarge},
		{"too new inside", "https://g.example/#" + WebShareParam + deflated(t, []byte(tooNew)), KeyTooNew},
		{"javascript inside", AppSharePrefix + deflated(t, []byte(jsLink)), KeyBadLinkScheme},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseShareLink(tc.link, Options{})
			var ce *Error
			if !errors.As(err, &ce) || ce.Key != tc.key {
				t.Fatalf("got %v, want key %s", err, tc.key)
			}
		})
	}
}

func TestShareLinkRefusesBadBase(t *testing.T) {
	c := fromTemplate(t, "self-help", "Gruppe", "")
	for _, base := range []string{"http://example.org/", "https://example.org/#x", "javascript:alert(1)", "https://user@example.org/", "ringlet://x"} {
		if _, err := ShareLink(c, base); err == nil {
			t.Errorf("base %q accepted", base)
		}
	}
}

func TestTemplates(t *testing.T) {
	for _, info := range Templates() {
		c, err := Template(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(Options{}); err == nil {
			t.Errorf("%s: a template without a ring name must not validate", info.Name)
		}
		c.Ring.Name = "x"
		if err := c.Validate(Options{}); err != nil {
			t.Errorf("%s: %v", info.Name, err)
		}
		if c.Privacy["de"] == "" || c.Privacy["en"] == "" {
			t.Errorf("%s: privacy notice must exist in de and en", info.Name)
		}
		required := 0
		for _, s := range c.Steps {
			if s.Level == Required {
				required++
			}
		}
		if required == 0 {
			t.Errorf("%s: no required step", info.Name)
		}
	}
	_, err := Template("party")
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != KeyUnknownTemplate {
		t.Fatalf("unknown template: got %v", err)
	}
}

func TestEveryCheckHasTexts(t *testing.T) {
	for _, c := range Checks() {
		txt, ok := c.Text()
		if !ok || !strings.HasPrefix(txt.TitleKey, "checklist.step."+string(c)+".") {
			t.Errorf("%s: texts %+v", c, txt)
		}
	}
	if _, ok := Check("nope").Text(); ok {
		t.Error("unknown check has texts")
	}
}

func TestLocalizedFallsBack(t *testing.T) {
	for _, tc := range []struct {
		texts map[string]string
		lang  string
		want  string
	}{
		{map[string]string{"de": "Hallo", "en": "Hello"}, "de", "Hallo"},
		{map[string]string{"de": "Hallo", "en": "Hello"}, "fr", "Hello"},
		{map[string]string{"de": "Hallo"}, "en", "Hallo"},
		{map[string]string{"tr": "Merhaba", "pl": "Cześć"}, "en", "Cześć"},
		{nil, "en", ""},
	} {
		if got := Localized(tc.texts, tc.lang); got != tc.want {
			t.Errorf("Localized(%v, %s) = %q, want %q", tc.texts, tc.lang, got, tc.want)
		}
	}
}
