package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/ringlet/ringlet/app/prefsfile"
	"github.com/ringlet/ringlet/internal/poll"
)

// settingsPath is where the real app keeps its settings under a fresh
// configuration folder.
func settingsPath(t *testing.T) (config, path string) {
	t.Helper()
	config = t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	path, err := prefsfile.Path(AppID)
	if err != nil {
		t.Fatal(err)
	}
	return config, path
}

func configHolds(t *testing.T, config string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(config, func(p string, d os.DirEntry, err error) error {
		if p != config {
			rel, _ := filepath.Rel(config, p)
			found = append(found, rel)
		}
		return nil
	})
	return found
}

// TestSettingsFileOnlyWhileSet starts the GUI on the real settings store
// with a fresh configuration folder: starting writes nothing, Fyne's own
// file dialog cannot store its last folder, a changed setting is written
// alone, and changing it back leaves no file and no folder.
func TestSettingsFileOnlyWhileSet(t *testing.T) {
	config, path := settingsPath(t)
	store, err := openFilePrefs(path)
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "en", Options{Preferences: store, AppID: AppID})
	if got := configHolds(t, config); len(got) != 0 {
		t.Fatalf("starting left %v", got)
	}
	if id := fyne.CurrentApp().UniqueID(); id != AppID {
		t.Errorf("Fyne's code is told the ID %q, want %q", id, AppID)
	}
	fyne.CurrentApp().Preferences().SetString(fileDialogFolderKey, "/home/x/Selbsthilfe")
	if got := configHolds(t, config); len(got) != 0 {
		t.Fatalf("the file dialog's folder left %v", got)
	}

	fyne.DoAndWait(func() { u.prefs.set(prefTheme, "dark") })
	data, err := os.ReadFile(path)
	if err != nil || string(data) != `{"theme":"dark"}`+"\n" {
		t.Fatalf("settings file %q (%v), want the theme alone", data, err)
	}
	again, err := openFilePrefs(path)
	if err != nil || again.String(string(prefTheme)) != "dark" {
		t.Errorf("read back: theme %q (%v)", again.String(string(prefTheme)), err)
	}

	fyne.DoAndWait(func() { u.prefs.set(prefTheme, "") })
	if got := configHolds(t, config); len(got) != 0 {
		t.Errorf("back at the defaults, the configuration folder holds %v", got)
	}
}

// TestUnreadableSettingsAreTold: a damaged settings file (here cut off, as
// after a power cut) gives the defaults and a notice in the user's
// language; the file is left as it was until a setting changes, and then
// holds that setting.
func TestUnreadableSettingsAreTold(t *testing.T) {
	_, path := settingsPath(t)
	damaged := `{"language":"de","theme":"da`
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	store, openErr := openFilePrefs(path)
	if !errors.Is(openErr, errSettingsUnreadable) {
		t.Fatalf("opening a damaged file: %v", openErr)
	}
	u := newTestUI(t, "de", Options{Preferences: store, AppID: AppID, SettingsErr: openErr})
	for _, key := range []string{"app.settings_file.title", "app.settings_file.unreadable"} {
		want := translate(key, nil)
		poll.Until(t, fmt.Sprintf("the notice %q", want), func() bool { return overlayShows(u, want) })
	}
	if data, _ := os.ReadFile(path); string(data) != damaged {
		t.Fatalf("the damaged file was changed to %q before any setting was", data)
	}
	fyne.DoAndWait(func() { u.prefs.set(prefTextSize, "large") })
	if data, _ := os.ReadFile(path); string(data) != `{"text_size":"large"}`+"\n" {
		t.Errorf("after a change the file holds %q", data)
	}
}
