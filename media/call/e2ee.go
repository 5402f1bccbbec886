package call

// KeyMismatch (session): in an end-to-end encrypted ring, several frames
// in a row from this participant could not be opened with the ring's key:
// their key is not the same. Their picture and sound are left out (never
// shown or played as garbage). Name is the one they are shown under, so
// that the person knows whose link to compare.
//
// NoKey says that this person has no key at all (a link without one, in a
// ring whose server lets that in) and the participant's frames are
// encrypted: the same protection, other words.
type KeyMismatch struct {
	ParticipantID, Name string
	NoKey               bool
}

// MessageKey implements i18n.Messager.
func (k KeyMismatch) MessageKey() string {
	if k.NoKey {
		return "session.notice.sealed_no_key"
	}
	return "session.notice.key_mismatch"
}

// MessageArgs implements i18n.Messager.
func (k KeyMismatch) MessageArgs() map[string]any { return map[string]any{"Name": k.Name} }

func (KeyMismatch) callEvent() {}
