package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ringlet/ringlet/i18n"
)

// The harness reads `ringlet join`'s English output; if a translation
// changes, this test says so before a benchmark run silently finds no
// first frame.
func TestJoinOutputStillParses(t *testing.T) {
	cat := i18n.MustLoad()
	line := cat.T("en", "session.join.stats_video", map[string]any{"Name": "Pub 1", "Packets": 812, "Frames": 77, "Width": 640, "Height": 480})
	m := statsLine.FindStringSubmatch(line)
	if m == nil || m[1] != "Pub 1" || m[2] != "77" {
		t.Fatalf("stats line %q not understood: %q", line, m)
	}
	if joined := cat.T("en", "session.join.joined"); !strings.Contains(joined, "You are in the ring") {
		t.Fatalf("joined line %q changed", joined)
	}
}

func TestReplaceSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "B.md")
	begin, end := compareMarkers("x")
	if err := os.WriteFile(path, []byte("# Title\n\n"+begin+"\nold\n"+end+"\n\ntail\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // a re-run replaces, never duplicates
		if err := replaceSection(path, begin, end, begin+"\nnew\n"+end+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	want := "# Title\n\n" + begin + "\nnew\n" + end + "\n\ntail\n"
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// A file without the section gets it appended.
	b2, e2 := compareMarkers("y")
	if err := replaceSection(path, b2, e2, b2+"\nmore\n"+e2); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(path)
	if !strings.HasPrefix(string(got), want) || !strings.HasSuffix(string(got), e2+"\n") {
		t.Fatalf("append: %s", got)
	}
}

func TestGoalText(t *testing.T) {
	if g := goalText(0.5, 10, 30); !strings.HasSuffix(g, "met") {
		t.Error(g)
	}
	if g := goalText(0.5, 20, 30); !strings.Contains(g, "33 % over") {
		t.Error(g)
	}
	if s := summarize([]float64{3, 1, 2}); s != (stat{2, 1, 3}) {
		t.Error(s)
	}
}
