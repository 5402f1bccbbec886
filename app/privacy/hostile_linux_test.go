//go:build linux

package privacy

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestHostileCheckupWritesNoCookieCopy reads a Firefox cookies.sqlite
// whose sign-in row exists only in the -wal file (Firefox's writer
// connection is still open), and watches with inotify the system temp
// folder ($TMPDIR) and every folder of the home while the check-up runs:
// not one file or folder may be created. Firefox keeps cookie values in
// clear text, so a copy in a temp folder would put them on a disk. The
// row in the WAL must still be found, or "nothing written" would prove
// nothing.
func TestHostileCheckupWritesNoCookieCopy(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	home := t.TempDir()
	root := filepath.Join(home, ".mozilla", "firefox")
	writeFile(t, filepath.Join(root, "profiles.ini"), "[Profile0]\nName=default\nIsRelative=1\nPath=p.default\n")
	path := filepath.Join(root, "p.default", "cookies.sqlite")
	writeFirefoxCookies(t, path, 16)
	writer := openDB(t, path)
	defer writer.Close()
	mustExec(t, writer, "PRAGMA journal_mode=WAL")
	mustExec(t, writer, "PRAGMA wal_autocheckpoint=0")
	mustExec(t, writer, `INSERT INTO moz_cookies(name,value,host,path,expiry) VALUES('SAPISID','clear-text-secret','.google.com','/',?)`,
		testNow.Add(time.Hour).UnixMilli())

	watch := newCreateWatch(t, tmp, home)
	f, _ := find(Run(context.Background(), linuxOptions(home)), "google.firefox")
	if created := watch.created(t); len(created) > 0 {
		t.Errorf("the check-up wrote to disk: %q", created)
	}
	if f.Status != StatusWarn {
		t.Errorf("status %v %v: the row in the -wal file was missed", f.Status, evidenceKeys(f))
	}
}

// createWatch is an inotify instance watching folders for anything new.
type createWatch struct {
	fd    int
	paths map[int]string // watch descriptor → folder
}

// newCreateWatch watches every folder under each root.
func newCreateWatch(t *testing.T, roots ...string) *createWatch {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	w := &createWatch{fd: fd, paths: map[int]string{}}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			wd, err := unix.InotifyAddWatch(fd, p, unix.IN_CREATE|unix.IN_MOVED_TO)
			w.paths[wd] = p
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// created returns the paths created since the watch began. inotify queues
// an event when the file is created, so everything done before this call
// is there to read.
func (w *createWatch) created(t *testing.T) []string {
	t.Helper()
	var out []string
	buf := make([]byte, 64<<10)
	for {
		n, err := unix.Read(w.fd, buf)
		if err == unix.EAGAIN {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
			out = append(out, filepath.Join(w.paths[int(ev.Wd)], string(trimNUL(name))))
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
	}
}

func trimNUL(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}
