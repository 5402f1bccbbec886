// Package app is Ringlet's Fyne GUI: the screens, the tray menu and the
// theme. It is the only package that imports Fyne; everything it shows comes
// from the UI-free packages below it as typed values and message keys.
package app

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// Run starts the GUI and blocks until the user quits.
func Run(args []string) int {
	a := fyneapp.NewWithID("org.ringlet.Ringlet")
	w := a.NewWindow("Ringlet")
	w.SetContent(widget.NewLabel("Ringlet"))
	w.ShowAndRun()
	return 0
}
