package screens

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/internal/xvfbtest"
)

// laptop is the screen of the old laptops many users have.
const laptopWidth, laptopHeight = 1366, 768

// A screen whose body is wrapped text once made Fyne's GL driver lay it
// out one word per line and grow the window to that height (the
// check-up came up 923 px tall, 1,243 px with larger text), pushing its
// buttons off a 768 px screen. Every screen, at normal and at the
// largest text, must keep the window on the screen.
func TestEveryScreenFitsALaptopScreen(t *testing.T) {
	xvfbtest.NeedTools(t, "Xvfb", "xwininfo")
	bin := buildWithScreenshots(t)
	screens := []string{"link", "join", "checkup", "walkthrough", "preview-camera", "handoff", "call", "left", "helper", "link-encrypted", "checkup-encrypted", "call-encrypted"}
	for _, text := range []string{"normal", "larger"} {
		for _, screen := range screens {
			t.Run(text+"/"+screen, func(t *testing.T) {
				w, h := windowSize(t, bin, xvfbtest.Start(t, laptopWidth, laptopHeight), screen, text)
				if h > laptopHeight || w > laptopWidth {
					t.Errorf("the window is %d×%d on a %d×%d screen", w, h, laptopWidth, laptopHeight)
				}
			})
		}
	}
}

// buildWithScreenshots builds ringlet with the screenshot hook, which
// shows one screen with made-up content (the product binary has no hook).
func buildWithScreenshots(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ringlet-screenshots")
	cmd := exec.Command("go", "build", "-tags", "screenshots", "-o", bin, "github.com/ringlet/ringlet/cmd/ringlet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

var geometry = regexp.MustCompile(`"Ringlet": \("Ringlet" "Ringlet"\)\s+(\d+)x(\d+)`)

// windowSize shows screen in Xvfb on disp and returns the window's size
// once it has settled: the same for half a second after it first showed.
func windowSize(t *testing.T, bin, disp, screen, text string) (w, h int) {
	t.Helper()
	home := t.TempDir()
	if text != "normal" {
		dir := filepath.Join(home, ".config", "fyne", "org.ringlet.Ringlet")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "preferences.json"), []byte(`{"text_size":"`+text+`"}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	app := exec.Command(bin, "ringlet://localhost:8188/janus?room=1234&title=Mittwochsgruppe&tls=0")
	app.Env = []string{"PATH=" + os.Getenv("PATH"), "DISPLAY=" + disp, "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "LANG=de_DE.UTF-8", "RINGLET_SCREENSHOT_SCREEN=" + screen}
	var output bytes.Buffer
	app.Stdout, app.Stderr = &output, &output
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = app.Process.Kill()
		_ = app.Wait()
		if t.Failed() {
			t.Logf("ringlet's output:\n%s", head(output.String(), 30))
		}
	})
	var last string
	var since time.Time
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the window was last %q", last)
		}
	})
	poll.Until(t, "the window of "+screen+" to settle", func() bool {
		out, _ := exec.Command("xwininfo", "-root", "-tree", "-display", disp).Output()
		m := geometry.FindSubmatch(out)
		if m == nil {
			return false
		}
		if size := string(m[1]) + "x" + string(m[2]); size != last {
			last, since = size, time.Now()
			w, _ = strconv.Atoi(string(m[1]))
			h, _ = strconv.Atoi(string(m[2]))
			return false
		}
		return time.Since(since) > 500*time.Millisecond
	})
	return w, h
}

// head is the first n lines of s that say something (sound libraries
// complain of the missing sound card at length).
func head(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "ALSA lib") || len(out) == n {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
