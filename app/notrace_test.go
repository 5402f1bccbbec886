package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/app/prefsfile"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// TestNoTraceAfterAGUIVisit walks the whole GUI flow (Fyne's headless test
// app) into a real Janus ring, chats both ways, leaves, and then searches
// every file under a fresh HOME, XDG dirs and TMPDIR for what a visit must
// not leave behind: the pseudonym, the room, the PIN, the ring's host and
// the chat. The settings are the real app's store, in the settings file
// under the fresh XDG_CONFIG_HOME; the test checks it holds only the
// whitelist.
func TestNoTraceAfterAGUIVisit(t *testing.T) {
	const (
		room   = 734921
		pin    = "kiwi-5831"
		line   = "Mein Bruder heißt Ansgar"
		answer = "Danke fürs Erzählen, Ansgar"
	)
	// The ring starts before the fresh dirs are set: Janus' own config
	// (which names the room and PIN) is the server's, not Ringlet's.
	r := startRealRing(t, janustest.Options{Rooms: []janustest.Room{{ID: room, Description: "Spurentest", PIN: pin}}})
	link := r.srv.Link(room)
	host := "127.0.0.1:" + strconv.Itoa(r.srv.Port())
	visitLeavesNoTrace(t, r, link, line, answer, []string{strconv.Itoa(room), pin, host})
}

// TestNoTraceAfterALiveKitVisit is the same walk into a LiveKit ring,
// joined through its LiveKit Meet page.
func TestNoTraceAfterALiveKitVisit(t *testing.T) {
	const (
		room   = "spurentest-4711"
		line   = "Mein Bruder heißt Ansgar"
		answer = "Danke fürs Erzählen, Ansgar"
	)
	r, link := startLiveKitRing(t, room)
	u, _ := url.Parse(link)
	visitLeavesNoTrace(t, r, link, line, answer, []string{room, u.Host})
}

// visitLeavesNoTrace walks the GUI into the ring at link, chats both
// ways, leaves, and searches the fresh user folders for the pseudonym,
// the link, the chat and the ring's own secrets.
func visitLeavesNoTrace(t *testing.T, r *realRing, link, line, answer string, ringSecrets []string) {
	t.Helper()
	dirs := freshUserDirs(t)
	// A signed-in Chromium profile, so that the real check-up reads real
	// files and a real cookie database on the way.
	const account = "jana.spurensuche@gmail.com"
	profileDir := signedInChromium(t, filepath.Join(dirs["XDG_CONFIG_HOME"], "chromium"), account)
	checked := make(chan []Finding, 1)
	u := newTestUI(t, "de", Options{Random: zeroReader{}, Join: sharedDevices.join,
		Preferences: realSettings(t), AppID: AppID,
		CheckUp: func(ctx context.Context, req CheckRequest) []Finding {
			f := systemCheckUp(ctx, req)
			checked <- f
			return f
		}})
	q := queueUI(u)
	// A preference the user may change, so the file is really written.
	u.prefs.set(prefTextSize, textLarge)
	joinRealRing(t, u, q, link)
	pseudonym := u.flow.pseudonym
	chatBothWays(t, u, q, r, line, answer)
	test.Tap(u.call.leave)
	if u.flow != nil {
		t.Fatal("leaving did not end the visit")
	}
	settingsHoldOnlyTheWhitelist(t)

	// The check-up really ran and really found the account.
	select {
	case f := <-checked:
		found := false
		for _, fd := range f {
			// On this native ring the sign-in is information, not a
			// warning: nothing goes to Google (issue 16, item 2).
			found = found || (strings.HasPrefix(fd.Check, "google.") && fd.Status == FindingInfo &&
				fd.Title.Key == "privacy.google.signed_in.title")
		}
		if !found {
			t.Errorf("the check-up did not find the Chromium sign-in: %+v", f)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the check-up never answered")
	}

	secrets := append([]string{pseudonym, link, line, answer, "Ansgar"}, ringSecrets...)
	for _, hit := range findTraces(t, dirs, secrets) {
		t.Errorf("left behind: %s", hit)
	}
	// What the check-up saw stays in the browser's own files: no copy, no
	// note of the account anywhere else, and no cookie-database copy left
	// in /dev/shm or the temp folder.
	for _, hit := range findTraces(t, dirs, []string{account}) {
		if !strings.HasPrefix(hit, profileDir) {
			t.Errorf("the check-up left behind: %s", hit)
		}
	}
	for _, dir := range []string{"/dev/shm", dirs["TMPDIR"], os.TempDir()} {
		left, _ := filepath.Glob(filepath.Join(dir, "ringlet-check-*"))
		for _, l := range left {
			t.Errorf("a cookie-database copy was left behind: %s", l)
		}
	}

	// The search must be able to fail: a planted trace is found.
	planted := filepath.Join(dirs["XDG_CACHE_HOME"], "planted")
	if err := os.WriteFile(planted, []byte("x"+pseudonym+"x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if hits := findTraces(t, dirs, secrets); len(hits) != 1 {
		t.Errorf("the search did not find the planted trace exactly once: %v", hits)
	}
}

// freshUserDirs points HOME, the XDG dirs and TMPDIR at new empty
// folders for this test.
func freshUserDirs(t *testing.T) map[string]string {
	t.Helper()
	base := t.TempDir()
	dirs := map[string]string{}
	for _, name := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"} {
		d := filepath.Join(base, name)
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv(name, d)
		dirs[name] = d
	}
	return dirs
}

// realSettings is the real app's settings store, in the settings file
// under this test's XDG_CONFIG_HOME.
func realSettings(t *testing.T) *filePrefs {
	t.Helper()
	path, err := prefsfile.Path(AppID)
	if err != nil {
		t.Fatal(err)
	}
	store, err := openFilePrefs(path)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// settingsHoldOnlyTheWhitelist checks that the settings file exists (the
// test changed a setting) and holds whitelisted keys alone.
func settingsHoldOnlyTheWhitelist(t *testing.T) {
	t.Helper()
	path, _ := prefsfile.Path(AppID)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no settings file: %v", err)
	}
	var all map[string]any
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatalf("settings file %q: %v", data, err)
	}
	for k := range all {
		if !allowedPrefs[prefKey(k)] {
			t.Errorf("setting %q is not on the whitelist", k)
		}
	}
}

