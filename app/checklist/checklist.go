package checklist

// FormatVersion is the newest file format this package reads and the one it
// writes. Files with a higher version are refused with KeyTooNew rather than
// half-understood, because a newer step kind might be a privacy step the
// newcomer must not silently miss.
const FormatVersion = 1

// Limits keep every checklist small enough to fit into a link, to print on
// one or two pages and to read without fear of memory exhaustion.
const (
	MaxFileBytes    = 256 << 10 // a whole .ring file
	MaxShareLinkLen = 400 << 10 // a whole share link, before decoding
	MaxImageBytes   = 64 << 10  // one custom step's decoded image
	MaxImageSide    = 1024      // pixels, either side
	MaxSteps        = 20
	MaxLanguages    = 8
	MaxNameRunes    = 120
	MaxTimesRunes   = 400
	MaxNoticeRunes  = 6000
	MaxTitleRunes   = 120
	MaxTextRunes    = 800
	MaxLinkBytes    = 2048
	maxNesting      = 4 // deepest bracket nesting the schema ever needs is 1
)

// Level says how strongly a step is advised.
type Level string

const (
	// Required steps are the ones the helper insists on, e.g. not showing
	// a Google account name.
	Required Level = "required"
	// Recommended steps are good advice the newcomer may skip.
	Recommended Level = "recommended"
)

// Checklist is one helper's setup checklist for a ring.
type Checklist struct {
	// Format is the file format version; Marshal always writes
	// FormatVersion.
	Format int
	Ring   Ring
	// Privacy holds the ring's privacy notice by language code ("de",
	// "en", …). It may be empty.
	Privacy map[string]string
	Steps   []Step
}

// Ring describes the meeting as the helper would on the group's homepage.
type Ring struct {
	Name  string
	Times string // free text, e.g. "Tuesdays 19:00–20:30"
	// Link is optional: a helper may send it separately. It may hold a
	// PIN, so it is never logged and never printed in clear text.
	Link string
}

// Step is either a built-in check (Check is set) or a custom step written
// by the helper (Title is set).
type Step struct {
	Check Check
	Level Level
	// Custom steps only: text by language code, and an optional small PNG
	// or JPEG picture (the raw file bytes).
	Title map[string]string
	Text  map[string]string
	Image []byte
}

// IsCustom reports whether the helper wrote this step themselves.
func (s Step) IsCustom() bool { return s.Check == "" }

// Check names a built-in step whose texts ship with Ringlet and which the
// GUI can check or fix on the newcomer's computer.
type Check string

const (
	NoGoogleSignin       Check = "no_google_signin"
	NoZoomAccount        Check = "no_zoom_account"
	PseudonymNotRealName Check = "pseudonym_not_real_name"
	AudioOnly            Check = "audio_only"
	CameraBlurred        Check = "camera_blurred"
	Headphones           Check = "headphones"
	StartMuted           Check = "start_muted"
)

// CheckText holds the i18n message keys of a built-in check: a short title,
// why it matters, and how to do it.
type CheckText struct {
	TitleKey, WhyKey, HowKey string
}

// builtins lists the keys as literals so that the i18n test finds each of
// them in the translation files.
var builtins = map[Check]CheckText{
	NoGoogleSignin: {
		"checklist.step.no_google_signin.title",
		"checklist.step.no_google_signin.why",
		"checklist.step.no_google_signin.how",
	},
	NoZoomAccount: {
		"checklist.step.no_zoom_account.title",
		"checklist.step.no_zoom_account.why",
		"checklist.step.no_zoom_account.how",
	},
	PseudonymNotRealName: {
		"checklist.step.pseudonym_not_real_name.title",
		"checklist.step.pseudonym_not_real_name.why",
		"checklist.step.pseudonym_not_real_name.how",
	},
	AudioOnly: {
		"checklist.step.audio_only.title",
		"checklist.step.audio_only.why",
		"checklist.step.audio_only.how",
	},
	CameraBlurred: {
		"checklist.step.camera_blurred.title",
		"checklist.step.camera_blurred.why",
		"checklist.step.camera_blurred.how",
	},
	Headphones: {
		"checklist.step.headphones.title",
		"checklist.step.headphones.why",
		"checklist.step.headphones.how",
	},
	StartMuted: {
		"checklist.step.start_muted.title",
		"checklist.step.start_muted.why",
		"checklist.step.start_muted.how",
	},
}

// Checks returns the built-in checks in a stable order.
func Checks() []Check {
	return []Check{NoGoogleSignin, NoZoomAccount, PseudonymNotRealName, AudioOnly, CameraBlurred, Headphones, StartMuted}
}

// Text returns the message keys of a built-in check; ok is false for an
// unknown one.
func (c Check) Text() (t CheckText, ok bool) {
	t, ok = builtins[c]
	return t, ok
}

// MessageKey is the i18n key that names a level for people.
func (l Level) MessageKey() string {
	if l == Required {
		return "checklist.level.required"
	}
	return "checklist.level.recommended"
}

// Localized picks the text for lang from a by-language map, falling back to
// English, then German, then the alphabetically first language, so a
// helper who wrote only one language still reaches everyone.
func Localized(texts map[string]string, lang string) string {
	for _, l := range []string{lang, "en", "de"} {
		if t, ok := texts[l]; ok && t != "" {
			return t
		}
	}
	for _, l := range sortedKeys(texts) {
		if texts[l] != "" {
			return texts[l]
		}
	}
	return ""
}
