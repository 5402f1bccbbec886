package app

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// linkScreen is step 1: the user pastes the link they got from their
// group, and sees at once what kind of ring it is or why it is no link.
type linkScreen struct {
	entry  *widget.Entry
	paste  *button
	kind   *widget.Label // what kind of ring, in plain words
	reason *widget.Label // why the text is not a ring link
	icon   *widget.Icon
	join   *button
	// openFile picks a helper's .ring file instead of a link.
	openFile *button
	// verdict holds kind and reason; it is laid out again when they change.
	verdict *fyne.Container

	parsed    ring.Link
	valid     bool
	checklist *checklist.Checklist
	// rings lists the remembered rings, once the keyring answered.
	rings       *fyne.Container
	ringButtons []*button
	forgetAll   *button
	larger      *button // "larger text", while the text is normal
	// why says, beside the held-back Next button, why it is held back.
	why *widget.Label
}

// showLinkStep shows step 1 with start filled in.
func (u *ui) showLinkStep(start opening) {
	if start.checklist == nil && start.err == nil && checklist.IsShareLink(start.text) {
		// A share link from the clipboard or the tray becomes the
		// checklist it carries, with the ring link in the field.
		text := start.text
		if start = openShareLink(text); start.err != nil {
			start.text = text
		}
	}
	s := &linkScreen{checklist: start.checklist, rings: container.NewVBox()}
	s.rings.Hide() // until the keyring names remembered rings
	u.link = s
	u.helper, u.preview = nil, nil
	s.entry = widget.NewEntry()
	s.entry.SetPlaceHolder(lang.L("app.link.placeholder"))
	s.paste = newButton(lang.L("app.link.paste"), theme.ContentPasteIcon(), func() {
		u.pasteLink()
	})
	s.kind = para("")
	s.reason = para("")
	s.reason.Importance = widget.DangerImportance
	s.reason.Hide()
	s.icon = widget.NewIcon(nil)
	s.join = newButton(lang.L("app.link.next"), theme.NavigateNextIcon(), func() {
		u.linkChosen()
	})
	s.entry.OnChanged = func(text string) { u.checkLink(text) }
	s.entry.OnSubmitted = func(string) {
		if s.valid {
			u.linkChosen()
		}
	}

	intro := para(lang.L("app.link.intro"))
	field := container.NewBorder(nil, nil, nil, s.paste, s.entry)
	s.verdict = container.NewBorder(nil, nil, container.NewVBox(s.icon), nil, container.NewVBox(s.kind, s.reason))
	body := container.NewVBox(s.rings, intro, field, s.verdict)
	if u.prefs.get(prefTextSize) == textNormal {
		// Larger text is one click away on the first screen, not hidden
		// behind Settings.
		s.larger = newButton(lang.L("app.link.larger_text"), theme.ZoomInIcon(), func() {
			u.prefs.set(prefTextSize, textLarge)
			u.applyTheme()
			u.showLinkStep(opening{text: s.entry.Text, checklist: s.checklist})
		})
		body.Objects = append([]fyne.CanvasObject{container.NewHBox(layout.NewSpacer(), s.larger)}, body.Objects...)
	}
	if start.err != nil {
		problem := para(message(start.err))
		problem.Importance = widget.DangerImportance
		body.Add(problem)
	}
	if c := start.checklist; c != nil {
		if c.Ring.Name != "" {
			body.Objects = append([]fyne.CanvasObject{para(lang.L("app.link.from_checklist", map[string]any{"Name": c.Ring.Name}))}, body.Objects...)
		}
		if c.Ring.Link == "" {
			// Helpers may send the ring link separately from the
			// checklist; the newcomer has to know to look for it.
			body.Add(para(lang.L("app.link.checklist_without_link")))
		}
	}
	s.openFile = newButton(lang.L("app.link.open_file"), theme.FolderOpenIcon(), u.pickChecklistFile)
	body.Add(container.NewHBox(s.openFile))
	body.Add(widget.NewSeparator())
	body.Add(para(lang.L("app.link.nothing_saved")))
	helpers := newButton(lang.L("app.link.for_helpers"), theme.DocumentCreateIcon(), u.showHelperStep)
	helpers.Importance = widget.LowImportance
	body.Add(container.NewHBox(helpers))

	s.why = widget.NewLabel("")
	u.show(u.frame(1, lang.L("app.link.title"), body, nil, primaryWithReason(s.join, s.why)))
	s.entry.SetText(start.text)
	u.checkLink(start.text)
	u.window().Canvas().Focus(s.entry)
	u.refreshTray()
	u.loadRemembered(s)
}

