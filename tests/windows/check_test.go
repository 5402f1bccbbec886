//go:build wine

package windows

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/ringlet/ringlet/app/privacy/privacytest"
)

// The fixtures are real profiles as the browsers write them on Windows:
// Chrome's "User Data" under %LOCALAPPDATA% with Local State and a SQLite
// cookie database (schema version 24), Firefox's profiles.ini and
// cookies.sqlite (moz_cookies, schema 16) under %APPDATA%. Cookie values
// are dummies; Ringlet must never read them.

// Windows' profiles.ini uses forward slashes for relative paths, as on Linux.
const profilesINI = "[Profile0]\r\nName=default-release\r\nIsRelative=1\r\nPath=Profiles/k7x2ab19.default-release\r\nDefault=1\r\n\r\n[General]\r\nStartWithLastProfile=1\r\nVersion=2\r\n"

func sqliteDB(t *testing.T, path, schema string, inserts ...func(*sql.DB) error) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(schema); err != nil {
		t.Fatal(err)
	}
	for _, insert := range inserts {
		if err := insert(db); err != nil {
			t.Fatal(err)
		}
	}
}

func writeJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// signedInChrome lays out a Chrome profile signed in to a Google account.
func signedInChrome(t *testing.T, userData string, expires time.Time) {
	writeJSONFile(t, filepath.Join(userData, "Local State"), map[string]any{
		"profile": map[string]any{
			"info_cache": map[string]any{"Default": map[string]any{
				"name": "Person 1", "user_name": "erika.beispiel@gmail.com", "gaia_id": "109876543210987654321",
				"gaia_name": "Erika Beispiel", "is_consented_primary_account": true}},
			"last_used": "Default", "profiles_order": []string{"Default"},
		},
	})
	chromeMicros := (expires.Unix() + 11644473600) * 1_000_000
	sqliteDB(t, filepath.Join(userData, "Default", "Network", "Cookies"), privacytest.ChromeCookiesSchema, func(db *sql.DB) error {
		_, err := db.Exec(`INSERT INTO cookies VALUES(0,'.google.com','','SAPISID','',x'763130deadbeef','/',?,1,1,0,1,1,1,-1,2,443,0,0,0)`, chromeMicros)
		return err
	})
}

// signedInFirefox lays out a Firefox profile with Google's sign-in cookie.
func signedInFirefox(t *testing.T, firefox string, expires time.Time) {
	if err := os.MkdirAll(firefox, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(firefox, "profiles.ini"), []byte(profilesINI), 0o644); err != nil {
		t.Fatal(err)
	}
	sqliteDB(t, filepath.Join(firefox, "Profiles", "k7x2ab19.default-release", "cookies.sqlite"), privacytest.FirefoxCookiesSchema+"\nPRAGMA user_version = 16;", func(db *sql.DB) error {
		_, err := db.Exec(`INSERT INTO moz_cookies(name,value,host,path,expiry,lastAccessed,creationTime,isSecure,isHttpOnly)
			VALUES('SID','dummy-value','.google.com','/',?,0,0,1,1)`, expires.UnixMilli())
		return err
	})
}

// TestCheckFindsSignInsUnderWindowsPaths: `ringlet.exe check --json` looks in
// %LOCALAPPDATA%\Google\Chrome\User Data and %APPDATA%\Mozilla\Firefox, as
// Wine sets them, and warns about both Google sign-ins.
func TestCheckFindsSignInsUnderWindowsPaths(t *testing.T) {
	p := winePrefix(t)
	exe := exePath(t)
	chrome := filepath.Join(p.appData("Local"), "Google", "Chrome", "User Data")
	firefox := filepath.Join(p.appData("Roaming"), "Mozilla", "Firefox")
	t.Cleanup(func() { os.RemoveAll(chrome); os.RemoveAll(firefox) })
	expires := time.Now().Add(30 * 24 * time.Hour)
	signedInChrome(t, chrome, expires)
	signedInFirefox(t, firefox, expires)

	stdout, stderr, code := p.wine(t, []string{"RINGLET_LANG=en"}, exe, "check", "--json")
	var report struct {
		Status   string `json:"status"`
		Findings []struct {
			Check    string `json:"check"`
			Status   string `json:"status"`
			Evidence []struct {
				Key  string `json:"key"`
				Text string `json:"text"`
			} `json:"evidence"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("no JSON report (exit %d): %v\nstdout:\n%s\nstderr:\n%s", code, err, stdout, wineStderrNoise(stderr))
	}
	status := map[string]string{}
	for _, f := range report.Findings {
		status[f.Check] = f.Status
		if f.Check == "google.chrome" {
			for _, e := range f.Evidence {
				if strings.Contains(e.Text, "erika.beispiel@gmail.com") {
					t.Errorf("the account is spelled out in full: %q", e.Text)
				}
			}
		}
	}
	for _, check := range []string{"google.chrome", "google.firefox"} {
		if status[check] != "warn" {
			t.Errorf("%s: status %q, want warn (all: %v)", check, status[check], status)
		}
	}
	if code != 2 {
		t.Errorf("exit %d, want 2 (warnings)", code)
	}
	// The check-up copies cookie databases to read them; none may stay.
	temps, _ := filepath.Glob(filepath.Join(p.appData("Local"), "Temp", "ringlet-check-*"))
	if len(temps) > 0 {
		t.Errorf("cookie-database copies left behind: %v", temps)
	}
}
