package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// frame lays out one screen the same way every time, so a nervous user
// always finds things in the same place: Ringlet's icon and the title at
// the top, what to do in the middle, Back on the left and the one main
// action on the right at the bottom. There is no step counter: after the
// link there is one screen before the ring. step is kept by the callers
// for the link screen (1), which alone carries the friendly welcome line.
func (u *ui) frame(step int, title string, body fyne.CanvasObject, back func(), primary fyne.CanvasObject) fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	heading.Wrapping = fyne.TextWrapWord
	logo := canvas.NewImageFromResource(u.icon())
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(2 * theme.IconInlineSize()))
	titles := container.NewVBox(heading)
	if step == 1 {
		titles.Add(para(lang.L("app.welcome")))
	}
	settings := newButton(lang.L("app.settings.open"), theme.SettingsIcon(), u.showSettings)
	header := container.NewBorder(nil, nil, container.NewVBox(logo), container.NewVBox(settings), titles)

	var bottomLeft, bottomRight fyne.CanvasObject
	if back != nil {
		bottomLeft = newButton(lang.L("app.back"), theme.NavigateBackIcon(), back)
	}
	if b, ok := primary.(*button); ok && b != nil {
		b.Importance = widget.HighImportance
		bottomRight = b
	} else if primary != nil {
		bottomRight = primary
	}
	bottom := container.NewBorder(widget.NewSeparator(), nil, bottomLeft, bottomRight)
	// A floor under the body's width. Without it, a body of wrapped
	// paragraphs has almost no minimum width, Fyne's GL driver first lays
	// it out that narrow, every word on its own line, and grows the window
	// to that height: the check-up screen came up 923 px tall and pushed
	// its buttons off a 768 px laptop screen.
	floor := canvas.NewRectangle(color.Transparent)
	floor.SetMinSize(fyne.NewSize(bodyMinWidth*textScale(u.prefs.get(prefTextSize)), 0))
	return container.NewBorder(header, bottom, nil, nil, container.NewVScroll(container.NewPadded(container.NewStack(floor, body))))
}

// bodyMinWidth is the narrowest a screen's body is laid out.
const bodyMinWidth = 300

// para is a wrapped paragraph of plain text.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
