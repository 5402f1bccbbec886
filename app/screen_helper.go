package app

import (
	"fmt"
	"io"
	"maps"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
)

// helperScreen lets a group's helper make a setup checklist for
// newcomers: a .ring file, a share link, or a printable handout. Nothing
// is written unless the helper picks a place for it. It is a screen of its
// own: its state and what it does are here, not on ui, which only shows
// it (showHelperDraft) and keeps it while it is on show (ui.helper).
type helperScreen struct {
	// u is the window the screen shows in (dialogs, clipboard, the
	// walkthrough); everything the screen holds is in its own fields.
	u *ui

	template          *widget.RadioGroup
	templates         []checklist.TemplateInfo
	openFile          *button
	name, times, link *widget.Entry
	noticeDE          *widget.Entry
	noticeEN          *widget.Entry
	// The steps as edited; the list on screen is drawn from them.
	steps    []checklist.Step
	stepList *fyne.Container
	rows     []*helperStepRow
	// other holds what the editor does not show, so that opening and
	// saving a helper's file keeps it: notices in other languages.
	otherNotices map[string]string

	stepForm *stepForm

	problem, done     *widget.Label
	saveFile, handout *button
	copyShare         *button
	preview           *button
	// previewWalk is the read-only walkthrough last shown, for the tests.
	previewWalk *walkthrough
}

// helperStepRow is one step in the list, with the buttons to change it.
type helperStepRow struct {
	title            *widget.Label
	level            *widget.Select
	up, down, remove *button
	edit             *button // own steps only
}

// stepForm adds a step, or changes one of the helper's own steps.
type stepForm struct {
	kind             *widget.Select // a built-in check not yet used, or "own step"
	kinds            []checklist.Check
	level            *widget.RadioGroup
	custom           *fyne.Container // the texts of an own step
	titleDE, titleEN *widget.Entry
	textDE, textEN   *widget.Entry
	add, cancel      *button
	editing          int // index of the step being changed, -1 when adding
	image            []byte
	heading          *widget.Label
}

// helperDraft is what the editor holds, to show it again (in another
// language) without losing anything.
type helperDraft struct {
	template string
	c        *checklist.Checklist
}

// showHelperStep shows the checklist maker with the first template.
func (u *ui) showHelperStep() {
	u.showHelperDraft(helperDraft{})
}

// showHelperDraft shows the checklist maker with d, or with the first
// template when d is empty.
func (u *ui) showHelperDraft(d helperDraft) {
	u.flow = nil
	u.link = nil
	s := newHelperScreen(u)
	u.helper = s
	back := func() {
		u.helper = nil
		u.showLinkStep(opening{})
	}
	u.show(u.frame(0, lang.L("app.helper.title"), s.layout(), back, nil))

	if d.c == nil {
		d.template = s.templates[0].Name
		d.c, _ = checklist.Template(d.template)
	}
	s.load(d)
	// Picking a template starts over from it; set after loading, so
	// that loading a file does not.
	s.template.OnChanged = s.startFromTemplate
	u.window().Canvas().Focus(s.name)
}

// newHelperScreen makes the checklist maker's widgets, empty, for u's
// window.
func newHelperScreen(u *ui) *helperScreen {
	s := &helperScreen{u: u, templates: checklist.Templates()}
	labels := make([]string, len(s.templates))
	for i, t := range s.templates {
		labels[i] = translate(t.TitleKey, nil)
	}
	s.template = widget.NewRadioGroup(labels, nil)
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(lang.L("app.helper.name_placeholder"))
	s.times = widget.NewEntry()
	s.times.SetPlaceHolder(lang.L("app.helper.times_placeholder"))
	s.link = widget.NewEntry()
	s.link.SetPlaceHolder(lang.L("app.helper.link_placeholder"))
	s.noticeDE = noticeEntry()
	s.noticeEN = noticeEntry()
	s.problem = para("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()
	s.done = para("")
	s.done.Importance = widget.SuccessImportance
	s.done.Hide()
	s.openFile = newButton(lang.L("app.helper.open_file"), theme.FolderOpenIcon(), s.pickHelperFile)
	s.saveFile = newButton(lang.L("app.helper.save_file"), theme.DocumentSaveIcon(), s.saveChecklistFile)
	s.handout = newButton(lang.L("app.helper.save_handout"), theme.DocumentPrintIcon(), s.saveHandout)
	s.copyShare = newButton(lang.L("app.helper.copy_link"), theme.ContentCopyIcon(), s.copyShareLink)
	s.preview = newButton(lang.L("app.helper.preview"), theme.VisibilityIcon(), s.previewChecklist)
	s.stepList = container.NewVBox()
	s.stepForm = s.newStepForm()
	return s
}

// noticeEntry is a box for the ring's privacy notice in one language.
func noticeEntry() *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(4)
	return e
}

