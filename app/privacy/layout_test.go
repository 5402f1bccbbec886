package privacy

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Windows and macOS homes are faked as folders in a temp dir: the OS,
// home and environment are injected, and paths are joined the way this
// test's OS joins them. What is checked is that every check looks in the
// right place for that OS.

func TestWindowsLayout(t *testing.T) {
	home := t.TempDir()
	local := filepath.Join(home, "AppData", "Local")
	roaming := filepath.Join(home, "AppData", "Roaming")
	envs := map[string]string{"LOCALAPPDATA": local, "APPDATA": roaming, "USERNAME": "mmustermann"}
	live := chromeTime(testNow.Add(time.Hour))

	writeChrome(t, filepath.Join(local, "Google", "Chrome", "User Data"),
		chromeProfile{dir: "Default", info: signedInInfo("Person 1", "anna.beispiel@gmail.com", "Anna Beispiel")})
	writeChrome(t, filepath.Join(local, "Microsoft", "Edge", "User Data"),
		chromeProfile{dir: "Default", info: signedOutInfo("Profile 1"), cookies: []cookie{{".google.com", "SAPISID", live}}})
	ff := filepath.Join(roaming, "Mozilla", "Firefox")
	writeFile(t, filepath.Join(ff, "profiles.ini"), "[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/x.default-release\n")
	writeFirefoxCookies(t, filepath.Join(ff, "Profiles", "x.default-release", "cookies.sqlite"), 16)
	writeFile(t, filepath.Join(roaming, "Microsoft", "Teams", "desktop-config.json"), `{"isLoggedOut":false,"appPreferenceSettings":{"openAtLogin":true}}`)
	writeFile(t, filepath.Join(roaming, "Zoom", "data", "aBcDeFgHiJkLmNoPqRsTuV@xmpp.zoom.us", "x.txt"), "")

	opts := Options{GOOS: "windows", Home: home, Env: func(k string) string { return envs[k] },
		Now: func() time.Time { return testNow }, Pseudonym: "Anna B.",
		WindowsDisplayName: func() (string, error) { return "Mustermann, Max", nil }}
	r := Run(context.Background(), opts)

	want := map[string]Status{
		"google.chrome": StatusWarn, "google.edge": StatusWarn, "google.firefox": StatusOK,
		"teams": StatusWarn, "zoom": StatusWarn,
		"name": StatusWarn, // "Anna" is the Chrome account's name
	}
	for check, status := range want {
		f, ok := find(r, check)
		if !ok || f.Status != status {
			t.Errorf("%s: %v (found %v), want %v", check, f.Status, ok, status)
		}
	}
	if _, ok := find(r, "google.brave"); ok {
		t.Error("a browser that is not installed got a finding")
	}
	if f, _ := find(r, "name"); f.Fix.Kind != FixPickAnotherName || f.Evidence[0].Args["Name"] != "Anna Beispiel" {
		t.Errorf("name finding %+v", f)
	}

	opts.Pseudonym = "Max"
	if f, _ := find(Run(context.Background(), opts), "name"); f.Status != StatusWarn || f.Evidence[0].Args["Name"] != "Mustermann, Max" {
		t.Errorf("Windows display name not used: %+v", f)
	}
}

