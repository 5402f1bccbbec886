package nocache

import (
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/go-text/typesetting/fontscan"
)

// TestIndexSystemFontsLeavesNoFile makes the font index as the window
// does, then asks for the system fonts the way Fyne does (naming no
// folder, so fontscan would pick the user's cache folder): the fonts are
// found, and neither the temp folder nor the home holds a file afterwards.
// fontscan makes its index once a process, so this is the package's only
// test that may touch it.
func TestIndexSystemFontsLeavesNoFile(t *testing.T) {
	home, tmp := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	if err := IndexSystemFonts(tmp); err != nil {
		t.Fatalf("indexing the system fonts: %v", err)
	}
	fyneLike := fontscan.NewFontMap(quiet{})
	if err := fyneLike.UseSystemFonts(""); err != nil {
		t.Fatal(err)
	}
	fyneLike.SetQuery(fontscan.Query{Families: []string{"sans-serif"}})
	if fyneLike.ResolveFace('R') == nil {
		t.Error("no system font was found for 'R'")
	}
	for _, dir := range []string{home, tmp} {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && path != dir {
				t.Errorf("left behind: %s", path)
			}
			return nil
		})
	}
}