// layout arranges the checklist maker: the ring, its privacy notice, the
// steps, and what can be made of them.
func (s *helperScreen) layout() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(lang.L("app.helper.template"), s.template),
		widget.NewFormItem(lang.L("app.helper.name"), s.name),
		widget.NewFormItem(lang.L("app.helper.times"), s.times),
		widget.NewFormItem(lang.L("app.helper.link"), s.link),
	)
	notice := widget.NewForm(
		widget.NewFormItem(lang.L("app.helper.notice_de"), s.noticeDE),
		widget.NewFormItem(lang.L("app.helper.notice_en"), s.noticeEN),
	)
	return container.NewVBox(
		para(lang.L("app.helper.intro")),
		container.NewHBox(s.openFile),
		form,
		widget.NewSeparator(),
		bold(lang.L("app.helper.notice")),
		para(lang.L("app.helper.notice_hint")),
		notice,
		widget.NewSeparator(),
		bold(lang.L("app.helper.steps")),
		para(lang.L("app.helper.steps_hint")),
		s.stepList,
		s.stepForm.box(),
		widget.NewSeparator(),
		s.problem,
		container.NewGridWithColumns(2, s.preview, s.copyShare, s.saveFile, s.handout),
		s.done,
		para(lang.L("app.helper.link_hint")),
	)
}

// startFromTemplate loads the template shown as label, keeping the ring's
// name, times and link as typed.
func (s *helperScreen) startFromTemplate(label string) {
	for _, t := range s.templates {
		if translate(t.TitleKey, nil) == label {
			c, err := checklist.Template(t.Name)
			if err == nil {
				c.Ring = checklist.Ring{Name: s.name.Text, Times: s.times.Text, Link: s.link.Text}
				s.load(helperDraft{template: t.Name, c: c})
			}
		}
	}
}

// load fills the editor from a checklist.
func (s *helperScreen) load(d helperDraft) {
	c := d.c
	s.template.Selected = ""
	for _, t := range s.templates {
		if t.Name == d.template {
			s.template.Selected = translate(t.TitleKey, nil)
		}
	}
	s.template.Refresh()
	s.name.SetText(c.Ring.Name)
	s.times.SetText(c.Ring.Times)
	s.link.SetText(c.Ring.Link)
	s.otherNotices = map[string]string{}
	for l, text := range c.Privacy {
		if l != "de" && l != "en" {
			s.otherNotices[l] = text
		}
	}
	s.noticeDE.SetText(c.Privacy["de"])
	s.noticeEN.SetText(c.Privacy["en"])
	s.steps = append([]checklist.Step(nil), c.Steps...)
	s.stepForm.reset()
	s.renderSteps()
}

// draft is the checklist as it stands in the editor, not yet checked.
func (s *helperScreen) draft() *checklist.Checklist {
	c := &checklist.Checklist{
		Format:  checklist.FormatVersion,
		Ring:    checklist.Ring{Name: s.name.Text, Times: s.times.Text, Link: s.link.Text},
		Privacy: maps.Clone(s.otherNotices),
		Steps:   append([]checklist.Step(nil), s.steps...),
	}
	if c.Privacy == nil {
		c.Privacy = map[string]string{}
	}
	for l, e := range map[string]*widget.Entry{"de": s.noticeDE, "en": s.noticeEN} {
		if e.Text != "" {
			c.Privacy[l] = e.Text
		}
	}
	return c
}

// draftState keeps the editor for a rebuild in another language.
func (s *helperScreen) draftState() helperDraft {
	d := helperDraft{c: s.draft()}
	for _, t := range s.templates {
		if translate(t.TitleKey, nil) == s.template.Selected {
			d.template = t.Name
		}
	}
	return d
}

// levelLabels are the level choices in the order shown.
func levelLabels() []string {
	return []string{translate(checklist.Required.MessageKey(), nil), translate(checklist.Recommended.MessageKey(), nil)}
}

func levelOf(label string) checklist.Level {
	if label == translate(checklist.Required.MessageKey(), nil) {
		return checklist.Required
	}
	return checklist.Recommended
}

