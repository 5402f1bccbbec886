package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// keyPattern matches string literals that are message keys: an area prefix
// (the translation file's name) followed by dotted lower-case segments.
var keyPattern = regexp.MustCompile(`^(app|cli|ring|privacy|session|media|checklist|blur|janus|browser|handoff|demo)\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)

func TestEveryLanguageHasEveryKey(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range Languages {
		for _, b := range Languages {
			for _, k := range c.Keys(a) {
				if !c.Has(b, k) {
					t.Errorf("key %q is in %s but missing in %s", k, a, b)
				}
			}
		}
	}
}

func TestKeysLiveInTheirAreaFile(t *testing.T) {
	entries, err := fs.ReadDir(files, Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		area := strings.SplitN(e.Name(), ".", 2)[0]
		data, _ := files.ReadFile(Dir + "/" + e.Name())
		for _, m := range regexp.MustCompile(`"([^"]+)"\s*:`).FindAllStringSubmatch(string(data), -1) {
			if !strings.HasPrefix(m[1], area+".") {
				t.Errorf("%s: key %q does not start with %q", e.Name(), m[1], area+".")
			}
		}
	}
}

// TestNoKeyTwice: a key given twice in one file keeps only its last
// translation (encoding/json does not complain), so a new message could
// silently replace an old one on another screen.
func TestNoKeyTwice(t *testing.T) {
	entries, err := fs.ReadDir(files, Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := files.ReadFile(Dir + "/" + e.Name())
		seen := map[string]bool{}
		for _, m := range regexp.MustCompile(`(?m)^\s*"([^"]+)"\s*:`).FindAllStringSubmatch(string(data), -1) {
			if seen[m[1]] {
				t.Errorf("%s: key %q is given twice", e.Name(), m[1])
			}
			seen[m[1]] = true
		}
	}
}

func TestNoEmptyOrUntranslatedValues(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		for _, k := range c.Keys(l) {
			if strings.TrimSpace(c.messages[l][k]) == "" {
				t.Errorf("%s: %q is empty", l, k)
			}
		}
	}
}

// jargon is what a frightened newcomer should never have to read. The
// command line (cli, demo) is for power users and may name its tools.
var jargon = regexp.MustCompile(`\b(SFU|ICE|WebRTC|SDP|DTLS|RTP|RTCP|STUN|TURN|JSEP|VP8|mDNS|CNAME|PeerConnection|WebSocket|[Cc]odecs?|Janus)\b`)

func TestNoJargonInWhatPeopleRead(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		for _, k := range c.Keys(l) {
			if strings.HasPrefix(k, "cli.") || strings.HasPrefix(k, "demo.") {
				continue
			}
			if m := jargon.FindString(c.messages[l][k]); m != "" {
				t.Errorf("%s: %q says %q; say it in plain words", l, k, m)
			}
		}
	}
	if jargon.FindString("Ringlet could not reach the SFU.") == "" {
		t.Fatal("the jargon pattern finds nothing")
	}
}

// A German text that is the English one copied over is a missing
// translation, even though the key exists.
func TestGermanIsNotEnglish(t *testing.T) {
	c := MustLoad()
	for _, k := range c.Keys("de") {
		de, en := c.messages["de"][k], c.messages["en"][k]
		if de == en && len(strings.Fields(en)) >= 3 {
			t.Errorf("%q: the German text is the English one: %q", k, en)
		}
	}
}

// TestEveryKeyUsedInCodeExists scans all Go sources of the module for string
// literals shaped like message keys and fails if one is not translated.
func TestEveryKeyUsedInCodeExists(t *testing.T) {
	c := MustLoad()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !keyPattern.MatchString(s) {
				return true
			}
			found++
			for _, l := range Languages {
				if !c.Has(l, s) {
					t.Errorf("%s: key %q has no %s translation", fset.Position(lit.Pos()), s, l)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("found no message keys in the code: the scanner is broken")
	}
}

func TestTemplateAndFallback(t *testing.T) {
	c := &Catalog{messages: map[string]map[string]string{
		"en": {"x.hello": "Hello {{.Name}}", "x.only_en": "English"},
		"de": {"x.hello": "Hallo {{.Name}}"},
	}}
	if got := c.T("de", "x.hello", map[string]any{"Name": "Eule"}); got != "Hallo Eule" {
		t.Errorf("got %q", got)
	}
	if got := c.T("de", "x.only_en"); got != "English" {
		t.Errorf("fallback: got %q", got)
	}
	if got := c.T("de", "x.missing"); got != "x.missing" {
		t.Errorf("missing: got %q", got)
	}
}

func TestPreferred(t *testing.T) {
	for _, env := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(env, "")
	}
	t.Setenv("LANG", "de_DE.UTF-8")
	if got := Preferred(""); got != "de" {
		t.Errorf("LANG=de_DE: got %q", got)
	}
	if got := Preferred("en"); got != "en" {
		t.Errorf("override: got %q", got)
	}
	t.Setenv("LANG", "fr_FR.UTF-8")
	if got := Preferred(""); got != "en" {
		t.Errorf("unsupported: got %q", got)
	}
}
