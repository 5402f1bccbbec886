package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/privacy"
)

// walkChecklist is the self-help template for a Jitsi ring (so that the
// Google and Zoom steps depend on the check-up), with one required step
// of the helper's own at the end.
func walkChecklist(t *testing.T, link string) *checklist.Checklist {
	t.Helper()
	c, err := checklist.Template("self-help")
	if err != nil {
		t.Fatal(err)
	}
	c.Ring = checklist.Ring{Name: "Mittwochsgruppe", Times: "mittwochs 19 Uhr", Link: link}
	c.Steps = append(c.Steps, checklist.Step{Level: checklist.Required,
		Title: map[string]string{"de": "Tür zumachen", "en": "Close the door"}})
	if err := c.Validate(checklistOptions); err != nil {
		t.Fatal(err)
	}
	return c
}

// walkFindings is a check-up that finds a Google sign-in in Chrome, no
// Zoom account and no Teams.
func walkFindings(context.Context, CheckRequest) []Finding {
	return []Finding{
		{Check: "google.chrome", Status: FindingWarn, Title: Msg{Key: "privacy.google.signed_in.title", Args: map[string]any{"Browser": "Google Chrome"}},
			Evidence: []Msg{{Key: "privacy.evidence.browser_signed_in", Args: map[string]any{"Browser": "Google Chrome", "Profile": "Person 1", "Account": "Anna Beispiel"}}},
			FixKind:  FixOpenPrivateWindow, FixButton: Msg{Key: "privacy.fix.open_private_window"}},
		{Check: "google.firefox", Status: FindingOK, Title: Msg{Key: "privacy.google.ok.title", Args: map[string]any{"Browser": "Firefox"}}},
		{Check: "zoom", Status: FindingOK, Title: Msg{Key: "privacy.zoom.ok.title"}},
		{Check: "teams", Status: FindingOK, Title: Msg{Key: "privacy.teams.ok.title"}},
	}
}

// stepIndex finds a step of c by its check ("" for the custom one).
func stepIndex(t *testing.T, c *checklist.Checklist, check checklist.Check) int {
	t.Helper()
	for i, st := range c.Steps {
		if st.Check == check {
			return i
		}
	}
	t.Fatalf("no step %q", check)
	return -1
}

func screenTexts(u *ui) string {
	var texts []string
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			texts = append(texts, w.Text)
		case *widget.Check:
			texts = append(texts, w.Text)
		case *button:
			texts = append(texts, w.Text)
		}
	})
	return strings.Join(texts, "\n")
}

func findButton(t *testing.T, u *ui, label string) *button {
	t.Helper()
	var found *button
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*button); ok && b.Text == label {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on screen", label)
	}
	return found
}

