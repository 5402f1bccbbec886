package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tileView is one person's tile, built once and then changed in place:
// a talking frame, a raised hand or a new name touches this tile alone,
// so that a busy ring never makes the window redraw every tile.
type tileView struct {
	obj     fyne.CanvasObject // what sits in the grid
	bg      *canvas.Rectangle
	name    *widget.Label
	talking *widget.Label
	hand    *widget.Label
	video   bool // built with a picture (true) or as a name card
}

// newTileView builds a tile: their picture or a name card, a frame that
// lights up while they talk, and a note when their hand is raised.
func newTileView(name string, picture *canvas.Image) *tileView {
	t := &tileView{video: picture != nil}
	t.bg = canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	t.bg.CornerRadius = 8
	t.name = widget.NewLabelWithStyle(name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	t.name.Wrapping = fyne.TextWrapWord
	t.talking = widget.NewLabelWithStyle(lang.L("app.call.talking"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	t.hand = widget.NewLabelWithStyle(lang.L("app.call.hand_raised"), fyne.TextAlignCenter, fyne.TextStyle{})
	t.talking.Hide()
	t.hand.Hide()
	if picture != nil {
		// The name sits on a strip of the theme's background so it stays
		// readable on any picture, in the light theme as in the dark.
		strip := canvas.NewRectangle(translucent(theme.Color(theme.ColorNameBackground), 0xc0))
		bottom := container.NewStack(strip, container.NewVBox(t.name, t.talking, t.hand))
		t.obj = container.NewStack(t.bg, container.NewPadded(picture), container.NewBorder(nil, bottom, nil, nil))
		return t
	}
	t.obj = container.NewStack(t.bg, container.NewVBox(layout.NewSpacer(), widget.NewIcon(theme.AccountIcon()), t.name, t.talking, t.hand, layout.NewSpacer()))
	return t
}

// translucent is c with alpha a.
func translucent(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// set shows a person's name, talking and hand on the tile, refreshing
// only what changed.
func (t *tileView) set(name string, talking, hand bool) {
	if t.name.Text != name {
		t.name.SetText(name)
	}
	if talking != t.talking.Visible() {
		if talking {
			t.bg.StrokeColor = theme.Color(theme.ColorNameSuccess)
			t.bg.StrokeWidth = 4
			t.talking.Show()
		} else {
			t.bg.StrokeWidth = 0
			t.talking.Hide()
		}
		t.bg.Refresh()
	}
	if hand != t.hand.Visible() {
		if hand {
			t.hand.Show()
		} else {
			t.hand.Hide()
		}
	}
}

// tile builds a tile in one go, for places that show a single person.
func tile(name string, picture *canvas.Image, talking, hand bool) fyne.CanvasObject {
	t := newTileView(name, picture)
	t.set(name, talking, hand)
	return t.obj
}
