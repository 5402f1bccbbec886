package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
)

// What the person is told about end-to-end encryption: whether the ring
// has it (link screen, call screen), the safety code to compare aloud
// (call screen), and what it protects and what not (check-up). Platform
// rings run in a browser window, where Ringlet cannot tell; only rings
// Ringlet joins itself are described.

// encryptionText is one plain sentence for the link screen: is this ring
// encrypted end to end, or not. "" for platform rings.
func encryptionText(l ring.Link) string {
	switch {
	case l.Kind != ring.KindNative:
		return ""
	case l.Encrypted():
		return lang.L("app.link.e2ee_on")
	}
	return lang.L("app.link.e2ee_off")
}

// encryptionBox is the call screen's line about encryption: with a key,
// a shield, the safety code in bold and how to use it; without, a plain
// warning that the server could see and hear the ring.
func encryptionBox(l ring.Link) fyne.CanvasObject {
	if !l.Encrypted() {
		off := para(lang.L("app.call.e2ee_off"))
		off.Importance = widget.WarningImportance
		return off
	}
	code := widget.NewLabelWithStyle(lang.L("app.call.e2ee_on", map[string]any{"Code": session.SafetyCode(l)}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	code.Importance = widget.SuccessImportance
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ConfirmIcon())), nil,
		container.NewVBox(code, para(lang.L("app.call.e2ee_compare"))))
}

// encryptionFacts is the check-up's section: what end-to-end encryption
// protects in this ring and what it does not. nil for platform rings.
func encryptionFacts(l ring.Link) fyne.CanvasObject {
	if l.Kind != ring.KindNative {
		return nil
	}
	box := container.NewVBox(widget.NewSeparator(), bold(lang.L("app.check.e2ee_title")))
	if !l.Encrypted() {
		box.Add(para(lang.L("app.check.e2ee_none")))
		return box
	}
	box.Add(para(lang.L("app.check.e2ee_protects")))
	box.Add(para(lang.L("app.check.e2ee_limits")))
	return box
}
