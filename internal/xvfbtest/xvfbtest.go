// Package xvfbtest gives tests a private X server (Xvfb) on which
// Ringlet's real window can show, and the X tools to look at it. Only
// tests import it, so package testing stays out of the product.
package xvfbtest

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// NeedTools skips the test when one of the programs is missing, or fails
// it under CI=true: scripts/deps.sh installs them, so missing there is a
// broken setup, not a reason to pass.
func NeedTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing, though make test installs it: %v", tool, err)
			}
			t.Skipf("%s is missing (make deps installs it): %v", tool, err)
		}
	}
}

// Start starts an X server of width×height on a display of its own and
// returns the display's name (":N") once it accepts clients. Xvfb picks a
// free display itself (-displayfd), so other X servers on this machine are
// no concern. It is stopped politely at the end of the test, so that it
// removes its socket and lock file.
func Start(t *testing.T, width, height int) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -noreset: an X server resets when its last client goes, and refuses
	// a client that connects meanwhile (Ringlet after a short-lived
	// xdotool): "X11: Failed to open display".
	x := exec.Command("Xvfb", "-displayfd", "3", "-noreset", "-nolisten", "tcp",
		"-screen", "0", strconv.Itoa(width)+"x"+strconv.Itoa(height)+"x24")
	x.ExtraFiles = []*os.File{w} // descriptor 3
	if err := x.Start(); err != nil {
		w.Close()
		t.Fatal(err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { _ = x.Wait(); close(exited) }()
	t.Cleanup(func() { _ = x.Process.Signal(syscall.SIGTERM); <-exited })
	// Xvfb writes the display's number once it is ready, or closes the
	// pipe when it ends without a display.
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb gave no display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// Command is a command with DISPLAY set to display, for the X tools.
func Command(display, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd
}

// RingletWindows lists the X ids of the visible windows called Ringlet on
// display; none while there is none.
func RingletWindows(display string) []string {
	out, _ := Command(display, "xdotool", "search", "--onlyvisible", "--name", "^Ringlet$").Output()
	return strings.Fields(string(out))
}
