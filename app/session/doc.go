// Package session runs one call as a UI-free state machine
// (Idle → Joining → InCall → Reconnecting → Left). It owns the pseudonym and
// the ring, drives the media engine and emits typed events on a channel for
// the GUI or the CLI. It imports no Fyne and leaks no pion types.
package session
