package checklist

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // custom step pictures may be JPEG
	_ "image/png"  // or PNG, nothing else
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Options carries what this leaf package cannot know by itself.
type Options struct {
	// ValidateLink checks a ring link more deeply than the basic scheme
	// check done here; the CLI and GUI pass ring.Parse. Nil skips it.
	ValidateLink func(link string) error
}

// fileChecklist and friends mirror the TOML file. They are separate from
// the public types so that the file's spelling can stay stable while the Go
// API evolves.
type fileChecklist struct {
	Format  int64             `toml:"format"`
	Ring    fileRing          `toml:"ring"`
	Privacy map[string]string `toml:"privacy"`
	Step    []fileStep        `toml:"step"`
}

type fileRing struct {
	Name  string `toml:"name"`
	Times string `toml:"times"`
	Link  string `toml:"link"`
}

type fileStep struct {
	Check string            `toml:"check"`
	Level string            `toml:"level"`
	Title map[string]string `toml:"title"`
	Text  map[string]string `toml:"text"`
	Image string            `toml:"image"`
}

// Parse reads a .ring file strictly: size and nesting limits first, then
// the version, then the schema with unknown fields rejected, then every
// text and the link. Nothing in data can make it panic.
func Parse(data []byte, opts Options) (*Checklist, error) {
	// Some Windows editors start UTF-8 files with a byte-order mark that
	// TOML does not allow; it carries no meaning, so it is dropped.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(KeyEmpty, nil)
	}
	if len(data) > MaxFileBytes {
		return nil, fail(KeyTooLarge, map[string]any{"MaxKB": MaxFileBytes >> 10})
	}
	if !utf8.Valid(data) {
		return nil, fail(KeySyntax, nil)
	}
	if nestingDepth(data) > maxNesting {
		return nil, fail(KeyTooDeep, nil)
	}
	text := string(data)

	// The version is read on its own first, so that a newer file is
	// reported as "too new" instead of as a pile of unknown fields.
	var version struct {
		Format *int64 `toml:"format"`
	}
	if _, err := toml.Decode(text, &version); err != nil {
		return nil, syntaxError(err)
	}
	if version.Format == nil || *version.Format < 1 {
		return nil, fail(KeyMissingFormat, nil)
	}
	if *version.Format > FormatVersion {
		return nil, fail(KeyTooNew, map[string]any{"Version": *version.Format, "Supported": FormatVersion})
	}

	var f fileChecklist
	md, err := toml.Decode(text, &f)
	if err != nil {
		return nil, syntaxError(err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return nil, failField(KeyUnknownField, harmlessField(undecoded[0].String()))
	}

	c := &Checklist{
		Format: int(f.Format),
		Ring: Ring{
			Name:  normalizeText(f.Ring.Name),
			Times: normalizeText(f.Ring.Times),
			Link:  strings.TrimSpace(f.Ring.Link),
		},
		Privacy: normalizeMap(f.Privacy),
	}
	for i, fs := range f.Step {
		s := Step{
			Check: Check(strings.TrimSpace(fs.Check)),
			Level: Level(strings.TrimSpace(fs.Level)),
			Title: normalizeMap(fs.Title),
			Text:  normalizeMap(fs.Text),
		}
		if fs.Image != "" {
			img, err := base64.StdEncoding.Strict().DecodeString(fs.Image)
			if err != nil {
				return nil, failField(KeyImageDamaged, stepField(i, "image"))
			}
			s.Image = img
		}
		c.Steps = append(c.Steps, s)
	}
	if err := c.Validate(opts); err != nil {
		return nil, err
	}
	return c, nil
}

func syntaxError(err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Position.Line > 0 {
		return fail(KeySyntax, map[string]any{"Line": pe.Position.Line})
	}
	return fail(KeySyntax, nil)
}