// renderSteps draws the step list again from s.steps.
func (s *helperScreen) renderSteps() {
	s.stepList.Objects = nil
	s.rows = nil
	for i, st := range s.steps {
		r := &helperStepRow{}
		kind := lang.L("app.helper.step_builtin")
		if st.IsCustom() {
			kind = lang.L("app.helper.step_own")
		}
		r.title = para(fmt.Sprintf("%d. %s (%s)", i+1, stepTitle(st), kind))
		r.level = widget.NewSelect(levelLabels(), nil)
		r.level.SetSelected(translate(st.Level.MessageKey(), nil))
		r.level.OnChanged = func(label string) { s.steps[i].Level = levelOf(label) }
		r.up = newButton("", theme.MoveUpIcon(), func() { s.moveStep(i, i-1) })
		r.down = newButton("", theme.MoveDownIcon(), func() { s.moveStep(i, i+1) })
		r.remove = newButton("", theme.DeleteIcon(), func() { s.removeStep(i) })
		if i == 0 {
			r.up.Disable()
		}
		if i == len(s.steps)-1 {
			r.down.Disable()
		}
		if len(s.steps) == 1 {
			// A checklist needs one step; the last one can be changed
			// but not taken away.
			r.remove.Disable()
		}
		buttons := container.NewHBox(r.level, r.up, r.down)
		if st.IsCustom() {
			r.edit = newButton("", theme.DocumentCreateIcon(), func() { s.stepForm.startEdit(i, s.steps[i]) })
			buttons.Add(r.edit)
		}
		buttons.Add(r.remove)
		s.stepList.Add(container.NewBorder(nil, nil, nil, buttons, r.title))
		s.rows = append(s.rows, r)
	}
	s.stepList.Refresh()
	s.stepForm.refreshKinds(s.steps)
}

// moveStep moves step from to place to (when there is such a place).
func (s *helperScreen) moveStep(from, to int) {
	if to < 0 || to >= len(s.steps) {
		return
	}
	s.steps[from], s.steps[to] = s.steps[to], s.steps[from]
	s.stepForm.reset()
	s.renderSteps()
}

// removeStep takes step i away, unless it is the last one.
func (s *helperScreen) removeStep(i int) {
	if len(s.steps) <= 1 {
		return
	}
	s.steps = append(s.steps[:i], s.steps[i+1:]...)
	s.stepForm.reset()
	s.renderSteps()
}

// newStepForm makes the form that adds or changes s's steps.
func (s *helperScreen) newStepForm() *stepForm {
	f := &stepForm{editing: -1}
	f.heading = bold(lang.L("app.helper.add_step"))
	f.kind = widget.NewSelect(nil, nil)
	f.level = widget.NewRadioGroup(levelLabels(), nil)
	f.level.Horizontal = true
	f.titleDE, f.titleEN = widget.NewEntry(), widget.NewEntry()
	f.textDE, f.textEN = widget.NewMultiLineEntry(), widget.NewMultiLineEntry()
	for _, e := range []*widget.Entry{f.textDE, f.textEN} {
		e.Wrapping = fyne.TextWrapWord
	}
	f.custom = container.NewVBox(widget.NewForm(
		widget.NewFormItem(lang.L("app.helper.step_title_de"), f.titleDE),
		widget.NewFormItem(lang.L("app.helper.step_title_en"), f.titleEN),
		widget.NewFormItem(lang.L("app.helper.step_text_de"), f.textDE),
		widget.NewFormItem(lang.L("app.helper.step_text_en"), f.textEN),
	))
	f.kind.OnChanged = func(string) { f.showCustom() }
	f.add = newButton(lang.L("app.helper.add"), theme.ContentAddIcon(), func() { s.submitStep() })
	f.cancel = newButton(lang.L("app.helper.cancel_edit"), theme.CancelIcon(), func() { f.reset() })
	f.reset()
	return f
}

func (f *stepForm) box() fyne.CanvasObject {
	return container.NewVBox(f.heading, widget.NewForm(
		widget.NewFormItem(lang.L("app.helper.step_kind"), f.kind),
		widget.NewFormItem(lang.L("app.helper.step_level"), f.level),
	), f.custom, container.NewHBox(f.add, f.cancel))
}

// ownStepLabel is the last choice of the kind menu.
func ownStepLabel() string { return lang.L("app.helper.step_own_choice") }

