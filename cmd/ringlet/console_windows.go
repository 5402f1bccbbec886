package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// ringlet.exe is linked as a GUI program (-H windowsgui), so double-clicking
// it or a ringlet:// link never flashes a black console window. A GUI program
// gets no console of its own, though: the subcommands (parse, join, check, …)
// would print nothing in cmd.exe or PowerShell. So a subcommand attaches to
// the console of whoever started it. Output that the caller redirected to a
// file or pipe is left where it goes. One binary instead of a second
// ringlet-cli.exe keeps the installer small; the cost is that cmd.exe shows
// its prompt again before the output (it does not wait for GUI programs):
// `start /wait ringlet.exe parse …` waits.
var attachParentConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

// attachConsole points stdout and stderr at the parent's console when args
// name a subcommand and the parent gave no handle of its own.
func attachConsole(args []string) {
	if len(args) == 0 || !isCommandLine(args[0]) {
		return
	}
	outMissing := !usable(windows.STD_OUTPUT_HANDLE)
	errMissing := !usable(windows.STD_ERROR_HANDLE)
	if !outMissing && !errMissing {
		return
	}
	if ok, _, _ := attachParentConsole.Call(attachParentProcess); ok == 0 {
		return // started without a console (Explorer): nothing to print to
	}
	conout, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if outMissing {
		os.Stdout = conout
		_ = windows.SetStdHandle(windows.STD_OUTPUT_HANDLE, windows.Handle(conout.Fd()))
	}
	if errMissing {
		os.Stderr = conout
		_ = windows.SetStdHandle(windows.STD_ERROR_HANDLE, windows.Handle(conout.Fd()))
	}
}

// usable reports whether the process was given a real handle for std.
func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	_, err = windows.GetFileType(h)
	return err == nil
}

// isCommandLine reports whether arg starts a subcommand or the help rather
// than the GUI.
func isCommandLine(arg string) bool {
	if _, ok := findCommand(arg); ok {
		return true
	}
	return arg == "help" || arg == "--help" || arg == "-h"
}
