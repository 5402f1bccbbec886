//go:build wine

package windows

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/internal/poll"
)

// demoLink fills the link screen as in the README's Linux screenshots.
const demoLink = "ringlet://localhost:8188/janus?room=1234&title=Mittwochsgruppe&tls=0"

// xvfb starts a private X server and returns its DISPLAY.
func xvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -noreset: the X server would reset when a short-lived client (xdotool)
	// goes first, and refuse Ringlet while it does.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-noreset", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Skipf("no Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb gave no display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// ringletWindows lists the visible windows called Ringlet ("" for none).
func ringletWindows(display string) string {
	search := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^Ringlet$")
	search.Env = append(os.Environ(), "DISPLAY="+display)
	out, _ := search.Output()
	return strings.TrimSpace(string(out))
}

// visibleWindow waits until a window called Ringlet is mapped on display and
// returns its X id and how long that took from start.
func visibleWindow(t *testing.T, display string, start time.Time, exited <-chan struct{}) (string, time.Duration) {
	t.Helper()
	var ids string
	poll.Until(t, "no Ringlet window", func() bool {
		select {
		case <-exited:
			t.Fatal("the program ended without showing a window")
		default:
		}
		ids = ringletWindows(display)
		return ids != ""
	})
	return strings.Fields(ids)[0], time.Since(start)
}

// settled is a condition for shoot: the window has drawn (the trimmed
// screen is window-sized) and the picture has stopped changing (the same
// pixels in three shots in a row). A window mapped but not yet drawn is as
// black as the empty screen around it, and three such shots used to pass
// as settled: the Linux reference was then a 1×1 picture that the Wine
// window could never look like.
func settled(t *testing.T) func(png string) bool {
	var last string
	same := 0
	return func(png string) bool {
		out, err := exec.Command("identify", "-format", "%w %h %#", png).Output()
		if err != nil {
			t.Fatalf("identify: %v", err)
		}
		var w, h int
		var sum string
		if _, err := fmt.Sscan(string(out), &w, &h, &sum); err != nil {
			t.Fatalf("identify said %q: %v", out, err)
		}
		if w < 200 || h < 200 {
			last, same = "", 0
			return false
		}
		if now := sum; now == last {
			same++
		} else {
			last, same = now, 0
		}
		return same == 2
	}
}

// shoot starts cmd on display, waits for its window, saves the screen as
// png until drawn(png) says the window shows what it should, and ends the
// program. It returns the start-up time.
func shoot(t *testing.T, cmd *exec.Cmd, display, png string, drawn func(png string) bool) time.Duration {
	t.Helper()
	cmd.Env = append(cmd.Env, "DISPLAY="+display)
	// The previous program's window must be gone, or it would be taken
	// for this one's.
	poll.Until(t, "the previous Ringlet window never went away", func() bool { return ringletWindows(display) == "" })
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	// A failed wait leaves the last picture where it can be looked at
	// (the test's temp folder goes): RINGLET_WINDOWS_SCREENSHOTS.
	t.Cleanup(func() {
		if dst := os.Getenv("RINGLET_WINDOWS_SCREENSHOTS"); dst != "" && t.Failed() {
			data, _ := os.ReadFile(png)
			_ = os.WriteFile(filepath.Join(dst, "failed-"+filepath.Base(png)), data, 0o644)
		}
	})
	_, took := visibleWindow(t, display, start, exited)
	poll.Until(t, "the window never showed what it should (see "+png+")", func() bool {
		saveScreen(t, display, png)
		return drawn(png)
	})
	return took
}

// saveScreen saves the screen as png. The window is alone on the screen:
// take the screen and cut away the empty desktop, as
// scripts/screenshots.sh does (grabbing the window by id can hang on
// GLFW's helper windows).
func saveScreen(t *testing.T, display, png string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	imp := exec.CommandContext(ctx, "import", "-window", "root", png)
	imp.Env = append(os.Environ(), "DISPLAY="+display)
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	if out, err := exec.Command("convert", png, "-trim", "+repage", png).CombinedOutput(); err != nil {
		t.Fatalf("convert: %v %s", err, out)
	}
}

// differingPixels compares the Wine and the Linux screenshot with
// ImageMagick. Wine adds a one-pixel frame on the top and left and puts its
// tray icon window in the top-left corner of the screen, so the Wine picture
// is aligned by that frame and the top 40 pixels of both are left out.
// Pictures whose sizes differ by more than that frame are not compared
// (sameSize false).
func differingPixels(t *testing.T, winePNG, linuxPNG string) (diff, total int, sameSize bool) {
	t.Helper()
	size := func(p string) (w, h int) {
		out, err := exec.Command("identify", "-format", "%w %h", p).Output()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Sscan(string(out), &w, &h); err != nil {
			t.Fatal(err)
		}
		return w, h
	}
	ww, wh := size(winePNG)
	lw, lh := size(linuxPNG)
	if dw, dh := ww-lw, wh-lh; dw < 0 || dw > 2 || dh < 0 || dh > 2 {
		return 0, 0, false
	}
	region := fmt.Sprintf("%dx%d+%d+%d", lw, lh-40, 0, 40)
	crop := func(src string, dx, dy int) string {
		dst := strings.TrimSuffix(src, ".png") + "-cropped.png"
		args := []string{src, "-crop", fmt.Sprintf("%dx%d+%d+%d", lw, lh, dx, dy), "+repage", "-crop", region, "+repage", dst}
		if out, err := exec.Command("convert", args...).CombinedOutput(); err != nil {
			t.Fatalf("convert: %v %s", err, out)
		}
		return dst
	}
	a, b := crop(winePNG, ww-lw, wh-lh), crop(linuxPNG, 0, 0)
	out, _ := exec.Command("compare", "-metric", "AE", "-fuzz", "15%", a, b, "null:").CombinedOutput()
	fields := strings.Fields(string(out))
	if len(fields) == 0 {
		t.Fatalf("compare said nothing")
	}
	diff, err := strconv.Atoi(fields[0])
	if err != nil {
		t.Fatalf("compare: %s", out)
	}
	return diff, lw * (lh - 40), true
}

