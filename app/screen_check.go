package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
)

// FindingStatus says how a check-up finding went.
type FindingStatus int

const (
	FindingOK FindingStatus = iota
	FindingWarn
	FindingUnknown // could not be checked
)

// Finding is one result of the check-up, in message keys so the GUI can
// translate it. Fix, when set, repairs the problem in one click.
type Finding struct {
	Status   FindingStatus
	TitleKey string
	TextKey  string
	Args     map[string]any
	FixKey   string
	Fix      func() error
}

// CheckRequest tells the check-up what to look at.
type CheckRequest struct {
	Pseudonym string
	AudioOnly bool
}

// showCheckStep is step 2: the local check-up and the ring's privacy
// notice.
func (u *ui) showCheckStep() {
	f := u.flow
	f.step = stepCheck
	results := container.NewVBox()
	if u.opts.CheckUp == nil {
		results.Add(para(lang.L("app.check.none")))
	} else {
		results.Add(para(lang.L("app.check.running")))
		ctx, cancel := context.WithCancel(context.Background())
		f.cancel = cancel
		u.async(func() {
			findings := u.opts.CheckUp(ctx, CheckRequest{Pseudonym: f.pseudonym, AudioOnly: f.audioOnly})
			fyne.Do(func() {
				if u.flow != f {
					return
				}
				results.Objects = nil
				for _, fd := range findings {
					results.Add(u.findingRow(fd))
				}
				if len(findings) == 0 {
					results.Add(para(lang.L("app.check.all_good")))
				}
				results.Refresh()
			})
		})
	}

	notice := lang.L("app.check.no_notice")
	if f.checklist != nil {
		if n := checklist.Localized(f.checklist.Privacy, currentLang); n != "" {
			notice = n
		}
	}
	body := container.NewVBox(
		para(lang.L("app.check.intro")),
		results,
		widget.NewSeparator(),
		bold(lang.L("app.check.notice_title")),
		para(notice),
	)
	next := widget.NewButtonWithIcon(lang.L("app.check.next"), theme.NavigateNextIcon(), u.showNameStep)
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
	text := container.NewVBox(bold(translate(fd.TitleKey, fd.Args)))
	if fd.TextKey != "" {
		text.Add(para(translate(fd.TextKey, fd.Args)))
	}
	if fd.Fix != nil && fd.FixKey != "" {
		problem := para("")
		problem.Importance = widget.DangerImportance
		problem.Hide()
		var fix *widget.Button
		fix = widget.NewButton(translate(fd.FixKey, fd.Args), func() {
			problem.Show()
			if err := fd.Fix(); err != nil {
				problem.SetText(message(err))
				return
			}
			fix.Disable()
			problem.SetText(lang.L("app.check.fixed"))
			problem.Importance = widget.SuccessImportance
			problem.Refresh()
		})
		text.Add(container.NewHBox(fix))
		text.Add(problem)
	}
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, text)
}
