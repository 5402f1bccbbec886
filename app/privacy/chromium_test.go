package privacy

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestChromiumFamily(t *testing.T) {
	live := chromeTime(testNow.Add(30 * 24 * time.Hour))
	expired := chromeTime(testNow.Add(-time.Hour))
	tests := []struct {
		name      string
		browserID string
		subdir    string // under ~/.config
		profiles  []chromeProfile
		// corruptDB overwrites the first profile's cookie DB with garbage.
		corruptDB   bool
		dirAsDB     bool
		wantStatus  Status
		wantKeys    []string
		wantAccount string
	}{
		{
			name: "chrome signed in", browserID: "chrome", subdir: "google-chrome",
			profiles: []chromeProfile{
				{dir: "Default", info: signedOutInfo("Person 1"), cookies: []cookie{}},
				{dir: "Profile 1", info: signedInInfo("Work", "max.mustermann@gmail.com", "Max Mustermann"),
					prefs:   map[string]any{"account_info": []any{map[string]any{"email": "max.mustermann@gmail.com", "gaia": "1098", "full_name": "Max Mustermann", "given_name": "Max"}}},
					cookies: []cookie{{".google.com", "SAPISID", live}}},
			},
			wantStatus: StatusWarn, wantKeys: []string{"privacy.evidence.browser_signed_in"}, wantAccount: "m…n@gmail.com",
		},
		{
			name: "edge signed out, stale last_username", browserID: "edge", subdir: "microsoft-edge",
			profiles: []chromeProfile{{dir: "Default", info: signedOutInfo("Profile 1"),
				prefs:   map[string]any{"google": map[string]any{"services": map[string]any{"last_username": "max@example.org", "last_signed_in_username": "max@example.org"}}},
				cookies: []cookie{{".bing.com", "SID", live}}}},
			wantStatus: StatusOK,
		},
		{
			name: "brave web-only session", browserID: "brave", subdir: "BraveSoftware/Brave-Browser",
			profiles: []chromeProfile{{dir: "Default", info: signedOutInfo("Personal"),
				cookies: []cookie{{".google.com", "SAPISID", live}, {".google.com", "__Secure-3PSID", live}, {".youtube.com", "SAPISID", live}}}},
			wantStatus: StatusWarn, wantKeys: []string{"privacy.evidence.web_signed_in"},
		},
		{
			name: "chromium expired cookies, legacy DB path", browserID: "chromium", subdir: "chromium",
			profiles: []chromeProfile{{dir: "Default", info: signedOutInfo("Person 1"), legacyDB: true,
				cookies: []cookie{{".google.com", "SAPISID", expired}, {".google.com", "SID", expired}}}},
			wantStatus: StatusOK,
		},
		{
			name: "vivaldi session cookie counts while stored", browserID: "vivaldi", subdir: "vivaldi",
			profiles: []chromeProfile{{dir: "Default", info: signedOutInfo("Person 1"),
				cookies: []cookie{{"accounts.google.com", "SID", 0}}}},
			wantStatus: StatusWarn, wantKeys: []string{"privacy.evidence.web_signed_in"},
		},
		{
			name: "corrupt cookie DB", browserID: "chrome", subdir: "google-chrome",
			profiles:  []chromeProfile{{dir: "Default", info: signedOutInfo("Person 1"), cookies: []cookie{}}},
			corruptDB: true, wantStatus: StatusCantCheck, wantKeys: []string{"privacy.evidence.db_broken"},
		},
		{
			name: "cookie DB not a file", browserID: "chrome", subdir: "google-chrome",
			profiles: []chromeProfile{{dir: "Default", info: signedOutInfo("Person 1")}},
			dirAsDB:  true, wantStatus: StatusCantCheck, wantKeys: []string{"privacy.evidence.db_unreadable"},
		},
		{
			name: "signed in beats an unreadable profile", browserID: "chrome", subdir: "google-chrome",
			profiles: []chromeProfile{
				{dir: "Default", info: signedOutInfo("Person 1"), cookies: []cookie{}},
				{dir: "Profile 2", info: signedInInfo("Home", "ab@gmail.com", "Anna Beispiel")},
			},
			corruptDB: true, wantStatus: StatusWarn,
			wantKeys: []string{"privacy.evidence.browser_signed_in", "privacy.evidence.db_broken"}, wantAccount: "a…@gmail.com",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			userData := filepath.Join(home, ".config", filepath.FromSlash(tt.subdir))
			writeChrome(t, userData, tt.profiles...)
			db := filepath.Join(userData, "Default", "Network", "Cookies")
			if tt.corruptDB {
				writeFile(t, db, "SQLite format 3\x00 this is not really a database, it was cut off")
			}
			if tt.dirAsDB {
				if err := os.MkdirAll(db, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			before := hashTree(t, userData)
			report := Run(context.Background(), linuxOptions(home))
			if after := hashTree(t, userData); !maps.Equal(before, after) {
				t.Error("the browser's files changed")
			}
			f, ok := find(report, "google."+tt.browserID)
			if !ok {
				t.Fatalf("no finding for %s in %+v", tt.browserID, report.Findings)
			}
			if f.Status != tt.wantStatus {
				t.Errorf("status %v, want %v (%+v)", f.Status, tt.wantStatus, f)
			}
			if got := evidenceKeys(f); !slices.Equal(got, tt.wantKeys) {
				t.Errorf("evidence %v, want %v", got, tt.wantKeys)
			}
			if tt.wantAccount != "" && f.Evidence[0].Args["Account"] != tt.wantAccount {
				t.Errorf("account %v, want %v", f.Evidence[0].Args["Account"], tt.wantAccount)
			}
			if f.Status == StatusWarn && f.Fix.Kind != FixOpenPrivateWindow {
				t.Errorf("fix %v, want open private window", f.Fix.Kind)
			}
			assertNoCopiesLeft(t, home)
		})
	}
}

// assertNoCopiesLeft checks that the temporary cookie-DB copies are gone.
func assertNoCopiesLeft(t *testing.T, tempDir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(tempDir, "ringlet-check-*"))
	if len(left) > 0 {
		t.Errorf("temporary copies left behind: %v", left)
	}
}

