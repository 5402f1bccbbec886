// Package e2ee encrypts and decrypts media frames end to end, in the frame
// format of LiveKit's browser SDK (which descends from Jitsi's), so that a
// ring's server forwards frames it cannot read and browsers running
// livekit-client's E2EE can read Ringlet's and the other way round.
//
// The format, as livekit-client 2.23 writes it:
//
//		[clear header][AES-GCM ciphertext and 16-byte tag][IV][IV length][key index]
//
//	  - The clear header is left readable so that the server can still find
//	    key frames: 10 bytes of a VP8 key frame, 3 of a VP8 delta frame, 1 of
//	    an Opus frame (its TOC byte), none of VP9. It is the AEAD's
//	    additional data, so it cannot be changed unnoticed.
//	  - The IV is 12 bytes: the RTP SSRC, the RTP timestamp, and the timestamp
//	    minus a per-SSRC send counter (that starts at a random value), each
//	    big-endian.
//	  - Keys come from a passphrase through PBKDF2-SHA-256 (100,000
//	    iterations) or from raw key bytes through HKDF-SHA-256, both salted
//	    with "LKFrameEncryptionKey"; the AES key has 128 bits. A key is
//	    ratcheted forward by deriving 256 bits with the same function from
//	    the current material, which become the next material.
//	  - A key ring holds 16 keys; each frame names the index of its key.
//
// It is pure Go (the standard library's AES-GCM, PBKDF2 and HKDF) and
// allocates nothing per frame once its buffers have grown.
package e2ee

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/pbkdf2"
	"crypto/sha256"
	"errors"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// salt is livekit-client's ratchet salt, used for every derivation.
const salt = "LKFrameEncryptionKey"

// pbkdf2Iterations is livekit-client's work factor for passphrases.
const pbkdf2Iterations = 100_000

// keyBytes is the AES key size livekit-client uses by default (128 bits).
const keyBytes = 16

// hkdfInfo is livekit-client's HKDF info: 128 zero bytes.
var hkdfInfo = string(make([]byte, 128))

// derivation says how key material turns into keys.
type derivation int

const (
	fromPassphrase derivation = iota + 1 // PBKDF2
	fromBytes                            // HKDF
)

// Material is what keys are derived from: a passphrase or raw key bytes,
// or what ratcheting made of either. It never leaves this computer.
type Material struct {
	how    derivation
	secret []byte
}

// Errors, translated at the edge.
var (
	ErrNoKey       = keyerr.New("media.e2ee.no_key")
	ErrBadFrame    = keyerr.New("media.e2ee.bad_frame")
	ErrKeyMismatch = keyerr.New("media.e2ee.key_mismatch")
	ErrEmptySecret = keyerr.New("media.e2ee.empty_secret")
	errDerivation  = errors.New("key derivation failed")
)

// FromPassphrase is key material from a passphrase, as LiveKit Meet's
// "#passphrase" links and livekit-client's ExternalE2EEKeyProvider.setKey
// with a string make it.
func FromPassphrase(passphrase string) (Material, error) {
	if passphrase == "" {
		return Material{}, ErrEmptySecret
	}
	return Material{how: fromPassphrase, secret: []byte(passphrase)}, nil
}

// FromBytes is key material from raw key bytes (setKey with an
// ArrayBuffer).
func FromBytes(key []byte) (Material, error) {
	if len(key) == 0 {
		return Material{}, ErrEmptySecret
	}
	return Material{how: fromBytes, secret: append([]byte(nil), key...)}, nil
}

// derive returns n bytes derived from the material, the way WebCrypto's
// deriveKey and deriveBits do it for livekit-client.
func (m Material) derive(n int) ([]byte, error) {
	switch m.how {
	case fromPassphrase:
		return pbkdf2.Key(sha256.New, string(m.secret), []byte(salt), pbkdf2Iterations, n)
	case fromBytes:
		return hkdf.Key(sha256.New, m.secret, []byte(salt), hkdfInfo, n)
	}
	return nil, errDerivation
}

// Ratchet is the next material: 256 bits derived from this one, used as
// the secret of the same derivation.
func (m Material) Ratchet() (Material, error) {
	next, err := m.derive(32)
	if err != nil {
		return Material{}, err
	}
	return Material{how: m.how, secret: next}, nil
}

// aead derives the frame key and its AES-GCM.
func (m Material) aead() (cipher.AEAD, error) {
	key, err := m.derive(keyBytes)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