// strayPreferences lists the keys in p that are not on the whitelist,
// whoever wrote them (Ringlet or Fyne itself).
func strayPreferences(t *testing.T, p fyne.Preferences) []string {
	t.Helper()
	var stray []string
	listable(t, p).ReadValues(func(all map[string]any) {
		for k := range all {
			if !allowedPrefs[prefKey(k)] {
				stray = append(stray, k)
			}
		}
	})
	return stray
}

// listable gives access to all of p's keys and values.
func listable(t *testing.T, p fyne.Preferences) interface{ ReadValues(func(map[string]any)) } {
	t.Helper()
	reader, ok := p.(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatal("the preferences cannot be listed")
	}
	return reader
}

// findTraces lists every file (by name or content) under dirs that
// contains one of secrets.
func findTraces(t *testing.T, dirs map[string]string, secrets []string) []string {
	t.Helper()
	var hits []string
	files := 0
	for _, root := range dirs {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			for _, s := range secrets {
				if bytes.Contains([]byte(d.Name()), []byte(s)) {
					hits = append(hits, path+" (name holds "+strconv.Quote(s)+")")
				}
			}
			if !d.Type().IsRegular() {
				return nil
			}
			files++
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, s := range secrets {
				if bytes.Contains(data, []byte(s)) {
					hits = append(hits, path+" holds "+strconv.Quote(s))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files == 0 {
		t.Error("no files at all to search: the preferences file is missing")
	}
	return hits
}

// signedInChromium builds a Chromium profile folder signed in to Google as
// account: Local State as Chromium writes it, and a real SQLite cookie
// database with a web session (SAPISID on .google.com, expiring in a
// year). Returns the folder.
func signedInChromium(t *testing.T, root, account string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, "Default", "Network"), 0o700); err != nil {
		t.Fatal(err)
	}
	state := map[string]any{"profile": map[string]any{"info_cache": map[string]any{
		"Default": map[string]any{"name": "Person 1", "user_name": account, "gaia_id": "104857600000000000000", "gaia_name": "Jana Spurensuche"},
	}}}
	b, _ := json.Marshal(state)
	if err := os.WriteFile(filepath.Join(root, "Local State"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(root, "Default", "Network", "Cookies"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Chromium counts microseconds since 1601.
	expires := (time.Now().Add(365*24*time.Hour).Unix() + 11644473600) * 1_000_000
	for _, q := range []string{
		"CREATE TABLE cookies(host_key TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, expires_utc INTEGER NOT NULL)",
		"INSERT INTO cookies VALUES('.google.com', 'SAPISID', 'not-a-real-value', " + strconv.FormatInt(expires, 10) + ")",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return root
}
