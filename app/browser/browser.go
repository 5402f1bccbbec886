// Package browser opens platform rings in a throwaway private browser: a
// Chromium-family browser or Firefox, started with a fresh, empty profile
// in a temporary folder that is deleted as soon as the browser exits. It
// has no UI; its errors carry i18n message keys (browser.*).
//
// The link is always passed as the last element of an argument list
// (never through a shell), after "--" for the Chromium family, whose
// command line parser stops reading switches there, and as the value of
// -private-window for Firefox. Links that are not http(s) or that start
// with "-" are refused, so a link can never become a browser option such
// as --remote-debugging-port.
//
// The profile goes to $XDG_RUNTIME_DIR when there is a private one (it is
// in RAM, so nothing of the visit reaches a disk), else to the system temp
// folder. Snap-packaged browsers cannot see either, so their profile goes
// to the snap's own folder under the home directory instead.
//
// Each profile holds a lock file that Ringlet and the browser (which
// inherits it) keep locked while either runs. Sweep, run at start, removes
// profiles an earlier Ringlet left behind after a crash or a kill: only
// folders with our prefix, owned by this user, not symbolic links, and not
// in use.
package browser

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"

	"github.com/skratchdot/open-golang/open"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// Family is the kind of browser, which decides its command line.
type Family int

const (
	FamilyChromium Family = iota + 1
	FamilyFirefox
)

// Browser is one installed browser.
type Browser struct {
	Name   string // product name, not translated
	Path   string // the executable
	Family Family
}

// Error is a typed failure; Key is an i18n message key.
type Error = keyerr.Error

// Message keys.
const (
	KeyBadURL        = "browser.error.bad_url"
	KeyNoneFound     = "browser.error.none_found"
	KeyStartFailed   = "browser.error.start_failed"
	KeyProfileFailed = "browser.error.profile_failed"
	KeyCleanupFailed = "browser.error.cleanup_failed"
	// KeyDefaultBrowser warns that the link opened in the everyday
	// browser, which is not private.
	KeyDefaultBrowser = "browser.warn.default_browser"
)

// Options injects everything the launcher takes from the computer.
type Options struct {
	GOOS     string
	Home     string
	Env      func(string) string
	LookPath func(string) (string, error)
	// Exists reports whether an executable exists at a standard location.
	Exists func(path string) bool
	// Registered lists the browser executables Windows has registered
	// (App Paths, StartMenuInternet); nil elsewhere.
	Registered func() []string
	// TempDir holds the throwaway profiles; "" is the system temp folder.
	// SystemOptions sets the private $XDG_RUNTIME_DIR, which is in RAM.
	TempDir string
	// SweepDirs are the other folders where an earlier Ringlet may have
	// left profiles or check-up copies (Sweep): SystemOptions lists the
	// system temp folder and, on Linux, /dev/shm.
	SweepDirs []string
	// Command builds the process; tests record argv here. It must not
	// involve a shell.
	Command func(name string, args ...string) *exec.Cmd
	// OpenDefault opens a URL in the everyday browser (the fallback).
	OpenDefault func(url string) error
	// AllowDefault lets Launch fall back to the everyday browser, with
	// KeyDefaultBrowser as a warning, when no private browser is found.
	AllowDefault bool
}

// SystemOptions returns Options for this computer.
func SystemOptions() Options {
	home, _ := os.UserHomeDir()
	return Options{
		GOOS:      runtime.GOOS,
		Home:      home,
		TempDir:   privateRuntimeDir(os.Getenv("XDG_RUNTIME_DIR")),
		SweepDirs: systemSweepDirs(),
		Env:       os.Getenv,
		LookPath:  exec.LookPath,
		Exists: func(p string) bool {
			fi, err := os.Stat(p)
			return err == nil && !fi.IsDir()
		},
		Registered:  registeredBrowsers,
		Command:     exec.Command,
		OpenDefault: open.Start,
	}
}

func (o Options) env(k string) string {
	if o.Env == nil {
		return ""
	}
	return o.Env(k)
}

// candidate is a browser Ringlet knows how to start privately.
type candidate struct {
	name   string
	family Family
	linux  []string // names on PATH
	mac    string   // executable inside /Applications
	win    []string // paths under Program Files or LOCALAPPDATA
}

