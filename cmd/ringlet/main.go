// Command ringlet is Ringlet's single binary: the GUI by default, and
// headless subcommands (parse, join, check, checklist) for power users,
// tests and benchmarks.
package main

import (
	"fmt"
	"os"

	"github.com/ringlet/ringlet/i18n"
	"github.com/ringlet/ringlet/internal/nocache"
	// Before Fyne initialises: it must find a locale it can parse, or it
	// writes errors to the terminal (see the package's doc).
	_ "github.com/ringlet/ringlet/internal/localeenv"
)

func main() {
	args, err := programArgs(os.Args)
	if err != nil {
		lang := i18n.Preferred(os.Getenv("RINGLET_LANG"))
		fmt.Fprintln(os.Stderr, i18n.MustLoad().T(lang, "cli.error.args_handover"))
		os.Exit(2)
	}
	// The process keeps its own copy of what it was started with (it is
	// not what /proc shows): the demo re-executes itself inside its
	// private network namespace and passes these on.
	os.Args = append(os.Args[:1:1], args...)
	attachConsole(args)
	code := run(args, os.Stdout, os.Stderr)
	// Whatever the command, the sound library was asked for devices as
	// Ringlet started, and may have left its runtime folder.
	nocache.RemoveEmptyPulseFolder()
	os.Exit(code)
}
