package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stepsBeforeCall is how many steps the "Step N of M" line counts: link,
// check-up, name, preview.
const stepsBeforeCall = 4

// frame lays out one step of the flow the same way every time, so a
// nervous user always finds things in the same place: where they are at
// the top, what to do in the middle, Back on the left and the one main
// action on the right at the bottom.
func (u *ui) frame(step int, title string, body fyne.CanvasObject, back func(), primary *button) fyne.CanvasObject {
	var top []fyne.CanvasObject
	if step > 0 {
		top = append(top, widget.NewLabel(lang.L("app.step_of", map[string]any{"N": step, "Total": stepsBeforeCall})))
	}
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameHeadingText
	heading.Wrapping = fyne.TextWrapWord
	settings := newButton(lang.L("app.settings.open"), theme.SettingsIcon(), u.showSettings)
	header := container.NewBorder(nil, nil, nil, container.NewVBox(settings), container.NewVBox(append(top, heading)...))

	var bottomLeft, bottomRight fyne.CanvasObject
	if back != nil {
		bottomLeft = newButton(lang.L("app.back"), theme.NavigateBackIcon(), back)
	}
	if primary != nil {
		primary.Importance = widget.HighImportance
		bottomRight = primary
	}
	bottom := container.NewBorder(widget.NewSeparator(), nil, bottomLeft, bottomRight)
	return container.NewBorder(header, bottom, nil, nil, container.NewVScroll(container.NewPadded(body)))
}

// para is a wrapped paragraph of plain text.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
