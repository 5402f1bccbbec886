// Package localeenv keeps Fyne from complaining about the locale on the
// terminal. Fyne's lang package reads the locale from the environment when
// it initialises (at import time, before main runs) and logs "Fyne error:
// Error parsing user locale C" for values such as LANG=C.UTF-8, Debian's
// default in containers and over SSH. Every ringlet command imports Fyne,
// because the CLI and the GUI are one binary, so every command printed that
// noise.
//
// Importing this package for its side effect, from package main, settles the
// environment first: Go initialises the lexically first package whose
// imports are ready, and this package needs only the standard library and
// i18n, so it runs before golang.org/x/text and therefore before fyne's lang
// package. It sets LANGUAGE only when Fyne could not parse what it would
// read, and then to the language Ringlet would pick anyway, which is what the
// GUI sets for itself later (see app.applyLanguage).
package localeenv

import (
	"os"
	"regexp"
	"strings"

	"github.com/ringlet/ringlet/i18n"
)

func init() { Settle(os.Getenv, os.Setenv) }

// Settle sets LANGUAGE to Ringlet's language when the locale Fyne would read
// from getenv is one it cannot parse. It takes the environment's accessors
// so that it can be tested without changing the test process.
func Settle(getenv func(string) string, setenv func(string, string) error) {
	if parseable(fyneLocales(getenv)) {
		return
	}
	_ = setenv("LANGUAGE", i18n.PreferredIn(getenv("RINGLET_LANG"), getenv))
}

// fyneLocales is the list Fyne's locale lookup (github.com/jeandeaual/go-locale
// on Linux) reads: the first set of LC_ALL, LC_MESSAGES and LANG; nothing
// for plain C or POSIX; otherwise LANGUAGE if set, split at colons.
func fyneLocales(getenv func(string) string) []string {
	locale := ""
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(env); locale != "" {
			break
		}
	}
	if locale == "" || locale == "C" || locale == "POSIX" {
		return nil
	}
	if languages := getenv("LANGUAGE"); languages != "" {
		locale = languages
	}
	return strings.Split(locale, ":")
}

// wellFormed matches the language tags Fyne makes of a locale
// (language[_REGION], encoding removed) that golang.org/x/text parses: it
// rejects "C", "POSIX" and modifiers such as "@euro".
var wellFormed = regexp.MustCompile(`^[A-Za-z]{2,3}([_-]([A-Za-z]{2}|[0-9]{3}))?$`)

func parseable(locales []string) bool {
	for _, l := range locales {
		tag, _, _ := strings.Cut(l, ".")
		if !wellFormed.MatchString(tag) {
			return false
		}
	}
	return true
}
