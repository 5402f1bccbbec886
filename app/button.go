package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// button is Fyne's button that also answers the Enter key when it has the
// keyboard focus, as people expect from buttons on every desktop (Fyne's
// own button only takes the space bar).
type button struct{ widget.Button }

func newButton(label string, icon fyne.Resource, tapped func()) *button {
	b := &button{}
	b.Text = label
	b.Icon = icon
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter or Return, and on the space bar.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() {
			b.Tapped(&fyne.PointEvent{})
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// explainedButton is a button that shows a one-line explanation while the
// pointer is over it or it has the keyboard focus, for a button whose
// label alone cannot say what it does (panic leave).
type explainedButton struct {
	button
	hint    *widget.Label
	focused bool
}

func newExplainedButton(label string, icon fyne.Resource, tapped func(), hint *widget.Label) *explainedButton {
	b := &explainedButton{hint: hint}
	b.Text = label
	b.Icon = icon
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the explanation.
func (b *explainedButton) MouseIn(e *desktop.MouseEvent) {
	b.button.MouseIn(e)
	b.hint.Show()
}

// MouseOut hides it again, unless the button has the focus.
func (b *explainedButton) MouseOut() {
	b.button.MouseOut()
	if !b.focused {
		b.hint.Hide()
	}
}

// FocusGained shows the explanation to keyboard users.
func (b *explainedButton) FocusGained() {
	b.focused = true
	b.button.FocusGained()
	b.hint.Show()
}

// FocusLost hides it.
func (b *explainedButton) FocusLost() {
	b.focused = false
	b.button.FocusLost()
	b.hint.Hide()
}
