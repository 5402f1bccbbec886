package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestHelperMakesAShareLinkNewcomersCanOpen(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showHelperStep()
	s := u.helper
	test.Tap(s.copyShare)
	if !s.problem.Visible() || u.clip.Content() != "" {
		t.Fatal("a checklist without a group name must be refused with a reason")
	}
	test.Type(s.name, "Mittwochsgruppe")
	test.Type(s.times, "mittwochs 19 Uhr")
	test.Type(s.link, nativeLink)
	test.Tap(s.copyShare)
	if s.problem.Visible() || !s.done.Visible() {
		t.Fatalf("problem: %q", s.problem.Text)
	}
	// The newcomer opens the link.
	o := initialLink([]string{u.clip.Content()})
	if o.err != nil || o.checklist == nil || o.text != nativeLink || o.checklist.Ring.Name != "Mittwochsgruppe" {
		t.Fatalf("opened %+v", o)
	}
	u.showLinkStep(o)
	if u.link.join.Disabled() {
		t.Fatal("the ring link from the checklist should be ready to join")
	}
}

func TestGoldenHelper(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showHelperStep()
	test.Type(u.helper.name, "Mittwochsgruppe")
	capture(t, u, "helper.de.png")
}