// refreshKinds offers the built-in checks not in the list yet: each may
// appear once.
func (f *stepForm) refreshKinds(steps []checklist.Step) {
	used := map[checklist.Check]bool{}
	for _, st := range steps {
		used[st.Check] = true
	}
	f.kinds = nil
	var labels []string
	for _, c := range checklist.Checks() {
		if !used[c] {
			f.kinds = append(f.kinds, c)
			labels = append(labels, stepTitle(checklist.Step{Check: c}))
		}
	}
	f.kind.Options = append(labels, ownStepLabel())
	if f.kind.Selected != "" && !contains(f.kind.Options, f.kind.Selected) {
		f.kind.ClearSelected()
	}
	f.kind.Refresh()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *stepForm) showCustom() {
	if f.kind.Selected == ownStepLabel() {
		f.custom.Show()
	} else {
		f.custom.Hide()
	}
}

// reset empties the form for adding a new step.
func (f *stepForm) reset() {
	f.editing, f.image = -1, nil
	f.heading.SetText(lang.L("app.helper.add_step"))
	f.add.SetText(lang.L("app.helper.add"))
	f.cancel.Hide()
	f.kind.Enable()
	f.kind.ClearSelected()
	f.level.SetSelected(translate(checklist.Recommended.MessageKey(), nil))
	for _, e := range []*widget.Entry{f.titleDE, f.titleEN, f.textDE, f.textEN} {
		e.SetText("")
	}
	f.showCustom()
}

// startEdit loads one of the helper's own steps into the form.
func (f *stepForm) startEdit(i int, st checklist.Step) {
	f.reset()
	f.editing, f.image = i, st.Image
	f.heading.SetText(lang.L("app.helper.edit_step", map[string]any{"N": i + 1}))
	f.add.SetText(lang.L("app.helper.save_step"))
	f.cancel.Show()
	f.kind.SetSelected(ownStepLabel())
	f.kind.Disable()
	f.level.SetSelected(translate(st.Level.MessageKey(), nil))
	f.titleDE.SetText(st.Title["de"])
	f.titleEN.SetText(st.Title["en"])
	f.textDE.SetText(st.Text["de"])
	f.textEN.SetText(st.Text["en"])
	f.showCustom()
}

// submitStep adds the form's step (or saves the changed one) after
// checking it with the file format's own rules, so a mistake shows up
// here and not only when saving.
func (s *helperScreen) submitStep() {
	f := s.stepForm
	var st checklist.Step
	switch {
	case f.kind.Selected == "":
		s.showProblem(&uiError{"app.helper.pick_kind"})
		return
	case f.kind.Selected == ownStepLabel():
		st = checklist.Step{Title: map[string]string{}, Text: map[string]string{}, Image: f.image}
		if f.editing >= 0 {
			// Languages the editor does not show are kept.
			old := s.steps[f.editing]
			st.Title, st.Text = maps.Clone(old.Title), maps.Clone(old.Text)
			if st.Title == nil {
				st.Title = map[string]string{}
			}
			if st.Text == nil {
				st.Text = map[string]string{}
			}
		}
		for l, e := range map[string]*widget.Entry{"de": f.titleDE, "en": f.titleEN} {
			setText(st.Title, l, e.Text)
		}
		for l, e := range map[string]*widget.Entry{"de": f.textDE, "en": f.textEN} {
			setText(st.Text, l, e.Text)
		}
	default:
		st.Check = f.kinds[f.kind.SelectedIndex()]
	}
	st.Level = levelOf(f.level.Selected)
	steps := append([]checklist.Step(nil), s.steps...)
	if f.editing >= 0 {
		steps[f.editing] = st
	} else {
		steps = append(steps, st)
	}
	trial := &checklist.Checklist{Format: checklist.FormatVersion, Ring: checklist.Ring{Name: "-"}, Steps: steps}
	if err := trial.Validate(checklist.Options{}); err != nil {
		s.showProblem(err)
		return
	}
	s.problem.Hide()
	s.steps = steps
	f.reset()
	s.renderSteps()
}

func setText(m map[string]string, l, text string) {
	if text == "" {
		delete(m, l)
		return
	}
	m[l] = text
}

// showProblem says what is wrong, in place of what was done.
func (s *helperScreen) showProblem(err error) {
	s.done.Hide()
	s.problem.SetText(message(err))
	s.problem.Show()
}

// pickHelperFile opens an existing .ring file to change it, in the
// checklist maker on show when the helper has picked it (a change of
// language builds the screen anew).
func (s *helperScreen) pickHelperFile() {
	u := s.u
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		if u.helper == nil {
			r.Close()
			return
		}
		u.helper.openHelperFile(r)
	}, u.window())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ring"}))
	d.Show()
}

