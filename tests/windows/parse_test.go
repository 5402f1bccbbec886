//go:build wine

package windows

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// linuxRinglet builds the Linux binary from the same source, to compare with.
func linuxRinglet(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "ringlet")
	build := exec.Command("go", "build", "-o", out, "./cmd/ringlet")
	build.Dir = repo
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the Linux ringlet: %v\n%s", err, msg)
	}
	return out
}

// linkCorpus is app/ring's fuzz corpus for Parse: the links people paste and
// everything the fuzzer found. Inputs a command line cannot carry the same
// way on both systems are left out and counted: NUL, control characters and
// invalid UTF-8 (Windows command lines are UTF-16), and the empty string.
func linkCorpus(t *testing.T) (links []string, left int) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repo, "app", "ring", "testdata", "fuzz", "FuzzParse", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no link corpus: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[1], "string(") {
			t.Fatalf("%s: not a one-string corpus entry", f)
		}
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if s == "" || !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
			left++
			continue
		}
		links = append(links, s)
	}
	return links, left
}

// TestParseMatchesLinux: `ringlet.exe parse LINK` prints what the Linux
// build prints, in both languages, exit status included, for the whole link
// corpus. The arguments travel through Wine's command line (UTF-16, quoted)
// as they would through Windows'.
func TestParseMatchesLinux(t *testing.T) {
	p := winePrefix(t)
	exe := exePath(t)
	linux := linuxRinglet(t)
	links, left := linkCorpus(t)
	t.Logf("%d links compared, %d left out (empty, control characters or invalid UTF-8)", len(links), left)
	for _, lang := range []string{"en", "de"} {
		for i, link := range links {
			want, wantCode := runLinux(t, linux, lang, link)
			got, gotErr, gotCode := p.wine(t, []string{"RINGLET_LANG=" + lang}, exe, "parse", link)
			got += wineStderrNoise(gotErr)
			if got != want || gotCode != wantCode {
				t.Errorf("%s link %d %q:\nwine (exit %d):\n%s\nlinux (exit %d):\n%s", lang, i, link, gotCode, got, wantCode, want)
			}
		}
	}
}

func runLinux(t *testing.T, bin, lang, link string) (string, int) {
	t.Helper()
	cmd := exec.CommandContext(context.Background(), bin, "parse", link)
	// Fyne cannot parse LANG=C (it logs an error line); the Makefile sets a
	// real locale for the same reason.
	cmd.Env = append(os.Environ(), "RINGLET_LANG="+lang, "LANG=en_US.UTF-8")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String() + errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String() + errb.String(), 0
}
