//go:build unix

package main

import (
	"os"
	"strconv"
	"syscall"
)

// reexecWithHiddenArgs writes args into a pipe and replaces this process
// with a fresh Ringlet whose only argument names the pipe's read end. It
// returns only on failure.
func reexecWithHiddenArgs(argv0 string, args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	if _, err := w.Write(encodeArgs(args)); err != nil {
		r.Close()
		w.Close()
		return err
	}
	w.Close()
	// The read end must survive exec; os.Pipe makes both ends close on
	// exec.
	fd := int(r.Fd())
	if _, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_SETFD, 0); errno != 0 {
		r.Close()
		return errno
	}
	err = syscall.Exec(exe, []string{argv0, argsFromFD + strconv.Itoa(fd)}, os.Environ())
	r.Close()
	return err
}
