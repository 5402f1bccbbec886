package main

import (
	"crypto/rand"
	"encoding/hex"
)

// practiceKey is the key of the demo's end-to-end encrypted practice
// ring (ringlet demo --e2ee): a fresh random one for every run, in hex,
// which needs no escaping in a link's fragment. The ring lives in a
// private network on this computer and is gone when the demo ends, so
// the key may be shown in the link the demo prints: after "#key=" in a
// Janus link, after "#" in a LiveKit Meet link, as LiveKit Meet writes
// its passphrase.
func practiceKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on Linux
	return hex.EncodeToString(b[:])
}
