package ring

// Message keys of the errors Parse returns. Callers can compare an
// (*Error).Key with them; the GUI and CLI translate them through i18n.
const (
	KeyEmpty          = "ring.error.empty"
	KeyTooLong        = "ring.error.too_long"
	KeyControlChars   = "ring.error.control_chars"
	KeyOptionLike     = "ring.error.option_like"
	KeyNotALink       = "ring.error.not_a_link"
	KeyBadScheme      = "ring.error.bad_scheme"
	KeyUserinfo       = "ring.error.userinfo"
	KeyBadHost        = "ring.error.bad_host"
	KeyLookalikeHost  = "ring.error.lookalike_host"
	KeyInsecureRemote = "ring.error.insecure_remote"
	KeyMissingRoom    = "ring.error.missing_room"
	KeyBadRoom        = "ring.error.bad_room"
	KeyBadPIN         = "ring.error.bad_pin"
	KeyBadEndpoint    = "ring.error.bad_endpoint"
	KeyAmbiguous      = "ring.error.ambiguous"
	KeyBadKey         = "ring.error.bad_key"
	KeyBadPassphrase  = "ring.error.bad_passphrase"
)

// fail builds an *Error. Args never hold the link or its secrets, only
// short harmless facts (a scheme name, a limit), so a translated message
// can be shown or logged without leaking the ring.
func fail(key string, args map[string]any) *Error {
	return &Error{Key: key, Args: args}
}
