package app

import (
	"bytes"
	"context"

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
)

// Finding is one result of the check-up, in message keys so the GUI can
// translate it. Evidence may name accounts: it is shown and never kept.
type Finding struct {
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
}

// showCheckStep is step 2: the local check-up and the ring's privacy
// notice.
func (u *ui) showCheckStep() {
	f := u.flow
	f.step = stepCheck
	notice := ""
	if f.checklist != nil {
		notice = checklist.Localized(f.checklist.Privacy, currentLang)
	}
	results := container.NewVBox()
	if u.opts.CheckUp == nil {
		results.Add(para(lang.L("app.check.none")))
	} else {
		results.Add(para(lang.L("app.check.running")))
		ctx, cancel := context.WithCancel(context.Background())
		f.cancel = cancel
		u.async(func() {
			findings := u.opts.CheckUp(ctx, CheckRequest{Pseudonym: f.pseudonym, AudioOnly: f.audioOnly, Notice: notice})
			fyne.Do(func() {
				if u.flow != f {
					return
				}
				results.Objects = nil
				for i, fd := range findings {
					if i > 0 {
						results.Add(widget.NewSeparator())
					}
					results.Add(u.findingRow(fd))
				}
				if len(findings) == 0 {
					results.Add(para(lang.L("app.check.all_good")))
				}
				results.Refresh()
			})
		})
	}

	body := container.NewVBox(para(lang.L("app.check.intro")), results)
	if f.checklist != nil && len(f.checklist.Steps) > 0 {
		body.Add(widget.NewSeparator())
		body.Add(u.checklistSteps(f.checklist))
	}
	if u.opts.CheckUp == nil {
		// Without the check-up engine the notice is shown here; the
		// check-up reports it as one of its findings otherwise.
		if notice == "" {
			notice = lang.L("app.check.no_notice")
		}
		body.Add(widget.NewSeparator())
		body.Add(bold(lang.L("app.check.notice_title")))
		body.Add(para(notice))
	}
	next := newButton(lang.L("app.check.next"), theme.NavigateNextIcon(), u.showNameStep)
	back := func() { u.flow = nil; u.showLinkStep(opening{text: f.link.Canonical(), checklist: f.checklist}) }
	u.show(u.frame(2, lang.L("app.check.title"), body, back, next))
	u.window().Canvas().Focus(next)
}

// findingRow shows one finding: a symbol, what it means in plain words,
// and the fix button where one exists.
func (u *ui) findingRow(fd Finding) fyne.CanvasObject {
	var icon fyne.Resource
	switch fd.Status {
	case FindingOK:
		icon = theme.ConfirmIcon()
	case FindingWarn:
		icon = theme.WarningIcon()
	default:
		icon = theme.QuestionIcon()
	}
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
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, text)
}

// applyFix does a check-up fix and says what changed; "" means nothing
// to confirm (the fix moved on to another screen).
func (u *ui) applyFix(kind string) string {
	f := u.flow
	if f == nil {
		return ""
	}
	switch kind {
	case FixTurnCameraOff:
		f.audioOnly, f.cameraChosen = true, true
		return lang.L("app.check.fixed_camera_off")
	case FixPickAnotherName:
		f.pseudonym = newPseudonym(u.random, currentLang)
		u.showNameStep()
		return ""
	case FixOpenPrivateWindow:
		if f.link.Kind == ring.KindNative {
			return lang.L("app.check.fixed_native")
		}
		return lang.L("app.check.fixed_private")
	}
	return ""
}

// checklistSteps walks through a helper's checklist: each step with its
// level, why it matters and how to do it, and a box the user can tick for
// themselves (kept in memory only).
func (u *ui) checklistSteps(c *checklist.Checklist) fyne.CanvasObject {
	box := container.NewVBox(bold(lang.L("app.check.checklist_title")))
	if c.Ring.Times != "" {
		box.Add(para(lang.L("app.check.checklist_times", map[string]any{"Times": c.Ring.Times})))
	}
	for _, st := range c.Steps {
		var title, why, how string
		if st.IsCustom() {
			title = checklist.Localized(st.Title, currentLang)
			how = checklist.Localized(st.Text, currentLang)
		} else if keys, ok := st.Check.Text(); ok {
			title, why, how = translate(keys.TitleKey, nil), translate(keys.WhyKey, nil), translate(keys.HowKey, nil)
		} else {
			continue
		}
		done := widget.NewCheck(title+" ("+translate(st.Level.MessageKey(), nil)+")", nil)
		box.Add(done)
		for _, text := range []string{why, how} {
			if text != "" {
				box.Add(para(text))
			}
		}
		if len(st.Image) > 0 {
			img := canvas.NewImageFromReader(bytes.NewReader(st.Image), "step")
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSize(240, 160))
			box.Add(img)
		}
	}
	return box
}
