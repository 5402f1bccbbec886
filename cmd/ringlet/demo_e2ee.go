package main

import (
	"crypto/rand"
	"encoding/hex"
)

// practiceKey is the fragment of a link to the demo's end-to-end
// encrypted practice ring (ringlet demo --e2ee): a fresh random key for
// every run. The ring lives in a private network on this computer and
// is gone when the demo ends, so the key may be shown in the link the
// demo prints.
func practiceKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on Linux
	return "#key=" + hex.EncodeToString(b[:])
}
