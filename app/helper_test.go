package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
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

// sharedChecklist copies the helper's share link and decodes it as a
// newcomer's Ringlet would.
func sharedChecklist(t *testing.T, u *ui) *checklist.Checklist {
	t.Helper()
	u.clip.SetContent("")
	test.Tap(u.helper.copyShare)
	if u.helper.problem.Visible() {
		t.Fatalf("refused: %s", u.helper.problem.Text)
	}
	c, err := checklist.ParseShareLink(u.clip.Content(), checklistOptions)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func retype(e *widget.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

// TestHelperEditsNoticeAndSteps changes everything a helper can change and
// checks that the newcomer's copy has exactly that.
func TestHelperEditsNoticeAndSteps(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showHelperStep()
	s := u.helper
	test.Type(s.name, "Mittwochsgruppe")
	retype(s.noticeDE, "Bei uns bleibt alles im Raum.")
	retype(s.noticeEN, "Everything stays in the room.")

	// Self-help template: name, Google, Zoom, audio only, blur, headphones,
	// muted. Drop Zoom, move headphones to the top, make it required.
	if len(s.rows) != 7 {
		t.Fatalf("template has %d steps", len(s.rows))
	}
	test.Tap(s.rows[2].remove)
	for i := 4; i > 0; i-- {
		test.Tap(s.rows[i].up)
	}
	s.rows[0].level.SetSelected("Wichtig")

	// Add the Zoom step back at the end, required.
	f := s.stepForm
	if contains(f.kind.Options, stepTitle(checklist.Step{Check: checklist.Headphones})) {
		t.Error("a check already in the list is offered again")
	}
	f.kind.SetSelected(stepTitle(checklist.Step{Check: checklist.NoZoomAccount}))
	f.level.SetSelected("Wichtig")
	test.Tap(f.add)

	// An own step, in both languages.
	f.kind.SetSelected(ownStepLabel())
	if !f.custom.Visible() {
		t.Fatal("the texts of an own step are hidden")
	}
	test.Type(f.titleDE, "Tee kochen")
	test.Type(f.titleEN, "Make tea")
	test.Type(f.textDE, "Ein warmes Getränk hilft.")
	test.Tap(f.add)
	if s.problem.Visible() || len(s.rows) != 8 {
		t.Fatalf("own step not added (%d rows): %s", len(s.rows), s.problem.Text)
	}
	// Change it again.
	if s.rows[7].edit == nil || s.rows[0].edit != nil {
		t.Fatal("only own steps can be edited")
	}
	test.Tap(s.rows[7].edit)
	if f.titleDE.Text != "Tee kochen" || f.kind.Selected != ownStepLabel() {
		t.Fatalf("edit form: %q / %q", f.titleDE.Text, f.kind.Selected)
	}
	retype(f.titleDE, "Tee oder Wasser bereitstellen")
	test.Tap(f.add)

	c := sharedChecklist(t, u)
	var got []string
	for _, st := range c.Steps {
		got = append(got, string(st.Check)+"/"+string(st.Level))
	}
	want := []string{"headphones/required", "pseudonym_not_real_name/required", "no_google_signin/required",
		"audio_only/recommended", "camera_blurred/recommended", "start_muted/recommended", "no_zoom_account/required", "/recommended"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("steps\n got %v\nwant %v", got, want)
	}
	own := c.Steps[7]
	if own.Title["de"] != "Tee oder Wasser bereitstellen" || own.Title["en"] != "Make tea" || own.Text["de"] != "Ein warmes Getränk hilft." || own.Text["en"] != "" {
		t.Errorf("own step: %+v", own)
	}
	if c.Privacy["de"] != "Bei uns bleibt alles im Raum." || c.Privacy["en"] != "Everything stays in the room." {
		t.Errorf("notice: %q", c.Privacy)
	}

	// The last step cannot go: a checklist needs one.
	for len(s.rows) > 1 {
		test.Tap(s.rows[0].remove)
	}
	if !s.rows[0].remove.Disabled() {
		t.Error("the last step can be removed")
	}
}

// TestHelperStepMistakesAreRefused: a step is checked when it is added,
// with the reason, and the list stays as it was.
func TestHelperStepMistakesAreRefused(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	u.showHelperStep()
	s := u.helper
	f := s.stepForm
	test.Tap(f.add)
	if !s.problem.Visible() || s.problem.Text != translate("app.helper.pick_kind", nil) {
		t.Errorf("no kind chosen: %q", s.problem.Text)
	}
	f.kind.SetSelected(ownStepLabel())
	test.Tap(f.add)
	if !strings.Contains(s.problem.Text, "step 8") || len(s.rows) != 7 {
		t.Errorf("own step without title: %q, %d rows", s.problem.Text, len(s.rows))
	}
	test.Type(f.titleEN, "<script>alert(1)</script>")
	test.Tap(f.add)
	if !s.problem.Visible() || len(s.rows) != 7 {
		t.Errorf("script-like title: %q, %d rows", s.problem.Text, len(s.rows))
	}
	retype(f.titleEN, "Close the door")
	test.Tap(f.add)
	if s.problem.Visible() || len(s.rows) != 8 {
		t.Errorf("good step refused: %q", s.problem.Text)
	}
}

// TestHelperOpensAFileToChangeIt: an existing .ring loads into the editor,
// keeps what the editor does not show (other languages, the picture), and
// a broken file leaves the editor as it was.
func TestHelperOpensAFileToChangeIt(t *testing.T) {
	c := walkChecklist(t, nativeLink)
	c.Privacy["tr"] = "Katılım anonimdir."
	c.Steps[len(c.Steps)-1].Title["tr"] = "Kapıyı kapatın"
	dir := t.TempDir()
	path := writeRingFile(t, dir, "gruppe.ring", c)
	bad := filepath.Join(dir, "kaputt.ring")
	if err := os.WriteFile(bad, []byte("format = 1\n[ring]\nname = \"<script>\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showHelperStep()
	s := u.helper
	open := func(p string) {
		r, err := storage.Reader(storage.NewFileURI(p))
		if err != nil {
			t.Fatal(err)
		}
		u.helper.openHelperFile(r)
	}
	test.Type(s.name, "Entwurf")
	open(bad)
	if !s.problem.Visible() || s.name.Text != "Entwurf" {
		t.Fatalf("broken file: problem %q, name %q", s.problem.Text, s.name.Text)
	}
	open(path)
	if s.problem.Visible() || s.name.Text != "Mittwochsgruppe" || s.link.Text != nativeLink || len(s.rows) != len(c.Steps) || s.template.Selected != "" {
		t.Fatalf("file not loaded: %q %q %d rows, template %q", s.name.Text, s.link.Text, len(s.rows), s.template.Selected)
	}
	retype(s.times, "donnerstags 18 Uhr")
	test.Tap(s.rows[len(s.rows)-1].edit)
	retype(s.stepForm.titleDE, "Tür abschließen")
	test.Tap(s.stepForm.add)
	got := sharedChecklist(t, u)
	last := got.Steps[len(got.Steps)-1]
	if got.Ring.Times != "donnerstags 18 Uhr" || got.Privacy["tr"] != c.Privacy["tr"] || last.Title["tr"] != "Kapıyı kapatın" || last.Title["de"] != "Tür abschließen" {
		t.Errorf("edited file: times %q, notice tr %q, last step %v", got.Ring.Times, got.Privacy["tr"], last.Title)
	}

	// Switching the language keeps the edits.
	u.prefs.set(prefLanguage, "en")
	applyLanguage("en")
	u.rebuild()
	t.Cleanup(func() { applyLanguage("de") })
	if u.helper == nil || u.helper.times.Text != "donnerstags 18 Uhr" || len(u.helper.rows) != len(c.Steps) {
		t.Error("the language switch threw the edits away")
	}
}

// TestHelperPreviewIsTheReadOnlyWalkthrough: the helper sees the steps as
// a newcomer does, with nothing checked on their own computer and nothing
// to tick.
func TestHelperPreviewIsTheReadOnlyWalkthrough(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{}, CheckUp: walkFindings})
	u.showHelperStep()
	s := u.helper
	test.Tap(s.preview)
	if s.previewWalk != nil || !s.problem.Visible() {
		t.Fatal("a checklist that would be refused is previewed")
	}
	test.Type(s.name, "Mittwochsgruppe")
	f := s.stepForm
	f.kind.SetSelected(ownStepLabel())
	test.Type(f.titleDE, "Tee kochen")
	test.Tap(f.add)
	test.Tap(s.preview)
	w := s.previewWalk
	if w == nil || u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no preview shown")
	}
	if len(w.rows) != 8 || !strings.Contains(w.rows[7].title.Text, "Tee kochen") {
		t.Fatalf("preview rows: %d", len(w.rows))
	}
	for i, r := range w.rows {
		if r.fix != nil || (r.tick != nil && !r.tick.Disabled()) {
			t.Errorf("row %d can be changed in the preview", i)
		}
		if r.assessment.status == walkWarn || r.assessment.status == walkChecking {
			t.Errorf("row %d judged on the helper's computer: %d", i, r.assessment.status)
		}
	}
	if w.rows[7].tick == nil || w.summary.Text != translate("app.walk.preview_summary", nil) {
		t.Errorf("own step without its box, or summary %q", w.summary.Text)
	}
}

func TestGoldenHelper(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showHelperStep()
	test.Type(u.helper.name, "Mittwochsgruppe")
	capture(t, u, "helper.de.png")
}
