package app

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/ringlet/ringlet/i18n"
)

// currentLang is the language the GUI shows ("de" or "en"). It is set by
// applyLanguage before any screen is built.
var currentLang = i18n.Languages[0]

// applyLanguage loads the embedded translations into Fyne's lang package
// for override ("" follows the system). Fyne picks the language from the
// environment (LANGUAGE, or LC_ALL/LC_MESSAGES/LANG) each time
// translations are added, so the override is set there first; it changes
// only this process's environment.
func applyLanguage(override string) {
	l := i18n.Preferred(override)
	currentLang = l
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
}

// message translates a typed error or finding from a UI-free package.
// Anything without a message key gets the generic text, so internals never
// reach the screen.
func message(err error) string {
	if err == nil {
		return ""
	}
	return catalog().Error(currentLang, err)
}

// translate translates a key with template data through the shared
// catalog; used for keys that come from UI-free packages at run time.
func translate(key string, args map[string]any) string {
	return catalog().T(currentLang, key, args)
}

var sharedCatalog *i18n.Catalog

func catalog() *i18n.Catalog {
	if sharedCatalog == nil {
		sharedCatalog = i18n.MustLoad()
	}
	return sharedCatalog
}
