//go:build !unix

package browser

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
)

// lockProfile creates the profile's lock file and keeps it open. On
// Windows an open file cannot be deleted, which is what lockHeld asks.
// The browser does not inherit it: Go passes no extra files there.
func lockProfile(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o600)
}

func inheritLock(*exec.Cmd, *os.File) {}

// lockHeld reports whether a Ringlet still holds the lock file open: then
// Windows refuses to delete it. A file that could be deleted was free, and
// the folder is about to go anyway.
func lockHeld(path string) (bool, error) {
	f, err := openLock(path)
	if err != nil {
		return false, err
	}
	f.Close()
	return os.Remove(path) != nil, nil
}

// processRuns cannot tell from a process ID alone on Windows without
// opening the process; the browser's own lock files keep a running
// browser's profile from being deleted there.
func processRuns(int) bool { return false }

// ownedByMe: the temp folders swept on Windows are the user's own.
func ownedByMe(fs.FileInfo) bool { return true }