// candidates in order of preference: the Chromium family first, because
// its incognito window with a fresh profile also blocks third-party
// cookies and never offers to sign in.
var candidates = []candidate{
	{"Chromium", FamilyChromium, []string{"chromium", "chromium-browser"}, "Chromium.app/Contents/MacOS/Chromium", []string{`Chromium\Application\chrome.exe`}},
	{"Google Chrome", FamilyChromium, []string{"google-chrome", "google-chrome-stable"}, "Google Chrome.app/Contents/MacOS/Google Chrome", []string{`Google\Chrome\Application\chrome.exe`}},
	{"Brave", FamilyChromium, []string{"brave-browser", "brave"}, "Brave Browser.app/Contents/MacOS/Brave Browser", []string{`BraveSoftware\Brave-Browser\Application\brave.exe`}},
	{"Microsoft Edge", FamilyChromium, []string{"microsoft-edge", "microsoft-edge-stable"}, "Microsoft Edge.app/Contents/MacOS/Microsoft Edge", []string{`Microsoft\Edge\Application\msedge.exe`}},
	{"Vivaldi", FamilyChromium, []string{"vivaldi", "vivaldi-stable"}, "Vivaldi.app/Contents/MacOS/Vivaldi", []string{`Vivaldi\Application\vivaldi.exe`}},
	{"Firefox", FamilyFirefox, []string{"firefox", "firefox-esr"}, "Firefox.app/Contents/MacOS/firefox", []string{`Mozilla Firefox\firefox.exe`}},
}

// Detect lists the installed browsers Ringlet can start privately, in
// order of preference.
func Detect(o Options) []Browser {
	var out []Browser
	for _, c := range candidates {
		if p := o.locate(c); p != "" {
			out = append(out, Browser{Name: c.name, Path: p, Family: c.family})
		}
	}
	return out
}