// checkLink parses what is in the field and updates the verdict and the
// Next button. An empty field shows no error, only a disabled button.
func (u *ui) checkLink(text string) {
	s := u.link
	if s == nil {
		return
	}
	if checklist.IsShareLink(text) {
		u.checkShareLink(text)
		return
	}
	l, err := ring.Parse(text)
	s.valid = err == nil
	s.parsed = l
	switch {
	case err == nil:
		s.icon.SetResource(theme.ConfirmIcon())
		s.kind.SetText(kindText(l))
		s.reason.SetText("")
		s.reason.Hide()
		s.join.Enable()
	case text == "":
		s.icon.SetResource(nil)
		s.kind.SetText("")
		s.reason.SetText("")
		s.reason.Hide()
		s.join.Disable()
	default:
		s.icon.SetResource(theme.ErrorIcon())
		s.kind.SetText(lang.L("app.link.not_a_ring"))
		s.reason.SetText(message(err))
		s.reason.Show()
		s.join.Disable()
	}
	s.sayWhy()
	s.verdict.Refresh()
}

// sayWhy puts the reason beside a held-back Next button: a disabled
// button alone does not tell anyone what to do.
func (s *linkScreen) sayWhy() {
	if s.why == nil {
		return
	}
	switch {
	case !s.join.Disabled():
		s.why.SetText("")
		s.why.Hide()
	case s.entry.Text == "":
		s.why.SetText(lang.L("app.link.why_disabled_empty"))
		s.why.Show()
	default:
		s.why.SetText(lang.L("app.link.why_disabled_error"))
		s.why.Show()
	}
}

// checkShareLink handles a checklist share link typed or pasted into the
// field: a good one starts over with its checklist and ring link, so the
// walkthrough follows; a damaged one says why, in the words of the
// checklist's own errors, and keeps what the user typed.
func (u *ui) checkShareLink(text string) {
	s := u.link
	o := openShareLink(text)
	if o.err == nil {
		u.showLinkStep(o)
		return
	}
	s.valid = false
	s.icon.SetResource(theme.ErrorIcon())
	s.kind.SetText(lang.L("app.link.checklist_broken"))
	s.reason.SetText(message(o.err))
	s.reason.Show()
	s.join.Disable()
	s.sayWhy()
	s.verdict.Refresh()
}

// pickChecklistFile lets the newcomer open a helper's .ring file they got
// by mail, for desktops that do not pass it on a double-click.
func (u *ui) pickChecklistFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		u.openChecklistFile(r)
	}, u.window())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".ring"}))
	d.Show()
}

// openChecklistFile reads a chosen .ring file (through the same size limit
// as a start-up argument) and starts over with its checklist.
func (u *ui) openChecklistFile(r io.ReadCloser) {
	data, err := io.ReadAll(io.LimitReader(r, maxRingFileBytes))
	r.Close()
	o := openChecklistData(data)
	if err != nil {
		o.err = errRingFileUnreadable
	}
	if o.err != nil && u.link != nil {
		// A bad file loses nothing: the link typed so far stays.
		o.text, o.checklist = u.link.entry.Text, u.link.checklist
	}
	u.showLinkStep(o)
}

// kindText says in plain words what kind of ring a link leads to.
func kindText(l ring.Link) string {
	var text string
	if l.Kind == ring.KindNative {
		text = lang.L("app.link.kind_native")
		if host := l.DetailsHost(); host != "" {
			text += "\n" + lang.L("app.link.livekit_details", map[string]any{"Host": host})
		}
	} else {
		service := lang.L(l.Platform.MessageKey())
		text = lang.L("app.link.kind", map[string]any{"Service": service}) + "\n" + lang.L("app.link.kind_platform")
	}
	if l.Title != "" {
		text = lang.L("app.link.ring_title", map[string]any{"Title": l.Title}) + "\n" + text
	}
	if e := encryptionText(l); e != "" {
		text += "\n" + e
	}
	return text
}

// pasteLink fills the field from the clipboard, taking the first link out
// of a pasted invitation text.
func (u *ui) pasteLink() {
	if u.link == nil {
		return
	}
	text := u.clip.Content()
	if link, ok := ring.FirstLink(text); ok {
		text = link
	}
	u.link.entry.SetText(text)
}

// linkChosen moves on to the pre-join screen with the parsed link.
func (u *ui) linkChosen() {
	s := u.link
	if s == nil || !s.valid {
		return
	}
	u.flow = &flow{link: s.parsed, checklist: s.checklist}
	if c := s.checklist; c != nil && len(c.Steps) > 0 {
		// The helper's walkthrough comes first: it is what they made.
		u.showCheckStep()
		return
	}
	u.showJoinStep()
}
