package app

import (
	_ "embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The microphone and camera symbols are Ringlet's own: Fyne's theme has
// neither (its speaker and eye said the wrong thing). Themed, they take
// the text colour of every theme.
var (
	//go:embed icons/microphone.svg
	microphoneSVG []byte
	//go:embed icons/microphone_off.svg
	microphoneOffSVG []byte
	//go:embed icons/camera.svg
	cameraSVG []byte
	//go:embed icons/camera_off.svg
	cameraOffSVG []byte

	microphoneOnIcon  = theme.NewThemedResource(fyne.NewStaticResource("microphone.svg", microphoneSVG))
	microphoneOffIcon = theme.NewThemedResource(fyne.NewStaticResource("microphone_off.svg", microphoneOffSVG))
	cameraOnIcon      = theme.NewThemedResource(fyne.NewStaticResource("camera.svg", cameraSVG))
	cameraOffIcon     = theme.NewThemedResource(fyne.NewStaticResource("camera_off.svg", cameraOffSVG))
)

// microphoneIcon is the microphone, crossed out when off.
func microphoneIcon(on bool) fyne.Resource {
	if on {
		return microphoneOnIcon
	}
	return microphoneOffIcon
}

// cameraIcon is the camera, crossed out when off.
func cameraIcon(on bool) fyne.Resource {
	if on {
		return cameraOnIcon
	}
	return cameraOffIcon
}

// statusIcon is a check-up symbol that carries its meaning in colour as
// well as in shape: green tick, orange warning, blue info, grey question.
func statusIcon(s FindingStatus) *widget.Icon {
	switch s {
	case FindingOK:
		return widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	case FindingWarn:
		return widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	case FindingInfo:
		return widget.NewIcon(theme.NewPrimaryThemedResource(theme.InfoIcon()))
	}
	return widget.NewIcon(theme.NewColoredResource(theme.QuestionIcon(), theme.ColorNamePlaceHolder))
}

// primaryWithReason puts a label beside the screen's main button that says
// why the button is held back, while it is.
func primaryWithReason(primary *button, why *widget.Label) fyne.CanvasObject {
	primary.Importance = widget.HighImportance
	return container.NewHBox(why, primary)
}

// checkBanner is the top of the pre-join screen: empty while all is well
// (or the check-up still runs), a calm box with one line per finding that
// needs attention otherwise, each with its fix, and "Details" for the
// full check-up.
func (u *ui) checkBanner(f *flow) fyne.CanvasObject {
	u.banner = container.NewVBox()
	u.renderBanner()
	return u.banner
}

// attention is what the banner shows: the findings that ask the user to
// do something.
func attention(findings []Finding) []Finding {
	var out []Finding
	for _, fd := range findings {
		if fd.Status == FindingWarn {
			out = append(out, fd)
		}
	}
	return out
}

// renderBanner fills the banner from the visit's check-up answer.
func (u *ui) renderBanner() {
	f, b := u.flow, u.banner
	if f == nil || b == nil || f.step != stepJoin {
		return
	}
	b.Objects = nil
	findings := attention(f.findings)
	if len(findings) == 0 {
		b.Refresh()
		return
	}
	lines := container.NewVBox(bold(lang.L("app.join.banner_title")))
	for _, fd := range findings {
		lines.Add(u.bannerLine(fd))
	}
	details := newButton(lang.L("app.join.details"), theme.InfoIcon(), u.showCheckStep)
	details.Importance = widget.LowImportance
	lines.Add(container.NewHBox(details))
	tint := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	tint.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	tint.StrokeColor = theme.Color(theme.ColorNameWarning)
	tint.StrokeWidth = 1
	b.Add(container.NewStack(tint, container.NewPadded(lines)))
	b.Refresh()
}

// bannerLine is one finding in one line: its symbol, its title and the
// fix, as a button where Ringlet can do it, in words where not.
func (u *ui) bannerLine(fd Finding) fyne.CanvasObject {
	title := para(translate(fd.Title.Key, fd.Title.Args))
	var fix fyne.CanvasObject
	switch {
	case fd.FixKind != "" && fd.FixKind != FixSignOut && fd.FixButton.Key != "":
		kind := fd.FixKind
		fix = newButton(translate(fd.FixButton.Key, fd.FixButton.Args), nil, func() { u.bannerFix(kind) })
	case fd.FixHow.Key != "":
		title.SetText(title.Text + " " + translate(fd.FixHow.Key, fd.FixHow.Args))
	}
	return container.NewBorder(nil, nil, container.NewVBox(statusIcon(fd.Status)), fix, title)
}

// bannerFix does a fix from the banner and shows the screen with it
// applied; the finding it settled leaves the banner.
func (u *ui) bannerFix(kind string) {
	f := u.flow
	if f == nil {
		return
	}
	key := u.fix(kind)
	if u.flow != f || f.step != stepJoin || key == "" {
		return // the fix showed the screen again itself
	}
	kept := f.findings[:0:0]
	for _, fd := range f.findings {
		if fd.FixKind != kind {
			kept = append(kept, fd)
		}
	}
	f.findings = kept
	u.showJoinStep()
	if u.name != nil {
		u.name.status.SetText(lang.L(key))
	}
}
