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
)

// allowedPrefs is the whitelist; a test fails if anything else is written.
var allowedPrefs = map[prefKey]bool{
	prefLanguage: true, prefTheme: true, prefTextSize: true,
	prefCamera: true, prefMicrophone: true, prefSpeaker: true,
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
