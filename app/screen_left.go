package app

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// leftScreen is step 6: the call is over and nothing was kept.
type leftScreen struct {
	reason    error
	clearClip *button
	cleared   *widget.Label
}

// showLeftStep says that nothing was saved and offers to clear the
// clipboard if it still holds a ring link. reason is why the call ended
// when the user did not leave themselves.
func (u *ui) showLeftStep(reason error) {
	s := &leftScreen{reason: reason}
	u.left = s
	u.call, u.link, u.name, u.preview = nil, nil, nil, nil
	body := container.NewVBox()
	if reason != nil {
		problem := para(message(reason))
		problem.Importance = widget.DangerImportance
		body.Add(problem)
	}
	body.Add(para(lang.L("app.left.nothing_saved")))
	s.cleared = para("")
	if holdsRing(u.clip.Content()) {
		body.Add(para(lang.L("app.left.clipboard_holds_link")))
		s.clearClip = newButton(lang.L("app.left.clear_clipboard"), theme.ContentClearIcon(), func() {
			if holdsRing(u.clip.Content()) {
				u.clip.SetContent("")
			}
			s.clearClip.Disable()
			s.cleared.SetText(lang.L("app.left.clipboard_cleared"))
		})
		body.Add(container.NewHBox(s.clearClip))
		body.Add(s.cleared)
	}
	again := newButton(lang.L("app.left.join_another"), theme.NavigateNextIcon(), func() {
		u.left = nil
		u.showLinkStep(opening{})
	})
	closeBtn := newButton(lang.L("app.left.close"), nil, func() {
		u.closeWindow()
		u.app.Quit()
	})
	body.Add(container.NewHBox(closeBtn))
	u.show(u.frame(0, lang.L("app.left.title"), body, nil, again))
	if s.clearClip != nil {
		u.window().Canvas().Focus(s.clearClip)
	}
}