// looksLike is a condition for shoot: the Wine window looks like the
// Linux one (at most 3 % of the pixels differ).
func looksLike(t *testing.T, linuxPNG string) func(winePNG string) bool {
	return func(winePNG string) bool {
		diff, total, sameSize := differingPixels(t, winePNG, linuxPNG)
		return sameSize && diff*100 <= total*3
	}
}

// TestGUIShowsLinkScreen starts ringlet.exe under Wine and Xvfb with a ring
// link, as a click on a ringlet:// link would, and compares its window with
// the Linux build's on the same display settings: Fyne draws with its own
// embedded fonts and Mesa's software OpenGL on both, so the link screen must
// look the same. The two start-up times are logged side by side (not
// asserted). It also checks that the run left nothing in the user's profile
// (with no setting changed, not even a settings file) but the one known
// trace of Fyne's systray below.
func TestGUIShowsLinkScreen(t *testing.T) {
	p := winePrefix(t)
	exe := exePath(t)
	linux := linuxRinglet(t)
	display := xvfb(t)
	out := t.TempDir()
	before := listFiles(t, filepath.Join(p.dir, "drive_c", "users"))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The Linux window first: it is the reference, shot once its drawing
	// has settled (it shows the link from its first frame). Under Wine
	// the link shows a moment after the window: its window is shot once
	// it looks like the Linux one, or the wait fails.
	home := t.TempDir()
	linCmd := exec.CommandContext(ctx, linux, demoLink)
	linCmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "LANG=en_US.UTF-8", "LANGUAGE=", "RINGLET_LANG=en", "FYNE_THEME=light")
	linuxPNG := filepath.Join(out, "linux.png")
	linuxTook := shoot(t, linCmd, display, linuxPNG, settled(t))

	// Wine's own processes (wineserver, explorer) are left running from
	// earlier tests or started now; either way this is Ringlet's start-up
	// as a user sees it the second time, not Wine's first boot.
	winCmd := p.command(ctx, "wine", exe, demoLink)
	// The same theme on both: Windows reports light, a bare Linux dark.
	winCmd.Env = append(winCmd.Env, "RINGLET_LANG=en", "FYNE_THEME=light")
	winePNG := filepath.Join(out, "wine.png")
	wineTook := shoot(t, winCmd, display, winePNG, looksLike(t, linuxPNG))
	t.Logf("start to visible window: Wine %v, Linux %v", wineTook.Round(10*time.Millisecond), linuxTook.Round(10*time.Millisecond))

	// RINGLET_WINDOWS_SCREENSHOTS names a folder that receives both
	// pictures (the README's Wine screenshot comes from here).
	if dst := os.Getenv("RINGLET_WINDOWS_SCREENSHOTS"); dst != "" {
		for _, f := range []string{winePNG, linuxPNG} {
			data, _ := os.ReadFile(f)
			if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), data, 0o644); err != nil {
				t.Error(err)
			}
		}
	}

	diff, total, sameSize := differingPixels(t, winePNG, linuxPNG)
	if !sameSize {
		t.Fatalf("window sizes differ: Wine %s, Linux %s", winePNG, linuxPNG)
	}
	t.Logf("%d of %d pixels differ", diff, total)
	if diff*100 > total*3 {
		t.Errorf("the Wine window differs from the Linux link screen in %d of %d pixels (see %s)", diff, total, winePNG)
	}
	p.waitIdle()
	after := listFiles(t, filepath.Join(p.dir, "drive_c", "users"))
	for f := range after {
		if before[f] {
			continue
		}
		rel := filepath.ToSlash(f)
		// KNOWN TRACE, not fixed yet (README "Windows"): Fyne's systray
		// writes the tray icon to %TEMP%\systray_temp_icon_<md5> to load it
		// and never removes it. It holds Ringlet's icon, no names or links.
		if strings.Contains(rel, "/Temp/systray_temp_icon_") {
			t.Logf("known trace: %s", rel)
			continue
		}
		t.Errorf("new file in the user's profile after a GUI run: %s", rel)
	}
}

// listFiles lists the regular files under root.
func listFiles(t *testing.T, root string) map[string]bool {
	t.Helper()
	files := map[string]bool{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files[path] = true
		}
		return nil
	})
	return files
}
