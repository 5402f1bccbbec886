package browser

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ringlet/ringlet/internal/nocache"
)

// lockName is the lock file in each profile folder: locked while Ringlet
// or the browser it started runs.
const lockName = "ringlet.lock"

// checkCopyPrefix begins the folders in which Ringlet's check-up (before it
// read cookie databases in memory) kept copies of cookie databases. They
// hold cookie values, so leftovers are swept too.
const checkCopyPrefix = "ringlet-check-"

// scratchPrefixes begin the folders that other parts of Ringlet make for
// moments and delete themselves: check-up copies, and the font index's
// folder (internal/nocache). Sweep removes them once they are old enough
// (scratchMinAge).
var scratchPrefixes = []string{checkCopyPrefix, nocache.FontIndexPrefix}

// scratchMinAge is how old such a folder must be before Sweep takes it
// for left behind: a Ringlet running a check-up, or starting, right now
// removes its own within seconds.
const scratchMinAge = time.Minute

// SweepResult counts what Sweep found. Failed folders are still there;
// the user should be told, since they may hold a visit's cookies.
type SweepResult struct {
	Removed int
	Failed  int
}

// Sweep removes throwaway profiles, check-up copies and font index
// folders that an earlier Ringlet left behind (a crash, a kill, a power
// cut) in every folder Ringlet puts them: o.TempDir, o.SweepDirs and the
// snaps' folders under the home. It removes a folder only when its name
// has our prefix, it is a real folder (not a symbolic link), this user
// owns it, and nothing uses it: its lock file is not locked (a running
// Ringlet or its browser holds it) and no browser that still runs has
// locked it.
func Sweep(o Options) SweepResult {
	var r SweepResult
	for _, root := range o.sweepRoots() {
		entries, err := os.ReadDir(root)
		if err != nil {
			continue
		}
		for _, e := range entries {
			path := filepath.Join(root, e.Name())
			if !leftover(path, e.Name()) {
				continue
			}
			if err := os.RemoveAll(path); err != nil {
				r.Failed++
				continue
			}
			r.Removed++
		}
	}
	return r
}

// sweepRoots lists the folders that may hold leftovers, each once.
func (o Options) sweepRoots() []string {
	roots := append([]string{o.TempDir}, o.SweepDirs...)
	if o.Home != "" {
		snaps, _ := filepath.Glob(filepath.Join(o.Home, "snap", "*", "common"))
		roots = append(roots, snaps...)
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range roots {
		if r == "" {
			continue
		}
		r = filepath.Clean(r)
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// leftover reports whether path is a folder of ours that nothing uses.
func leftover(path, name string) bool {
	isProfile := strings.HasPrefix(name, profilePrefix)
	isScratch := slices.ContainsFunc(scratchPrefixes, func(p string) bool { return strings.HasPrefix(name, p) })
	if !isProfile && !isScratch {
		return false
	}
	fi, err := os.Lstat(path)
	if err != nil || !fi.IsDir() || !ownedByMe(fi) {
		return false // a symbolic link's Mode is not a folder
	}
	if isScratch {
		return time.Since(fi.ModTime()) > scratchMinAge
	}
	return !profileInUse(path)
}

// profileInUse reports whether a Ringlet or a browser still uses the
// profile folder: our lock file is locked, or the browser's own lock
// (Chromium's SingletonLock, Firefox's lock, both symbolic links that end
// in the owner's process ID) names a process that still runs. Profiles
// made by an older Ringlet have no lock file of ours.
func profileInUse(dir string) bool {
	if held, err := lockHeld(filepath.Join(dir, lockName)); err == nil && held {
		return true
	}
	for _, name := range []string{"SingletonLock", "lock"} {
		target, err := os.Readlink(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		// Chromium: "host-PID"; Firefox: "IP:+PID".
		i := strings.LastIndexAny(target, "-+")
		if pid, err := strconv.Atoi(target[i+1:]); err == nil && processRuns(pid) {
			return true
		}
	}
	return false
}

// errNoLock is lockHeld's answer for a folder without a lock file.
var errNoLock = errors.New("browser: no lock file")

// openLock opens a profile's lock file without following a symbolic link
// someone may have put in its place.
func openLock(path string) (*os.File, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errNoLock
		}
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNoLock
	}
	return os.OpenFile(path, os.O_RDWR, 0)
}
