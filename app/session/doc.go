// Package session runs one call as a UI-free state machine
// (Idle → Joining → InCall → Reconnecting → Left). It owns the pseudonym and
// the ring, drives the media engine and emits typed events on a channel for
// the GUI or the CLI. It imports no Fyne and leaks no pion types.
//
// It also runs the try-out before joining (OpenPreview): microphone and,
// unless voice only, camera, with the picture blurred exactly as a call
// would send it, but without any connection; and the speaker's test tone
// (PlayTestTone).
package session
