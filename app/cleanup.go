package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// browserCleanupTimeout bounds how long quitting, the panic leave and a
// SIGTERM wait for the private browser to close and its profile to be
// deleted. What is left after it, the next start sweeps.
const browserCleanupTimeout = 3 * time.Second

// errSweepFailed says that leftovers of an earlier visit could not all be
// deleted at start.
var errSweepFailed = &uiError{"app.cleanup.sweep_failed"}

// browserRun is the private browser of a visit, from opening until its
// profile is deleted.
type browserRun struct {
	cancel   context.CancelFunc // closes the browser
	finished chan struct{}      // closed once the profile is handled
}

// trackBrowser takes over the private browser opened for f: when it
// closes (the user closed it, or cancel), the visit ends, and a profile
// that could not be deleted is told to the user.
func (u *ui) trackBrowser(f *flow, cancel context.CancelFunc, done <-chan error) {
	run := &browserRun{cancel: cancel, finished: make(chan struct{})}
	u.browser = run
	f.cancel = cancel
	go func() {
		err := <-done
		close(run.finished)
		fyne.Do(func() {
			if u.browser == run {
				u.browser = nil
			}
			if err != nil {
				u.notice(err)
			}
			if u.flow == f {
				u.leave()
			}
		})
	}()
}

// closeBrowser closes the private browser, if one is open, and waits
// until its profile is deleted, at most browserCleanupTimeout. It runs on
// the way out (quit, the panic leave without a tray, SIGTERM), when
// nothing after it could delete the profile any more.
func (u *ui) closeBrowser() {
	run := u.browser
	if run == nil {
		return
	}
	run.cancel()
	select {
	case <-run.finished:
	case <-time.After(browserCleanupTimeout):
	}
}

// sweepLeftovers deletes, off the UI thread, what an earlier Ringlet left
// behind after a crash or a kill, and tells the user when something
// could not be deleted.
func (u *ui) sweepLeftovers() {
	sweep := u.opts.SweepLeftovers
	if sweep == nil {
		return
	}
	u.async(func() {
		if failed := sweep(); failed > 0 {
			u.onUI(func() { u.notice(errSweepFailed) })
		}
	})
}

// notice tells the user about a cleanup that failed (or settings that
// could not be read), in a dialog on the main window. Without a window
// (after a panic leave) it waits until the window shows again: an onlooker
// must not see a pop-up appear by itself.
func (u *ui) notice(err error) {
	if u.win == nil {
		u.pendingNotices = append(u.pendingNotices, err)
		return
	}
	body := container.NewVBox(para(message(err)))
	d := dialog.NewCustom(lang.L(noticeTitle(err)), lang.L("app.error.ok"), body, u.win)
	d.Resize(fyne.NewSize(520, 280)) // room for the text to wrap
	d.Show()
}

// noticeTitle is the key of a notice's title: most notices are about
// something that could not be deleted.
func noticeTitle(err error) string {
	if err == errSettingsUnreadable {
		return "app.settings_file.title"
	}
	return "app.cleanup.title"
}

// showPendingNotices shows the notices that waited for the window.
func (u *ui) showPendingNotices() {
	pending := u.pendingNotices
	u.pendingNotices = nil
	for _, err := range pending {
		u.notice(err)
	}
}
