package privacy

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

const profilesINI = `[Install4F96D1932A9F858E]
Default=Profiles/abcd1234.default-release
Locked=1

[Profile1]
Name=default
IsRelative=1
Path=Profiles/wxyz9876.default

[Profile0]
Name=default-release
IsRelative=1
Path=Profiles/abcd1234.default-release
Default=1

[General]
StartWithLastProfile=1
Version=2
`

func TestParseProfilesINI(t *testing.T) {
	tests := []struct {
		name string
		ini  string
		want []firefoxProfile
	}{
		{"firefox default", profilesINI, []firefoxProfile{
			{Name: "default", Dir: "Profiles/wxyz9876.default", Relative: true},
			{Name: "default-release", Dir: "Profiles/abcd1234.default-release", Relative: true},
		}},
		{"absolute path, comments, BOM, CRLF", "\ufeff; made by hand\r\n[Profile0]\r\nName=Arbeit\r\nIsRelative=0\r\nPath=/data/ff/arbeit\r\n", []firefoxProfile{
			{Name: "Arbeit", Dir: "/data/ff/arbeit", Relative: false},
		}},
		{"install default only", "[InstallXYZ]\nDefault=Profiles/only.one\n", []firefoxProfile{
			{Name: "only.one", Dir: "Profiles/only.one", Relative: true},
		}},
		{"garbage", "=\n[\n]]\nPath=x\n[Profile0\nName", nil},
		{"empty path skipped", "[Profile0]\nName=x\nPath=\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseProfilesINI([]byte(tt.ini)); !slices.Equal(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFirefoxCookies(t *testing.T) {
	tests := []struct {
		name        string
		userVersion int
		cookies     []cookie
		want        Status
	}{
		{"seconds, live", 15, []cookie{{".google.com", "SAPISID", testNow.Add(time.Hour).Unix()}}, StatusWarn},
		{"seconds, expired", 15, []cookie{{".google.com", "SAPISID", testNow.Add(-time.Hour).Unix()}}, StatusOK},
		{"milliseconds (Firefox 142+), live", 16, []cookie{{".google.com", "__Secure-1PSID", testNow.Add(time.Hour).UnixMilli()}}, StatusWarn},
		{"milliseconds, expired", 16, []cookie{{".google.com", "SID", testNow.Add(-time.Minute).UnixMilli()}}, StatusOK},
		// A seconds value read under the milliseconds schema lies in 1970.
		{"seconds value under v16 is long expired", 16, []cookie{{".google.com", "SID", testNow.Add(time.Hour).Unix()}}, StatusOK},
		{"other sites only", 16, []cookie{{".example.org", "SID", testNow.Add(time.Hour).UnixMilli()}}, StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			root := filepath.Join(home, ".mozilla", "firefox")
			writeFile(t, filepath.Join(root, "profiles.ini"), profilesINI)
			writeFirefoxCookies(t, filepath.Join(root, "Profiles", "abcd1234.default-release", "cookies.sqlite"), tt.userVersion, tt.cookies...)
			writeFirefoxCookies(t, filepath.Join(root, "Profiles", "wxyz9876.default", "cookies.sqlite"), tt.userVersion)
			f, ok := find(Run(context.Background(), linuxOptions(home)), "google.firefox")
			if !ok {
				t.Fatal("no Firefox finding")
			}
			if f.Status != tt.want {
				t.Errorf("status %v, want %v (%v)", f.Status, tt.want, evidenceKeys(f))
			}
			if tt.want == StatusWarn && f.Evidence[0].Args["Profile"] != "default-release" {
				t.Errorf("evidence names profile %v", f.Evidence[0].Args["Profile"])
			}
			assertNoCopiesLeft(t, home)
		})
	}
}

// TestFirefoxRowsOnlyInWAL keeps Firefox's writer connection open, so the
// sign-in cookie exists only in cookies.sqlite-wal. Reading the main file
// alone (or with immutable=1) would miss it.
func TestFirefoxRowsOnlyInWAL(t *testing.T) {
	home := t.TempDir()
	root := filepath.Join(home, "snap", "firefox", "common", ".mozilla", "firefox")
	writeFile(t, filepath.Join(root, "profiles.ini"), "[Profile0]\nName=snap\nIsRelative=1\nPath=p.default\n")
	path := filepath.Join(root, "p.default", "cookies.sqlite")
	writeFirefoxCookies(t, path, 16)

	writer := openDB(t, path)
	defer writer.Close()
	mustExec(t, writer, "PRAGMA journal_mode=WAL")
	mustExec(t, writer, "PRAGMA wal_autocheckpoint=0")
	mustExec(t, writer, `INSERT INTO moz_cookies(name,value,host,path,expiry) VALUES('SAPISID','v','.google.com','/',?)`, testNow.Add(time.Hour).UnixMilli())
	before := hashTree(t, filepath.Dir(path))
	if _, ok := before[path+"-wal"]; !ok {
		t.Fatal("the fixture has no -wal file")
	}

	f, _ := find(Run(context.Background(), linuxOptions(home)), "google.firefox")
	if f.Status != StatusWarn {
		t.Errorf("status %v %v: the row in the -wal file was missed", f.Status, evidenceKeys(f))
	}
	// cookies.sqlite, -wal and -shm: the WAL is where a careless reader
	// (a checkpoint, a recovery) would change something.
	if after := hashTree(t, filepath.Dir(path)); !maps.Equal(before, after) {
		t.Error("cookies.sqlite or its -wal/-shm changed")
	}
	assertNoCopiesLeft(t, home)
}

// firefoxHome lays out a Linux Firefox with one profile, "default-release",
// and returns the home and the path of its cookies.sqlite.
func firefoxHome(t *testing.T) (home, db string) {
	t.Helper()
	home = t.TempDir()
	root := filepath.Join(home, ".mozilla", "firefox")
	writeFile(t, filepath.Join(root, "profiles.ini"), "[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/abcd1234.default-release\n")
	return home, filepath.Join(root, "Profiles", "abcd1234.default-release", "cookies.sqlite")
}

// TestFirefoxLockedCookies holds cookies.sqlite as a running Firefox can
// (holdLocked: BEGIN EXCLUSIVE, a write pending, the lock proven by a
// direct read-only open failing with SQLITE_BUSY). The check-up reads its
// copy, sees the committed sign-in and changes none of the files.
func TestFirefoxLockedCookies(t *testing.T) {
	for _, journal := range []string{"WAL", "DELETE"} {
		t.Run(journal, func(t *testing.T) {
			home, db := firefoxHome(t)
			writeFirefoxCookies(t, db, 16, cookie{".google.com", "SAPISID", testNow.Add(time.Hour).UnixMilli()})
			holdLocked(t, db, journal, `UPDATE moz_cookies SET lastAccessed = lastAccessed + 1`)
			before := hashTree(t, filepath.Dir(db))
			if _, ok := before[db+"-wal"]; journal == "WAL" && !ok {
				t.Fatal("no -wal file to compare")
			}

			f, ok := find(Run(context.Background(), linuxOptions(home)), "google.firefox")
			if !ok || f.Status != StatusWarn || !slices.Equal(evidenceKeys(f), []string{"privacy.evidence.web_signed_in"}) {
				t.Errorf("finding %v %+v: want the committed sign-in (warn)", ok, f)
			}
			if after := hashTree(t, filepath.Dir(db)); !maps.Equal(before, after) {
				t.Error("the files of cookies.sqlite changed")
			}
			assertBusy(t, db)
			assertNoCopiesLeft(t, home)
		})
	}
}

// TestFirefoxCorruptCookies gives damaged cookies.sqlite files: each must
// be "could not check" with the file named as damaged, never a crash and
// never an OK, and stay unchanged.
func TestFirefoxCorruptCookies(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, db string)
	}{
		{"not a database", func(t *testing.T, db string) {
			writeFile(t, db, "this was never a database, only text with a .sqlite name\n")
		}},
		{"header only, cut off", func(t *testing.T, db string) {
			writeFile(t, db, "SQLite format 3\x00\x10\x00\x01\x01")
		}},
		{"pages overwritten", func(t *testing.T, db string) {
			// A real database whose pages after the first (which holds
			// the schema) are garbage, as after a disk fault.
			var many []cookie
			for i := 0; i < 150; i++ {
				many = append(many, cookie{".google.com", "SAPISID" + itoa(i), testNow.Add(time.Hour).UnixMilli()})
			}
			writeFirefoxCookies(t, db, 16, many...)
			data, err := os.ReadFile(db)
			if err != nil {
				t.Fatal(err)
			}
			pageSize := int(data[16])<<8 | int(data[17])
			if len(data) < 3*pageSize {
				t.Fatalf("fixture too small: %d bytes", len(data))
			}
			for i := pageSize; i < len(data); i++ {
				data[i] = byte(i*7 + 3)
			}
			if err := os.WriteFile(db, data, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"wrong table", func(t *testing.T, db string) {
			conn := openDB(t, db)
			defer conn.Close()
			mustExec(t, conn, "CREATE TABLE cookies(host_key TEXT, name TEXT, expires_utc INTEGER)")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home, db := firefoxHome(t)
			tt.damage(t, db)
			before := hashTree(t, filepath.Dir(db))

			f, ok := find(Run(context.Background(), linuxOptions(home)), "google.firefox")
			if !ok || f.Status != StatusCantCheck || !slices.Equal(evidenceKeys(f), []string{"privacy.evidence.db_broken"}) {
				t.Fatalf("finding %v %+v: want can't check, database damaged", ok, f)
			}
			if got := f.Evidence[0].Args; got["Browser"] != "Firefox" || got["Profile"] != "default-release" {
				t.Errorf("evidence names %v", got)
			}
			if after := hashTree(t, filepath.Dir(db)); !maps.Equal(before, after) {
				t.Error("the damaged file changed")
			}
			assertNoCopiesLeft(t, home)
		})
	}
}
