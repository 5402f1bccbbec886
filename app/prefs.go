package app

import "fyne.io/fyne/v2"

// prefKey is the only kind of key Ringlet writes to Fyne's preferences.
// The whitelist below is the whole list of what Ringlet keeps on disk: none
// of it says which rings someone joined or under which name.
type prefKey string

const (
	prefLanguage   prefKey = "language"   // "", "de" or "en"
	prefTheme      prefKey = "theme"      // "", "light", "dark" or "contrast"
	prefTextSize   prefKey = "text_size"  // "", "large" or "larger"
	prefCamera     prefKey = "camera"     // device choice, "" = default
	prefMicrophone prefKey = "microphone" // device choice, "" = default
	prefSpeaker    prefKey = "speaker"    // device choice, "" = default
	// prefRemembered is "yes" once the user asked Ringlet to remember a
	// ring: only then is the keyring asked at start. It names no ring.
	prefRemembered prefKey = "remembered"
)

// allowedPrefs is the whitelist; a test fails if anything else is written.
var allowedPrefs = map[prefKey]bool{
	prefLanguage: true, prefTheme: true, prefTextSize: true,
	prefCamera: true, prefMicrophone: true, prefSpeaker: true,
	prefRemembered: true,
}

// prefs is the only door to the preferences store.
type prefs struct{ p fyne.Preferences }

func (p prefs) get(k prefKey) string { return p.p.String(string(k)) }

// set stores a whitelisted preference; an empty value removes it, so the
// file holds only what the user changed.
func (p prefs) set(k prefKey, v string) {
	if !allowedPrefs[k] {
		fyne.LogError("refusing to store a preference outside the whitelist", nil)
		return
	}
	if v == "" {
		p.p.RemoveValue(string(k))
		return
	}
	p.p.SetString(string(k), v)
}

// fileDialogFolderKey is where Fyne's file dialog keeps the last folder it
// showed: where the user keeps ring checklists. It is never kept.
const fileDialogFolderKey = "fyne:fileDialogLastFolder"

// guardPreferences makes the whitelist hold for every writer of the app's
// preferences, Fyne's own file dialog included: Fyne code reaches them
// through fyne.CurrentApp(), which is replaced by a that hands out p
// wrapped in whitelistOnly (and, if id is set, tells that ID). Keys outside the whitelist that an earlier
// version left in p are removed.
func guardPreferences(a fyne.App, id string, p fyne.Preferences) fyne.Preferences {
	p.RemoveValue(fileDialogFolderKey)
	if lister, ok := p.(interface{ ReadValues(func(map[string]any)) }); ok {
		var stray []string
		lister.ReadValues(func(all map[string]any) {
			for k := range all {
				if !allowedPrefs[prefKey(k)] {
					stray = append(stray, k)
				}
			}
		})
		for _, k := range stray {
			p.RemoveValue(k)
		}
	}
	guarded := whitelistOnly{p}
	fyne.SetCurrentApp(guardedApp{App: a, id: id, prefs: guarded})
	return guarded
}

// guardedApp is the app as Fyne's own code sees it: the same in all but
// its preferences and, when id is set, its ID (the real app has none, see
// newAppWithoutFiles; asked for it, Fyne would complain on the terminal
// and make one up).
type guardedApp struct {
	fyne.App
	id    string
	prefs fyne.Preferences
}

func (a guardedApp) Preferences() fyne.Preferences { return a.prefs }

func (a guardedApp) UniqueID() string {
	if a.id != "" {
		return a.id
	}
	return a.App.UniqueID()
}

// whitelistOnly drops every write of a key outside the whitelist; reads
// pass through (such keys are never there).
type whitelistOnly struct{ fyne.Preferences }

func (w whitelistOnly) SetBool(k string, v bool) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetBool(k, v)
	}
}

func (w whitelistOnly) SetBoolList(k string, v []bool) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetBoolList(k, v)
	}
}

func (w whitelistOnly) SetFloat(k string, v float64) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetFloat(k, v)
	}
}

func (w whitelistOnly) SetFloatList(k string, v []float64) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetFloatList(k, v)
	}
}

func (w whitelistOnly) SetInt(k string, v int) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetInt(k, v)
	}
}

func (w whitelistOnly) SetIntList(k string, v []int) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetIntList(k, v)
	}
}

func (w whitelistOnly) SetString(k string, v string) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetString(k, v)
	}
}

func (w whitelistOnly) SetStringList(k string, v []string) {
	if allowedPrefs[prefKey(k)] {
		w.Preferences.SetStringList(k, v)
	}
}
