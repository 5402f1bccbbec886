package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// checkHome builds a fake home folder: HOME points at it, so the check-up
// reads only these fixtures (real Local State JSON, a real Chrome cookie
// database). /etc/passwd and the login name are this machine's.
func checkHome(t *testing.T, chromeLocalState string, cookies string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("TMPDIR", t.TempDir())
	if chromeLocalState != "" {
		userData := filepath.Join(home, ".config", "google-chrome")
		if err := os.MkdirAll(filepath.Join(userData, "Default", "Network"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(userData, "Local State"), []byte(chromeLocalState), 0o600); err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(userData, "Default", "Network", "Cookies")
		switch cookies {
		case "corrupt":
			if err := os.WriteFile(db, []byte("SQLite format 3\x00garbage"), 0o600); err != nil {
				t.Fatal(err)
			}
		case "empty":
			conn, err := sql.Open("sqlite", "file:"+db)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.Exec(`CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,
				name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,
				is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,
				is_persistent INTEGER NOT NULL,priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,
				source_port INTEGER NOT NULL,last_update_utc INTEGER NOT NULL,source_type INTEGER NOT NULL,has_cross_site_ancestor INTEGER NOT NULL)`); err != nil {
				t.Fatal(err)
			}
		}
	}
	return home
}

const signedInLocalState = `{"profile":{"info_cache":{"Default":{"name":"Arbeit","user_name":"max.mustermann@gmail.com","gaia_id":"1234567890","gaia_name":"Max Mustermann"}}}}`
const signedOutLocalState = `{"profile":{"info_cache":{"Default":{"name":"Person 1","user_name":"","gaia_id":""}}}}`

func TestCheckCommand(t *testing.T) {
	tests := []struct {
		name       string
		localState string
		cookies    string
		args       []string
		status     int
		stdout     []string
		hidden     []string
	}{
		{"clean home", "", "", []string{"--lang", "en", "--name", "Stille Eule"}, 0,
			[]string{"Privacy check-up", "[OK] Your name does not look like your real name", "Everything looks fine.", "Nothing was sent or stored."}, nil},
		{"signed in, German", signedInLocalState, "empty", []string{"--lang", "de", "--name", "Max"}, 2,
			[]string{"[WARNUNG] Google Chrome: Sie sind bei Google angemeldet", "Profil „Arbeit“: angemeldet als m…n@gmail.com",
				"Was Sie tun können: In einem privaten Fenster öffnen", "[WARNUNG] Ihr Name sieht aus wie Ihr echter Name", "Ähnlich wie: Max Mustermann"},
			[]string{"max.mustermann@gmail.com"}},
		{"corrupt cookies", signedOutLocalState, "corrupt", []string{"--lang", "en"}, 3,
			[]string{"[NOT CHECKED] Google Chrome: we could not check everything", "the file Cookies is damaged", "Some things could not be checked."}, nil},
		{"camera flag after the link", "", "", []string{"--lang", "en", "https://meet.jit.si/Runde", "--camera", "on", "--name", "Eule"}, 3,
			[]string{"We could not tell whether your background is blurred", "What Ringlet protects", "Your chosen name is already filled in.",
				"No privacy notice for this group"}, []string{"meet.jit.si"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkHome(t, tt.localState, tt.cookies)
			var out, errOut bytes.Buffer
			status := run(append([]string{"check"}, tt.args...), &out, &errOut)
			if status != tt.status {
				t.Errorf("status %d, want %d\n%s%s", status, tt.status, out.String(), errOut.String())
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range tt.hidden {
				if strings.Contains(out.String()+errOut.String(), s) {
					t.Errorf("output shows %q", s)
				}
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	checkHome(t, signedInLocalState, "empty")
	var out, errOut bytes.Buffer
	status := run([]string{"check", "--json", "--lang", "en", "--camera", "off", "--name", "Stille Eule"}, &out, &errOut)
	if status != 2 {
		t.Fatalf("status %d: %s", status, errOut.String())
	}
	var report struct {
		Status   string `json:"status"`
		ExitCode int    `json:"exit_code"`
		Lang     string `json:"lang"`
		Findings []struct {
			Check  string `json:"check"`
			Status string `json:"status"`
			Title  struct {
				Key  string `json:"key"`
				Text string `json:"text"`
			} `json:"title"`
			Evidence []struct {
				Key  string `json:"key"`
				Text string `json:"text"`
			} `json:"evidence"`
			Fix *struct {
				Kind string `json:"kind"`
			} `json:"fix"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if report.Status != "warn" || report.ExitCode != 2 || report.Lang != "en" {
		t.Errorf("%+v", report)
	}
	seen := map[string]string{}
	for _, f := range report.Findings {
		seen[f.Check] = f.Status
		if f.Check == "google.chrome" {
			if f.Title.Key != "privacy.google.signed_in.title" || f.Title.Text != "Google Chrome: you are signed in to Google" ||
				len(f.Evidence) != 1 || !strings.Contains(f.Evidence[0].Text, "m…n@gmail.com") || f.Fix == nil || f.Fix.Kind != "open_private_window" {
				t.Errorf("chrome finding %+v", f)
			}
		}
	}
	if seen["google.chrome"] != "warn" || seen["name"] != "ok" || seen["camera"] != "ok" {
		t.Errorf("findings %v", seen)
	}
	// The cookie-database copies (in /dev/shm on Linux, else TMPDIR) are gone.
	for _, dir := range []string{"/dev/shm", os.Getenv("TMPDIR")} {
		if left, _ := filepath.Glob(filepath.Join(dir, "ringlet-check-*")); len(left) > 0 {
			t.Errorf("copies left: %v", left)
		}
	}
}

func TestCheckBadInput(t *testing.T) {
	checkHome(t, "", "")
	for _, args := range [][]string{
		{"check", "--camera", "maybe"},
		{"check", "https://a.example/", "https://b.example/"},
		{"check", "javascript:alert(1)"},
		{"check", "--nope"},
	} {
		var out, errOut bytes.Buffer
		if status := run(args, &out, &errOut); status != 1 || errOut.Len() == 0 {
			t.Errorf("%q: status %d, stderr %q", args, status, errOut.String())
		}
	}
}

func TestCheckJSONHandoff(t *testing.T) {
	checkHome(t, "", "")
	var out, errOut bytes.Buffer
	status := run([]string{"check", "--json", "--lang", "de", "--name", "Stille Eule", "https://meet.google.com/abc-defg-hij?authuser=1"}, &out, &errOut)
	if status != 3 { // the ring's notice and recording state are unknown
		t.Fatalf("status %d: %s", status, errOut.String())
	}
	var report struct {
		Handoff struct {
			Platform struct {
				Key string `json:"key"`
			} `json:"platform"`
			NamePrefilled bool `json:"name_prefilled"`
			CannotProtect []struct {
				Key  string `json:"key"`
				Text string `json:"text"`
			} `json:"cannot_protect"`
		} `json:"handoff"`
	}
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		t.Fatal(err)
	}
	h := report.Handoff
	if h.Platform.Key != "ring.platform.meet" || h.NamePrefilled || len(h.CannotProtect) == 0 ||
		h.CannotProtect[0].Key != "handoff.cannot.meet_type_name" || !strings.Contains(h.CannotProtect[0].Text, "Google Meet fragt") {
		t.Errorf("%+v", h)
	}
	if strings.Contains(out.String(), "abc-defg-hij") {
		t.Error("the link is in the report")
	}
}
