// Package remember keeps, only when the user asks for it, a pseudonym or a
// room PIN per ring in the operating system's keyring (Secret Service,
// macOS Keychain, Windows Credential Manager) through go-keyring.
//
// The keyring lists its entries by service and user name, and anyone who
// opens the keyring viewer can read that list. So an entry is never named
// after the ring: its user name is an HMAC of the ring's identity, keyed
// with a random salt that itself lives in the keyring. Without the salt the
// name says nothing; with it, only someone who already knows the ring can
// recognise its entry. The package has no UI; its errors carry message
// keys.
package remember

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/zalando/go-keyring"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// Service is the keyring service name of every entry Ringlet writes.
const Service = "Ringlet"

// saltUser is the keyring user name of the salt entry.
const saltUser = "salt"

// entryPrefix starts every ring entry's user name.
const entryPrefix = "ring-"

// Secret is what can be remembered for one ring.
type Secret struct {
	Pseudonym string `json:"name,omitempty"`
	PIN       string `json:"pin,omitempty"`
}

// Keyring is the part of go-keyring this package uses; tests pass a fake
// or use keyring.MockInit.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// OSKeyring returns the operating system keyring through go-keyring.
func OSKeyring() Keyring { return osKeyring{} }

type osKeyring struct{}

func (osKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (osKeyring) Set(s, u, v string) error        { return keyring.Set(s, u, v) }
func (osKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// Store remembers secrets per ring.
type Store struct {
	kr Keyring
}

// New returns a Store on kr.
func New(kr Keyring) *Store { return &Store{kr: kr} }

// Error is a keyring failure in plain words: Key is an i18n message key.
type Error = keyerr.Error

// Message keys of the errors this package returns.
const (
	KeyUnavailable = "app.remember.unavailable"
	KeyCorrupt     = "app.remember.corrupt"
	KeyEmptyRing   = "app.remember.empty_ring"
)

// Load returns the secret remembered for ringID; ok is false when there is
// none (which is not an error).
func (s *Store) Load(ringID string) (Secret, bool, error) {
	user, ok, err := s.entryName(ringID, false)
	if err != nil || !ok {
		return Secret{}, false, err
	}
	v, err := s.kr.Get(Service, user)
	if errors.Is(err, keyring.ErrNotFound) {
		return Secret{}, false, nil
	}
	if err != nil {
		return Secret{}, false, &Error{Key: KeyUnavailable, Err: err}
	}
	var sec Secret
	if err := json.Unmarshal([]byte(v), &sec); err != nil {
		return Secret{}, false, &Error{Key: KeyCorrupt}
	}
	return sec, true, nil
}

// Save remembers sec for ringID, replacing what was there. An empty
// secret forgets the ring instead.
func (s *Store) Save(ringID string, sec Secret) error {
	if sec == (Secret{}) {
		return s.Forget(ringID)
	}
	user, _, err := s.entryName(ringID, true)
	if err != nil {
		return err
	}
	data, err := json.Marshal(sec)
	if err != nil {
		return &Error{Key: KeyCorrupt}
	}
	if err := s.kr.Set(Service, user, string(data)); err != nil {
		return &Error{Key: KeyUnavailable, Err: err}
	}
	return nil
}

// Forget removes what was remembered for ringID. Forgetting a ring that
// was never remembered is fine.
func (s *Store) Forget(ringID string) error {
	user, ok, err := s.entryName(ringID, false)
	if err != nil || !ok {
		return err
	}
	if err := s.kr.Delete(Service, user); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return &Error{Key: KeyUnavailable, Err: err}
	}
	return nil
}

// entryName returns the keyring user name for ringID. Without a salt in
// the keyring there can be no entries: ok is false unless create is set,
// in which case a new salt is made and stored.
func (s *Store) entryName(ringID string, create bool) (user string, ok bool, err error) {
	if ringID == "" {
		return "", false, &Error{Key: KeyEmptyRing}
	}
	salt, err := s.salt(create)
	if err != nil || salt == nil {
		return "", false, err
	}
	mac := hmac.New(sha256.New, salt)
	mac.Write([]byte(ringID))
	return entryPrefix + hex.EncodeToString(mac.Sum(nil)), true, nil
}

func (s *Store) salt(create bool) ([]byte, error) {
	v, err := s.kr.Get(Service, saltUser)
	if err == nil {
		salt, derr := hex.DecodeString(v)
		if derr != nil || len(salt) < 16 {
			return nil, &Error{Key: KeyCorrupt}
		}
		return salt, nil
	}
	if !errors.Is(err, keyring.ErrNotFound) {
		return nil, &Error{Key: KeyUnavailable, Err: err}
	}
	if !create {
		return nil, nil
	}
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return nil, &Error{Key: KeyUnavailable, Err: err}
	}
	if err := s.kr.Set(Service, saltUser, hex.EncodeToString(salt)); err != nil {
		return nil, &Error{Key: KeyUnavailable, Err: err}
	}
	return salt, nil
}

// ringsUser is the keyring user name of the list of remembered rings. It
// says nothing about them: labels and links are inside the secret, which
// the keyring encrypts.
const ringsUser = "rings"

// Ring is a ring the user asked Ringlet to remember on this computer,
// under a label only they see (the ring's title or one they typed, never
// the link).
type Ring struct {
	Label     string `json:"label"`
	Link      string `json:"link"`
	Pseudonym string `json:"name,omitempty"`
	PIN       string `json:"pin,omitempty"`
}

// Rings returns the remembered rings, oldest first; none is not an error.
func (s *Store) Rings() ([]Ring, error) {
	v, err := s.kr.Get(Service, ringsUser)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, &Error{Key: KeyUnavailable, Err: err}
	}
	var rings []Ring
	if err := json.Unmarshal([]byte(v), &rings); err != nil {
		return nil, &Error{Key: KeyCorrupt}
	}
	return rings, nil
}

// KeepRing remembers r, replacing a ring with the same link or label.
func (s *Store) KeepRing(r Ring) error {
	if r.Link == "" || r.Label == "" {
		return &Error{Key: KeyEmptyRing}
	}
	rings, err := s.Rings()
	if err != nil {
		return err
	}
	kept := rings[:0]
	for _, old := range rings {
		if old.Link != r.Link && old.Label != r.Label {
			kept = append(kept, old)
		}
	}
	return s.saveRings(append(kept, r))
}

// ForgetRing forgets the remembered ring with this link.
func (s *Store) ForgetRing(link string) error {
	rings, err := s.Rings()
	if err != nil {
		return err
	}
	kept := rings[:0]
	for _, r := range rings {
		if r.Link != link {
			kept = append(kept, r)
		}
	}
	return s.saveRings(kept)
}

// ForgetAll forgets every remembered ring, and the salt: the per-ring
// entries' names can then no longer be matched to any ring.
func (s *Store) ForgetAll() error {
	for _, user := range []string{ringsUser, saltUser} {
		if err := s.kr.Delete(Service, user); err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return &Error{Key: KeyUnavailable, Err: err}
		}
	}
	return nil
}

func (s *Store) saveRings(rings []Ring) error {
	if len(rings) == 0 {
		if err := s.kr.Delete(Service, ringsUser); err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return &Error{Key: KeyUnavailable, Err: err}
		}
		return nil
	}
	data, err := json.Marshal(rings)
	if err != nil {
		return &Error{Key: KeyCorrupt}
	}
	if err := s.kr.Set(Service, ringsUser, string(data)); err != nil {
		return &Error{Key: KeyUnavailable, Err: err}
	}
	return nil
}
