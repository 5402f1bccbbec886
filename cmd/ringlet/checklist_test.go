package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runChecklistCLI runs "ringlet checklist ARGS…" in-process, in English
// unless the args say otherwise.
func runChecklistCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("RINGLET_LANG", "en")
	var out, errOut bytes.Buffer
	code = run(append([]string{"checklist"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const testRingLink = "ringlet://ring.example.org/janus?room=1234&pin=4711"

func TestChecklistCLIRoundTrip(t *testing.T) {
	code, file, errOut := runChecklistCLI(t, "new", "--template", "self-help", "--name", "Selbsthilfegruppe Gießen – Angehörige", "--times", "Dienstags 19 Uhr", "--link", testRingLink)
	if code != 0 {
		t.Fatalf("new: %d %s", code, errOut)
	}
	path := writeFile(t, "g.ring", file)

	code, out, errOut := runChecklistCLI(t, "check", path, "--lang", "de")
	if code != 0 {
		t.Fatalf("check: %d %s", code, errOut)
	}
	for _, want := range []string{"Selbsthilfegruppe Gießen – Angehörige", "Bei Google abmelden", "Wichtig", "Der Link zur Runde ist enthalten."} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "4711") || strings.Contains(out, "ring.example.org") {
		t.Error("check must not print the link or its PIN")
	}

	for _, base := range []string{"", "https://gruppe.example.org/neu"} {
		args := []string{"link", path}
		if base != "" {
			args = append(args, "--base", base)
		}
		code, link, errOut := runChecklistCLI(t, args...)
		if code != 0 {
			t.Fatalf("link: %d %s", code, errOut)
		}
		if code, out, errOut := runChecklistCLI(t, "check", strings.TrimSpace(link)); code != 0 || !strings.Contains(out, "Sign out of Google") {
			t.Fatalf("check LINK: %d %s %s", code, out, errOut)
		}
		code, back, errOut := runChecklistCLI(t, "open", strings.TrimSpace(link))
		if code != 0 {
			t.Fatalf("open: %d %s", code, errOut)
		}
		if back != file {
			t.Fatalf("file → link → file changed the bytes:\n%s\n---\n%s", file, back)
		}
	}
}

func TestChecklistCLINewWithoutNameUsesTemplateTitle(t *testing.T) {
	code, file, errOut := runChecklistCLI(t, "new", "--template", "counselling", "--lang", "de")
	if code != 0 {
		t.Fatalf("%d %s", code, errOut)
	}
	if !strings.Contains(file, `name = "Beratung unter vier Augen"`) {
		t.Fatalf("got\n%s", file)
	}
	if strings.Contains(file, "link =") {
		t.Fatal("no --link must mean no link in the file")
	}
}

func TestChecklistCLIHandout(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatalf("pdftotext (poppler-utils) is needed: %v", err)
	}
	_, file, _ := runChecklistCLI(t, "new", "--template", "self-help", "--name", "Angehörige Gießen", "--link", testRingLink)
	path := writeFile(t, "g.ring", file)
	for _, tc := range []struct {
		lang, flag string
		want       []string
	}{
		{"de", "", []string{"Angehörige Gießen", "Kopfhörer benutzen", "Bitte geben Sie dieses Blatt nicht weiter"}},
		{"en", "--no-qr", []string{"Angehörige Gießen", "Use headphones", "You will get the link to the ring separately."}},
	} {
		pdf := filepath.Join(t.TempDir(), "h.pdf")
		args := []string{"handout", path, "--lang", tc.lang, "-o", pdf}
		if tc.flag != "" {
			args = append(args, tc.flag)
		}
		if code, _, errOut := runChecklistCLI(t, args...); code != 0 {
			t.Fatalf("handout %s: %d %s", tc.lang, code, errOut)
		}
		info, err := os.Stat(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("handout is %v; it may hold the PIN in its QR code, so only its owner may read it", info.Mode().Perm())
		}
		text, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(text)), " ")
		for _, w := range tc.want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s handout lacks %q:\n%s", tc.lang, w, flat)
			}
		}
	}
}

func TestChecklistCLIErrors(t *testing.T) {
	_, good, _ := runChecklistCLI(t, "new", "--template", "self-help", "--name", "Gruppe")
	goodPath := writeFile(t, "good.ring", good)
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		stderrIs []string
	}{
		{"no subcommand", nil, 2, []string{"Usage:"}},
		{"unknown subcommand", []string{"frobnicate"}, 2, []string{"Unknown checklist command"}},
		{"unknown template", []string{"new", "--template", "party"}, 1, []string{"There is no template called “party”"}},
		{"javascript link", []string{"new", "--link", "javascript:alert(1)"}, 1, []string{"only https:// and ringlet:// links"}},
		{"ring parser refuses", []string{"new", "--link", "ringlet://ring.example.org/janus"}, 1, []string{"not a valid link to a ring", "ring's number is missing"}},
		{"German message", []string{"new", "--link", "file:///etc/passwd", "--lang", "de"}, 1, []string{"Erlaubt sind nur Links"}},
		{"missing file", []string{"check", filepath.Join(t.TempDir(), "nope.ring")}, 1, []string{"cannot be read"}},
		{"too new", []string{"check", writeFile(t, "new.ring", strings.Replace(good, "format = 1", "format = 9", 1))}, 1, []string{"newer Ringlet (format 9"}},
		{"huge file", []string{"check", writeFile(t, "huge.ring", good+"\n#"+strings.Repeat("x", 1<<20))}, 1, []string{"too large"}},
		{"script in file", []string{"check", writeFile(t, "s.ring", strings.Replace(good, `name = "Gruppe"`, `name = "<script>x</script>"`, 1))}, 1, []string{"looks like program code"}},
		{"damaged share link", []string{"open", "ringlet://checklist#AAAA%%"}, 1, []string{"link is damaged"}},
		{"not a share link", []string{"open", "https://example.org/"}, 1, []string{"This is not a checklist link."}},
		{"handout without -o", []string{"handout", goodPath}, 2, []string{"-o FILE.pdf"}},
		{"http base", []string{"link", goodPath, "--base", "http://example.org/"}, 1, []string{"must start with https://"}},
		{"two files", []string{"check", goodPath, goodPath}, 2, []string{"Wrong number of arguments."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runChecklistCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, errOut)
			}
			if out != "" {
				t.Errorf("a failure must write nothing to stdout, got %q", out)
			}
			for _, w := range tc.stderrIs {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, "checklist.") {
				t.Errorf("untranslated key on stderr:\n%s", errOut)
			}
		})
	}
}
