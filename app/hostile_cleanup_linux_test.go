package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/app/browser"
	"github.com/ringlet/ringlet/internal/poll"
)

// The private browser in these tests is a shell stand-in, a real process
// started through app/browser exactly as a browser would be: a real
// Chromium needs a display, and these tests are about what happens to
// its profile folder, which the stand-in fills as a browser does.

// standInBrowser writes an executable that writes a Cookies file into the
// profile folder it is given, runs then, and sleeps until it is killed.
func standInBrowser(t *testing.T, then string) string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "chromium")
	body := "#!/bin/sh\nprofile=$(printf '%s' \"$1\" | sed 's/^--user-data-dir=//')\n" +
		"echo 'SAPISID=visit-secret' > \"$profile/Cookies\"\n" + then + "\nexec sleep 60\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	return script
}

// privateBrowserIn wires OpenPrivate to app/browser with the stand-in as
// the only browser and dir as the temp folder. ctxs receives the context
// of each opening.
func privateBrowserIn(dir, script string, ctxs chan<- context.Context) func(context.Context, Handoff) (<-chan error, error) {
	o := browser.Options{GOOS: "linux", TempDir: dir, Command: exec.Command,
		LookPath: func(name string) (string, error) {
			if name == "chromium" {
				return script, nil
			}
			return "", exec.ErrNotFound
		}}
	return func(ctx context.Context, h Handoff) (<-chan error, error) {
		ctxs <- ctx
		return openPrivateWith(ctx, o, h)
	}
}

// openInPrivateBrowser walks a platform ring to the "opened" step and
// waits until the stand-in has written into its profile.
func openInPrivateBrowser(t *testing.T, u *ui, dir string) string {
	t.Helper()
	u.link.entry.SetText(meetLink)
	test.Tap(u.link.join)
	u.showHandoffStep()
	var open interface{ Tapped(*fyne.PointEvent) }
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(interface{ Tapped(*fyne.PointEvent) }); ok && labelOf(o) == lang.L("app.handoff.open") {
			open = b
		}
	})
	if open == nil {
		t.Fatal("no open button")
	}
	open.Tapped(&fyne.PointEvent{})
	if u.flow == nil || u.flow.step != stepOpened {
		t.Fatal("not on the opened step")
	}
	var cookies []string
	poll.Until(t, "the stand-in browser never wrote into its profile", func() bool {
		cookies, _ = filepath.Glob(filepath.Join(dir, "ringlet-browser-*", "Cookies"))
		return len(cookies) == 1
	})
	return filepath.Dir(cookies[0])
}

// TestHostileQuitWaitsForBrowserCleanup quits (the tray's Quit; SIGTERM
// and the panic leave without a tray take the same path) while the
// private browser is open: when quit returns, the browser must be closed
// and its profile deleted, since nothing runs after it.
func TestHostileQuitWaitsForBrowserCleanup(t *testing.T) {
	dir := t.TempDir()
	ctxs := make(chan context.Context, 1)
	u := newTestUI(t, "en", Options{OpenPrivate: privateBrowserIn(dir, standInBrowser(t, ""), ctxs)})
	profile := openInPrivateBrowser(t, u, dir)
	u.quit()
	if _, err := os.Stat(profile); !os.IsNotExist(err) {
		t.Errorf("Ringlet quit with the browser profile still on disk: %s (%v)", profile, err)
	}
}

// TestHostileClosingTheOpenedStepClosesTheBrowser closes Ringlet's window
// on the "opened in browser" step: the visit ends and the private
// browser closes, instead of running on with no way back to it.
func TestHostileClosingTheOpenedStepClosesTheBrowser(t *testing.T) {
	dir := t.TempDir()
	ctxs := make(chan context.Context, 1)
	u := newTestUI(t, "en", Options{OpenPrivate: privateBrowserIn(dir, standInBrowser(t, ""), ctxs)})
	profile := openInPrivateBrowser(t, u, dir)
	ctx := <-ctxs
	u.onCloseRequested()
	select {
	case <-ctx.Done():
	default:
		t.Fatal("closing the window left the private browser open")
	}
	if u.flow != nil {
		t.Error("closing the window kept the visit")
	}
	u.closeBrowser() // what Run does once the window's loop has ended
	if _, err := os.Stat(profile); !os.IsNotExist(err) {
		t.Errorf("the profile is still on disk: %s (%v)", profile, err)
	}
}

// TestHostileBrowserCleanupFailureIsTold lets the profile become
// undeletable (the stand-in marks its Cookies file immutable, which even
// root must clear first) and the user close the browser: the user must be
// told, in their language, that not everything could be deleted.
func TestHostileBrowserCleanupFailureIsTold(t *testing.T) {
	requireChattr(t)
	dir := t.TempDir()
	ctxs := make(chan context.Context, 1)
	// The stand-in exits on its own, as when the user closes the window:
	// once the test has seen the opened step (the file "closed" appears).
	script := standInBrowser(t, "chattr +i \"$profile/Cookies\"; while [ ! -e \"$profile/closed\" ]; do sleep 0.02; done; exit 0")
	u := newTestUI(t, "de", Options{OpenPrivate: privateBrowserIn(dir, script, ctxs)})
	profile := openInPrivateBrowser(t, u, dir)
	t.Cleanup(func() { exec.Command("chattr", "-i", filepath.Join(profile, "Cookies")).Run() })
	if err := os.WriteFile(filepath.Join(profile, "closed"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	want := translate(browser.KeyCleanupFailed, nil)
	poll.Until(t, fmt.Sprintf("no notice %q after the cleanup failed", want), func() bool { return overlayShows(u, want) })
	if !overlayShows(u, translate("app.cleanup.title", nil)) {
		t.Error("the notice has no German title")
	}
}

// TestHostileSweepFailureAtStartIsTold starts Ringlet with the real sweep
// over a folder holding a leftover profile that cannot be deleted.
func TestHostileSweepFailureAtStartIsTold(t *testing.T) {
	requireChattr(t)
	dir := t.TempDir()
	stuck := filepath.Join(dir, "ringlet-browser-leftover")
	if err := os.Mkdir(stuck, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(stuck, "Cookies")
	if err := os.WriteFile(file, []byte("SAPISID=old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("chattr", "+i", file).CombinedOutput(); err != nil {
		t.Fatalf("chattr: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", file).Run() })
	removable := filepath.Join(dir, "ringlet-browser-removable")
	if err := os.Mkdir(removable, 0o700); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "en", Options{SweepLeftovers: func() int {
		return browser.Sweep(browser.Options{TempDir: dir}).Failed
	}})
	if _, err := os.Stat(removable); !os.IsNotExist(err) {
		t.Errorf("the leftover profile was not swept at start: %v", err)
	}
	if want := translate("app.cleanup.sweep_failed", nil); !overlayShows(u, want) {
		t.Errorf("no notice %q", want)
	}
}

// requireChattr skips when files cannot be made undeletable here.
func requireChattr(t *testing.T) {
	t.Helper()
	probe := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(probe, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("chattr", "+i", probe).CombinedOutput(); err != nil {
		t.Skipf("cannot make a file undeletable here (needs root on ext4): %v %s", err, out)
	}
	exec.Command("chattr", "-i", probe).Run()
}
