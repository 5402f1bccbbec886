package app

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// helperScreen lets a group's helper make a setup checklist for
// newcomers: a .ring file, a share link, or a printable handout. Nothing
// is written unless the helper picks a place for it.
type helperScreen struct {
	template          *widget.RadioGroup
	templates         []checklist.TemplateInfo
	name, times, link *widget.Entry
	problem, done     *widget.Label
	saveFile, handout *button
	copyShare         *button
}

// showHelperStep shows the checklist maker.
func (u *ui) showHelperStep() {
	u.flow = nil
	u.link = nil
	s := &helperScreen{templates: checklist.Templates()}
	u.helper = s
	labels := make([]string, len(s.templates))
	for i, t := range s.templates {
		labels[i] = translate(t.TitleKey, nil)
	}
	s.template = widget.NewRadioGroup(labels, nil)
	s.template.Required = true
	s.template.SetSelected(labels[0])
	s.name = widget.NewEntry()
	s.name.SetPlaceHolder(lang.L("app.helper.name_placeholder"))
	s.times = widget.NewEntry()
	s.times.SetPlaceHolder(lang.L("app.helper.times_placeholder"))
	s.link = widget.NewEntry()
	s.link.SetPlaceHolder(lang.L("app.helper.link_placeholder"))
	s.problem = para("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Hide()
	s.done = para("")
	s.done.Importance = widget.SuccessImportance
	s.done.Hide()
	s.saveFile = newButton(lang.L("app.helper.save_file"), theme.DocumentSaveIcon(), u.saveChecklistFile)
	s.handout = newButton(lang.L("app.helper.save_handout"), theme.DocumentPrintIcon(), u.saveHandout)
	s.copyShare = newButton(lang.L("app.helper.copy_link"), theme.ContentCopyIcon(), u.copyShareLink)

	form := widget.NewForm(
		widget.NewFormItem(lang.L("app.helper.template"), s.template),
		widget.NewFormItem(lang.L("app.helper.name"), s.name),
		widget.NewFormItem(lang.L("app.helper.times"), s.times),
		widget.NewFormItem(lang.L("app.helper.link"), s.link),
	)
	body := container.NewVBox(
		para(lang.L("app.helper.intro")),
		form,
		s.problem,
		container.NewGridWithColumns(3, s.saveFile, s.handout, s.copyShare),
		s.done,
		para(lang.L("app.helper.link_hint")),
	)
	back := func() {
		u.helper = nil
		u.showLinkStep(opening{})
	}
	u.show(u.frame(0, lang.L("app.helper.title"), body, back, nil))
	u.window().Canvas().Focus(s.name)
}

// buildChecklist makes the checklist from the form, or shows why not.
func (u *ui) buildChecklist() *checklist.Checklist {
	s := u.helper
	if s == nil {
		return nil
	}
	s.done.Hide()
	name := ""
	for i, t := range s.templates {
		if translate(t.TitleKey, nil) == s.template.Selected {
			name = s.templates[i].Name
		}
	}
	c, err := checklist.Template(name)
	if err == nil {
		c.Ring = checklist.Ring{Name: s.name.Text, Times: s.times.Text, Link: s.link.Text}
		err = c.Validate(checklist.Options{ValidateLink: func(l string) error { _, err := ring.Parse(l); return err }})
	}
	if err != nil {
		s.problem.SetText(message(err))
		s.problem.Show()
		return nil
	}
	s.problem.Hide()
	return c
}

func (u *ui) showHelperDone(key string) {
	if u.helper != nil {
		u.helper.done.SetText(lang.L(key))
		u.helper.done.Show()
	}
}

// saveChecklistFile writes the .ring file where the helper chooses.
func (u *ui) saveChecklistFile() {
	c := u.buildChecklist()
	if c == nil {
		return
	}
	data, err := c.Marshal()
	if err != nil {
		u.helper.problem.SetText(message(err))
		u.helper.problem.Show()
		return
	}
	u.saveAs("checkliste.ring", func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, "app.helper.saved_file")
}

// saveHandout writes the one-page handout PDF where the helper chooses.
func (u *ui) saveHandout() {
	c := u.buildChecklist()
	if c == nil {
		return
	}
	u.saveAs("handout.pdf", func(w io.Writer) error {
		return checklist.WriteHandout(w, c, checklist.HandoutOptions{Lang: currentLang, Translate: translate})
	}, "app.helper.saved_handout")
}

// saveAs asks where to save, then writes. Only the helper's own choice of
// place ever gets a file.
func (u *ui) saveAs(fileName string, write func(io.Writer) error, doneKey string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		werr := write(w)
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			u.helper.problem.SetText(message(werr))
			u.helper.problem.Show()
			return
		}
		u.showHelperDone(doneKey)
	}, u.window())
	d.SetFileName(fileName)
	d.Show()
}

// copyShareLink puts a ringlet:// share link on the clipboard, to paste
// into a message to the newcomer.
func (u *ui) copyShareLink() {
	c := u.buildChecklist()
	if c == nil {
		return
	}
	link, err := checklist.ShareLink(c, "")
	if err != nil {
		u.helper.problem.SetText(message(err))
		u.helper.problem.Show()
		return
	}
	u.clip.SetContent(link)
	u.showHelperDone("app.helper.copied_link")
}
