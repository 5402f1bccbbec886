package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The product binary holds no test code: package testing is not linked in,
// and the documentation build's screenshot hook (app/screenshot.go, -tags
// screenshots) and its made-up content are not in it, nor the window's
// benchmark camera.
func TestProductBinaryHasNoScreenshotHook(t *testing.T) {
	deps, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(deps)) {
		if dep == "testing" {
			t.Error("the product binary depends on package testing")
		}
	}
	bin, err := os.ReadFile(buildBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	// The variable that selects a screen, a line of the made-up call, and
	// the window's benchmark camera (app/benchwindow.go, -tags benchwindow).
	for _, s := range []string{"RINGLET_SCREENSHOT", "Willkommen! Schön, dass Sie da sind.", "RINGLET_BENCH_VIDEO_FILE"} {
		if bytes.Contains(bin, []byte(s)) {
			t.Errorf("the product binary contains %q", s)
		}
	}
}
