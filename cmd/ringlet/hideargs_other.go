//go:build !unix

package main

import "errors"

// reexecWithHiddenArgs: Windows has no exec that keeps the process, so the
// arguments stay as they are there.
func reexecWithHiddenArgs(string, []string) error {
	return errors.New("ringlet: no re-exec on this system")
}
