package privacy

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ringlet/ringlet/app/privacy/privacytest"
)

// The fixtures below build real browser profiles: Local State and
// Preferences JSON as Chromium writes them, and SQLite cookie databases
// with the schemas Chrome (cookies table, meta version 24) and Firefox
// (moz_cookies) use. Only values Ringlet must never read are dummies.

// testNow is the fixed "now" of all check-up tests.
var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// chromeTime converts a time to Chromium's expires_utc: microseconds since
// 1601-01-01.
func chromeTime(t time.Time) int64 { return (t.Unix() + chromeEpochOffset) * 1_000_000 }

type cookie struct {
	host, name string
	expires    int64 // in the browser's unit
}

func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

func mustExec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// writeChromeCookies creates a Chrome cookie database with the given rows.
func writeChromeCookies(t testing.TB, path string, cookies ...cookie) {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	mustExec(t, db, privacytest.ChromeCookiesSchema)
	for _, c := range cookies {
		mustExec(t, db, `INSERT INTO cookies VALUES(?,?,'',?,'',x'763130deadbeef','/',?,1,1,?,?,1,1,-1,2,443,?,0,0)`,
			chromeTime(testNow.Add(-time.Hour)), c.host, c.name, c.expires, chromeTime(testNow), c.expires != 0, chromeTime(testNow))
	}
}

// writeFirefoxCookies creates a Firefox cookies.sqlite with the given
// schema version (16 = Firefox 142+, expiry in milliseconds).
func writeFirefoxCookies(t testing.TB, path string, userVersion int, cookies ...cookie) {
	t.Helper()
	db := openDB(t, path)
	defer db.Close()
	mustExec(t, db, privacytest.FirefoxCookiesSchema)
	mustExec(t, db, "PRAGMA user_version = "+itoa(userVersion))
	for i, c := range cookies {
		mustExec(t, db, `INSERT INTO moz_cookies(id,name,value,host,path,expiry,lastAccessed,creationTime,isSecure,isHttpOnly)
			VALUES(?,?,'dummy-value',?,'/',?,?,?,1,1)`, i+1, c.name, c.host, c.expires, testNow.UnixMicro(), testNow.UnixMicro())
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// chromeProfile describes one profile of a Chromium-family fixture.
type chromeProfile struct {
	dir      string         // "Default", "Profile 1"
	info     map[string]any // its Local State info_cache entry
	prefs    map[string]any // its Preferences file; nil writes none
	cookies  []cookie       // nil writes no cookie DB
	legacyDB bool           // put the DB at <profile>/Cookies (Chromium < 96)
}

// writeChrome lays out a Chromium-family "User Data" folder.
func writeChrome(t testing.TB, userData string, profiles ...chromeProfile) {
	t.Helper()
	cache := map[string]any{}
	for _, p := range profiles {
		cache[p.dir] = p.info
		dir := filepath.Join(userData, p.dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if p.prefs != nil {
			writeJSON(t, filepath.Join(dir, "Preferences"), p.prefs)
		}
		if p.cookies != nil {
			db := filepath.Join(dir, "Network", "Cookies")
			if p.legacyDB {
				db = filepath.Join(dir, "Cookies")
			}
			writeChromeCookies(t, db, p.cookies...)
		}
	}
	writeJSON(t, filepath.Join(userData, "Local State"), map[string]any{
		"browser": map[string]any{"last_redirect_origin": ""},
		"profile": map[string]any{"info_cache": cache, "last_used": profiles[0].dir, "profiles_order": []string{profiles[0].dir}},
	})
}

func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "   ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(data))
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func sha(t testing.TB, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// signedInInfo is a Local State entry of a profile signed in to Chrome.
func signedInInfo(name, email, gaiaName string) map[string]any {
	return map[string]any{"name": name, "user_name": email, "gaia_id": "109876543210987654321",
		"gaia_name": gaiaName, "gaia_given_name": "", "is_consented_primary_account": true, "hosted_domain": "NO_HOSTED_DOMAIN"}
}

// signedOutInfo is a Local State entry of a profile nobody signed in to.
func signedOutInfo(name string) map[string]any {
	return map[string]any{"name": name, "user_name": "", "gaia_id": "", "gaia_name": "", "is_consented_primary_account": false}
}

// linuxOptions returns Options for a Linux home in dir.
func linuxOptions(home string) Options {
	return Options{GOOS: "linux", Home: home, Env: func(string) string { return "" }, Now: func() time.Time { return testNow }}
}

func find(r Report, check string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.Check == check {
			return f, true
		}
	}
	return Finding{}, false
}

func evidenceKeys(f Finding) []string {
	var keys []string
	for _, e := range f.Evidence {
		keys = append(keys, e.Key)
	}
	return keys
}

// holdLocked opens the database at path the way a running browser can and
// keeps it locked until the test ends: SQLite's EXCLUSIVE lock, taken by
// BEGIN EXCLUSIVE, with a write pending in the open transaction. In WAL
// mode BEGIN EXCLUSIVE alone does not keep readers out, so there the
// connection also switches to locking_mode=EXCLUSIVE first. It then proves
// the lock is really held: opening the file directly, read-only, as a
// naive checker would, fails with SQLITE_BUSY.
func holdLocked(t *testing.T, path, journal, write string, args ...any) {
	t.Helper()
	ctx := context.Background()
	db := openDB(t, path)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.ExecContext(ctx, "ROLLBACK")
		conn.Close()
		db.Close()
	})
	steps := []string{"PRAGMA journal_mode=" + journal}
	if journal == "WAL" {
		steps = append(steps, "PRAGMA locking_mode=EXCLUSIVE")
	}
	steps = append(steps, "BEGIN EXCLUSIVE")
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := conn.ExecContext(ctx, write, args...); err != nil {
		t.Fatalf("%s: %v", write, err)
	}
	assertBusy(t, path)
}

// assertBusy fails the test unless a direct read-only open of path is
// refused with SQLITE_BUSY (no busy timeout, so it answers at once).
func assertBusy(t *testing.T, path string) {
	t.Helper()
	direct, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	var n int
	err = direct.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n)
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY {
		t.Fatalf("the lock is not held: a direct read-only open gave %v (%d tables)", err, n)
	}
}
