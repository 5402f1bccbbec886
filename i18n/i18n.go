// Package i18n embeds Ringlet's translations. The GUI loads them into Fyne's
// lang package (see FS and Dir); the CLI and tests translate from the same
// files through a Catalog. Files are named AREA.LANG.json, one per area of
// the code, so each package's keys live next to each other.
package i18n

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"text/template"
)

//go:embed translations/*.json
var files embed.FS

// Dir is the folder inside FS that holds the translation files, in the
// [prefix.]lang.json layout that fyne's lang.AddTranslationsFS expects.
const Dir = "translations"

// Languages Ringlet ships complete. The first one is the fallback.
var Languages = []string{"en", "de"}

// FS returns the embedded translation files.
func FS() embed.FS { return files }

// Messager is implemented by typed errors and findings of UI-free packages:
// they carry a message key and its template data instead of prose.
type Messager interface {
	MessageKey() string
	MessageArgs() map[string]any
}

// Catalog holds every message of every language.
type Catalog struct {
	messages map[string]map[string]string // lang → key → template
}

// Load reads all embedded translation files.
func Load() (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]string{}}
	entries, err := fs.ReadDir(files, Dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := e.Name()
		parts := strings.Split(strings.TrimSuffix(name, ".json"), ".")
		lang := parts[len(parts)-1]
		data, err := files.ReadFile(Dir + "/" + name)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		if c.messages[lang] == nil {
			c.messages[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := c.messages[lang][k]; dup {
				return nil, fmt.Errorf("i18n: key %q defined twice for %s", k, lang)
			}
			c.messages[lang][k] = v
		}
	}
	return c, nil
}

// MustLoad is Load for program start, where broken embedded files are a bug.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the sorted keys of one language.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang has key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.messages[lang][key]
	return ok
}

// T translates key into lang, filling the template with data. A missing key
// falls back to English and then to the key itself, so a bug never hides a
// message completely.
func (c *Catalog) T(lang, key string, data ...any) string {
	tmpl, ok := c.messages[lang][key]
	if !ok {
		tmpl, ok = c.messages[Languages[0]][key]
	}
	if !ok {
		return key
	}
	var d any
	if len(data) > 0 {
		d = data[0]
	}
	if d == nil || !strings.Contains(tmpl, "{{") {
		return tmpl
	}
	t, err := template.New(key).Option("missingkey=zero").Parse(tmpl)
	if err != nil {
		return tmpl
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return tmpl
	}
	return b.String()
}

// Error translates an error for a person. Typed errors (Messager) anywhere
// in the chain get their own message; anything else gets a generic one, so
// raw internals never reach the screen.
func (c *Catalog) Error(lang string, err error) string {
	var m Messager
	if errors.As(err, &m) {
		return c.T(lang, m.MessageKey(), m.MessageArgs())
	}
	return c.T(lang, "app.error.unexpected")
}

// Message translates anything that carries a message key.
func (c *Catalog) Message(lang string, m Messager) string {
	return c.T(lang, m.MessageKey(), m.MessageArgs())
}

// Preferred picks the language: an explicit override if it is shipped,
// otherwise the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), otherwise
// the fallback.
func Preferred(override string) string { return PreferredIn(override, os.Getenv) }

// PreferredIn is Preferred for the environment that getenv reads.
func PreferredIn(override string, getenv func(string) string) string {
	if l := normalise(override); l != "" {
		return l
	}
	for _, env := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		for _, v := range strings.Split(getenv(env), ":") {
			if l := normalise(v); l != "" {
				return l
			}
		}
	}
	return Languages[0]
}

func normalise(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "" {
		return ""
	}
	for i, r := range tag {
		if r == '_' || r == '-' || r == '.' || r == '@' {
			tag = tag[:i]
			break
		}
	}
	for _, l := range Languages {
		if tag == l {
			return l
		}
	}
	return ""
}