// harmlessField shortens a key name taken from the file, which is shown in
// an error, so that a hostile file cannot push long or odd text through it.
func harmlessField(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 40 {
			b.WriteString("…")
			break
		}
		if r < 0x20 || r == 0x7f || isBidiControl(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nestingDepth returns the deepest nesting of TOML arrays and inline tables
// outside strings and comments. The schema never needs more than a table
// header's two brackets, and refusing deep nesting early keeps the
// recursive TOML decoder away from hostile input.
func nestingDepth(data []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
		case '"', '\'':
			triple := bytes.HasPrefix(data[i:], []byte{c, c, c})
			if triple {
				i += 3
			} else {
				i++
			}
			for i < len(data) {
				if c == '"' && data[i] == '\\' {
					i += 2
					continue
				}
				if triple && bytes.HasPrefix(data[i:], []byte{c, c, c}) {
					// Up to two extra quotes may close a multi-line
					// string ("""a""""), so skip the whole run.
					for i+3 < len(data) && data[i+3] == c {
						i++
					}
					i += 2
					break
				}
				if !triple && (data[i] == c || data[i] == '\n') {
					break
				}
				i++
			}
		case '[', '{':
			depth++
			if depth > deepest {
				deepest = depth
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return deepest
}

// normalizeText makes equal texts equal bytes: Windows line ends become
// plain ones and surrounding space goes.
func normalizeText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func normalizeMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	// An empty text says nothing; dropping it keeps "no text" one value.
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v = normalizeText(v); v != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Validate checks a checklist built in code (by the GUI, say) with the same
// rules Parse applies to a file.
func (c *Checklist) Validate(opts Options) error {
	if c == nil {
		return fail(KeyEmpty, nil)
	}
	if c.Format < 1 {
		return fail(KeyMissingFormat, nil)
	}
	if c.Format > FormatVersion {
		return fail(KeyTooNew, map[string]any{"Version": c.Format, "Supported": FormatVersion})
	}
	name := normalizeText(c.Ring.Name)
	if name == "" {
		return fail(KeyMissingName, nil)
	}
	if err := checkText("[ring] name", name, MaxNameRunes, false); err != nil {
		return err
	}
	if err := checkText("[ring] times", normalizeText(c.Ring.Times), MaxTimesRunes, true); err != nil {
		return err
	}
	if link := strings.TrimSpace(c.Ring.Link); link != "" {
		if err := checkLink(link, opts); err != nil {
			return err
		}
	}
	if err := checkTexts(func(lang string) string { return "[privacy] " + lang }, c.Privacy, MaxNoticeRunes, true); err != nil {
		return err
	}
	if len(c.Steps) == 0 {
		return fail(KeyNoSteps, nil)
	}
	if len(c.Steps) > MaxSteps {
		return fail(KeyTooManySteps, map[string]any{"Max": MaxSteps})
	}
	seen := map[Check]bool{}
	for i, s := range c.Steps {
		if err := s.validate(i, seen); err != nil {
			return err
		}
	}
	return nil
}

func (s Step) validate(i int, seen map[Check]bool) error {
	if s.Level != Required && s.Level != Recommended {
		return failField(KeyBadLevel, stepField(i, "level"))
	}
	if !s.IsCustom() {
		if _, ok := builtins[s.Check]; !ok {
			return fail(KeyUnknownCheck, map[string]any{"Field": stepField(i, "check"), "Check": harmlessField(string(s.Check))})
		}
		if seen[s.Check] {
			return fail(KeyDuplicateCheck, map[string]any{"Field": stepField(i, "check"), "Check": string(s.Check)})
		}
		seen[s.Check] = true
		if len(s.Title) > 0 || len(s.Text) > 0 || len(s.Image) > 0 {
			return failField(KeyBuiltinWithText, stepField(i, "check"))
		}
		return nil
	}
	if Localized(s.Title, "en") == "" {
		return failField(KeyStepNoTitle, stepField(i, "title"))
	}
	if err := checkTexts(func(lang string) string { return stepField(i, "title."+lang) }, s.Title, MaxTitleRunes, false); err != nil {
		return err
	}
	if err := checkTexts(func(lang string) string { return stepField(i, "text."+lang) }, s.Text, MaxTextRunes, true); err != nil {
		return err
	}
	if len(s.Image) > 0 {
		return checkImage(stepField(i, "image"), s.Image)
	}
	return nil
}

// stepField names a field for people: steps count from 1.
func stepField(i int, field string) string { return fmt.Sprintf("step %d: %s", i+1, field) }

var languageCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// checkTexts checks a by-language map; field names each entry for people.
func checkTexts(field func(lang string) string, texts map[string]string, maxRunes int, multiline bool) error {
	if len(texts) > MaxLanguages {
		return fail(KeyTooManyLangs, map[string]any{"Field": field("…"), "Max": MaxLanguages})
	}
	for _, lang := range sortedKeys(texts) {
		if !languageCode.MatchString(lang) {
			return fail(KeyBadLanguage, map[string]any{"Field": field("…"), "Language": harmlessField(lang)})
		}
		if err := checkText(field(lang), normalizeText(texts[lang]), maxRunes, multiline); err != nil {
			return err
		}
	}
	return nil
}

// scriptLike finds text that would be markup or code if some viewer ever
// rendered it as HTML: a tag opener or a script URL. Plain prose like
// "a < b" passes.
var scriptLike = regexp.MustCompile(`(?i)<\s*[a-z!/?]|\b(javascript|vbscript)\s*:|data\s*:\s*text/html`)

// checkText refuses what could mislead a reader or a renderer: control
// characters, bidirectional overrides (which can make text read
// differently than it is stored) and markup.
func checkText(field, s string, maxRunes int, multiline bool) *Error {
	if !utf8.ValidString(s) {
		return failField(KeyControlChars, field)
	}
	if utf8.RuneCountInString(s) > maxRunes {
		return fail(KeyTextTooLong, map[string]any{"Field": field, "Max": maxRunes})
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\t'):
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff:
			return failField(KeyControlChars, field)
		case isBidiControl(r):
			return failField(KeyBidi, field)
		}
	}
	if scriptLike.MatchString(s) {
		return failField(KeyScriptLike, field)
	}
	return nil
}

// isBidiControl reports the embedding, override and isolate controls used
// in "Trojan Source" tricks. The plain marks (U+200E, U+200F) stay allowed
// because right-to-left languages need them.
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// checkLink allows only the two schemes a ring can have, before handing the
// link to the injected, stricter validator.
func checkLink(link string, opts Options) error {
	if len(link) > MaxLinkBytes {
		return fail(KeyTextTooLong, map[string]any{"Field": "[ring] link", "Max": MaxLinkBytes})
	}
	if err := checkText("[ring] link", link, MaxLinkBytes, false); err != nil && err.Key != KeyScriptLike {
		return err
	}
	scheme, _, found := strings.Cut(link, ":")
	scheme = strings.ToLower(scheme)
	if !found || (scheme != "https" && scheme != "ringlet") || !strings.HasPrefix(link[len(scheme)+1:], "//") {
		return fail(KeyBadLinkScheme, map[string]any{"Field": "[ring] link", "Scheme": harmlessScheme(scheme, found)})
	}
	if strings.ContainsAny(link, " <>\"'`\\") {
		return failField(KeyBadLink, "[ring] link")
	}
	if opts.ValidateLink != nil {
		if err := opts.ValidateLink(link); err != nil {
			return &Error{Key: KeyBadLink, Args: map[string]any{"Field": "[ring] link"}, Err: err}
		}
	}
	return nil
}

func harmlessScheme(scheme string, found bool) string {
	if !found || scheme == "" || len(scheme) > 16 {
		return "?"
	}
	for _, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return "?"
		}
	}
	return scheme
}

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
)

