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
			[]string{"[NOT CHECKED] Google Chrome: Ringlet could not check everything", "the file Cookies is damaged", "Some things could not be checked."}, nil},
		{"camera flag after the link", "", "", []string{"--lang", "en", "https://meet.jit.si/Runde", "--camera", "on", "--name", "Eule"}, 3,
			[]string{"Ringlet cannot tell whether your background is blurred", "What Ringlet protects", "Your chosen name is already filled in.",
				"[NOTE] Ringlet does not know this group's privacy notice"}, []string{"meet.jit.si"}},
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
	// The ring's notice and recording state are unknown, which is
	// information, not something that could not be checked.
	if status != 0 {
		t.Fatalf("status %d: %s%s", status, out.String(), errOut.String())
	}
	var report struct {
		Status   string `json:"status"`
		Findings []struct {
			Check  string `json:"check"`
			Status string `json:"status"`
		} `json:"findings"`
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
	seen := map[string]string{}
	for _, f := range report.Findings {
		seen[f.Check] = f.Status
	}
	if report.Status != "ok" || seen["ring_notice"] != "info" || seen["ring_recording"] != "info" {
		t.Errorf("status %q, findings %v", report.Status, seen)
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

// writeChecklist writes a helper's .ring file with the given privacy
// notices (language → text) and ring link, and returns its path.
func writeChecklist(t *testing.T, notices map[string]string, link string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("format = 1\n\n[ring]\nname = \"Mittwochsrunde\"\n")
	if link != "" {
		b.WriteString("link = \"" + link + "\"\n")
	}
	if len(notices) > 0 {
		b.WriteString("\n[privacy]\n")
		for _, lang := range []string{"de", "en"} {
			if n, ok := notices[lang]; ok {
				b.WriteString(lang + " = \"\"\"\n" + n + "\"\"\"\n")
			}
		}
	}
	b.WriteString("\n[[step]]\ncheck = \"pseudonym_not_real_name\"\nlevel = \"required\"\n")
	path := filepath.Join(t.TempDir(), "runde.ring")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCheckRingNotice: the ring's notice decides nothing about the exit
// status when no checklist was given (it cannot be known); a checklist's
// notice is shown; a checklist without one is worth a look (3); real
// warnings still give 2.
func TestCheckRingNotice(t *testing.T) {
	const noticeDE = "Bei uns nehmen Sie anonym teil.\nGeben Sie den Link nicht weiter."
	const noticeEN = "You take part anonymously.\nDo not pass the link on."
	both := map[string]string{"de": noticeDE, "en": noticeEN}
	const jitsi = "https://meet.jit.si/MittwochsRunde"
	tests := []struct {
		name       string
		localState string
		// checklist: "" none, "both", "de-only", "no-notice", "with-link",
		// "broken", "missing".
		checklist string
		args      []string
		status    int
		stdout    []string
		hidden    []string
	}{
		{"bare link, clean home", "", "", []string{"--lang", "en", jitsi}, 0,
			[]string{"[NOTE] Ringlet does not know this group's privacy notice", "[NOTE] Ringlet does not know whether this ring is recorded",
				"Everything looks fine."}, []string{"[NOT CHECKED]", "MittwochsRunde"}},
		{"bare link, German", "", "", []string{"--lang", "de", jitsi}, 0,
			[]string{"[HINWEIS] Ringlet kennt den Datenschutzhinweis dieser Gruppe nicht", "Alles sieht gut aus."}, nil},
		{"bare link, signed in: the warning still counts", signedInLocalState, "", []string{"--lang", "en", jitsi}, 2,
			[]string{"[WARNING] Google Chrome: you are signed in to Google", "[NOTE] Ringlet does not know"}, nil},
		{"checklist notice in German", "", "both", []string{"--lang", "de", "--checklist", "FILE", jitsi}, 0,
			[]string{"[OK] Der Datenschutzhinweis der Gruppe", "  Bei uns nehmen Sie anonym teil.\n    Geben Sie den Link nicht weiter."},
			[]string{"You take part anonymously", "Ringlet kennt den Datenschutzhinweis"}},
		{"checklist notice in English, flag after the link", "", "both", []string{"--lang", "en", jitsi, "--checklist", "FILE"}, 0,
			[]string{"[OK] The group's privacy notice", "You take part anonymously."}, []string{"Bei uns"}},
		{"checklist only in German, English user", "", "de-only", []string{"--lang", "en", "--checklist", "FILE"}, 0,
			[]string{"[OK] The group's privacy notice", "Bei uns nehmen Sie anonym teil."}, nil},
		{"checklist without a notice", "", "no-notice", []string{"--lang", "en", "--checklist", "FILE", jitsi}, 3,
			[]string{"[NOT CHECKED] No privacy notice for this group", "Some things could not be checked."}, nil},
		{"checklist's own link is used", "", "with-link", []string{"--lang", "en", "--checklist", "FILE"}, 0,
			[]string{"[OK] The group's privacy notice", "What Ringlet protects"}, []string{"MittwochsRunde", "meet.jit.si"}},
		{"damaged checklist", "", "broken", []string{"--lang", "en", "--checklist", "FILE", jitsi}, 1, nil, []string{"Privacy check-up"}},
		{"missing checklist", "", "missing", []string{"--lang", "en", "--checklist", "FILE"}, 1, nil, []string{"Privacy check-up"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkHome(t, tt.localState, "empty")
			var path string
			switch tt.checklist {
			case "both":
				path = writeChecklist(t, both, "")
			case "de-only":
				path = writeChecklist(t, map[string]string{"de": noticeDE}, "")
			case "no-notice":
				path = writeChecklist(t, nil, "")
			case "with-link":
				path = writeChecklist(t, both, jitsi)
			case "broken":
				path = writeChecklist(t, both, "")
				if err := os.WriteFile(path, []byte("format = 1\n[ring\nname = "), 0o600); err != nil {
					t.Fatal(err)
				}
			case "missing":
				path = filepath.Join(t.TempDir(), "nicht-da.ring")
			}
			args := []string{"check"}
			for _, a := range tt.args {
				if a == "FILE" {
					a = path
				}
				args = append(args, a)
			}
			var out, errOut bytes.Buffer
			status := run(args, &out, &errOut)
			if status != tt.status {
				t.Errorf("status %d, want %d\n%s%s", status, tt.status, out.String(), errOut.String())
			}
			if tt.status == 1 && errOut.Len() == 0 {
				t.Error("no error message")
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, out.String())
				}
			}
			for _, s := range tt.hidden {
				if strings.Contains(out.String()+errOut.String(), s) {
					t.Errorf("output shows %q:\n%s%s", s, out.String(), errOut.String())
				}
			}
		})
	}
}
