package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
)

// TestRingFileOpensTheWalkthrough opens a helper's .ring file as the
// first argument: the link is filled in, and the check-up shows the
// helper's steps and privacy notice.
func TestRingFileOpensTheWalkthrough(t *testing.T) {
	c, err := checklist.Template("self-help")
	if err != nil {
		t.Fatal(err)
	}
	c.Ring.Name = "Mittwochsgruppe"
	c.Ring.Times = "Mittwochs 19 Uhr"
	c.Ring.Link = nativeLink
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mittwoch.ring")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showLinkStep(initialLink([]string{path}))
	if u.link.entry.Text != nativeLink || u.link.join.Disabled() {
		t.Fatalf("link from the file: %q", u.link.entry.Text)
	}
	test.Tap(u.link.join)
	var texts []string
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			texts = append(texts, w.Text)
		case *widget.Check:
			texts = append(texts, w.Text)
		}
	})
	all := strings.Join(texts, "\n")
	for _, want := range []string{"Checkliste Ihrer Gruppe", "Mittwochs 19 Uhr", translate("checklist.step.audio_only.title", nil)} {
		if !strings.Contains(all, want) {
			t.Errorf("check-up does not show %q", want)
		}
	}
	if !strings.Contains(all, checklist.Localized(c.Privacy, "de")[:40]) {
		t.Error("the group's privacy notice is missing")
	}
}
