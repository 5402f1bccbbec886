package privacy

import (
	"context"
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
	before := sha(t, path)

	f, _ := find(Run(context.Background(), linuxOptions(home)), "google.firefox")
	if f.Status != StatusWarn {
		t.Errorf("status %v %v: the row in the -wal file was missed", f.Status, evidenceKeys(f))
	}
	if sha(t, path) != before {
		t.Error("cookies.sqlite changed")
	}
}