func TestNewTeamsAndLoggedOutClassic(t *testing.T) {
	home := t.TempDir()
	local := filepath.Join(home, "AppData", "Local")
	roaming := filepath.Join(home, "AppData", "Roaming")
	opts := Options{GOOS: "windows", Home: home, Now: func() time.Time { return testNow },
		Env: func(k string) string { return map[string]string{"LOCALAPPDATA": local, "APPDATA": roaming}[k] }}

	if _, ok := find(Run(context.Background(), opts), "teams"); ok {
		t.Error("no Teams installed, but a finding")
	}
	writeFile(t, filepath.Join(local, "Packages", "MSTeams_8wekyb3d8bbwe", "LocalCache", "Microsoft", "MSTeams", "app_settings.json"), "{}")
	if f, _ := find(Run(context.Background(), opts), "teams"); f.Status != StatusWarn || f.Title.Key != "privacy.teams.used.title" {
		t.Errorf("new Teams: %+v", f)
	}
	classic := filepath.Join(roaming, "Microsoft", "Teams", "desktop-config.json")
	writeFile(t, classic, `{"isLoggedOut":true}`)
	if f, _ := find(Run(context.Background(), opts), "teams"); f.Status != StatusOK {
		t.Errorf("classic logged out: %+v", f)
	}
	writeFile(t, classic, `{"isLoggedOut":"maybe"`)
	if f, _ := find(Run(context.Background(), opts), "teams"); f.Status != StatusCantCheck {
		t.Errorf("broken desktop-config.json: %+v", f)
	}
}

func TestMacLayout(t *testing.T) {
	home := t.TempDir()
	support := filepath.Join(home, "Library", "Application Support")
	writeChrome(t, filepath.Join(support, "BraveSoftware", "Brave-Browser"),
		chromeProfile{dir: "Default", info: signedInInfo("Person 1", "jo@example.org", "Jürgen Groß")})
	writeFile(t, filepath.Join(support, "zoom.us", "data", "zoomus.db"), "")
	var ran []string
	opts := Options{GOOS: "darwin", Home: home, Now: func() time.Time { return testNow },
		Login: "jgross", Pseudonym: "Juergen",
		Command: func(_ context.Context, name string, args ...string) ([]byte, error) {
			ran = append(ran, name+" "+args[0])
			return []byte("Jürgen Groß\n"), nil
		}}
	r := Run(context.Background(), opts)
	if f, _ := find(r, "google.brave"); f.Status != StatusWarn {
		t.Errorf("brave: %+v", f)
	}
	if f, _ := find(r, "zoom"); f.Status != StatusOK {
		t.Errorf("zoom without accounts: %+v", f)
	}
	writeFile(t, filepath.Join(support, "zoom.us", "data", "client.config"), "[emoji.recent.aBcDeFgHiJkLmNoPqRsTuV@xmpp.zoom.us]\nrecent=1\n")
	if f, _ := find(Run(context.Background(), opts), "zoom"); f.Status != StatusWarn || f.Title.Key != "privacy.zoom.used.title" {
		t.Errorf("zoom with client.config account: %+v", f)
	}
	if f, _ := find(r, "name"); f.Status != StatusWarn {
		t.Errorf("name: %+v", f)
	}
	writeFile(t, filepath.Join(home, "Library", "Containers", "com.microsoft.teams2", "Data", "x"), "")
	if f, _ := find(Run(context.Background(), opts), "teams"); f.Status != StatusWarn || f.Title.Key != "privacy.teams.used.title" {
		t.Errorf("new Teams on macOS: %+v", f)
	}
	if !slices.Equal(ran, []string{"id -F", "id -F", "id -F"}) { // once per Run
		t.Errorf("ran %v", ran)
	}
}

func TestLinuxFullNameFromPasswd(t *testing.T) {
	passwd := "root:x:0:0:root:/root:/bin/bash\nsabine:x:1000:1000:Sabine Öztürk,,,:/home/sabine:/bin/bash\n"
	opts := linuxOptions(t.TempDir())
	opts.Login = "sabine"
	opts.ReadFile = func(path string) ([]byte, error) {
		if path != "/etc/passwd" {
			return nil, errors.New("unexpected read")
		}
		return []byte(passwd), nil
	}
	for pseudonym, want := range map[string]Status{"Frau Ozturk": StatusWarn, "Stille Eule": StatusOK, "SABINE": StatusWarn} {
		opts.Pseudonym = pseudonym
		if f, _ := find(Run(context.Background(), opts), "name"); f.Status != want {
			t.Errorf("%q: %v, want %v", pseudonym, f.Status, want)
		}
	}
}

