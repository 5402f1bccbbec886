// Package prefsfile keeps Ringlet's few settings (language, theme, text
// size, the chosen devices) in one small JSON file, and keeps no file at all
// while every setting is at its default.
//
// Fyne's own store wrote its file at every start and every quit, "{}" when
// nothing was set, so the file's date told anyone who looked when Ringlet
// last ran. This store writes only when a setting changes, and a change
// back to the last default deletes the file and the folders made for it.
//
// The file stays where Fyne kept it, so settings carry over from earlier
// versions. Nothing here imports Fyne.
package prefsfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FileName is the file's name in the app's folder.
const FileName = "preferences.json"

// maxFileSize bounds what Load reads: the real file is a few hundred bytes.
const maxFileSize = 64 << 10

// ErrUnreadable says the file exists but is not a settings file Ringlet can
// read (damaged, or not JSON). Load then returns the defaults and the file
// is left as it is until the user changes a setting.
var ErrUnreadable = errors.New("prefsfile: the settings file cannot be read")

// Path is the settings file of the app with the given ID:
// <config>/fyne/<appID>/preferences.json, where <config> is the user's
// configuration folder ($XDG_CONFIG_HOME or ~/.config; %AppData% on
// Windows), as Fyne placed it.
func Path(appID string) (string, error) {
	config, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(config, "fyne", appID, FileName), nil
}

// Decode reads a settings file's content. It keeps the keys that keep says
// yes to and whose value is a non-empty string; everything else in the file
// (keys of another version, Fyne's own, other kinds of value) is dropped.
// Content that is not one JSON object is ErrUnreadable.
func Decode(data []byte, keep func(key string) bool) (map[string]string, error) {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, errOrNull(err))
	}
	values := map[string]string{}
	for k, v := range raw {
		if s, ok := v.(string); ok && s != "" && keep(k) {
			values[k] = s
		}
	}
	return values, nil
}

func errOrNull(err error) error {
	if err != nil {
		return err
	}
	return errors.New("not an object")
}

// Load reads the settings at path. No file means no settings, not an error.
func Load(path string, keep func(key string) bool) (map[string]string, error) {
	values, _, err := load(path, keep)
	return values, err
}

// load reads and decodes the file, and gives its bytes too (nil: no file).
// On any error the values are the defaults: none.
func load(path string, keep func(key string) bool) (map[string]string, []byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, nil, nil
	}
	if err != nil {
		return map[string]string{}, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return map[string]string{}, nil, err
	}
	if len(data) > maxFileSize {
		return map[string]string{}, nil, fmt.Errorf("%w: larger than %d bytes", ErrUnreadable, maxFileSize)
	}
	values, err := Decode(data, keep)
	if err != nil {
		return map[string]string{}, nil, err
	}
	return values, data, nil
}

// LoadAndTidy is Load, and then leaves the file holding exactly the kept
// settings: what an earlier version or Fyne itself kept beside them (the
// file dialog's last folder, which names where a person keeps their ring
// checklists) is removed from the disk at once, and a file with no
// setting left ("{}", as Fyne wrote at every quit) is deleted with its
// folders. A file that cannot be read is left as it is, and its error
// returned; failing to tidy one that was read is not an error.
func LoadAndTidy(path string, keep func(key string) bool) (map[string]string, error) {
	values, data, err := load(path, keep)
	if err != nil || data == nil {
		return values, err
	}
	if want, encErr := Encode(values); len(values) == 0 || encErr != nil || !bytes.Equal(data, want) {
		// A file that cannot be tidied now (a read-only home) keeps its
		// settings, which were read; the next start tries again.
		_ = Save(path, values)
	}
	return values, nil
}

// Save writes values to path, replacing the file in one step (a crash
// leaves the old file or the new one, never half of either), readable by
// this user only. With no values it deletes the file instead, and then the
// app's folder and the "fyne" folder above it if they are empty: nothing
// is left to show that Ringlet ran.
func Save(path string, values map[string]string) error {
	if len(values) == 0 {
		return remove(path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	data, err := Encode(values)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".preferences-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Encode gives the file's content: one JSON object of strings (encoding/json
// sorts the keys, so the same settings always give the same bytes).
func Encode(values map[string]string) ([]byte, error) {
	data, err := json.Marshal(values)
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// remove deletes the file and then its folder, and the "fyne" folder above
// it, if they are empty (os.Remove refuses a folder that is not).
func remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	appDir := filepath.Dir(path)
	if os.Remove(appDir) != nil {
		return nil // not empty, or gone
	}
	if fyneDir := filepath.Dir(appDir); filepath.Base(fyneDir) == "fyne" {
		_ = os.Remove(fyneDir) // kept if another Fyne program keeps settings there
	}
	return nil
}