// TestWalkthroughShowsWhatTheCheckUpFound opens a share link in the link
// field, as a newcomer pasting it from a message would, and walks the
// helper's checklist through to the name screen.
func TestWalkthroughShowsWhatTheCheckUpFound(t *testing.T) {
	c := walkChecklist(t, "https://meet.jit.si/Mittwochsgruppe")
	share, err := checklist.ShareLink(c, "")
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "de", Options{Random: zeroReader{}, CheckUp: walkFindings})
	u.link.entry.SetText(share)
	if u.link.entry.Text != c.Ring.Link || u.link.checklist == nil || u.link.join.Disabled() {
		t.Fatalf("share link not opened: field %q", u.link.entry.Text)
	}
	test.Tap(u.link.join)
	if u.check == nil || u.check.walk == nil {
		t.Fatal("no walkthrough on the check-up")
	}
	w := u.check.walk
	want := map[checklist.Check]struct {
		status walkStatus
		icon   fyne.Resource
		tick   bool
	}{
		checklist.PseudonymNotRealName: {walkLater, theme.InfoIcon(), false},
		checklist.NoGoogleSignin:       {walkWarn, theme.WarningIcon(), false},
		checklist.NoZoomAccount:        {walkOK, theme.ConfirmIcon(), false},
		checklist.AudioOnly:            {walkOK, theme.ConfirmIcon(), false},
		checklist.CameraBlurred:        {walkOK, theme.ConfirmIcon(), false},
		checklist.Headphones:           {walkCantCheck, theme.QuestionIcon(), true},
		checklist.StartMuted:           {walkOK, theme.ConfirmIcon(), false},
		"":                             {walkManual, theme.CheckButtonIcon(), true},
	}
	// The symbols carry colour as well as shape.
	colour := map[walkStatus]string{walkOK: "success_", walkWarn: "warning_", walkLater: "primary_"}
	for check, x := range want {
		r := w.rows[stepIndex(t, c, check)]
		if p, ok := colour[x.status]; ok && !strings.HasPrefix(r.icon.Resource.Name(), p) {
			t.Errorf("%q: icon %s is not coloured %s", check, r.icon.Resource.Name(), p)
		}
		if r.assessment.status != x.status || shape(r.icon.Resource) != shape(x.icon) || (r.tick != nil) != x.tick {
			t.Errorf("%q: status %d icon %s tick %v, want %d %s %v", check, r.assessment.status, r.icon.Resource.Name(), r.tick != nil, x.status, x.icon.Name(), x.tick)
		}
	}
	google := w.rows[stepIndex(t, c, checklist.NoGoogleSignin)]
	if google.fix == nil {
		t.Fatal("the Google warning offers no fix")
	}
	all := screenTexts(u)
	if !strings.Contains(all, "Anna Beispiel") {
		t.Error("the Google step does not say which name would show")
	}
	if strings.Count(all, "Anna Beispiel") != 1 {
		t.Error("the Google finding is shown twice: in the step and in the general list")
	}
	if !strings.Contains(all, translate("privacy.teams.ok.title", nil)) {
		t.Error("a finding no step takes up is missing from the general list")
	}
	custom := stepIndex(t, c, "")
	if u.check.next.Text != "Trotzdem weiter" || u.check.next.Disabled() {
		t.Errorf("with required steps open the button says %q (disabled %v)", u.check.next.Text, u.check.next.Disabled())
	}
	for _, open := range []string{stepTitle(c.Steps[stepIndex(t, c, checklist.NoGoogleSignin)]), "Tür zumachen"} {
		if !strings.Contains(w.summary.Text, open) {
			t.Errorf("summary %q does not name the open step %q", w.summary.Text, open)
		}
	}
	if strings.Contains(w.summary.Text, stepTitle(c.Steps[stepIndex(t, c, checklist.Headphones)])) {
		t.Error("a recommended step is listed as required")
	}

	test.Tap(google.fix)
	w = u.check.walk
	google = w.rows[stepIndex(t, c, checklist.NoGoogleSignin)]
	if shape(google.icon.Resource) != shape(theme.ConfirmIcon()) || google.note.Text != translate("app.check.fixed_private", nil) {
		t.Errorf("after the fix: icon %s, note %q", google.icon.Resource.Name(), google.note.Text)
	}
	test.Tap(w.rows[custom].tick)
	w = u.check.walk
	if !w.rows[custom].tick.Checked || w.summary.Text != translate("app.walk.summary_done", nil) || u.check.next.Text != "Weiter" {
		t.Errorf("all required done: summary %q, button %q", w.summary.Text, u.check.next.Text)
	}
	test.Tap(w.rows[custom].tick)
	if w = u.check.walk; w.allRequiredMet() {
		t.Error("unticking a required step still counts it done")
	}
	test.Tap(w.rows[custom].tick)

	// On to the name; coming back, the name is judged and the ticks stay.
	test.Tap(u.check.next)
	if u.flow.step != stepJoin || u.name == nil || u.name.entry.Text != "Stille Eule" {
		t.Fatalf("not on the name screen (step %d)", u.flow.step)
	}
	test.Tap(findButton(t, u, "Zurück"))
	w = u.check.walk
	if r := w.rows[stepIndex(t, c, checklist.PseudonymNotRealName)]; r.assessment.status != walkOK {
		t.Errorf("the chosen name is not judged: %d", r.assessment.status)
	}
	if !w.rows[custom].tick.Checked || !w.allRequiredMet() {
		t.Error("ticks are lost on the way back from the name screen")
	}
	test.Tap(u.check.next)
	if u.flow.step != stepJoin {
		t.Fatalf("not on the preview (step %d)", u.flow.step)
	}

	// A new visit starts afresh: ticks live in the visit only.
	u.flow = nil
	u.showLinkStep(opening{text: c.Ring.Link, checklist: c})
	test.Tap(u.link.join)
	if r := u.check.walk.rows[custom]; r.tick.Checked {
		t.Error("a tick outlived the visit")
	}
}

