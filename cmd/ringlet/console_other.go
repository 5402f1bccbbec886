//go:build !windows

package main

// attachConsole has nothing to do outside Windows: the terminal's output is
// already the program's (see console_windows.go).
func attachConsole([]string) {}
