package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSectionReplacesItsOwnOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	begin, end := compareMarkers("window")
	if err := os.WriteFile(path, []byte("# Before\n\n"+begin+"\nold figures\n"+end+"\n\n# After\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if rc := runSection([]string{"window", path}, strings.NewReader("| new | figures |\n")); rc != 0 {
		t.Fatalf("exit %d", rc)
	}
	if rc := runSection([]string{"other", path}, strings.NewReader("appended\n")); rc != 0 {
		t.Fatalf("exit %d", rc)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{"# Before", "| new | figures |", "# After", "appended"} {
		if !strings.Contains(s, want) {
			t.Errorf("lost %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "old figures") {
		t.Errorf("the old section stayed:\n%s", s)
	}
	if strings.Index(s, "appended") < strings.Index(s, "# After") {
		t.Errorf("a new section went before the end:\n%s", s)
	}
}
