//go:build !linux

package main

// platformCommands are the subcommands only some systems have: here none
// (the demo needs Linux' network namespaces, see demo.go).
func platformCommands() []command { return nil }
