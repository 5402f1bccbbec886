// Package app is Ringlet's Fyne GUI: the screens, the tray menu and the
// theme. It is the only package that imports Fyne; everything it shows comes
// from the UI-free packages below it as typed values and message keys.
//
// The participant flow is short: the link, one pre-join screen (name,
// sound only or camera, start muted, PIN, with the check-up as a banner
// when something needs attention; for platform rings the hand-off), the
// call, and the "nothing was saved" screen after it. All state of a visit (link,
// pseudonym, chat) lives in memory in a flow value that is dropped when the
// user leaves; only the whitelisted preferences in prefs.go reach the disk.
package app

import (
	"context"
	"crypto/rand"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/godbus/dbus/v5"

	"github.com/ringlet/ringlet/app/browser"
	"github.com/ringlet/ringlet/app/prefsfile"
	"github.com/ringlet/ringlet/app/remember"
	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/internal/nocache"
)

// AppID is the application ID; it also names the settings folder.
const AppID = "org.ringlet.Ringlet"

// Options carries everything the GUI needs from outside, so tests can pass
// fakes for the clipboard, the keyring, the call engine and the browser.
// Zero fields get the real thing in Run, or a harmless stand-in.
type Options struct {
	// App is the Fyne app; tests pass test.NewApp().
	App fyne.App
	// Clipboard defaults to the app's clipboard.
	Clipboard fyne.Clipboard
	// AppID is the application ID Fyne's own code is told (see
	// newAppWithoutFiles); "" leaves App's own.
	AppID string
	// Preferences defaults to the app's preferences. Only the keys in
	// prefs.go are ever written to it.
	Preferences fyne.Preferences
	// SettingsErr is what opening Preferences met (errSettingsUnreadable);
	// the user is told once the window shows.
	SettingsErr error
	// Tray says whether to install the system tray menu. Run sets it where
	// a tray can be had (trayAvailable: always on Windows; on Linux only
	// when a session DBus answers, see hasSessionBus).
	Tray bool
	// Random feeds the pseudonym generator; defaults to crypto/rand.
	Random io.Reader

	// Join starts a call in a native ring. Nil means this build cannot
	// join native rings yet, which the user is told in plain words.
	Join func(ctx context.Context, req JoinRequest) (Call, error)
	// CheckUp runs the local privacy check-up for a ring. Nil shows no
	// findings, only the ring's privacy notice.
	CheckUp func(ctx context.Context, req CheckRequest) []Finding
	// RealName reports whether a pseudonym looks like the user's real
	// name. Nil uses the operating system account's full name.
	RealName func(pseudonym string) bool
	// OpenPrivate opens a platform ring in a throwaway private browser.
	// Cancelling ctx closes it (leave, panic leave); done delivers once
	// when the user closed it. Nil means no private browser is available.
	OpenPrivate func(ctx context.Context, h Handoff) (done <-chan error, err error)
	// OpenDefault opens a platform ring in the everyday browser. It is
	// offered only when OpenPrivate is nil or fails with
	// errNoPrivateBrowser, and called only after the user agreed to the
	// warning that this browser keeps history and may be signed in. Nil
	// never offers it.
	OpenDefault func(h Handoff) error
	// Handoff builds the hand-off for a platform ring; nil uses a plain
	// summary without pre-filled name.
	Handoff func(l ring.Link, pseudonym string, audioOnly bool) (Handoff, error)
	// Remember keeps opt-in pseudonyms per ring in the OS keyring. Nil
	// hides the "remember" choice.
	Remember Rememberer
	// ListDevices lists cameras, microphones or speakers for the device
	// menus. It is asked for cameras only when the camera is chosen. Nil
	// leaves the system's defaults.
	ListDevices func(kind DeviceKind) []DeviceInfo
	// OpenPreview opens camera (unless voice only) and microphone for
	// the preview screen, sending nothing. Nil leaves the try-out without
	// picture and level.
	OpenPreview func(req PreviewRequest) (Preview, error)
	// PlayTestTone plays a short tone on a speaker ("" = default). Nil
	// disables the test tone button.
	PlayTestTone func(ctx context.Context, speaker string) error
	// SweepLeftovers deletes what an earlier Ringlet left behind after a
	// crash or a kill (browser profiles, check-up copies, font index
	// folders) and returns how many could not be deleted. It runs once at
	// start; nil skips it.
	SweepLeftovers func() (failed int)
}

// Rememberer is what the name screen needs from app/remember.
type Rememberer interface {
	Load(ringID string) (remember.Secret, bool, error)
	Save(ringID string, s remember.Secret) error
	Forget(ringID string) error
}

