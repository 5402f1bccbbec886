package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/ring"
)

// buildTrayMenu builds the system tray menu. Panic leave is always there
// and always enabled: it must work without thinking.
func (u *ui) buildTrayMenu() *fyne.Menu {
	show := fyne.NewMenuItem(lang.L("app.tray.show"), u.showWindow)
	fromClip := fyne.NewMenuItem(lang.L("app.tray.join_from_clipboard"), u.joinFromClipboard)
	mute := fyne.NewMenuItem(lang.L("app.tray.mute"), u.toggleMute)
	leave := fyne.NewMenuItem(lang.L("app.tray.leave"), u.leave)
	panicLeave := fyne.NewMenuItem(lang.L("app.tray.panic_leave"), u.panicLeave)
	quit := fyne.NewMenuItem(lang.L("app.tray.quit"), u.quit)
	quit.IsQuit = true
	items := []*fyne.MenuItem{show, fromClip, fyne.NewMenuItemSeparator(),
		mute, leave, panicLeave, fyne.NewMenuItemSeparator()}
	// The rings the user asked Ringlet to remember, under their own
	// labels: one click, then Join.
	for _, r := range u.remembered {
		items = append(items, fyne.NewMenuItem(lang.L("app.remember.join", map[string]any{"Label": r.Label}), func() { u.joinRemembered(r) }))
	}
	if len(u.remembered) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	m := fyne.NewMenu("Ringlet", append(items, quit)...)
	u.updateTrayItems(m)
	return m
}

// updateTrayItems relabels and enables the call items for the current
// state.
func (u *ui) updateTrayItems(m *fyne.Menu) {
	inCall := u.flow != nil && u.flow.call != nil
	muted := inCall && u.flow.muted
	mute, leave := m.Items[3], m.Items[4]
	if muted {
		mute.Label = lang.L("app.tray.unmute")
	} else {
		mute.Label = lang.L("app.tray.mute")
	}
	mute.Disabled = !inCall
	leave.Disabled = !inCall
}

// refreshTray brings the tray menu up to date after a state change.
func (u *ui) refreshTray() {
	if u.trayMenu == nil {
		return
	}
	u.updateTrayItems(u.trayMenu)
	u.trayMenu.Refresh()
}

func (u *ui) showWindow() {
	if u.win != nil {
		u.win.Show()
		u.win.RequestFocus()
		return
	}
	if u.flow != nil && u.flow.call != nil {
		u.showCallStep()
		return
	}
	u.showLinkStep(opening{})
}

// joinFromClipboard starts the flow with a ring link from the clipboard,
// unless a call is going on: then it only shows the window.
func (u *ui) joinFromClipboard() {
	if u.flow != nil && u.flow.call != nil {
		u.showWindow()
		return
	}
	text := u.clip.Content()
	if link, ok := ring.FirstLink(text); ok {
		text = link
	}
	u.flow = nil
	u.showLinkStep(opening{text: text})
}

// quit leaves at once, waits for the private browser's profile to be
// deleted (at most browserCleanupTimeout) and ends Ringlet.
func (u *ui) quit() {
	if u.quitting {
		return
	}
	u.panicLeave()
	u.quitting = true
	u.closeBrowser()
	u.app.Quit()
}

// confirmCloseDuringCall asks whether closing the window means leaving
// the ring or keeping it running in the tray.
func (u *ui) confirmCloseDuringCall() {
	w := u.window()
	var d *dialog.CustomDialog
	leave := newButton(lang.L("app.close.leave"), nil, func() {
		d.Hide()
		u.leave()
		u.closeWindow()
	})
	leave.Importance = widget.DangerImportance
	buttons := []fyne.CanvasObject{leave}
	if u.trayMenu != nil {
		keep := newButton(lang.L("app.close.keep"), nil, func() {
			d.Hide()
			w.Hide()
		})
		keep.Importance = widget.HighImportance
		buttons = append(buttons, keep)
	}
	cancel := newButton(lang.L("app.close.cancel"), nil, func() { d.Hide() })
	buttons = append(buttons, cancel)
	question := lang.L("app.close.question")
	if u.trayMenu == nil {
		// Without a tray there is no background to keep running in.
		question = lang.L("app.close.question_no_tray")
	}
	d = dialog.NewCustomWithoutButtons(lang.L("app.close.title"), para(question), w)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(560, 240)) // room for the question to wrap
	d.Show()
}

// rebuildTray lays the tray menu out again after the remembered rings
// changed.
func (u *ui) rebuildTray() {
	if u.trayMenu == nil {
		return
	}
	u.trayMenu.Items = u.buildTrayMenu().Items
	u.trayMenu.Refresh()
}
