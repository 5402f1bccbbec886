package app

import (
	"bytes"
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// FindingStatus says how a check-up finding went.
type FindingStatus int

const (
	FindingOK FindingStatus = iota
	FindingWarn
	FindingUnknown // could not be checked
	FindingInfo    // a fact to know, nothing to fix (e.g. no notice known)
)

// Msg is a message key with its template data, as the UI-free packages
// return them.
type Msg struct {
	Key  string
	Args map[string]any
}

// MessageKey returns the i18n key.
func (m Msg) MessageKey() string { return m.Key }

// MessageArgs returns the template data.
func (m Msg) MessageArgs() map[string]any { return m.Args }

// Fix kinds the check-up can offer; the GUI knows how to do each.
const (
	FixOpenPrivateWindow = "open_private_window"
	FixTurnCameraOff     = "turn_camera_off"
	FixPickAnotherName   = "pick_another_name"
	FixSignOut           = "sign_out"
	// FixStartMuted is the walkthrough's own: the helper's "start muted"
	// step, when the user had chosen otherwise.
	FixStartMuted = "start_muted"
)

// Finding is one result of the check-up, in message keys so the GUI can
// translate it. Evidence may name accounts: it is shown and never kept.
type Finding struct {
	// Check is the check-up's stable name for the check ("google.chrome",
	// "zoom", "name", "camera"…), so that a step of a helper's checklist
	// can be matched to what the check-up found.
	Check    string
	Status   FindingStatus
	Title    Msg
	Text     Msg
	Evidence []Msg
	// FixKind is one of the Fix* constants, or "" when there is no
	// one-click fix; FixButton labels the button, FixHow explains what to
	// do by hand.
	FixKind   string
	FixButton Msg
	FixHow    Msg
}

// CheckRequest tells the check-up what to look at.
type CheckRequest struct {
	Pseudonym string
	AudioOnly bool
	// Notice is the ring's privacy notice in the user's language, or "".
	Notice string
	// Kind and Platform say which ring this is for: what matters for a
	// Meet hand-off (the Google account) matters less for a native ring.
	Kind     ring.Kind
	Platform ring.Platform
	// Checklist: the facts come from a helper's checklist for this ring.
	Checklist bool
}

// checkScreen is the full check-up behind the pre-join screen's
// "Details", with the ring's privacy notice and, when the ring came with a
// helper's checklist, the walkthrough of its steps (shown before the
// pre-join screen then).
type checkScreen struct {
	next    *button
	results *fyne.Container // check-up findings no checklist step took up
	walk    *walkthrough    // nil without a checklist
}

// showCheckStep shows the local check-up and the ring's privacy notice,
// and the helper's checklist with what the check-up found for each of its
// steps. The check-up runs once per visit; the pre-join screen's banner
// shows the same answer.
func (u *ui) showCheckStep() {
	f := u.flow
	f.step = stepCheck
	s := &checkScreen{results: container.NewVBox()}
	u.check = s
	s.next = newButton(lang.L("app.check.next"), theme.NavigateNextIcon(), u.showJoinStep)
	if f.checklist != nil && len(f.checklist.Steps) > 0 {
		s.walk = u.newWalkthrough(f.checklist, false)
	}

	body := container.NewVBox(para(lang.L("app.check.intro")))
	if s.walk != nil {
		body.Add(s.walk.box)
		body.Add(widget.NewSeparator())
		body.Add(bold(lang.L("app.walk.other_checks")))
	}
	body.Add(s.results)
	if facts := encryptionFacts(f.link); facts != nil {
		body.Add(facts)
	}
	if u.opts.CheckUp == nil {
		// Without the check-up engine the notice is shown here; the
		// check-up reports it as one of its findings otherwise.
		notice := ringNotice(f)
		if notice == "" {
			notice = lang.L("app.check.no_notice")
		}
		body.Add(widget.NewSeparator())
		body.Add(bold(lang.L("app.check.notice_title")))
		body.Add(para(notice))
	}
	// Back leads where the user came from: the link, for a helper's
	// walkthrough shown first, else the pre-join screen.
	back := u.showJoinStep
	if s.walk != nil {
		back = func() { u.flow = nil; u.showLinkStep(opening{text: f.link.Canonical(), checklist: f.checklist}) }
	}
	u.show(u.frame(0, lang.L("app.check.title"), body, back, s.next))
	u.renderCheck()
	u.window().Canvas().Focus(s.next)
	u.runCheckUp(f)
}

// ringNotice is the ring's privacy notice in the user's language, or "".
func ringNotice(f *flow) string {
	if f.checklist == nil {
		return ""
	}
	return checklist.Localized(f.checklist.Privacy, currentLanguage())
}

// runCheckUp starts the visit's check-up once, off the UI thread, and
// shows its answer on whichever screen is up: the banner or the details.
func (u *ui) runCheckUp(f *flow) {
	if u.opts.CheckUp == nil || f.checkStarted {
		return
	}
	f.checkStarted = true
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	req := CheckRequest{Pseudonym: f.pseudonym, AudioOnly: f.audioOnly, Notice: ringNotice(f),
		Kind: f.link.Kind, Platform: f.link.Platform, Checklist: f.checklist != nil}
	u.async(func() {
		findings := u.opts.CheckUp(ctx, req)
		fyne.Do(func() {
			if u.flow != f {
				return
			}
			f.findings, f.checkAnswered = findings, true
			switch f.step {
			case stepCheck:
				u.renderCheck()
			case stepJoin:
				u.renderBanner()
			}
		})
	})
}

// checkAgain runs the check-up anew (after the user changed something on
// this computer, e.g. signed out).
func (u *ui) checkAgain() {
	f := u.flow
	if f == nil {
		return
	}
	f.checkStarted, f.checkAnswered, f.findings = false, false, nil
	u.showCheckStep()
}

// renderCheck lays out the findings and the walkthrough again after
// anything changed: the check-up answered, a fix was applied, a box
// ticked.
func (u *ui) renderCheck() {
	s, f := u.check, u.flow
	if s == nil || f == nil || f.step != stepCheck {
		return // a fix moved on to another screen
	}
	var taken func(Finding) bool
	if s.walk != nil {
		s.walk.facts = u.walkFacts()
		s.walk.render()
		taken = s.walk.takes
		if s.walk.allRequiredMet() {
			s.next.SetText(lang.L("app.check.next"))
		} else {
			// The user is told, not held back: a nervous newcomer must
			// never be stuck on a step Ringlet cannot check for sure.
			s.next.SetText(lang.L("app.walk.next_anyway"))
		}
	}
	s.results.Objects = nil
	switch {
	case u.opts.CheckUp == nil:
		s.results.Add(para(lang.L("app.check.none")))
	case !f.checkAnswered:
		s.results.Add(para(lang.L("app.check.running")))
	default:
		shown := 0
		for _, fd := range f.findings {
			if taken != nil && taken(fd) {
				continue
			}
			if shown > 0 {
				s.results.Add(widget.NewSeparator())
			}
			s.results.Add(u.findingRow(fd))
			shown++
		}
		if shown == 0 {
			s.results.Add(para(lang.L("app.check.all_good")))
		}
	}
	s.results.Refresh()
}

// walkFacts gathers what the walkthrough judges the steps by: the
// check-up's findings and the choices made so far in this visit.
func (u *ui) walkFacts() walkFacts {
	f := u.flow
	facts := walkFacts{
		checkUp:      u.opts.CheckUp != nil,
		answered:     f.checkAnswered,
		findings:     f.findings,
		native:       f.link.Kind == ring.KindNative,
		pseudonym:    f.pseudonym,
		cameraChosen: f.cameraChosen,
		audioOnly:    f.audioOnly,
		startMuted:   f.startMuted,
		done:         f.walkDone,
	}
	if f.pseudonym != "" {
		facts.realName = u.realNameMatch(f.pseudonym)
	}
	return facts
}

// findingRow shows one finding: a symbol, what it means in plain words,
// and the fix button where one exists.
func (u *ui) findingRow(fd Finding) fyne.CanvasObject {
	text := container.NewVBox(bold(translate(fd.Title.Key, fd.Title.Args)))
	if fd.Text.Key != "" {
		text.Add(para(translate(fd.Text.Key, fd.Text.Args)))
	}
	for _, e := range fd.Evidence {
		text.Add(para("• " + translate(e.Key, e.Args)))
	}
	if fd.FixHow.Key != "" {
		text.Add(para(translate(fd.FixHow.Key, fd.FixHow.Args)))
	}
	if fd.FixKind != "" && fd.FixKind != FixSignOut && fd.FixButton.Key != "" {
		done := para("")
		done.Importance = widget.SuccessImportance
		done.Hide()
		var fix *button
		fix = newButton(translate(fd.FixButton.Key, fd.FixButton.Args), nil, func() {
			if msg := u.applyFix(fd.FixKind); msg != "" {
				fix.Disable()
				done.SetText(msg)
				done.Show()
			}
		})
		text.Add(container.NewHBox(fix))
		text.Add(done)
	}
	return container.NewBorder(nil, nil, container.NewVBox(statusIcon(fd.Status)), nil, text)
}

// applyFix does a check-up fix and says what changed; "" means nothing
// to confirm (the fix moved on to another screen).
func (u *ui) applyFix(kind string) string {
	if key := u.fix(kind); key != "" {
		return lang.L(key)
	}
	return ""
}

// fix does a fix and returns the message key of what changed.
func (u *ui) fix(kind string) string {
	f := u.flow
	if f == nil {
		return ""
	}
	switch kind {
	case FixTurnCameraOff:
		f.audioOnly, f.cameraChosen = true, true
		return "app.check.fixed_camera_off"
	case FixStartMuted:
		f.startMuted = true
		return "app.walk.fixed_muted"
	case FixPickAnotherName:
		f.pseudonym = u.suggestName(f)
		u.showJoinStep()
		return ""
	case FixOpenPrivateWindow:
		if f.link.Kind == ring.KindNative {
			return "app.check.fixed_native"
		}
		return "app.check.fixed_private"
	}
	return ""
}

// walkStatus is how one step of a helper's checklist stands.
type walkStatus int

const (
	walkChecking  walkStatus = iota // the check-up has not answered yet
	walkOK                          // checked, or settled by the user's choice
	walkWarn                        // checked, and not met
	walkCantCheck                   // Ringlet cannot tell; the user ticks it
	walkLater                       // settled on a later screen (name, preview)
	walkManual                      // the helper's own step; the user ticks it
	walkAuto                        // helper's preview: checked on the newcomer's computer
)

// walkFacts is what the steps are judged by. Nothing of it is stored:
// it lives as long as the visit (done) or the screen.
type walkFacts struct {
	preview  bool // the helper looks at the walkthrough; nothing is checked
	checkUp  bool // a check-up is wired in
	answered bool // and it has answered
	findings []Finding
	native   bool // Ringlet joins itself, without a browser or the Zoom app

	pseudonym    string // "" until the name screen
	realName     bool   // the pseudonym looks like the user's real name
	cameraChosen bool   // the camera choice was made (else: voice only, muted)
	audioOnly    bool
	startMuted   bool

	// done holds, by step number, the message key of how the user did a
	// step Ringlet could not check: ticked by hand or by a one-click fix.
	done map[int]string
}

// walkAssessment is one step as the newcomer sees it.
type walkAssessment struct {
	status walkStatus
	note   string    // message key: why this status, in plain words
	found  []Finding // what the check-up found for it
	fix    string    // a Fix* kind that turns a warning into a tick
	button Msg       // the fix button's label
}

// matches tells whether a check-up finding belongs to a built-in step.
func matches(c checklist.Check, fd Finding) bool {
	switch c {
	case checklist.NoGoogleSignin:
		return strings.HasPrefix(fd.Check, "google.")
	case checklist.NoZoomAccount:
		return fd.Check == "zoom"
	case checklist.PseudonymNotRealName:
		return fd.Check == "name"
	case checklist.CameraBlurred:
		return fd.Check == "camera"
	}
	return false
}

// assess judges one step. Built-in checks come from the check-up or from
// the user's own choices; whatever Ringlet cannot know is said plainly
// ("can't check") and left to the user to tick, never assumed done.
func assess(st checklist.Step, in walkFacts) walkAssessment {
	if st.IsCustom() {
		return walkAssessment{status: walkManual}
	}
	voiceOnly := !in.cameraChosen || in.audioOnly // the preview starts voice only
	muted := !in.cameraChosen || in.startMuted
	switch st.Check {
	case checklist.NoGoogleSignin:
		if in.native {
			return walkAssessment{status: walkOK, note: "app.walk.google_native"}
		}
		return fromFindings(st.Check, in)
	case checklist.NoZoomAccount:
		if in.native {
			return walkAssessment{status: walkOK, note: "app.walk.zoom_native"}
		}
		return fromFindings(st.Check, in)
	case checklist.PseudonymNotRealName:
		if in.preview || in.pseudonym == "" {
			return walkAssessment{status: walkLater, note: "app.walk.name_later"}
		}
		a := fromFindings(st.Check, in)
		if in.realName {
			a.status, a.note = walkWarn, "app.walk.name_real"
		} else if a.status != walkWarn && a.status != walkChecking {
			// The name screen's own guard has compared it already.
			a.status, a.note = walkOK, "app.walk.name_ok"
		}
		if a.status == walkWarn {
			a.fix, a.button = FixPickAnotherName, Msg{Key: "app.walk.fix_name"}
		}
		return a
	case checklist.AudioOnly:
		if voiceOnly {
			return walkAssessment{status: walkOK, note: "app.walk.voice_only"}
		}
		return walkAssessment{status: walkWarn, note: "app.walk.camera_chosen", fix: FixTurnCameraOff, button: Msg{Key: "app.walk.fix_camera_off"}}
	case checklist.CameraBlurred:
		if voiceOnly {
			return walkAssessment{status: walkOK, note: "app.walk.camera_stays_off"}
		}
		if a := fromFindings(st.Check, in); len(a.found) > 0 {
			return a
		}
		return walkAssessment{status: walkLater, note: "app.walk.blur_in_preview"}
	case checklist.Headphones:
		if in.preview {
			return walkAssessment{status: walkManual, note: "app.walk.preview_tick"}
		}
		return walkAssessment{status: walkCantCheck, note: "app.walk.headphones_cant"}
	case checklist.StartMuted:
		if muted {
			return walkAssessment{status: walkOK, note: "app.walk.muted"}
		}
		return walkAssessment{status: walkWarn, note: "app.walk.not_muted", fix: FixStartMuted, button: Msg{Key: "app.walk.fix_muted"}}
	}
	return walkAssessment{status: walkCantCheck, note: "app.walk.not_checked"}
}

// fromFindings judges a step by the check-up's findings for it: the worst
// one counts, and no finding at all is "can't check", not "fine".
func fromFindings(c checklist.Check, in walkFacts) walkAssessment {
	switch {
	case in.preview:
		return walkAssessment{status: walkAuto, note: "app.walk.preview_auto"}
	case !in.checkUp:
		return walkAssessment{status: walkCantCheck, note: "app.walk.no_checkup"}
	case !in.answered:
		return walkAssessment{status: walkChecking, note: "app.walk.checking"}
	}
	a := walkAssessment{status: walkOK, note: "app.walk.checked_ok"}
	unknown := false
	for _, fd := range in.findings {
		if !matches(c, fd) {
			continue
		}
		a.found = append(a.found, fd)
		switch fd.Status {
		case FindingWarn:
			if a.status != walkWarn {
				a.status, a.note = walkWarn, "app.walk.checked_warn"
			}
			if a.fix == "" && fd.FixKind != "" && fd.FixKind != FixSignOut && fd.FixButton.Key != "" {
				a.fix, a.button = fd.FixKind, fd.FixButton
			}
		case FindingUnknown:
			unknown = true
		}
	}
	if a.status == walkOK && (unknown || len(a.found) == 0) {
		a.status, a.note = walkCantCheck, "app.walk.not_checked"
	}
	return a
}

// met tells whether a step counts as done for the "important steps" line.
// A step settled on a later screen counts: that screen holds the user to
// it (the name screen will not take a real name).
func (a walkAssessment) met(done bool) bool {
	return a.status == walkOK || a.status == walkLater || a.status == walkAuto || done
}

// walkthrough shows a helper's checklist step by step, with ✓, ⚠ or
// "can't check" for each built-in check and a box to tick for the rest.
// Ticks live in the visit (flow.walkDone), never on disk.
type walkthrough struct {
	u        *ui
	c        *checklist.Checklist
	readOnly bool // the helper's preview: nothing to tick or fix
	facts    walkFacts
	box      *fyne.Container
	summary  *widget.Label
	rows     []*walkRow
	open     []string // titles of required steps not met, set by render
}

// walkRow is one step on screen, kept for the tests.
type walkRow struct {
	assessment walkAssessment
	icon       *widget.Icon
	title      *widget.Label
	note       *widget.Label
	tick       *widget.Check // nil when the step is checked by Ringlet
	fix        *button       // nil without a one-click fix
}

func (u *ui) newWalkthrough(c *checklist.Checklist, readOnly bool) *walkthrough {
	w := &walkthrough{u: u, c: c, readOnly: readOnly, box: container.NewVBox(), summary: para("")}
	if readOnly {
		w.facts = walkFacts{preview: true}
		if l, err := ring.Parse(c.Ring.Link); err == nil {
			w.facts.native = l.Kind == ring.KindNative
		}
		w.render()
	}
	return w
}

// takes tells whether a finding is shown with one of the steps, so the
// general list does not show it twice.
func (w *walkthrough) takes(fd Finding) bool {
	for _, st := range w.c.Steps {
		if !st.IsCustom() && matches(st.Check, fd) {
			return true
		}
	}
	return false
}

// allRequiredMet tells whether every step the helper marked required is
// done (or still being checked: the user is not warned before Ringlet
// knows).
func (w *walkthrough) allRequiredMet() bool { return len(w.open) == 0 }

// render lays the steps out again from the facts.
func (w *walkthrough) render() {
	w.box.Objects = nil
	w.rows = nil
	w.box.Add(bold(lang.L("app.check.checklist_title")))
	if w.c.Ring.Times != "" {
		w.box.Add(para(lang.L("app.check.checklist_times", map[string]any{"Times": w.c.Ring.Times})))
	}
	w.box.Add(para(lang.L("app.walk.intro")))
	if !w.readOnly && w.facts.checkUp && w.facts.answered {
		again := newButton(lang.L("app.walk.check_again"), theme.ViewRefreshIcon(), w.u.checkAgain)
		again.Importance = widget.LowImportance
		w.box.Add(container.NewHBox(again))
	}
	var open []string
	checking := false
	for i, st := range w.c.Steps {
		a := assess(st, w.facts)
		doneKey := w.facts.done[i]
		w.box.Add(widget.NewSeparator())
		w.box.Add(w.row(i, st, a, doneKey))
		if a.status == walkChecking {
			checking = true
		}
		if st.Level == checklist.Required && !a.met(doneKey != "") {
			open = append(open, "• "+stepTitle(st))
		}
	}
	w.box.Add(widget.NewSeparator())
	if checking || w.readOnly {
		open = nil
	}
	w.open = open
	switch {
	case w.readOnly:
		w.summary.SetText(lang.L("app.walk.preview_summary"))
		w.summary.Importance = widget.MediumImportance
	case checking:
		w.summary.SetText(lang.L("app.walk.summary_checking"))
		w.summary.Importance = widget.MediumImportance
	case len(open) == 0:
		w.summary.SetText(lang.L("app.walk.summary_done"))
		w.summary.Importance = widget.SuccessImportance
	default:
		w.summary.SetText(lang.L("app.walk.summary_open", map[string]any{"Steps": strings.Join(open, "\n")}))
		w.summary.Importance = widget.WarningImportance
	}
	w.box.Add(w.summary)
	w.box.Refresh()
}

// stepTitle is a step's title in the user's language.
func stepTitle(st checklist.Step) string {
	if st.IsCustom() {
		return checklist.Localized(st.Title, currentLanguage())
	}
	if keys, ok := st.Check.Text(); ok {
		return translate(keys.TitleKey, nil)
	}
	return string(st.Check)
}

// row shows one step: its symbol and level, what Ringlet found, why it
// matters and how to do it, and a fix or a box to tick.
func (w *walkthrough) row(i int, st checklist.Step, a walkAssessment, doneKey string) fyne.CanvasObject {
	r := &walkRow{assessment: a}
	w.rows = append(w.rows, r)
	status := a.status
	if doneKey != "" && status != walkOK {
		status = walkOK
	}
	r.icon = stepIcon(status, doneKey != "")
	r.title = bold(stepTitle(st) + " – " + translate(st.Level.MessageKey(), nil))
	if a.note == "app.walk.google_native" || a.note == "app.walk.zoom_native" {
		// "Important" above "not needed here" would contradict itself.
		r.title.SetText(stepTitle(st))
	}
	r.title.Wrapping = fyne.TextWrapWord
	text := container.NewVBox(r.title)
	noteKey := a.note
	if doneKey != "" {
		noteKey = doneKey
	}
	r.note = stepNote(noteKey, status)
	if noteKey != "" {
		text.Add(r.note)
	}
	if doneKey == "" {
		addFound(text, a.found)
	}
	addHowTo(text, st)
	w.addAction(text, r, i, doneKey)
	return container.NewBorder(nil, nil, container.NewVBox(r.icon), nil, text)
}

// stepIcon is a step's symbol: colour as well as shape (green tick, orange
// warning, blue info), and a box, ticked once done, for a step only the
// user can do.
func stepIcon(status walkStatus, done bool) *widget.Icon {
	switch status {
	case walkOK:
		return statusIcon(FindingOK)
	case walkWarn:
		return statusIcon(FindingWarn)
	case walkLater, walkAuto, walkChecking:
		return statusIcon(FindingInfo)
	case walkManual:
		if done {
			return widget.NewIcon(theme.CheckButtonCheckedIcon())
		}
		return widget.NewIcon(theme.CheckButtonIcon())
	}
	return statusIcon(FindingUnknown)
}

// stepNote is what Ringlet says about a step (noteKey; "" leaves it
// empty), coloured by its status.
func stepNote(noteKey string, status walkStatus) *widget.Label {
	note := para("")
	if noteKey != "" {
		note.SetText(translate(noteKey, nil))
	}
	switch status {
	case walkOK:
		note.Importance = widget.SuccessImportance
	case walkWarn:
		note.Importance = widget.WarningImportance
	}
	return note
}

// addFound adds what the check-up found for a step and has not judged
// fine: each finding's title, evidence and how to fix it.
func addFound(text *fyne.Container, found []Finding) {
	for _, fd := range found {
		if fd.Status == FindingOK {
			continue
		}
		text.Add(para(translate(fd.Title.Key, fd.Title.Args)))
		for _, e := range fd.Evidence {
			text.Add(para("• " + translate(e.Key, e.Args)))
		}
		if fd.FixHow.Key != "" {
			text.Add(para(translate(fd.FixHow.Key, fd.FixHow.Args)))
		}
	}
}

// addHowTo adds why a step matters and how to do it (a helper's own step
// has its text in several languages), and its picture, if any.
func addHowTo(text *fyne.Container, st checklist.Step) {
	var why, how string
	if st.IsCustom() {
		how = checklist.Localized(st.Text, currentLanguage())
	} else if keys, ok := st.Check.Text(); ok {
		why, how = translate(keys.WhyKey, nil), translate(keys.HowKey, nil)
	}
	for _, t := range []string{why, how} {
		if t != "" {
			text.Add(para(t))
		}
	}
	if len(st.Image) > 0 {
		img := canvas.NewImageFromReader(bytes.NewReader(st.Image), "step")
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(240, 160))
		text.Add(img)
	}
}

