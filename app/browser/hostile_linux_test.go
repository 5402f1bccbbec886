package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestHostileSweepRemovesOnlyOurLeftovers lays out what a crashed or
// killed Ringlet leaves in the temp folders, next to things the sweep must
// not touch, and sweeps once. The "browser" is a shell stand-in (a real
// process; a real browser needs a display) that inherits the profile's
// lock and sleeps.
func TestHostileSweepRemovesOnlyOurLeftovers(t *testing.T) {
	tmp, shared, home := t.TempDir(), t.TempDir(), t.TempDir()
	snap := filepath.Join(home, "snap", "firefox", "common")
	old := time.Now().Add(-time.Hour)

	gone := []string{
		leftoverDir(t, tmp, "ringlet-browser-crashed"),                  // no lock file: an older Ringlet
		leftoverDir(t, snap, "ringlet-browser-snapcrash"),               // a snap browser's profile
		leftoverDir(t, shared, "ringlet-check-1234", old),               // an old check-up copy
		leftoverDir(t, tmp, "ringlet-fonts-4321", old),                  // a font index of a start that crashed
		withLock(t, leftoverDir(t, shared, "ringlet-browser-unlocked")), // our lock file, nobody holds it
		withSingleton(t, leftoverDir(t, shared, "ringlet-browser-deadbrowser"), deadPID(t)),
	}
	victim := leftoverDir(t, t.TempDir(), "precious")
	link := filepath.Join(shared, "ringlet-browser-link")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	kept := []string{
		link,
		leftoverDir(t, shared, "ringlet-bench-7"),                                     // not ours to sweep
		leftoverDir(t, shared, "ringlet-check-5678"),                                  // a check-up running now
		leftoverDir(t, tmp, "ringlet-fonts-8765"),                                     // a Ringlet starting now
		withSingleton(t, leftoverDir(t, shared, "ringlet-browser-live"), os.Getpid()), // a browser that still runs
		heldByChild(t, withLock(t, leftoverDir(t, shared, "ringlet-browser-orphan"))), // Ringlet killed, its browser runs on
	}
	foreign := leftoverDir(t, shared, "ringlet-browser-foreign")
	if err := os.Chown(foreign, 65534, 65534); err == nil {
		kept = append(kept, foreign)
	} else {
		t.Logf("cannot give a folder to another user (%v): that case is not tested", err)
		gone = append(gone, foreign)
	}

	// A running visit of this Ringlet: launched as the app does.
	script := standIn(t, t.TempDir(), "sleep 60")
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Launch(ctx, Options{TempDir: tmp, Command: exec.Command}, "https://x.example/", &Browser{Name: "stand-in", Path: script, Family: FamilyChromium})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); waitDone(t, s) }()
	running, _ := filepath.Glob(filepath.Join(tmp, "ringlet-browser-*[0-9]"))
	if len(running) != 1 {
		t.Fatalf("the running profile: %v", running)
	}
	kept = append(kept, running[0])

	r := Sweep(Options{TempDir: tmp, SweepDirs: []string{shared, tmp}, Home: home})
	for _, p := range gone {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("left behind: %s (%v)", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("swept what it must not: %s (%v)", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(victim, "Cookies")); err != nil {
		t.Errorf("the sweep followed a symbolic link: %v", err)
	}
	if r.Removed != len(gone) || r.Failed != 0 {
		t.Errorf("result %+v, want %d removed", r, len(gone))
	}
}

// TestHostileSweepReportsWhatItCouldNotRemove leaves a profile with a file
// that cannot be deleted (ext4's immutable flag, which even root must
// clear first): Sweep must count it as failed, so the user can be told.
func TestHostileSweepReportsWhatItCouldNotRemove(t *testing.T) {
	tmp := t.TempDir()
	stuck := immutableProfile(t, tmp)
	r := Sweep(Options{TempDir: tmp})
	if r.Failed != 1 || r.Removed != 0 {
		t.Errorf("result %+v, want one failure", r)
	}
	if _, err := os.Stat(stuck); err != nil {
		t.Fatalf("the fixture is gone: %v", err)
	}
}

// TestHostileProfileInRAM: with a private $XDG_RUNTIME_DIR (in RAM) the
// throwaway profile goes there, not to the disk-backed /tmp; a runtime
// folder others can enter is not used.
func TestHostileProfileInRAM(t *testing.T) {
	run := t.TempDir()
	if err := os.Chmod(run, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", run)
	o := SystemOptions()
	if o.TempDir != run {
		t.Fatalf("profiles go to %q, want the runtime folder %q", o.TempDir, run)
	}
	script := standIn(t, t.TempDir(), "exit 0")
	o.Command = exec.Command
	s, err := Launch(context.Background(), o, "https://x.example/", &Browser{Name: "stand-in", Path: script, Family: FamilyChromium})
	if err != nil {
		t.Fatal(err)
	}
	if err := waitDone(t, s); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(script + ".argv")
	if err != nil || !filepath.IsAbs(run) || len(data) == 0 {
		t.Fatalf("the stand-in did not run: %v", err)
	}
	if want := "--user-data-dir=" + filepath.Join(run, profilePrefix); string(data[:len(want)]) != want {
		t.Errorf("the browser got %q, want a profile under %s", data, run)
	}

	if err := os.Chmod(run, 0o755); err != nil {
		t.Fatal(err)
	}
	if o := SystemOptions(); o.TempDir != "" {
		t.Errorf("a runtime folder others can enter was used: %q", o.TempDir)
	}
}

// leftoverDir makes a folder holding a cookie file, as a browser leaves
// it, optionally dated back.
func leftoverDir(t *testing.T, root, name string, mtime ...time.Time) string {
	t.Helper()
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Cookies"), []byte("cookies"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, m := range mtime {
		if err := os.Chtimes(dir, m, m); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// withLock gives a profile our lock file, locked by nobody.
func withLock(t *testing.T, dir string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// withSingleton gives a profile Chromium's SingletonLock naming pid.
func withSingleton(t *testing.T, dir string, pid int) string {
	t.Helper()
	if err := os.Symlink("somehost-"+strconv.Itoa(pid), filepath.Join(dir, "SingletonLock")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// heldByChild locks the profile's lock file and hands it to a sleeping
// child process, then lets go of it here: only the child holds the lock,
// as a browser does after its Ringlet was killed.
func heldByChild(t *testing.T, dir string) string {
	t.Helper()
	os.Remove(filepath.Join(dir, lockName))
	lock, err := lockProfile(dir)
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command("sleep", "60")
	child.ExtraFiles = []*os.File{lock}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	lock.Close()
	return dir
}

// deadPID returns the ID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	c := exec.Command("true")
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	return c.Process.Pid
}

// immutableProfile makes a leftover profile whose Cookies file carries
// the immutable flag (chattr +i), cleared again after the test. It skips
// when the flag cannot be set (not root, or a file system without it).
func immutableProfile(t *testing.T, root string) string {
	t.Helper()
	dir := leftoverDir(t, root, "ringlet-browser-stuck")
	file := filepath.Join(dir, "Cookies")
	if out, err := exec.Command("chattr", "+i", file).CombinedOutput(); err != nil {
		t.Skipf("cannot make a file undeletable here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", file).Run() })
	return dir
}
