package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestHostileFileDialogKeepsNoFolder: Fyne's own file dialog stores the
// last folder it showed (fyne:fileDialogLastFolder), a record of where the
// user keeps ring checklists. A value an earlier version left is removed
// at start, and opening the dialogs (the newcomer's "open a checklist",
// the helper's open and save) writes nothing outside the whitelist.
func TestHostileFileDialogKeepsNoFolder(t *testing.T) {
	t.Setenv("LANGUAGE", "en")
	a := test.NewTempApp(t)
	a.Preferences().SetString(fileDialogFolderKey, "file:///home/jana/Selbsthilfe/Mittwoch")
	a.Preferences().SetString("some.other.key", "whatever")
	u := newUI(Options{App: a, RealName: func(string) bool { return false }})
	u.async = func(f func()) { f() }
	u.start(nil)
	if stray := strayPreferences(t, a.Preferences()); len(stray) > 0 {
		t.Errorf("kept from before: %q", stray)
	}

	t.Setenv("HOME", t.TempDir())
	for name, open := range map[string]func(){
		"open a checklist": u.pickChecklistFile,
		"helper's open":    func() { u.showHelperStep(); u.helper.pickHelperFile() },
		"helper's save":    func() { u.showHelperStep(); fillChecklist(u); test.Tap(u.helper.saveFile) },
	} {
		open()
		d := fileDialogOn(t, u)
		// Going to a folder is what stores it.
		goToFolder(t, d)
		if stray := strayPreferences(t, a.Preferences()); len(stray) > 0 {
			t.Errorf("%s: the file dialog stored %q", name, stray)
		}
		u.window().Canvas().Overlays().Remove(d)
	}
}

// TestHostileSavedChecklistIsPrivate saves a checklist and a handout
// through the GUI's real save dialog: both files must be readable by the
// user only (0600), as the command line's are; a checklist holds the
// ring link and maybe its PIN.
func TestHostileSavedChecklistIsPrivate(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	u.showHelperStep()
	fillChecklist(u)
	folder := t.TempDir()
	t.Setenv("HOME", folder)
	for _, save := range []struct {
		button *button
		file   string
	}{{u.helper.saveFile, "checkliste.ring"}, {u.helper.handout, "handout.pdf"}} {
		test.Tap(save.button)
		d := fileDialogOn(t, u)
		goToFolder(t, d)
		tapButton(t, d, "Save")
		fi, err := os.Stat(filepath.Join(folder, save.file))
		if err != nil {
			t.Fatalf("%s was not saved: %v", save.file, err)
		}
		if fi.Size() == 0 || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %d bytes; want 0600 and content", save.file, fi.Mode().Perm(), fi.Size())
		}
	}
}

// fillChecklist types a minimal valid checklist into the helper.
func fillChecklist(u *ui) {
	s := u.helper
	retype(s.name, "Mittwochsgruppe")
	retype(s.times, "mittwochs 19 Uhr")
	retype(s.link, nativeLink)
}

// fileDialogOn returns the file dialog on top of the main window.
func fileDialogOn(t *testing.T, u *ui) fyne.CanvasObject {
	t.Helper()
	top := u.window().Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no file dialog shown")
	}
	return top
}

// goToFolder navigates the dialog to the home folder as a user would, by
// its first favourite ("Home"); the tests point HOME at their folder.
func goToFolder(t *testing.T, d fyne.CanvasObject) {
	t.Helper()
	for _, o := range test.LaidOutObjects(d) {
		if l, ok := o.(*widget.List); ok && l.OnSelected != nil {
			l.UnselectAll()
			l.Select(0)
			return
		}
	}
	t.Fatal("the file dialog has no favourites to go to")
}

// tapButton taps the dialog's button labelled text.
func tapButton(t *testing.T, d fyne.CanvasObject, text string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(d) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q", text)
}