func (o Options) locate(c candidate) string {
	exists := o.Exists
	if exists == nil {
		exists = func(string) bool { return false }
	}
	switch o.GOOS {
	case "darwin":
		for _, dir := range []string{"/Applications", filepath.Join(o.Home, "Applications")} {
			if p := filepath.Join(dir, c.mac); exists(p) {
				return p
			}
		}
	case "windows":
		if o.Registered != nil {
			for _, p := range o.Registered() {
				if matchesInstall(p, c.win) && exists(p) {
					return p
				}
			}
		}
		for _, v := range []string{"ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"} {
			base := o.env(v)
			if base == "" {
				continue
			}
			for _, rel := range c.win {
				if p := filepath.Join(append([]string{base}, strings.Split(rel, `\`)...)...); exists(p) {
					return p
				}
			}
		}
	default:
		if o.LookPath == nil {
			return ""
		}
		for _, name := range c.linux {
			if p, err := o.LookPath(name); err == nil {
				return p
			}
		}
	}
	return ""
}

// CheckURL refuses anything but an absolute http(s) URL without
// whitespace or control characters. ring.Parse already guarantees this;
// the launcher checks again because the URL ends up on a command line.
func CheckURL(raw string) error {
	if raw == "" || strings.HasPrefix(raw, "-") {
		return &Error{Key: KeyBadURL}
	}
	for _, r := range raw {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII {
			return &Error{Key: KeyBadURL}
		}
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return &Error{Key: KeyBadURL}
	}
	return nil
}

// Args returns the command line (without the program) that opens rawURL
// privately in b with the profile folder profileDir. The URL is always the
// last element.
func Args(b Browser, profileDir, rawURL string) ([]string, error) {
	if err := CheckURL(rawURL); err != nil {
		return nil, err
	}
	switch b.Family {
	case FamilyFirefox:
		// Firefox has no end-of-options marker; the URL is the value of
		// -private-window, and CheckURL has made sure it starts with
		// http(s)://.
		return []string{"-profile", profileDir, "-no-remote", "-new-instance", "-private-window", rawURL}, nil
	default:
		return []string{
			"--user-data-dir=" + profileDir,
			privateSwitch(b),
			"--no-first-run",
			"--no-default-browser-check",
			"--disable-sync",
			"--", rawURL,
		}, nil
	}
}

// privateSwitch is the Chromium family's private-window switch: Edge calls
// it InPrivate and honours only its own name.
func privateSwitch(b Browser) string {
	if b.Name == "Microsoft Edge" {
		return "--inprivate"
	}
	return "--incognito"
}

// firefoxPrefs go into the throwaway Firefox profile: no first-run pages,
// no default-browser question, no telemetry upload from this profile.
const firefoxPrefs = `user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("privacy.trackingprotection.enabled", true);
`

// Session is a running private browser.
type Session struct {
	Browser Browser
	// Private is false when the link went to the everyday browser.
	Private bool
	// Warning is a message key to show when not Private.
	Warning string
	done    chan error
}

// Done delivers one value when the browser has exited and its profile is
// gone: nil, or an *Error (KeyCleanupFailed when the profile could not be
// removed). A session in the everyday browser is done at once.
func (s *Session) Done() <-chan error { return s.done }

// Launch opens rawURL in the first detected browser (or in b, when given)
// with a fresh temporary profile. Cancelling ctx closes the browser (the
// panic leave). The profile is removed when the browser exits.
func Launch(ctx context.Context, o Options, rawURL string, b *Browser) (*Session, error) {
	if err := CheckURL(rawURL); err != nil {
		return nil, err
	}
	if b == nil {
		found := Detect(o)
		if len(found) == 0 {
			return o.openDefault(rawURL)
		}
		b = &found[0]
	}
	profile, lock, err := o.makeProfile(*b)
	if err != nil {
		return nil, &Error{Key: KeyProfileFailed, Err: err}
	}
	args, err := Args(*b, profile, rawURL)
	if err != nil {
		lock.Close()
		os.RemoveAll(profile)
		return nil, err
	}
	command := o.Command
	if command == nil {
		command = exec.Command
	}
	cmd := command(b.Path, args...)
	ownProcessGroup(cmd)
	inheritLock(cmd, lock)
	if err := cmd.Start(); err != nil {
		lock.Close()
		os.RemoveAll(profile)
		return nil, &Error{Key: KeyStartFailed, Err: err}
	}
	s := &Session{Browser: *b, Private: true, done: make(chan error, 1)}
	exited := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			killProcessGroup(cmd)
		case <-exited:
		}
	}()
	go func() {
		_ = cmd.Wait() // a browser's exit status says nothing useful
		close(exited)
		lock.Close()
		if err := os.RemoveAll(profile); err != nil {
			s.done <- &Error{Key: KeyCleanupFailed, Err: err}
			return
		}
		s.done <- nil
	}()
	return s, nil
}

func (o Options) openDefault(rawURL string) (*Session, error) {
	if !o.AllowDefault || o.OpenDefault == nil {
		return nil, &Error{Key: KeyNoneFound}
	}
	if err := o.OpenDefault(rawURL); err != nil {
		return nil, &Error{Key: KeyStartFailed, Err: err}
	}
	s := &Session{Private: false, Warning: KeyDefaultBrowser, done: make(chan error, 1)}
	s.done <- nil
	return s, nil
}

// makeProfile creates the empty profile folder, readable only by the user,
// with its lock file locked.
func (o Options) makeProfile(b Browser) (dir string, lock *os.File, err error) {
	base := o.TempDir
	if snap := snapName(b.Path); snap != "" && o.Home != "" {
		// A snap's private /tmp is not the one Ringlet sees; its own
		// folder under ~/snap is shared.
		base = filepath.Join(o.Home, "snap", snap, "common")
		if err := os.MkdirAll(base, 0o700); err != nil {
			return "", nil, err
		}
	}
	dir, err = os.MkdirTemp(base, profilePrefix)
	if err != nil {
		return "", nil, err
	}
	if b.Family == FamilyFirefox {
		if err := os.WriteFile(filepath.Join(dir, "user.js"), []byte(firefoxPrefs), 0o600); err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
	}
	lock, err = lockProfile(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, lock, nil
}

// systemSweepDirs are the system's shared temp folders.
func systemSweepDirs() []string {
	dirs := []string{os.TempDir()}
	if runtime.GOOS == "linux" {
		dirs = append(dirs, "/dev/shm")
	}
	return dirs
}

// profilePrefix begins the name of every throwaway profile folder.
const profilePrefix = "ringlet-browser-"

// privateRuntimeDir returns dir when it is a folder only this user can
// enter (as $XDG_RUNTIME_DIR is meant to be, in RAM), else "".
func privateRuntimeDir(dir string) string {
	if dir == "" || !filepath.IsAbs(dir) {
		return ""
	}
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 || !ownedByMe(fi) {
		return ""
	}
	return dir
}

// snapName returns the snap a browser executable belongs to, if any.
func snapName(path string) string {
	if rest, ok := strings.CutPrefix(filepath.ToSlash(path), "/snap/bin/"); ok && rest != "" && !strings.Contains(rest, "/") {
		name, _, _ := strings.Cut(rest, ".")
		return name
	}
	return ""
}

// ErrNoBrowser reports whether err means no private browser was found.
func ErrNoBrowser(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Key == KeyNoneFound
}
