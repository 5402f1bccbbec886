package notrace

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"

	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/internal/xvfbtest"
)

// TestWindowLeavesNoFile starts the real window (the product binary, no
// arguments, as from the menu) under Xvfb with a fresh home, waits until
// it shows, quits it the way a logout does (SIGTERM, which Ringlet
// handles like the tray's "Quit") and then lists everything under its
// HOME, XDG folders and TMPDIR: nothing may be there that was not there
// before, but for mayStay. Neither file it used to leave held a secret, so the scans above
// let them pass, but both told that a Fyne/OpenGL program had run, and
// when: Mesa's shader cache ($XDG_CACHE_HOME/mesa_shader_cache) and
// go-text's font index ($XDG_CACHE_HOME/font_index_v5.cache).
func TestWindowLeavesNoFile(t *testing.T) {
	xvfbtest.NeedTools(t, "Xvfb", "xdotool")
	bin := buildRinglet(t)
	root := t.TempDir()
	display := xvfbtest.Start(t, 1366, 768)
	env := append(traceEnv(t, root), "DISPLAY="+display)
	before := entries(t, root)

	gui := exec.Command(bin)
	gui.Env = env
	out, err := os.CreateTemp(t.TempDir(), "ringlet-output")
	if err != nil {
		t.Fatal(err)
	}
	gui.Stdout, gui.Stderr = out, out
	if err := gui.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = gui.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = gui.Process.Kill()
		<-exited
		if t.Failed() {
			data, _ := os.ReadFile(out.Name())
			t.Logf("ringlet's output:\n%s", data)
		}
	})
	poll.Until(t, "Ringlet's window to show", func() bool {
		select {
		case <-exited:
			t.Fatalf("ringlet ended before its window showed: %v", waitErr)
		default:
		}
		return len(xvfbtest.RingletWindows(display)) > 0
	})
	if err := gui.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "ringlet to quit", func() bool {
		select {
		case <-exited:
			return true
		default:
			return false
		}
	})
	if waitErr != nil {
		t.Errorf("ringlet did not quit cleanly: %v", waitErr)
	}
	for _, path := range leftBehind(t, root, before) {
		t.Errorf("left behind: %s", path)
	}
}

// mayStay are the only things a run may add below the fresh home, each
// for a reason that is not Ringlet's cache (paths relative to the root of
// traceEnv).
var mayStay = map[string]string{
	// libpulse makes its runtime folder (empty) when a program asks for
	// the sound server. On a desktop the sound server made it at login,
	// so it is not new there; it is in RAM and gone at logout.
	"run/pulse": "",
	// KNOWN TRACE, not fixed yet: Fyne keeps the preferences in this file
	// and writes it at start and at every quit, "{}" when nothing was set,
	// so its time tells when Ringlet last ran. Fyne offers no switch to
	// keep it from writing while the app has an ID; keeping Ringlet's
	// preferences without it means a store of Ringlet's own. Its content
	// is checked below: nothing but the whitelisted preferences.
	"home/.config/fyne":                                      "",
	"home/.config/fyne/org.ringlet.Ringlet":                  "",
	"home/.config/fyne/org.ringlet.Ringlet/preferences.json": "{}\n",
}

// leftBehind lists what is under root now and was not before, but for
// mayStay; an entry of mayStay whose content is given must have it.
func leftBehind(t *testing.T, root string, before map[string]bool) []string {
	t.Helper()
	var left []string
	for path := range entries(t, root) {
		if before[path] {
			continue
		}
		want, allowed := mayStay[filepath.ToSlash(path)]
		if !allowed {
			left = append(left, path)
			continue
		}
		if want == "" {
			continue
		}
		if got, err := os.ReadFile(filepath.Join(root, path)); err != nil || string(got) != want {
			left = append(left, fmt.Sprintf("%s holds %q, want %q (%v)", path, got, want, err))
		}
	}
	sort.Strings(left)
	return left
}

// entries lists every file and folder under root, relative to it.
func entries(t *testing.T, root string) map[string]bool {
	t.Helper()
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		found[rel] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
