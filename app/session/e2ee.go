package session

import (
	"sync"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/e2ee"
)

// mismatchesToTell is how many frames in a row from one participant must
// fail to open before the person is told that this participant's key does
// not match: one bad frame can be damage, a run of them is another key.
const mismatchesToTell = 8

// EndToEnd is what an end-to-end encrypted call needs: the ring's keys,
// derived once from the link's key, and a watch on whose frames cannot be
// opened. It never holds the link's key itself longer than it takes to
// derive from it, and never logs or sends it.
type EndToEnd struct {
	keys *e2ee.KeyRing
	tell func(call.KeyMismatch)

	mu     sync.Mutex
	toldOf map[string]bool // participant IDs whose mismatch was told
}

// NewEndToEnd derives the keys for an encrypted ring's link (nil, nil
// for a link without a key). tell gets call.KeyMismatch (with the
// participant ID; the name is the caller's to fill in) once per
// participant whose frames keep failing; it is called from the receiving
// goroutines.
func NewEndToEnd(link ring.Link, tell func(call.KeyMismatch)) (*EndToEnd, error) {
	if !link.Encrypted() {
		return nil, nil
	}
	keys, err := e2ee.PassphraseRing(link.Key)
	if err != nil {
		return nil, err
	}
	return &EndToEnd{keys: keys, tell: tell, toldOf: map[string]bool{}}, nil
}

// SafetyCode is the code for a link's key, "" for a link without one (the
// link screen shows it before a call, the call screen during it).
func SafetyCode(link ring.Link) string {
	if !link.Encrypted() {
		return ""
	}
	m, err := e2ee.FromPassphrase(link.Key)
	if err != nil {
		return ""
	}
	code, err := e2ee.SafetyCode(m)
	if err != nil {
		return ""
	}
	return code
}

// Publish wraps the own media so that every frame leaves encrypted; it
// fails rather than publish anything in the clear.
func (e *EndToEnd) Publish(m call.LocalMedia) (call.LocalMedia, error) {
	return capture.Encrypted(m, e.keys)
}

// VideoOpener opens one participant's VP8 frames (for media/video's
// ReceiveOptions.Decrypt).
func (e *EndToEnd) VideoOpener(participantID string) func(dst, frame []byte) ([]byte, error) {
	return e.opener(participantID, e2ee.VP8Kind)
}

// AudioOpener opens one participant's Opus frames (for media/audio's
// ReceiveEncrypted).
func (e *EndToEnd) AudioOpener(participantID string) func(dst, frame []byte) ([]byte, error) {
	return e.opener(participantID, func([]byte) e2ee.Kind { return e2ee.Opus })
}

// opener decrypts one track's frames and counts those that fail in a
// row, whatever the reason: a frame under another key, and also one sent
// in the clear by someone without a key (which does not even have the
// format's trailer).
func (e *EndToEnd) opener(participantID string, kindOf func([]byte) e2ee.Kind) func(dst, frame []byte) ([]byte, error) {
	d := e2ee.NewDecryptor(e.keys)
	failures := 0
	return func(dst, frame []byte) ([]byte, error) {
		plain, err := d.Decrypt(dst, frame, kindOf(frame))
		if err == nil {
			failures = 0
			return plain, nil
		}
		if failures++; failures == mismatchesToTell {
			e.tellOnce(participantID)
		}
		return plain, err
	}
}

// tellOnce tells once per participant that their frames keep failing.
func (e *EndToEnd) tellOnce(participantID string) {
	e.mu.Lock()
	already := e.toldOf[participantID]
	e.toldOf[participantID] = true
	e.mu.Unlock()
	if !already && e.tell != nil {
		e.tell(call.KeyMismatch{ParticipantID: participantID})
	}
}

// encrypt prepares an end-to-end encrypted call for the link's key: the
// call's state gets the keys (for the tracks received later), and the
// own media is wrapped so that it leaves encrypted only. Without a key
// the media is published as it is.
func (s *Session) encrypt(media LocalMedia) (call.LocalMedia, error) {
	e, err := NewEndToEnd(s.opts.Link, func(k call.KeyMismatch) {
		s.note(func() {
			k.Name, _ = s.st.people.name(k.ParticipantID)
			s.emit(k)
		}, false)
	})
	if err != nil || e == nil {
		return media, err
	}
	if !s.keep(func(c *callState) { c.e2e = e }, func() error { return nil }) {
		return nil, ErrLeftWhileJoining
	}
	return e.Publish(media)
}

// tellSealed is media/video's OnSealed for a call without a key: the
// first frame of this participant that is encrypted end to end makes the
// person be told that their link has no key (the frames are dropped).
func (s *Session) tellSealed(participantID string) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			s.note(func() {
				name, _ := s.st.people.name(participantID)
				s.emit(call.KeyMismatch{ParticipantID: participantID, Name: name, NoKey: true})
			}, false)
		})
	}
}
