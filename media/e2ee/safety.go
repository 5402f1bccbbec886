package e2ee

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// safetyInfo separates the safety code from every key livekit-client
// derives: no frame key can be computed from the code, nor the code from
// a frame.
const safetyInfo = "Ringlet E2EE safety code v1"

// SafetyCode is a short code that everyone with the same key sees, for a
// group to compare aloud: four groups of three digits. Digits, not words,
// because people in one ring may run Ringlet in different languages.
//
// It is HKDF-SHA-256 over the key material's derivation (PBKDF2 for a
// passphrase), with its own info string, so the code reveals nothing
// about the frame keys, and guessing the passphrase from it costs the
// same PBKDF2 work per guess as guessing it from a frame. A different key
// gives the same code with a chance of one in 10^12.
func SafetyCode(m Material) (string, error) {
	base, err := m.derive(32)
	if err != nil {
		return "", err
	}
	code, err := hkdf.Key(sha256.New, base, []byte(salt), safetyInfo, 8)
	if err != nil {
		return "", err
	}
	n := binary.BigEndian.Uint64(code) % 1_000_000_000_000
	return fmt.Sprintf("%03d %03d %03d %03d", n/1_000_000_000, n/1_000_000%1000, n/1000%1000, n%1000), nil
}
