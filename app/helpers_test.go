package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