// checkImage accepts a small PNG or JPEG that really decodes. The side
// limit is checked from the header before decoding, so a tiny file that
// claims a huge picture cannot exhaust memory.
func checkImage(field string, img []byte) error {
	if len(img) > MaxImageBytes {
		return fail(KeyImageTooLarge, map[string]any{"Field": field, "MaxKB": MaxImageBytes >> 10})
	}
	if !bytes.HasPrefix(img, pngMagic) && !bytes.HasPrefix(img, jpegMagic) {
		return failField(KeyImageType, field)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 {
		return failField(KeyImageDamaged, field)
	}
	if cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return fail(KeyImageTooLarge, map[string]any{"Field": field, "MaxKB": MaxImageBytes >> 10})
	}
	if _, _, err := image.Decode(bytes.NewReader(img)); err != nil {
		return failField(KeyImageDamaged, field)
	}
	return nil
}

// ImageIsPNG tells the handout which decoder the picture needs.
func ImageIsPNG(img []byte) bool { return bytes.HasPrefix(img, pngMagic) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Marshal writes the canonical file: fixed field order, languages sorted,
// texts normalised, multi-line texts as readable TOML multi-line strings.
// Equal checklists give equal bytes, so Marshal(Parse(Marshal(c))) is
// Marshal(c).
func (c *Checklist) Marshal() ([]byte, error) {
	if err := c.Validate(Options{}); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("# Ringlet setup checklist. Format: docs/CHECKLIST-FORMAT.md\n")
	fmt.Fprintf(&b, "format = %d\n\n[ring]\n", FormatVersion)
	writeValue(&b, "name", normalizeText(c.Ring.Name))
	writeValue(&b, "times", normalizeText(c.Ring.Times))
	writeValue(&b, "link", strings.TrimSpace(c.Ring.Link))
	if privacy := normalizeMap(c.Privacy); len(privacy) > 0 {
		b.WriteString("\n[privacy]\n")
		for _, lang := range sortedKeys(privacy) {
			writeValue(&b, lang, privacy[lang])
		}
	}
	for _, s := range c.Steps {
		b.WriteString("\n[[step]]\n")
		writeValue(&b, "check", string(s.Check))
		writeValue(&b, "level", string(s.Level))
		for _, lang := range sortedKeys(s.Title) {
			writeValue(&b, "title."+lang, normalizeText(s.Title[lang]))
		}
		for _, lang := range sortedKeys(s.Text) {
			writeValue(&b, "text."+lang, normalizeText(s.Text[lang]))
		}
		if len(s.Image) > 0 {
			writeValue(&b, "image", base64.StdEncoding.EncodeToString(s.Image))
		}
	}
	return []byte(b.String()), nil
}

var (
	basicEscaper     = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\n", `\n`)
	multilineEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`)
)

// writeValue writes key = "value", skipping empty values so optional
// fields stay out of the file. Validation has already excluded every
// control character but newline and tab.
func writeValue(b *strings.Builder, key, value string) {
	if value == "" {
		return
	}
	if strings.Contains(value, "\n") {
		fmt.Fprintf(b, "%s = \"\"\"\n%s\"\"\"\n", key, multilineEscaper.Replace(value))
		return
	}
	fmt.Fprintf(b, "%s = \"%s\"\n", key, basicEscaper.Replace(value))
}
