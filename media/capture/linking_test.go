package capture

import (
	"os/exec"
	"strings"
	"testing"
)

// mediadevices' Linux camera driver opens every /dev/video* node in its
// package init (see the package doc). TestCameraDriverIsNeverLinked fails if
// any of Ringlet's packages, the program included, pulls it in.
func TestCameraDriverIsNeverLinked(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	const forbidden = "github.com/pion/mediadevices/pkg/driver/camera"
	// -e: a package another engineer is halfway through editing must not
	// hide the dependencies of the others.
	out, err := exec.Command(goTool, "list", "-e", "-deps", "github.com/ringlet/ringlet/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list found only %v", deps)
	}
	for _, d := range deps {
		if d == forbidden {
			t.Fatalf("%s is linked: importing it opens every camera at program start", forbidden)
		}
	}
}
