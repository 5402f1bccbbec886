package app

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// iconPNG is Ringlet's icon (a smaller copy of the repository's Icon.png),
// embedded so that a plain `go build` has a tray and window icon too; a
// packaged build gets the same icon from FyneApp.toml.
//
//go:embed icon.png
var iconPNG []byte

var appIcon = fyne.NewStaticResource("ringlet.png", iconPNG)

// icon returns the packaged icon if there is one, else the embedded copy.
func (u *ui) icon() fyne.Resource {
	if i := u.app.Metadata().Icon; i != nil {
		return i
	}
	return appIcon
}
