package app

import (
	"sync"

	"fyne.io/fyne/v2"

	"github.com/ringlet/ringlet/app/prefsfile"
)

// errSettingsUnreadable says the settings file could not be read: Ringlet
// starts with the default settings and leaves the file as it is until the
// user changes one.
var errSettingsUnreadable = &uiError{"app.settings_file.unreadable"}

// filePrefs is the real app's preferences store. Fyne's own store wrote
// its file at every start and quit, "{}" when nothing was set, so the
// file's date told when Ringlet last ran. This one holds the whitelisted
// settings (prefs.go) in memory and writes the file only when one changes;
// with all of them back at their defaults there is no file and no folder
// (app/prefsfile). Fyne's own code reaches the same store through
// guardPreferences: what it would keep that is not a whitelisted string
// (the file dialog's last folder) is dropped, as whitelistOnly does for
// other stores.
type filePrefs struct {
	path     string
	inMemory bool // no configuration folder: nothing is written

	mu        sync.Mutex
	values    map[string]string
	listeners []func()
}

var _ fyne.Preferences = (*filePrefs)(nil)

// openFilePrefs loads the settings at path and tidies the file (see
// prefsfile.LoadAndTidy). A file that cannot be read gives the defaults
// and errSettingsUnreadable, and is not touched until a setting changes.
func openFilePrefs(path string) (*filePrefs, error) {
	values, err := prefsfile.LoadAndTidy(path, func(k string) bool { return allowedPrefs[prefKey(k)] })
	p := &filePrefs{path: path, values: values}
	if err != nil {
		// Damaged (prefsfile.ErrUnreadable), or not ours to read: the
		// user sees the defaults.
		return p, errSettingsUnreadable
	}
	return p, nil
}

// change applies one setting ("" = back to its default) and, if that
// changed anything, writes the file and tells the listeners. A file that
// cannot be written (a read-only home) keeps the setting for this run.
func (p *filePrefs) change(key, value string) {
	if !allowedPrefs[prefKey(key)] {
		return
	}
	p.mu.Lock()
	if p.values[key] == value {
		p.mu.Unlock()
		return
	}
	if value == "" {
		delete(p.values, key)
	} else {
		p.values[key] = value
	}
	snapshot := make(map[string]string, len(p.values))
	for k, v := range p.values {
		snapshot[k] = v
	}
	listeners := append([]func(){}, p.listeners...)
	p.mu.Unlock()
	if !p.inMemory {
		_ = prefsfile.Save(p.path, snapshot)
	}
	for _, l := range listeners {
		l()
	}
}

// ReadValues lists what is kept, as Fyne's stores do (guardPreferences and
// the tests read it).
func (p *filePrefs) ReadValues(f func(map[string]any)) {
	p.mu.Lock()
	all := make(map[string]any, len(p.values))
	for k, v := range p.values {
		all[k] = v
	}
	p.mu.Unlock()
	f(all)
}

func (p *filePrefs) String(key string) string { return p.StringWithFallback(key, "") }

func (p *filePrefs) StringWithFallback(key, fallback string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.values[key]; ok {
		return v
	}
	return fallback
}

func (p *filePrefs) SetString(key, value string) { p.change(key, value) }
func (p *filePrefs) RemoveValue(key string)      { p.change(key, "") }

func (p *filePrefs) AddChangeListener(l func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listeners = append(p.listeners, l)
}

func (p *filePrefs) ChangeListeners() []func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]func(){}, p.listeners...)
}

// Every setting Ringlet keeps is a string; other kinds of value are
// never stored, and reading one gives the fallback.

func (p *filePrefs) Bool(string) bool                                      { return false }
func (p *filePrefs) BoolWithFallback(_ string, fallback bool) bool         { return fallback }
func (p *filePrefs) SetBool(string, bool)                                  {}
func (p *filePrefs) BoolList(string) []bool                                { return nil }
func (p *filePrefs) BoolListWithFallback(_ string, f []bool) []bool        { return f }
func (p *filePrefs) SetBoolList(string, []bool)                            {}
func (p *filePrefs) Float(string) float64                                  { return 0 }
func (p *filePrefs) FloatWithFallback(_ string, f float64) float64         { return f }
func (p *filePrefs) SetFloat(string, float64)                              {}
func (p *filePrefs) FloatList(string) []float64                            { return nil }
func (p *filePrefs) FloatListWithFallback(_ string, f []float64) []float64 { return f }
func (p *filePrefs) SetFloatList(string, []float64)                        {}
func (p *filePrefs) Int(string) int                                        { return 0 }
func (p *filePrefs) IntWithFallback(_ string, f int) int                   { return f }
func (p *filePrefs) SetInt(string, int)                                    {}
func (p *filePrefs) IntList(string) []int                                  { return nil }
func (p *filePrefs) IntListWithFallback(_ string, f []int) []int           { return f }
func (p *filePrefs) SetIntList(string, []int)                              {}
func (p *filePrefs) StringList(string) []string                            { return nil }
func (p *filePrefs) StringListWithFallback(_ string, f []string) []string  { return f }
func (p *filePrefs) SetStringList(string, []string)                        {}
