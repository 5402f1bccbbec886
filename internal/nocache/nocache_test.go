package nocache

import (
	"io/fs"
	"os"
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

// TestRemoveEmptyPulseFolder: an empty folder goes; one a sound server
// keeps its socket in stays, socket and all.
func TestRemoveEmptyPulseFolder(t *testing.T) {
	for _, socket := range []bool{false, true} {
		runtimeDir := t.TempDir()
		t.Setenv("XDG_RUNTIME_DIR", runtimeDir)
		pulse := filepath.Join(runtimeDir, "pulse")
		if err := os.Mkdir(pulse, 0o700); err != nil {
			t.Fatal(err)
		}
		if socket {
			if err := os.WriteFile(filepath.Join(pulse, "native"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		RemoveEmptyPulseFolder()
		if _, err := os.Stat(pulse); (err == nil) != socket {
			t.Errorf("with a socket %v: the folder stays %v", socket, err == nil)
		}
	}
	t.Setenv("XDG_RUNTIME_DIR", "")
	RemoveEmptyPulseFolder() // no runtime folder at all (Windows): nothing to do
}
