package app

import (
	"os"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/ringlet/ringlet/i18n"
)

// guiLanguage is the language the GUI shows ("de" or "en"). There is one
// per process, not one per ui, because Fyne's translations are one per
// process: lang.L reads a single localizer that Fyne picks from the
// environment. applyLanguage sets it on the UI thread (at start and from
// Settings), while work that ui.async runs off that thread translates
// too: hence a lock for applying and an atomic value for reading.
var guiLanguage struct {
	apply   sync.Mutex // one change of environment and Fyne at a time
	current atomic.Pointer[string]
}

// currentLanguage is the language the GUI shows; before applyLanguage has
// run it is the first of i18n.Languages.
func currentLanguage() string {
	if l := guiLanguage.current.Load(); l != nil {
		return *l
	}
	return i18n.Languages[0]
}

// applyLanguage loads the embedded translations into Fyne's lang package
// for override ("" follows the system). Fyne picks the language from the
// environment (LANGUAGE, or LC_ALL/LC_MESSAGES/LANG) each time
// translations are added, and has no other way to be told, so the
// override is set there first; it changes only this process's
// environment.
func applyLanguage(override string) {
	l := i18n.Preferred(override)
	guiLanguage.apply.Lock()
	defer guiLanguage.apply.Unlock()
	os.Setenv("LANGUAGE", l)
	// With a plain C or POSIX locale Fyne ignores LANGUAGE, as gettext
	// does. C.UTF-8 means the same to programs Ringlet starts (the private
	// browser inherits the environment) but lets LANGUAGE count.
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(env)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" {
			os.Setenv(env, "C.UTF-8")
		}
		break
	}
	if err := lang.AddTranslationsFS(i18n.FS(), i18n.Dir); err != nil {
		fyne.LogError("loading translations", err)
	}
	guiLanguage.current.Store(&l)
}

// message translates a typed error or finding from a UI-free package.
// Anything without a message key gets the generic text, so internals never
// reach the screen.
func message(err error) string {
	if err == nil {
		return ""
	}
	return catalog().Error(currentLanguage(), err)
}

// translate translates a key with template data through the shared
// catalog; used for keys that come from UI-free packages at run time.
func translate(key string, args map[string]any) string {
	return catalog().T(currentLanguage(), key, args)
}

// catalog is the embedded translations, loaded once on first use (from
// any goroutine).
var catalog = sync.OnceValue(i18n.MustLoad)