func TestChromiumBrokenLocalStateFallsBackToFolders(t *testing.T) {
	home := t.TempDir()
	userData := filepath.Join(home, ".config", "google-chrome")
	writeChrome(t, userData, chromeProfile{dir: "Default", info: signedOutInfo("x"),
		cookies: []cookie{{".google.com", "SAPISID", chromeTime(testNow.Add(time.Hour))}}})
	writeFile(t, filepath.Join(userData, "Local State"), `{"profile": {"info_cache": [1,2,3]}}`)

	f, _ := find(Run(context.Background(), linuxOptions(home)), "google.chrome")
	if f.Status != StatusWarn {
		t.Fatalf("status %v, want warn from the cookie DB found through the folder", f.Status)
	}
	if got := evidenceKeys(f); !slices.Equal(got, []string{"privacy.evidence.web_signed_in", "privacy.evidence.file_broken"}) {
		t.Errorf("evidence %v", got)
	}
}

func TestHostileProfileNamesStayInside(t *testing.T) {
	home := t.TempDir()
	userData := filepath.Join(home, ".config", "chromium")
	writeFile(t, filepath.Join(userData, "Local State"),
		`{"profile":{"info_cache":{"../../../etc":{"user_name":""},"..":{},"a/b":{},"Default":{"name":"ok"}}}}`)
	f, _ := find(Run(context.Background(), linuxOptions(home)), "google.chromium")
	if f.Status != StatusOK {
		t.Errorf("status %v: %+v", f.Status, f)
	}
}

// TestLockedCookieDB holds the database the way a running browser can (see
// holdLocked: BEGIN EXCLUSIVE with a write pending, the lock proven by a
// direct read-only open failing with SQLITE_BUSY). The check reads a copy,
// reports the committed rows, and leaves every file of the database (main
// file, -journal, -wal, -shm) byte-for-byte as it was.
func TestLockedCookieDB(t *testing.T) {
	for _, journal := range []string{"DELETE", "WAL"} {
		t.Run(journal, func(t *testing.T) {
			home := t.TempDir()
			userData := filepath.Join(home, ".config", "google-chrome")
			writeChrome(t, userData, chromeProfile{dir: "Default", info: signedOutInfo("Person 1"),
				cookies: []cookie{{".google.com", "SAPISID", chromeTime(testNow.Add(time.Hour))}}})
			path := filepath.Join(userData, "Default", "Network", "Cookies")
			holdLocked(t, path, journal, `UPDATE cookies SET last_access_utc = last_access_utc + 1`)
			before := hashTree(t, filepath.Dir(path))
			if journal == "WAL" {
				if _, ok := before[path+"-wal"]; !ok {
					t.Fatalf("no -wal file to compare: %v", slices.Collect(maps.Keys(before)))
				}
			}

			f, _ := find(Run(context.Background(), linuxOptions(home)), "google.chrome")
			// The lock is advisory to a plain file read, so the copy holds
			// the committed rows: the signed-in session must still be seen.
			if f.Status != StatusWarn || !slices.Equal(evidenceKeys(f), []string{"privacy.evidence.web_signed_in"}) {
				t.Errorf("status %v %v: want the committed answer (warn)", f.Status, evidenceKeys(f))
			}
			if after := hashTree(t, filepath.Dir(path)); !maps.Equal(before, after) {
				t.Error("the cookie database's files changed")
			}
			assertBusy(t, path) // still locked: nothing of ours released it
			assertNoCopiesLeft(t, home)
		})
	}
}

// hashTree returns the sha256 of every file under root.
func hashTree(t *testing.T, root string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out[path] = sha(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Windows refuses to open a file another process holds exclusively (Chrome
// 114+ does this with Cookies); that cannot happen on this test machine, so
// the error texts Windows gives are checked here.
func TestInUseErrors(t *testing.T) {
	tests := map[string]bool{
		"open C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Network\\Cookies: The process cannot access the file because it is being used by another process.": true,
		"read Cookies: The process cannot access the file because another process has locked a portion of the file.":                                                               true,
		"open /x/Cookies: permission denied": false,
		"open /x/Cookies: no such file":      false,
	}
	for msg, want := range tests {
		if got := isSharingViolation(errors.New(msg)); got != want {
			t.Errorf("%q: %v", msg, got)
		}
	}
	if got := dbEvidence(errDBInUse, "Google Chrome", "Arbeit", "Cookies"); got.Key != "privacy.evidence.db_in_use" || got.Args["Profile"] != "Arbeit" {
		t.Errorf("%+v", got)
	}
}