// addAction adds what the user can do about step i: its one-click fix,
// or a box to tick (shown but disabled in the helper's read-only
// preview).
func (w *walkthrough) addAction(text *fyne.Container, r *walkRow, i int, doneKey string) {
	a := r.assessment
	switch {
	case w.readOnly:
		if a.status == walkManual {
			r.tick = widget.NewCheck(lang.L("app.walk.tick"), nil)
			r.tick.Disable()
			text.Add(r.tick)
		}
	case doneKey == "" && a.fix != "":
		kind := a.fix
		r.fix = newButton(translate(a.button.Key, a.button.Args), nil, func() { w.applyFix(i, kind) })
		text.Add(container.NewHBox(r.fix))
	case a.status == walkManual || a.status == walkCantCheck || (doneKey != "" && a.status != walkOK):
		r.tick = widget.NewCheck(lang.L("app.walk.tick"), nil)
		r.tick.SetChecked(doneKey != "")
		r.tick.OnChanged = func(on bool) { w.setDone(i, on, "app.walk.ticked") }
		text.Add(r.tick)
	}
}

// applyFix does a step's one-click fix. Fixes that change a choice (camera
// off, start muted) show up in the next assessment by themselves; the
// others are remembered for this visit as done.
func (w *walkthrough) applyFix(i int, kind string) {
	key := w.u.fix(kind)
	if f := w.u.flow; f == nil || f.step != stepCheck || w.u.check.walk != w {
		return // the fix moved on to another screen
	}
	if kind == FixOpenPrivateWindow && key != "" {
		w.setDone(i, true, key)
		return
	}
	w.u.renderCheck()
}

func (w *walkthrough) setDone(i int, on bool, key string) {
	f := w.u.flow
	if f == nil || w.readOnly {
		return
	}
	if f.walkDone == nil {
		f.walkDone = map[int]string{}
	}
	if on {
		f.walkDone[i] = key
	} else {
		delete(f.walkDone, i)
	}
	w.u.renderCheck()
}
