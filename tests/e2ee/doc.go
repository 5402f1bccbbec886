// Package e2ee holds the tests of end-to-end encrypted rings, whose
// server forwards frames it cannot read: on a real Janus, Ringlet
// participants with each other (janus_test.go); on a real LiveKit server,
// Ringlet with Debian's Chromium running LiveKit's own browser SDK keyed
// with the same passphrase (livekit_test.go). It has no code of its own.
// (The frame format itself is tested in media/e2ee.)
package e2ee
