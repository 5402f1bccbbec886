package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/internal/poll"
)

var (
	chromium = Browser{Name: "Chromium", Path: "/usr/bin/chromium", Family: FamilyChromium}
	firefox  = Browser{Name: "Firefox", Path: "/usr/bin/firefox", Family: FamilyFirefox}
)

func TestArgsKeepHostileURLsOutOfOptions(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://meet.jit.si/Runde#userInfo.displayName=%22Eule%22", true},
		{"https://x.example/$(touch%20pwned)", true},
		{"https://x.example/a;rm", true},
		{"https://x.example/`id`", true},
		{`https://x.example/"quoted"`, true},
		{"https://x.example/'single'", true},
		{"https://x.example/--remote-debugging-port=1", true},
		{"--remote-debugging-port=1", false},
		{"-P x", false},
		{"-private-window", false},
		{"https://x.example/; rm -rf ~", false},
		{"https://x.example/ --remote-debugging-port=1", false},
		{"https://x.example/\n--headless", false},
		{"https://x.example/\x00", false},
		{"javascript:alert(1)", false},
		{"file:///etc/passwd", false},
		{"chrome://settings", false},
		{"https://user:pw@x.example/", false},
		{"https:///nohost", false},
		{"", false},
	}
	for _, tt := range tests {
		for _, b := range []Browser{chromium, firefox} {
			args, err := Args(b, "/tmp/profile", tt.url)
			if !tt.ok {
				var e *Error
				if !errors.As(err, &e) || e.Key != KeyBadURL {
					t.Errorf("%s %q: err %v, want refusal", b.Name, tt.url, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s %q: %v", b.Name, tt.url, err)
				continue
			}
			if args[len(args)-1] != tt.url {
				t.Errorf("%s %q: URL is not the last argument: %q", b.Name, tt.url, args)
			}
			for _, a := range args[:len(args)-1] {
				if strings.Contains(a, "x.example") || strings.Contains(a, "jit.si") {
					t.Errorf("%s: URL leaked into option %q", b.Name, a)
				}
			}
			switch b.Family {
			case FamilyChromium:
				if args[len(args)-2] != "--" {
					t.Errorf("chromium: no -- before the URL: %q", args)
				}
			case FamilyFirefox:
				if args[len(args)-2] != "-private-window" {
					t.Errorf("firefox: URL is not the value of -private-window: %q", args)
				}
			}
		}
	}
}

func TestArgsPerFamily(t *testing.T) {
	url := "https://meet.jit.si/x"
	got, _ := Args(chromium, "/p", url)
	want := []string{"--user-data-dir=/p", "--incognito", "--no-first-run", "--no-default-browser-check", "--disable-sync", "--", url}
	if !slices.Equal(got, want) {
		t.Errorf("chromium %q", got)
	}
	got, _ = Args(firefox, "/p", url)
	want = []string{"-profile", "/p", "-no-remote", "-new-instance", "-private-window", url}
	if !slices.Equal(got, want) {
		t.Errorf("firefox %q", got)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		names []string
		paths []string
	}{
		{"linux PATH", Options{GOOS: "linux", LookPath: func(n string) (string, error) {
			if n == "firefox" || n == "google-chrome-stable" {
				return "/usr/bin/" + n, nil
			}
			return "", exec.ErrNotFound
		}}, []string{"Google Chrome", "Firefox"}, []string{"/usr/bin/google-chrome-stable", "/usr/bin/firefox"}},
		{"linux none", Options{GOOS: "linux", LookPath: func(string) (string, error) { return "", exec.ErrNotFound }}, nil, nil},
		// Windows and macOS locations are faked through Exists; no such
		// installs exist here.
		{"windows", Options{GOOS: "windows", Env: func(k string) string {
			return map[string]string{"ProgramFiles": `C:\Program Files`, "LOCALAPPDATA": "/home/u/AppData/Local"}[k]
		}, Exists: func(p string) bool {
			return strings.HasSuffix(p, filepath.Join("Microsoft", "Edge", "Application", "msedge.exe")) ||
				p == filepath.Join("/home/u/AppData/Local", "BraveSoftware", "Brave-Browser", "Application", "brave.exe")
		}}, []string{"Brave", "Microsoft Edge"}, nil},
		{"macOS", Options{GOOS: "darwin", Home: "/Users/u", Exists: func(p string) bool {
			return p == "/Users/u/Applications/Firefox.app/Contents/MacOS/firefox"
		}}, []string{"Firefox"}, []string{"/Users/u/Applications/Firefox.app/Contents/MacOS/firefox"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names, paths []string
			for _, b := range Detect(tt.opts) {
				names = append(names, b.Name)
				paths = append(paths, b.Path)
			}
			if !slices.Equal(names, tt.names) {
				t.Errorf("names %v, want %v", names, tt.names)
			}
			if tt.paths != nil && !slices.Equal(paths, tt.paths) {
				t.Errorf("paths %v, want %v", paths, tt.paths)
			}
		})
	}
}

// recorder stands in for exec.Command: it records the argv it is asked
// for and runs /bin/true instead of a browser.
type recorder struct{ calls [][]string }

func (r *recorder) command(name string, args ...string) *exec.Cmd {
	r.calls = append(r.calls, append([]string{name}, args...))
	return exec.Command("/bin/true")
}

func waitDone(t *testing.T, s *Session) error {
	t.Helper()
	select {
	case err := <-s.Done():
		return err
	case <-time.After(30 * time.Second): // a safety net, not a measurement
		t.Fatal("the browser session never finished")
		return nil
	}
}

func TestLaunchRecordsArgvAndRemovesProfile(t *testing.T) {
	tmp := t.TempDir()
	rec := &recorder{}
	opts := Options{GOOS: "linux", TempDir: tmp, Command: rec.command,
		LookPath: func(n string) (string, error) {
			if n == "chromium" {
				return "/usr/bin/chromium", nil
			}
			return "", exec.ErrNotFound
		}}
	url := "https://meet.jit.si/x#config.startWithVideoMuted=true"
	s, err := Launch(context.Background(), opts, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := waitDone(t, s); err != nil {
		t.Fatal(err)
	}
	if len(rec.calls) != 1 || rec.calls[0][0] != "/usr/bin/chromium" || rec.calls[0][len(rec.calls[0])-1] != url {
		t.Fatalf("calls %q", rec.calls)
	}
	profile := strings.TrimPrefix(rec.calls[0][1], "--user-data-dir=")
	if filepath.Dir(profile) != tmp {
		t.Errorf("profile %q not in the temp folder", profile)
	}
	if _, err := os.Stat(profile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile still there: %v", err)
	}
	if !s.Private || s.Warning != "" {
		t.Errorf("%+v", s)
	}

	if _, err := Launch(context.Background(), opts, "--remote-debugging-port=1", nil); err == nil || len(rec.calls) != 1 {
		t.Errorf("hostile URL launched: %v %q", err, rec.calls)
	}
}

func TestLaunchSnapProfileUnderHome(t *testing.T) {
	home := t.TempDir()
	rec := &recorder{}
	b := Browser{Name: "Firefox", Path: "/snap/bin/firefox", Family: FamilyFirefox}
	s, err := Launch(context.Background(), Options{GOOS: "linux", Home: home, Command: rec.command}, "https://x.example/", &b)
	if err != nil {
		t.Fatal(err)
	}
	if err := waitDone(t, s); err != nil {
		t.Fatal(err)
	}
	if got := filepath.Dir(rec.calls[0][2]); got != filepath.Join(home, "snap", "firefox", "common") {
		t.Errorf("snap profile in %q", got)
	}
}

func TestFallbackToDefaultBrowser(t *testing.T) {
	none := Options{GOOS: "linux", LookPath: func(string) (string, error) { return "", exec.ErrNotFound }}
	if _, err := Launch(context.Background(), none, "https://x.example/", nil); !ErrNoBrowser(err) {
		t.Errorf("without AllowDefault: %v", err)
	}
	var opened []string
	none.AllowDefault = true
	none.OpenDefault = func(u string) error { opened = append(opened, u); return nil }
	s, err := Launch(context.Background(), none, "https://x.example/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Private || s.Warning != KeyDefaultBrowser || !slices.Equal(opened, []string{"https://x.example/"}) {
		t.Errorf("%+v %v", s, opened)
	}
	if _, err := Launch(context.Background(), none, "-x", nil); err == nil || len(opened) != 1 {
		t.Error("hostile URL reached the default browser")
	}
}

// standIn writes a shell script that stands in for a browser: it records
// its argv NUL-separated (so an argument can hold any byte, even a line
// break, and still reads back as one), leaves a file in the profile folder
// it was given (as a browser would), and then exits or sleeps.
func standIn(t *testing.T, dir, then string) string {
	t.Helper()
	script := filepath.Join(dir, "fake-browser")
	body := `#!/bin/sh
out="$0.argv"
: > "$out"
for a in "$@"; do printf '%s\0' "$a" >> "$out"; done
profile=$(printf '%s' "$1" | sed 's/^--user-data-dir=//')
echo cookies > "$profile/Cookies"
` + then + "\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	return script
}

// shellPayload returns a URL that CheckURL accepts but that creates the
// files in markers if any shell ever evaluates it: command substitution
// both ways, a command after ";" and after "|", with ${IFS} for the
// spaces a URL cannot hold. (No "&": a shell would run that part in the
// background, and the probe below could look before it had run.)
func shellPayload(markers [4]string) string {
	return "https://x.example/$(touch${IFS}" + markers[0] + ")/`touch${IFS}" + markers[1] + "`" +
		"?a=1;touch${IFS}" + markers[2] + "|touch${IFS}" + markers[3]
}

func TestRealProcessProfileDeletedOnExit(t *testing.T) {
	dir := t.TempDir()
	var markers [4]string
	for i := range markers {
		markers[i] = filepath.Join(dir, "ran-"+string(rune('a'+i)))
	}
	url := shellPayload(markers)
	if err := CheckURL(url); err != nil {
		t.Fatalf("the payload must get past CheckURL to test anything: %v", err)
	}
	// The probe works: handed to a shell, the payload runs every marker
	// command. Without this, "no marker appeared" would prove nothing.
	probe := filepath.Join(t.TempDir(), "probe")
	var probeMarkers [4]string
	for i := range probeMarkers {
		probeMarkers[i] = probe + string(rune('a'+i))
	}
	exec.Command("/bin/sh", "-c", "echo "+shellPayload(probeMarkers)+" >/dev/null").Run()
	for _, m := range probeMarkers {
		if _, err := os.Stat(m); err != nil {
			t.Fatalf("the shell probe did not create %s: the payload is not a real test", m)
		}
	}

	script := standIn(t, dir, "exit 0")
	b := Browser{Name: "stand-in", Path: script, Family: FamilyChromium}
	s, err := Launch(context.Background(), Options{TempDir: dir, Command: exec.Command}, url, &b)
	if err != nil {
		t.Fatal(err)
	}
	if err := waitDone(t, s); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(script + ".argv")
	if err != nil {
		t.Fatal(err)
	}
	argv := strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
	want := []string{"", "--incognito", "--no-first-run", "--no-default-browser-check", "--disable-sync", "--", url}
	if len(argv) != len(want) {
		t.Fatalf("the browser got %d arguments, want %d: %q", len(argv), len(want), argv)
	}
	want[0] = argv[0]
	if !strings.HasPrefix(argv[0], "--user-data-dir="+filepath.Join(dir, "ringlet-browser-")) || !slices.Equal(argv, want) {
		t.Errorf("argv %q, want %q", argv, want)
	}
	for _, m := range markers {
		if _, err := os.Stat(m); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the URL was evaluated by a shell: %s exists (%v)", m, err)
		}
	}
	profile := strings.TrimPrefix(argv[0], "--user-data-dir=")
	if _, err := os.Stat(profile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("profile %q survived the browser: %v", profile, err)
	}
}

func TestCancelClosesBrowserAndRemovesProfile(t *testing.T) {
	dir := t.TempDir()
	script := standIn(t, dir, "sleep 60")
	b := Browser{Name: "stand-in", Path: script, Family: FamilyChromium}
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Launch(ctx, Options{TempDir: dir, Command: exec.Command}, "https://x.example/", &b)
	if err != nil {
		t.Fatal(err)
	}
	// Wait until the stand-in has written into its profile, then panic-leave.
	poll.Until(t, "the stand-in never wrote into its profile", func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "ringlet-browser-*", "Cookies"))
		return len(m) == 1
	})
	cancel()
	if err := waitDone(t, s); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "ringlet-browser-*")); len(m) != 0 {
		t.Errorf("profile left: %v", m)
	}
}