// TestWalkthroughFollowsTheUsersChoices: camera, mute and name steps are
// judged by what the user chose, with a fix that undoes a risky choice.
func TestWalkthroughFollowsTheUsersChoices(t *testing.T) {
	c := walkChecklist(t, nativeLink)
	u := newTestUI(t, "en", Options{Random: zeroReader{}, CheckUp: walkFindings,
		RealName: func(name string) bool { return name == "Anna Beispiel" }})
	u.showLinkStep(opening{text: c.Ring.Link, checklist: c})
	test.Tap(u.link.join)
	f := u.flow
	f.cameraChosen, f.audioOnly, f.startMuted = true, false, false
	f.pseudonym = "Anna Beispiel"
	u.showCheckStep()
	w := u.check.walk
	for _, check := range []checklist.Check{checklist.AudioOnly, checklist.StartMuted, checklist.PseudonymNotRealName} {
		if r := w.rows[stepIndex(t, c, check)]; r.assessment.status != walkWarn || r.fix == nil {
			t.Errorf("%s: status %d, fix %v", check, r.assessment.status, r.fix != nil)
		}
	}
	if r := w.rows[stepIndex(t, c, checklist.CameraBlurred)]; r.assessment.status != walkLater {
		t.Errorf("with the camera on, blur is for the preview to show: %d", r.assessment.status)
	}
	// On a native ring the browser's Google account is never used.
	if r := w.rows[stepIndex(t, c, checklist.NoGoogleSignin)]; r.assessment.status != walkOK {
		t.Errorf("Google step on a native ring: %d", r.assessment.status)
	}
	test.Tap(w.rows[stepIndex(t, c, checklist.AudioOnly)].fix)
	test.Tap(u.check.walk.rows[stepIndex(t, c, checklist.StartMuted)].fix)
	if !f.audioOnly || !f.startMuted {
		t.Fatal("the fixes did not change the choices")
	}
	w = u.check.walk
	for _, check := range []checklist.Check{checklist.AudioOnly, checklist.StartMuted, checklist.CameraBlurred} {
		if r := w.rows[stepIndex(t, c, check)]; r.assessment.status != walkOK {
			t.Errorf("%s after the fix: %d", check, r.assessment.status)
		}
	}
	test.Tap(w.rows[stepIndex(t, c, checklist.PseudonymNotRealName)].fix)
	if u.flow.step != stepJoin || u.name.entry.Text == "Anna Beispiel" {
		t.Errorf("pick another name: step %d, name %q", u.flow.step, u.name.entry.Text)
	}
}

