//go:build !windows

package app

// trayAvailable reports whether the tray icon can be shown: on Linux and
// the BSDs it needs a session DBus (see hasSessionBus).
func trayAvailable() bool { return hasSessionBus() }