// Run starts the GUI and blocks until the user quits. args are the
// command-line arguments after the program name: a ring link, a ringlet://
// link or a .ring file fills in the link screen.
func Run(args []string) int {
	useOneSoftwareRasterThread()
	leaveNoCaches()
	a := newAppWithoutFiles()
	settings, settingsErr := openSettings()
	opts := Options{
		App:         a,
		AppID:       AppID,
		Preferences: settings,
		SettingsErr: settingsErr,
		Tray:        trayAvailable(),
		Remember:    remember.New(remember.OSKeyring()),
	}
	wireEngines(&opts)
	u := newUI(opts)
	// Ctrl-C in a terminal, a logout or `ringlet demo` ending: leave like
	// a panic leave, so the private browser and the call do not outlive
	// Ringlet and the clipboard is cleared. Caught before the window is
	// made, which already shows it: a signal that comes as soon as the
	// window is there waits for the loop instead of killing Ringlet.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ran := make(chan struct{})
	go func() {
		select {
		case <-signals:
			fyne.Do(u.quit)
		case <-ran: // the loop is over; nothing on the UI thread may run now
		}
	}()
	u.start(args)
	showScreenshotHook(u)
	a.Lifecycle().SetOnStopped(func() { u.quitting = true })
	a.Run()
	close(ran)
	signal.Stop(signals)
	// However the loop ended (the last window closed, Quit), the private
	// browser must not outlive Ringlet with its profile on disk.
	u.closeBrowser()
	return 0
}

// newAppWithoutFiles makes the Fyne app with no application ID: with one,
// Fyne keeps its preferences file itself and writes it at every start and
// quit, and makes its storage folder, whether anything was set or not.
// Ringlet's settings are kept by openSettings instead, and Fyne's own code
// is told the ID through guardPreferences (Options.AppID). The name is
// what the tray shows as its title.
func newAppWithoutFiles() fyne.App {
	fyneapp.SetMetadata(fyne.AppMetadata{Name: "Ringlet"})
	return fyneapp.NewWithID("")
}

// openSettings opens the settings file where Fyne kept it for AppID, so
// earlier settings carry over. Without a configuration folder (no home)
// the settings are kept for this run only, in a file that is never made.
func openSettings() (*filePrefs, error) {
	path, err := prefsfile.Path(AppID)
	if err != nil {
		return &filePrefs{values: map[string]string{}, inMemory: true}, nil
	}
	return openFilePrefs(path)
}

// leaveNoCaches keeps the GL driver and the font lookup under Fyne from
// leaving caches in the user's cache folder (see internal/nocache). It
// must run before Fyne opens its window and measures its first text.
// Neither can fail in a way worth telling the user: without the font
// index Fyne draws with its own fonts.
func leaveNoCaches() {
	_ = nocache.DisableShaderCaches()
	_ = nocache.IndexSystemFonts(browser.SystemOptions().TempDir)
}

// hasSessionBus reports whether a session DBus is running. The tray needs
// it: without one, Fyne's systray panics when the app quits
// (fyne-io/fyne#6403). Only a bus that already runs counts: asking
// godbus without one would start ("autolaunch") a bus daemon that stays
// behind after Ringlet quits.
func hasSessionBus() bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		dir := os.Getenv("XDG_RUNTIME_DIR")
		if dir == "" {
			return false
		}
		if fi, err := os.Stat(filepath.Join(dir, "bus")); err != nil || fi.Mode()&os.ModeSocket == 0 {
			return false
		}
	}
	// The shared connection stays open for the tray itself.
	_, err := dbus.SessionBus()
	return err == nil
}

