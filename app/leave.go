package app

import (
	"fyne.io/fyne/v2"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// leave ends the call politely and shows that nothing was kept.
func (u *ui) leave() {
	f := u.flow
	if f == nil {
		return
	}
	u.flow = nil
	if f.call != nil {
		f.call.Leave()
	}
	if f.cancel != nil {
		f.cancel()
	}
	u.refreshTray()
	u.showLeftStep(nil)
}

// panicLeave leaves at once: no questions, no goodbye screen. It drops
// the call and everything about the visit, clears the clipboard if it
// holds a ring link, and closes every window. With a tray Ringlet stays
// there, quiet; without one it quits.
func (u *ui) panicLeave() {
	if u.quitting {
		return // the window system may be gone: nothing is left to close
	}
	if f := u.flow; f != nil {
		u.flow = nil
		if f.call != nil {
			f.call.PanicLeave()
		}
		if f.cancel != nil {
			f.cancel()
		}
	}
	if holdsRing(u.clip.Content()) {
		u.clip.SetContent("")
	}
	u.win = nil
	u.closePreview()
	u.link, u.name, u.preview, u.call, u.left = nil, nil, nil, nil, nil
	// Closing a window changes the driver's list, so close from a copy.
	windows := append([]fyne.Window(nil), u.app.Driver().AllWindows()...)
	for _, w := range windows {
		if w != nil {
			w.Close()
		}
	}
	u.refreshTray()
	if u.trayMenu == nil {
		u.closeBrowser()
		u.quitting = true
		u.app.Quit()
	}
}

// toggleMute is the tray's Mute/Unmute.
func (u *ui) toggleMute() {
	if u.flow == nil || u.flow.call == nil {
		return
	}
	u.setMuted(!u.flow.muted)
}

func (u *ui) setMuted(muted bool) {
	f := u.flow
	if f == nil || f.call == nil {
		return
	}
	f.muted = muted
	f.call.SetMuted(muted)
	u.refreshTray()
	if u.call != nil {
		u.call.update(f)
	}
}

// holdsRing reports whether text (the clipboard) holds a ring link or a
// checklist share link, which carries the ring link and its PIN inside.
func holdsRing(text string) bool {
	if ring.LooksLikeRingLink(text) {
		return true
	}
	link, ok := ring.FirstLink(text)
	return ok && checklist.IsShareLink(link)
}
