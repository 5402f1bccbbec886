package privacy

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// The deadline is made to pass at exact points (a hook or a check cancels
// the context itself), so these tests never depend on how fast the machine
// is and never measure time.

// assertTimedOut checks that the finding for check is the "took too long"
// stand-in, whatever the check itself had seen.
func assertTimedOut(t *testing.T, r Report, check, name string) {
	t.Helper()
	var found []Finding
	for _, f := range r.Findings {
		if f.Check == check {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d findings, want exactly one: %+v", check, len(found), found)
	}
	f := found[0]
	if f.Status != StatusCantCheck || f.Title.Key != "privacy.timeout.title" ||
		!slices.Equal(evidenceKeys(f), []string{"privacy.evidence.took_too_long"}) || f.Evidence[0].Args["Check"] != name {
		t.Errorf("%s: want a took-too-long finding, got %+v", check, f)
	}
}

func TestDeadlineAlreadyOver(t *testing.T) {
	home := t.TempDir()
	writeChrome(t, filepath.Join(home, ".config", "google-chrome"), chromeProfile{dir: "Default", info: signedOutInfo("x"), cookies: []cookie{}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // over before Run starts: no check can finish in time
	opts := linuxOptions(home)
	opts.Pseudonym = "Stille Eule"
	r := Run(ctx, opts)
	for _, b := range (env{goos: "linux", home: home, get: func(string) string { return "" }}).chromiumBrowsers() {
		assertTimedOut(t, r, "google."+b.ID, b.Name)
	}
	assertTimedOut(t, r, "google.firefox", "Firefox")
	if f, _ := find(r, "name"); f.Status != StatusCantCheck || f.Title.Key != "privacy.name.incomplete.title" {
		t.Errorf("name guard after a cut-off check-up: %+v", f)
	}
	if r.Worst() == StatusOK {
		t.Error("worst is OK after a cut-off check-up")
	}
	assertNoCopiesLeft(t, home)
}

// TestDeadlineGivesCantCheck lets the deadline pass while Chrome's
// second profile is being looked at, after the first was found clean: the
// verdict must be "took too long", not an OK over the first profile.
func TestDeadlineGivesCantCheck(t *testing.T) {
	for _, browser := range []string{"chrome", "firefox"} {
		t.Run(browser, func(t *testing.T) {
			home := t.TempDir()
			var second string
			switch browser {
			case "chrome":
				userData := filepath.Join(home, ".config", "google-chrome")
				writeChrome(t, userData,
					chromeProfile{dir: "Default", info: signedOutInfo("a"), cookies: []cookie{}},
					chromeProfile{dir: "Profile 1", info: signedOutInfo("b"), cookies: []cookie{{".google.com", "SAPISID", chromeTime(testNow.Add(time.Hour))}}})
				second = filepath.Join(userData, "Profile 1", "Network", "Cookies")
			case "firefox":
				root := filepath.Join(home, ".mozilla", "firefox")
				writeFile(t, filepath.Join(root, "profiles.ini"), "[Profile0]\nName=a\nPath=a\n[Profile1]\nName=b\nPath=b\n")
				writeFirefoxCookies(t, filepath.Join(root, "a", "cookies.sqlite"), 16)
				second = filepath.Join(root, "b", "cookies.sqlite")
				writeFirefoxCookies(t, second, 16, cookie{".google.com", "SAPISID", testNow.Add(time.Hour).UnixMilli()})
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := linuxOptions(home)
			var mu sync.Mutex // the hook runs in every browser's goroutine
			var seen []string
			opts.beforeCookieDB = func(path string) {
				mu.Lock()
				defer mu.Unlock()
				seen = append(seen, path)
				if path == second {
					cancel()
				}
			}
			r := Run(ctx, opts)
			if !slices.Contains(seen, second) {
				t.Fatalf("the second profile was never reached: %v", seen)
			}
			name := map[string]string{"chrome": "Google Chrome", "firefox": "Firefox"}[browser]
			assertTimedOut(t, r, "google."+browser, name)
			assertNoCopiesLeft(t, home)
		})
	}
}

// TestLateAndHungChecks covers checks that ignore the deadline: one that
// answers OK after it (its answer is not trusted) and one that never
// answers (it still gets a finding, and Run still returns).
func TestLateAndHungChecks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	okFinding := []Finding{{Check: "late", Status: StatusOK, Title: Message{Key: "privacy.google.ok.title"}}}
	opts := linuxOptions(t.TempDir())
	opts.Pseudonym = "Stille Eule"
	opts.extraJobs = []job{
		{id: "late", name: "Late", run: func(context.Context) ([]Finding, []string) {
			cancel() // the deadline passes while this check works
			return okFinding, []string{"Max Mustermann"}
		}},
		{id: "hung", name: "Hung", run: func(context.Context) ([]Finding, []string) {
			<-release // stuck, as on a dead network drive
			return okFinding, nil
		}},
	}
	r := Run(ctx, opts)
	assertTimedOut(t, r, "late", "Late")
	assertTimedOut(t, r, "hung", "Hung")
	if f, _ := find(r, "name"); f.Status != StatusCantCheck {
		t.Errorf("names of cut-off checks were never compared, yet: %+v", f)
	}
}

// TestFinishedCheckBeatsDeadline: an answer delivered before the deadline
// is kept even when Run only looks after the deadline, when both channels
// are ready. select picks at random between ready cases, so this is
// repeated; the old code lost about half of them.
func TestFinishedCheckBeatsDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := 0; i < 200; i++ {
		ch := make(chan jobResult, 1)
		ch <- jobResult{findings: []Finding{{Check: "quick", Status: StatusWarn}}}
		r, ok := collect(ctx, ch)
		if !ok || len(r.findings) != 1 || r.late {
			t.Fatalf("round %d: a finished check was reported as cut off", i)
		}
	}
	if _, ok := collect(ctx, make(chan jobResult, 1)); ok {
		t.Error("a check that never answered was collected")
	}
}

// TestInterruptedReadIsTimeoutNotBroken: a cookie-DB read the deadline
// cuts off says "took too long", never "damaged" or "in use".
func TestInterruptedReadIsTimeoutNotBroken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Cookies")
	writeChromeCookies(t, path, cookie{".google.com", "SAPISID", 0})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := readCookieDB(ctx, path, "SELECT host_key, name, expires_utc FROM cookies"); !errors.Is(err, errDBTimeout) {
		t.Errorf("read after the deadline: %v, want %v", err, errDBTimeout)
	}

	// The error SQLite itself gives for a query whose context ended.
	db := openDB(t, path)
	defer db.Close()
	var n int
	qerr := db.QueryRowContext(ctx, "SELECT count(*) FROM cookies").Scan(&n)
	if qerr == nil {
		t.Fatal("a query with an ended context succeeded")
	}
	if got := classifySQLError(ctx, qerr); got != errDBTimeout {
		t.Errorf("interrupted query classified as %v", got)
	}
	for _, msg := range []string{"interrupted (9)", "file is not a database (26)"} {
		if got := classifySQLError(ctx, errors.New(msg)); got != errDBTimeout {
			t.Errorf("%q after the deadline: %v", msg, got)
		}
	}
	if got := classifySQLError(context.Background(), errors.New("file is not a database (26)")); got != errDBBroken {
		t.Errorf("a damaged file before the deadline: %v", got)
	}
	if got := classifySQLError(context.Background(), errors.New("database is locked (5)")); got != errDBInUse {
		t.Errorf("a locked file: %v", got)
	}
}