// ui is the running GUI: the main window and the current visit.
type ui struct {
	opts   Options
	app    fyne.App
	clip   fyne.Clipboard
	prefs  prefs
	random io.Reader

	win  fyne.Window // nil after a panic leave closed it
	flow *flow       // the current visit; nil when nothing is going on
	// quitting is set once Ringlet is on its way out: the window system
	// may be gone already, so a second way out (a SIGTERM during Quit)
	// must not touch the clipboard or windows again.
	quitting bool

	// The screen on show (at most one is set), kept so tests and the
	// tray can reach its widgets.
	link    *linkScreen
	call    *callScreen
	name    *nameScreen
	preview *previewScreen
	left    *leftScreen
	// helper is the checklist maker, when open.
	helper *helperScreen
	// check is the check-up with the checklist walkthrough, when shown.
	check *checkScreen
	// banner is the pre-join screen's check-up banner, when shown.
	banner *fyne.Container
	// ringCheck is the pre-join screen's "remember this ring" box.
	ringCheck *widget.Check
	// remembered are the rings the keyring holds, once loaded.
	remembered []remember.Ring

	trayMenu *fyne.Menu
	settings *settingsForm // the open settings dialog, if any
	// askDefault is the open "use the normal browser?" question, if any.
	askDefault *defaultBrowserAsk
	// browser is the open private browser, if any.
	browser *browserRun
	// pendingNotices wait for the window to show again (see notice).
	pendingNotices []error

	// async runs slow work (check-up, joining) off the UI thread; tests
	// make it synchronous.
	async func(func())
	// onUI applies call events and pictures on the UI thread (fyne.Do);
	// tests against a real ring queue them for their own goroutine.
	onUI func(func())
	// previewTick is how often the preview's level meter is read; tests
	// set 0 and read it themselves.
	previewTick time.Duration
	// lastPreview is the try-out opened last; the next one waits until it
	// let go of the devices.
	lastPreview *livePreview
	// stopOnLeave stops what the screen on show animates, when another
	// screen replaces it. Fyne keeps an animation running after its screen
	// left the window, until the widget's renderer expires a minute or so
	// later, and every tick of it repaints the whole window (measured: the
	// joining screen's progress bar and an old screen's blinking cursor kept
	// the call screen repainting about 50 times a second, instead of the
	// pictures' 10, for the first minute of a call; docs/bench/window.md).
	stopOnLeave []func()
}

func newUI(opts Options) *ui {
	u := &ui{opts: opts, app: opts.App, clip: opts.Clipboard, random: opts.Random}
	if u.clip == nil {
		u.clip = u.app.Clipboard()
	}
	p := opts.Preferences
	if p == nil {
		p = u.app.Preferences()
	}
	u.prefs = prefs{p: guardPreferences(u.app, opts.AppID, p)}
	if u.random == nil {
		u.random = rand.Reader
	}
	u.async = func(f func()) { go f() }
	u.onUI = fyne.Do
	u.previewTick = levelInterval
	return u
}

// start loads language and theme, shows the main window with the link
// from args, and installs the tray.
func (u *ui) start(args []string) {
	applyLanguage(u.prefs.get(prefLanguage))
	u.applyTheme()
	u.showLinkStep(initialLink(args))
	if u.opts.SettingsErr != nil {
		u.notice(u.opts.SettingsErr)
	}
	u.sweepLeftovers()
	if u.opts.Tray {
		if d, ok := u.app.(desktop.App); ok {
			u.trayMenu = u.buildTrayMenu()
			d.SetSystemTrayMenu(u.trayMenu)
			d.SetSystemTrayIcon(u.icon())
		}
	}
}

// window returns the main window, creating it again after a panic leave
// or after the user closed it while Ringlet kept running in the tray.
func (u *ui) window() fyne.Window {
	if u.win != nil {
		return u.win
	}
	// The title stays "Ringlet": a ring's title in the title bar or the
	// task bar could tell an onlooker which group this is.
	w := u.app.NewWindow("Ringlet")
	w.SetIcon(u.icon())
	w.Resize(fyne.NewSize(820, 600))
	w.SetCloseIntercept(u.onCloseRequested)
	u.win = w
	return w
}

// show puts a screen into the main window and brings it up. Whatever the
// previous screen was, the preview's camera and microphone close.
func (u *ui) show(content fyne.CanvasObject) {
	u.closePreview()
	for _, stop := range u.stopOnLeave {
		stop()
	}
	u.stopOnLeave = nil
	w := u.window()
	// The focused field of the old screen is told it lost the focus:
	// otherwise its cursor goes on blinking off screen, repainting the
	// whole window 8 times a second (docs/bench/window.md).
	w.Canvas().Unfocus()
	w.SetContent(content)
	w.Show()
	w.RequestFocus()
	u.showPendingNotices()
}

// onCloseRequested asks during a call whether to leave or keep running
// in the tray; outside a call it simply closes (and with a tray, Ringlet
// stays there).
func (u *ui) onCloseRequested() {
	if u.flow != nil && u.flow.call != nil {
		u.confirmCloseDuringCall()
		return
	}
	if f := u.flow; f != nil && f.step == stepOpened {
		// The window was the only way back to this visit: closing it
		// ends the visit, and with it the private browser.
		u.flow = nil
		if f.cancel != nil {
			f.cancel()
		}
		u.refreshTray()
	}
	u.closeWindow()
}

func (u *ui) closeWindow() {
	if u.win == nil {
		return
	}
	w := u.win
	u.win = nil
	u.closePreview()
	u.link, u.name, u.preview, u.call, u.left = nil, nil, nil, nil, nil
	w.Close()
}
