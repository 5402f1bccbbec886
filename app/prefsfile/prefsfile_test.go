package prefsfile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func ringletKeys(k string) bool { return k == "language" || k == "theme" || k == "text_size" }

// appPath is a settings path laid out as on a real system:
// <config>/fyne/<app>/preferences.json.
func appPath(t *testing.T) (config, path string) {
	config = t.TempDir()
	return config, filepath.Join(config, "fyne", "org.ringlet.Ringlet", FileName)
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		data string
		want map[string]string
		err  error
	}{
		{"what Fyne wrote with nothing set", "{}\n", map[string]string{}, nil},
		{"settings", `{"language":"de","theme":"dark"}`, map[string]string{"language": "de", "theme": "dark"}, nil},
		{"keys outside the list dropped", `{"language":"en","fyne:fileDialogLastFolder":"/home/x/Gruppen"}`, map[string]string{"language": "en"}, nil},
		{"values that are not strings dropped", `{"language":3,"theme":["dark"],"text_size":"large"}`, map[string]string{"text_size": "large"}, nil},
		{"empty strings dropped", `{"language":""}`, map[string]string{}, nil},
		{"cut off", `{"language":"de"`, nil, ErrUnreadable},
		{"not an object", `["de"]`, nil, ErrUnreadable},
		{"null", `null`, nil, ErrUnreadable},
		{"empty file", ``, nil, ErrUnreadable},
		{"zeros (a file system repaired after a power cut)", "\x00\x00\x00\x00", nil, ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode([]byte(tt.data), ringletKeys)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error %v, want %v", err, tt.err)
			}
			if tt.err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNoSettingsNoFile: a store whose settings are all at their defaults
// leaves no file and no folder; the first change makes them, readable by
// this user only, and the change back removes them again.
func TestNoSettingsNoFile(t *testing.T) {
	config, path := appPath(t)
	if err := Save(path, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	assertEmptyDir(t, config)

	if err := Save(path, map[string]string{"language": "de"}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %v, want 0600", perm)
	}
	if info, err := os.Stat(filepath.Dir(path)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("folder: %v %v, want mode 0700", info.Mode(), err)
	}
	got, err := Load(path, ringletKeys)
	if err != nil || !reflect.DeepEqual(got, map[string]string{"language": "de"}) {
		t.Fatalf("loaded %v, %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the app's folder holds %d entries, want the file alone (no temporary file left)", len(entries))
	}

	if err := Save(path, map[string]string{}); err != nil {
		t.Fatal(err)
	}
	assertEmptyDir(t, config)
}

// TestOtherFyneProgramsKept: the "fyne" folder holds other programs'
// settings too; deleting Ringlet's leaves theirs.
func TestOtherFyneProgramsKept(t *testing.T) {
	config, path := appPath(t)
	other := filepath.Join(config, "fyne", "settings.json")
	if err := os.MkdirAll(filepath.Dir(other), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte(`{"scale":1.5}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, map[string]string{"theme": "dark"}); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another program's settings: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Ringlet's own folder: %v, want it gone", err)
	}
}

func TestLoadMissingAndDamaged(t *testing.T) {
	_, path := appPath(t)
	got, err := Load(path, ringletKeys)
	if err != nil || len(got) != 0 {
		t.Fatalf("no file: %v %v, want no settings and no error", got, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	damaged := []byte(`{"language":"de","th`)
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err = Load(path, ringletKeys)
	if !errors.Is(err, ErrUnreadable) || len(got) != 0 {
		t.Fatalf("damaged file: %v %v, want defaults and ErrUnreadable", got, err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(damaged) {
		t.Errorf("loading changed the damaged file to %q", after)
	}
	huge := make([]byte, maxFileSize+10)
	if err := os.WriteFile(path, huge, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, ringletKeys); !errors.Is(err, ErrUnreadable) {
		t.Errorf("a %d-byte file: %v, want ErrUnreadable", len(huge), err)
	}
}

// FuzzDecode: whatever a settings file holds, Decode gives only listed
// keys with non-empty string values, or ErrUnreadable; and what it gives
// is written and read back unchanged.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{"{}\n", `{"language":"de","theme":"dark"}`, `{"language":3}`, `null`, `{"text_size":"large","fyne:x":"y"}`, "\x00"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		values, err := Decode(data, ringletKeys)
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v is not ErrUnreadable", err)
			}
			return
		}
		for k, v := range values {
			if !ringletKeys(k) || v == "" {
				t.Fatalf("kept %q=%q", k, v)
			}
		}
		encoded, err := Encode(values)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Decode(encoded, ringletKeys)
		if err != nil || !reflect.DeepEqual(again, values) {
			t.Fatalf("round trip: %v %v, want %v", again, err, values)
		}
	})
}

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in the configuration folder: %s", e.Name())
	}
}

// TestLoadAndTidy: files as Fyne left them are tidied at the first start:
// "{}" goes with its folders, a stray key (the file dialog's last folder)
// leaves the disk, and a tidy file or a damaged one is not written.
func TestLoadAndTidy(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		want       map[string]string
		wantFile   string // "" = no file and no folder left
		unreadable bool
	}{
		{"Fyne's empty file", "{}\n", map[string]string{}, "", false},
		{"a stray key", `{"fyne:fileDialogLastFolder":"/home/x/Selbsthilfe","language":"de"}` + "\n", map[string]string{"language": "de"}, `{"language":"de"}` + "\n", false},
		{"only stray keys", `{"fyne:fileDialogLastFolder":"/home/x/Selbsthilfe"}`, map[string]string{}, "", false},
		{"already tidy", `{"language":"de","theme":"dark"}` + "\n", map[string]string{"language": "de", "theme": "dark"}, `{"language":"de","theme":"dark"}` + "\n", false},
		{"damaged", `{"language":"de",`, map[string]string{}, `{"language":"de",`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			config, path := appPath(t)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := LoadAndTidy(path, ringletKeys)
			if tt.unreadable != errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("settings %v, want %v", got, tt.want)
			}
			if tt.wantFile == "" {
				assertEmptyDir(t, config)
				return
			}
			if data, err := os.ReadFile(path); err != nil || string(data) != tt.wantFile {
				t.Errorf("file holds %q (%v), want %q", data, err, tt.wantFile)
			}
		})
	}
}
