package checklist

import "github.com/ringlet/ringlet/internal/keyerr"

// Message keys of the errors this package returns. The GUI and CLI
// translate them; tests compare (*Error).Key with them.
const (
	KeyEmpty           = "checklist.error.empty"
	KeyTooLarge        = "checklist.error.too_large"
	KeyTooDeep         = "checklist.error.too_deep"
	KeySyntax          = "checklist.error.syntax"
	KeyUnknownField    = "checklist.error.unknown_field"
	KeyMissingFormat   = "checklist.error.missing_format"
	KeyTooNew          = "checklist.error.too_new"
	KeyMissingName     = "checklist.error.missing_name"
	KeyTextTooLong     = "checklist.error.text_too_long"
	KeyControlChars    = "checklist.error.control_chars"
	KeyBidi            = "checklist.error.bidi"
	KeyScriptLike      = "checklist.error.script_like"
	KeyBadLinkScheme   = "checklist.error.bad_link_scheme"
	KeyBadLink         = "checklist.error.bad_link"
	KeyNoSteps         = "checklist.error.no_steps"
	KeyTooManySteps    = "checklist.error.too_many_steps"
	KeyUnknownCheck    = "checklist.error.unknown_check"
	KeyDuplicateCheck  = "checklist.error.duplicate_check"
	KeyBadLevel        = "checklist.error.bad_level"
	KeyBuiltinWithText = "checklist.error.builtin_with_text"
	KeyStepNoTitle     = "checklist.error.step_no_title"
	KeyBadLanguage     = "checklist.error.bad_language"
	KeyTooManyLangs    = "checklist.error.too_many_languages"
	KeyImageTooLarge   = "checklist.error.image_too_large"
	KeyImageType       = "checklist.error.image_type"
	KeyImageDamaged    = "checklist.error.image_damaged"
	KeyNotShareLink    = "checklist.error.not_share_link"
	KeyShareDamaged    = "checklist.error.share_damaged"
	KeyBadBase         = "checklist.error.bad_base"
	KeyUnknownTemplate = "checklist.error.unknown_template"
	KeyHandout         = "checklist.error.handout"
)

// Error is a typed failure. Args hold only harmless facts (a field name, a
// limit, a version number), never the checklist's text or link, so a
// translated message can be shown or logged without leaking the ring.
type Error = keyerr.Error

func fail(key string, args map[string]any) *Error { return &Error{Key: key, Args: args} }

func failField(key, field string) *Error { return fail(key, map[string]any{"Field": field}) }