// openHelperFile loads a .ring file into the editor. A file that does not
// pass is refused with the reason, and the editor keeps what it had.
func (s *helperScreen) openHelperFile(r io.ReadCloser) {
	data, err := io.ReadAll(io.LimitReader(r, maxRingFileBytes))
	r.Close()
	if err != nil {
		s.showProblem(errRingFileUnreadable)
		return
	}
	o := openChecklistData(data)
	if o.err != nil {
		s.showProblem(o.err)
		return
	}
	s.load(helperDraft{c: o.checklist})
	s.problem.Hide()
	s.showDone("app.helper.opened_file")
}

// buildChecklist makes the checklist from the editor, or shows why not.
func (s *helperScreen) buildChecklist() *checklist.Checklist {
	s.done.Hide()
	c := s.draft()
	if err := c.Validate(checklistOptions); err != nil {
		s.showProblem(err)
		return nil
	}
	s.problem.Hide()
	return c
}

// showDone says what was done (key).
func (s *helperScreen) showDone(key string) {
	s.done.SetText(lang.L(key))
	s.done.Show()
}

// previewChecklist shows the walkthrough as a newcomer would see it,
// read-only: nothing is checked on the helper's computer.
func (s *helperScreen) previewChecklist() {
	c := s.buildChecklist()
	if c == nil {
		return
	}
	u := s.u
	w := u.newWalkthrough(c, true)
	notice := checklist.Localized(c.Privacy, currentLanguage())
	if notice == "" {
		notice = lang.L("app.check.no_notice")
	}
	content := container.NewVScroll(container.NewPadded(container.NewVBox(
		w.box, bold(lang.L("app.check.notice_title")), para(notice))))
	size := u.window().Canvas().Size()
	content.SetMinSize(fyne.NewSize(size.Width*0.85, size.Height*0.7))
	d := dialog.NewCustom(lang.L("app.helper.preview_title", map[string]any{"Name": c.Ring.Name}), lang.L("app.helper.preview_close"), content, u.window())
	s.previewWalk = w
	d.Show()
}

// saveChecklistFile writes the .ring file where the helper chooses.
func (s *helperScreen) saveChecklistFile() {
	c := s.buildChecklist()
	if c == nil {
		return
	}
	data, err := c.Marshal()
	if err != nil {
		s.showProblem(err)
		return
	}
	s.saveAs("checkliste.ring", func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, "app.helper.saved_file")
}

// saveHandout writes the one-page handout PDF where the helper chooses.
func (s *helperScreen) saveHandout() {
	c := s.buildChecklist()
	if c == nil {
		return
	}
	s.saveAs("handout.pdf", func(w io.Writer) error {
		return checklist.WriteHandout(w, c, checklist.HandoutOptions{Lang: currentLanguage(), Translate: translate})
	}, "app.helper.saved_handout")
}

// saveAs asks where to save, then writes. Only the helper's own choice of
// place ever gets a file.
func (s *helperScreen) saveAs(fileName string, write func(io.Writer) error, doneKey string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		s.writeSaved(w, write, doneKey)
	}, s.u.window())
	d.SetFileName(fileName)
	d.Show()
}

// writeSaved writes a file the save dialog has just created. A checklist
// holds the ring link and maybe its PIN, so the file is made readable by
// the user only (0600, as the command line's) before anything is written
// into it: Fyne creates it for everyone to read. How it went is told on
// the checklist maker on show, if it still is (a change of language
// builds the screen anew).
func (s *helperScreen) writeSaved(w fyne.URIWriteCloser, write func(io.Writer) error, doneKey string) {
	var werr error
	if w.URI().Scheme() == "file" {
		werr = os.Chmod(w.URI().Path(), 0o600)
	}
	if werr == nil {
		werr = write(w)
	}
	if cerr := w.Close(); werr == nil {
		werr = cerr
	}
	shown := s.u.helper
	if shown == nil {
		return
	}
	if werr != nil {
		shown.showProblem(werr)
		return
	}
	shown.showDone(doneKey)
}

// copyShareLink puts a ringlet:// share link on the clipboard, to paste
// into a message to the newcomer.
func (s *helperScreen) copyShareLink() {
	c := s.buildChecklist()
	if c == nil {
		return
	}
	link, err := checklist.ShareLink(c, "")
	if err != nil {
		s.showProblem(err)
		return
	}
	s.u.clip.SetContent(link)
	s.showDone("app.helper.copied_link")
}
