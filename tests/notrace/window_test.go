package notrace

import (
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
// before. None of what it used to leave held a secret, so the scans above
// let it pass, but each told that Ringlet (or a Fyne/OpenGL program) had
// run, and when: Mesa's shader cache ($XDG_CACHE_HOME/mesa_shader_cache),
// go-text's font index ($XDG_CACHE_HOME/font_index_v5.cache), Fyne's
// preferences file (fyne/org.ringlet.Ringlet/preferences.json, "{}",
// rewritten at every start and quit) and libpulse's empty runtime folder
// ($XDG_RUNTIME_DIR/pulse).
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

// leftBehind lists what is under root now and was not before.
func leftBehind(t *testing.T, root string, before map[string]bool) []string {
	t.Helper()
	var left []string
	for path := range entries(t, root) {
		if !before[path] {
			left = append(left, path)
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
