//go:build wine

// Package windows tests the Windows build, dist/windows/ringlet.exe, and its
// installer under Wine, which stands in for Windows here. It only builds with
// the wine tag: `make test-windows` builds the .exe and the installer first
// and then runs `go test -tags wine ./tests/windows`.
//
// Every test shares one temporary Wine prefix (WINEPREFIX in a temp folder,
// WINEDEBUG=-all, no display unless a test starts Xvfb). Wine 8 lacks
// bcryptprimitives.dll, which Go's runtime needs; a small DLL built here
// from bcryptshim/ supplies ProcessPrng (see its comment). Real Windows 10 and
// later have it, so this is the one piece of Windows that is faked.
//
// What Wine cannot prove is said where it matters: a real camera, the
// Credential Manager's own prompts, a click on a ringlet:// link in a
// browser, WASAPI's audio drivers.
package windows

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// repo is the repository root, two levels up from this package.
var repo = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// exePath is the Windows build under test.
func exePath(t testing.TB) string {
	t.Helper()
	p := os.Getenv("RINGLET_WINDOWS_EXE")
	if p == "" {
		p = filepath.Join(repo, "dist", "windows", "ringlet.exe")
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no Windows build at %s: run `make windows` first (%v)", p, err)
	}
	return p
}

// prefix is the Wine prefix shared by the tests of one run.
type prefix struct {
	dir  string // WINEPREFIX
	user string // the Windows user name Wine made (the Unix one)
}

var (
	sharedPrefix    *prefix
	sharedPrefixErr string
	prefixOnce      sync.Once
)

// winePrefix makes the shared prefix on first use: wineboot, then the
// ProcessPrng shim into system32.
func winePrefix(t testing.TB) *prefix {
	t.Helper()
	prefixOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ringlet-wine-")
		if err != nil {
			sharedPrefixErr = err.Error()
			return
		}
		p := &prefix{dir: dir}
		// A wineserver that stays 5 s after the last program: otherwise it,
		// and Wine's services with it, stop after every program and start
		// again for the next one (2.5 s instead of a fraction of a second
		// per run). TestMain ends it with wineserver -k.
		// Run, not Output: the server daemonises and keeps any pipe open.
		if err := p.command(context.Background(), "wineserver", "-p5").Run(); err != nil {
			sharedPrefixErr = "wineserver -p: " + err.Error()
			return
		}
		if out, err := p.command(context.Background(), "wineboot", "--init").CombinedOutput(); err != nil {
			sharedPrefixErr = "wineboot: " + err.Error() + ": " + string(out)
			return
		}
		p.waitIdle()
		shim := filepath.Join(dir, "drive_c", "windows", "system32", "bcryptprimitives.dll")
		build := exec.Command("x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", shim,
			filepath.Join(repo, "tests", "windows", "bcryptshim", "bcryptprimitives.c"), "-lbcrypt")
		if out, err := build.CombinedOutput(); err != nil {
			sharedPrefixErr = "building the ProcessPrng shim: " + err.Error() + ": " + string(out)
			return
		}
		users, _ := filepath.Glob(filepath.Join(dir, "drive_c", "users", "*"))
		for _, u := range users {
			if b := filepath.Base(u); b != "Public" {
				p.user = b
			}
		}
		sharedPrefix = p
	})
	if sharedPrefix == nil {
		t.Fatalf("no Wine prefix: %s", sharedPrefixErr)
	}
	return sharedPrefix
}

// TestMain runs the tests in a private network namespace (janustest, for
// the join test's Janus), so the shared prefix's wineserver starts inside
// it too: a Windows program's sockets and its interface list come from the
// wineserver's namespace, not its own (checked: ipconfig in the namespace
// with a wineserver started outside lists the host's eth0, not jv0). It
// removes the shared prefix after the run.
func TestMain(m *testing.M) {
	inside, code, err := janustest.Isolate()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tests/windows: no private network namespace: %v\n", err)
		os.Exit(2)
	}
	if !inside {
		os.Exit(code)
	}
	code = m.Run()
	if sharedPrefix != nil {
		sharedPrefix.command(context.Background(), "wineserver", "-k").Run()
		os.RemoveAll(sharedPrefix.dir)
	}
	os.Exit(code)
}

// command is a Wine tool or a Windows program run in the prefix, headless.
func (p *prefix) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	// A UTF-8 locale: Wine converts the command line from the Unix
	// character set, and under LANG=C every non-ASCII letter would be lost.
	cmd.Env = append(os.Environ(), "WINEPREFIX="+p.dir, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=",
		"DISPLAY=", "WAYLAND_DISPLAY=", "LANG=C.UTF-8", "LC_ALL=")
	return cmd
}

// wine runs a Windows program and returns its stdout, stderr and exit code.
// Its output goes to files, not pipes: Wine's helper processes (services,
// explorer) inherit the handles, and a pipe would stay open, and the call
// wait, until they end seconds later.
func (p *prefix) wine(t testing.TB, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := p.command(ctx, "wine", args...)
	cmd.Env = append(cmd.Env, env...)
	outFile, err := os.CreateTemp("", "ringlet-wine-out-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(outFile.Name())
	defer outFile.Close()
	errFile, err := os.CreateTemp("", "ringlet-wine-err-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(errFile.Name())
	defer errFile.Close()
	cmd.Stdout, cmd.Stderr = outFile, errFile
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("wine %v: %v", args, err)
	}
	o, _ := os.ReadFile(outFile.Name())
	e, _ := os.ReadFile(errFile.Name())
	return string(o), string(e), code
}

// waitIdle waits until every Windows program in the prefix has exited
// (installers and uninstallers hand over to copies of themselves and return
// early): wineserver -w returns when the server ends, 5 s after the last one.
func (p *prefix) waitIdle() {
	p.command(context.Background(), "wineserver", "-w").Run()
}

// driveC turns a path under C:\ into the Unix path inside the prefix.
func (p *prefix) driveC(windowsPath string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(windowsPath, `C:\`), `c:\`)
	return filepath.Join(append([]string{p.dir, "drive_c"}, strings.Split(rel, `\`)...)...)
}

// appData is the user's AppData folder (Local or Roaming) in the prefix.
func (p *prefix) appData(kind string) string {
	return filepath.Join(p.dir, "drive_c", "users", p.user, "AppData", kind)
}

// wineStderrNoise drops what Wine itself prints while probing for sound
// cards and displays; Ringlet's own messages stay.
func wineStderrNoise(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		// "wine client error:…: sendmsg" is Wine's own race at process exit.
		if strings.HasPrefix(line, "ALSA lib ") || strings.HasPrefix(line, "wine: ") || strings.HasPrefix(line, "wine client error:") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}