func TestCameraAndRing(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		checks map[string]Status
		fix    FixKind
	}{
		{"audio only", Options{AudioOnly: true, Camera: &CameraState{On: true}}, map[string]Status{"camera": StatusOK}, FixNone},
		{"camera off", Options{Camera: &CameraState{}}, map[string]Status{"camera": StatusOK}, FixNone},
		{"blurred", Options{Camera: &CameraState{On: true, BlurVerdict: "blurred"}}, map[string]Status{"camera": StatusOK}, FixNone},
		{"not blurred", Options{Camera: &CameraState{On: true, BlurVerdict: "not_blurred"}}, map[string]Status{"camera": StatusWarn}, FixTurnCameraOff},
		{"plain wall", Options{Camera: &CameraState{On: true, BlurVerdict: "cant_tell"}}, map[string]Status{"camera": StatusCantCheck}, FixTurnCameraOff},
		{"no verdict", Options{Camera: &CameraState{On: true}}, map[string]Status{"camera": StatusCantCheck}, FixTurnCameraOff},
		{"ring with notice, recording", Options{Ring: &RingFacts{Notice: "Wir speichern nichts.", Recording: RecordingOn}},
			map[string]Status{"ring_notice": StatusOK, "ring_recording": StatusWarn}, FixNone},
		{"checklist without notice", Options{Ring: &RingFacts{Checklist: true, Recording: RecordingOff}},
			map[string]Status{"ring_notice": StatusCantCheck, "ring_recording": StatusOK}, FixNone},
		{"bare link: notice unknown", Options{Ring: &RingFacts{}},
			map[string]Status{"ring_notice": StatusInfo, "ring_recording": StatusInfo}, FixNone},
		{"ring, recording unknown", Options{Ring: &RingFacts{Notice: "x", Checklist: true}},
			map[string]Status{"ring_notice": StatusOK, "ring_recording": StatusInfo}, FixNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.GOOS, o.Home = "linux", t.TempDir()
			r := Run(context.Background(), o)
			for check, want := range tt.checks {
				f, ok := find(r, check)
				if !ok || f.Status != want {
					t.Errorf("%s: %v (found %v), want %v", check, f.Status, ok, want)
				}
				if check == "camera" && f.Fix.Kind != tt.fix {
					t.Errorf("camera fix %v, want %v", f.Fix.Kind, tt.fix)
				}
			}
			if _, ok := find(r, "name"); ok {
				t.Error("name checked without a pseudonym")
			}
		})
	}
	if _, ok := find(Run(context.Background(), Options{GOOS: "linux", Home: t.TempDir()}), "camera"); ok {
		t.Error("camera finding without camera state")
	}
}

func TestWorst(t *testing.T) {
	r := Report{Findings: []Finding{{Status: StatusOK}, {Status: StatusCantCheck}}}
	if r.Worst() != StatusCantCheck {
		t.Error(r.Worst())
	}
	r.Findings = append(r.Findings, Finding{Status: StatusWarn})
	if r.Worst() != StatusWarn {
		t.Error(r.Worst())
	}
	if (Report{}).Worst() != StatusOK {
		t.Error("empty report")
	}
	// Informational findings never make a report look uncertain, in
	// whatever order they come.
	for _, fs := range [][]Finding{{{Status: StatusInfo}, {Status: StatusOK}}, {{Status: StatusOK}, {Status: StatusInfo}}} {
		if got := (Report{Findings: fs}).Worst(); got != StatusOK {
			t.Errorf("OK and info: %v", got)
		}
	}
	if got := (Report{Findings: []Finding{{Status: StatusInfo}, {Status: StatusCantCheck}, {Status: StatusInfo}}}).Worst(); got != StatusCantCheck {
		t.Errorf("info must not hide can't check: %v", got)
	}
	if StatusInfo.String() != "info" {
		t.Error(StatusInfo.String())
	}
}
