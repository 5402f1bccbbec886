package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walk visits every object below o, looking into containers, scrolls and
// splits.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	case *container.Scroll:
		walk(c.Content, visit)
	case *container.Split:
		walk(c.Leading, visit)
		walk(c.Trailing, visit)
	}
}

func labelOf(o fyne.CanvasObject) string {
	if b, ok := o.(*button); ok {
		return b.Text
	}
	return ""
}

// overlayShows reports whether a dialog on the main window shows text.
func overlayShows(u *ui, text string) bool {
	found := false
	fyne.DoAndWait(func() {
		if u.win == nil {
			return
		}
		for _, o := range u.win.Canvas().Overlays().List() {
			for _, c := range test.LaidOutObjects(o) {
				if l, ok := c.(*widget.Label); ok && strings.Contains(l.Text, text) {
					found = true
				}
			}
		}
	})
	return found
}

// overlayTexts gives what the dialogs on the main window say, for a
// test's failure message.
func overlayTexts(u *ui) []string {
	var texts []string
	fyne.DoAndWait(func() {
		if u.win == nil {
			return
		}
		for _, o := range u.win.Canvas().Overlays().List() {
			for _, c := range test.LaidOutObjects(o) {
				if l, ok := c.(*widget.Label); ok && l.Text != "" {
					texts = append(texts, l.Text)
				}
			}
		}
	})
	return texts
}