// TestWalkthroughWhileCheckingAndWithoutCheckUp: before the check-up
// answers, nobody is warned; without one, the steps are the user's to
// tick.
func TestWalkthroughWhileCheckingAndWithoutCheckUp(t *testing.T) {
	c := walkChecklist(t, "https://meet.jit.si/Mittwochsgruppe")
	u := newTestUI(t, "en", Options{Random: zeroReader{}, CheckUp: walkFindings})
	var pending []func()
	u.async = func(f func()) { pending = append(pending, f) }
	u.showLinkStep(opening{text: c.Ring.Link, checklist: c})
	test.Tap(u.link.join)
	w := u.check.walk
	google := stepIndex(t, c, checklist.NoGoogleSignin)
	if w.rows[google].assessment.status != walkChecking || w.summary.Text != translate("app.walk.summary_checking", nil) || u.check.next.Text != "Next" {
		t.Errorf("while checking: status %d, summary %q, button %q", w.rows[google].assessment.status, w.summary.Text, u.check.next.Text)
	}
	if len(pending) != 1 {
		t.Fatalf("%d check-ups started", len(pending))
	}
	pending[0]()
	if w = u.check.walk; w.rows[google].assessment.status != walkWarn {
		t.Errorf("after the answer: %d", w.rows[google].assessment.status)
	}

	u2 := newTestUI(t, "en", Options{Random: zeroReader{}})
	u2.showLinkStep(opening{text: c.Ring.Link, checklist: c})
	test.Tap(u2.link.join)
	w = u2.check.walk
	r := w.rows[google]
	if r.assessment.status != walkCantCheck || r.tick == nil || shape(r.icon.Resource) != shape(theme.QuestionIcon()) {
		t.Fatalf("without a check-up: status %d", r.assessment.status)
	}
	test.Tap(r.tick)
	if r = u2.check.walk.rows[google]; shape(r.icon.Resource) != shape(theme.ConfirmIcon()) {
		t.Error("ticking a step Ringlet cannot check does not show it done")
	}
}

// TestCheckUpFindingsKeepTheirCheckName guards the seam the walkthrough
// matches steps by: the check-up's stable check names must reach the GUI.
func TestCheckUpFindingsKeepTheirCheckName(t *testing.T) {
	got := fromPrivacy(privacy.Report{Findings: []privacy.Finding{
		{Check: "google.chrome", Status: privacy.StatusWarn},
		{Check: "name", Status: privacy.StatusOK},
	}})
	if len(got) != 2 || got[0].Check != "google.chrome" || got[1].Check != "name" {
		t.Fatalf("got %+v", got)
	}
	if !matches(checklist.NoGoogleSignin, got[0]) || !matches(checklist.PseudonymNotRealName, got[1]) || matches(checklist.NoZoomAccount, got[0]) {
		t.Error("findings are matched to the wrong steps")
	}
}

// TestWalkthroughLeavesNoTrace walks a checklist from a share link in
// fresh user folders, ticking and fixing, and then searches every file
// there: the group, its steps, the ticks and the link must all be gone.
func TestWalkthroughLeavesNoTrace(t *testing.T) {
	c := walkChecklist(t, "https://meet.jit.si/SpurentestGruppe")
	c.Ring.Name = "Spurentest-Runde"
	c.Steps[len(c.Steps)-1].Title["de"] = "Fenster schließen bei Zimmer 12"
	share, err := checklist.ShareLink(c, "")
	if err != nil {
		t.Fatal(err)
	}
	dirs := freshUserDirs(t)
	u := newTestUI(t, "de", Options{Random: zeroReader{}, CheckUp: walkFindings, Preferences: realSettings(t), AppID: AppID})
	u.prefs.set(prefTextSize, textLarge)
	u.link.entry.SetText(share)
	test.Tap(u.link.join)
	w := u.check.walk
	test.Tap(w.rows[len(c.Steps)-1].tick)
	test.Tap(u.check.walk.rows[stepIndex(t, c, checklist.Headphones)].tick)
	test.Tap(u.check.walk.rows[stepIndex(t, c, checklist.NoGoogleSignin)].fix)
	test.Tap(u.check.next)
	u.flow = nil
	u.showLinkStep(opening{})
	settingsHoldOnlyTheWhitelist(t)
	secrets := []string{"Spurentest", "Zimmer 12", "SpurentestGruppe", share[len(checklist.AppSharePrefix):][:40], translate("app.walk.ticked", nil)}
	for _, hit := range findTraces(t, dirs, secrets) {
		t.Errorf("left behind: %s", hit)
	}
}

// shape is an icon's symbol without the colour it is drawn in.
func shape(r fyne.Resource) string {
	n := r.Name()
	if i := strings.Index(n, "_"); i >= 0 {
		return n[i+1:]
	}
	return n
}
