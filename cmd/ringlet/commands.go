package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/ringlet/ringlet/i18n"
)

// cli is what every subcommand gets: where to write and how to translate.
type cli struct {
	stdout, stderr io.Writer
	catalog        *i18n.Catalog
	lang           string
}

// T translates for the terminal.
func (c *cli) T(key string, data ...any) string { return c.catalog.T(c.lang, key, data...) }

// fail prints a translated error and returns the exit status for it.
func (c *cli) fail(err error) int {
	fmt.Fprintln(c.stderr, c.catalog.Error(c.lang, err))
	return 1
}

// flags returns a flag set that already knows --lang, so every subcommand
// can be told its language the same way.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Func("lang", c.T("cli.flag.lang"), func(v string) error {
		c.lang = i18n.Preferred(v)
		return nil
	})
	return fs
}

// parse parses a subcommand's flags. Help that was asked for (-h, --help)
// is the command's answer and goes to stdout; usage after a mistake goes to
// stderr with the mistake.
func (c *cli) parse(fs *flag.FlagSet, args []string) error {
	var usage bytes.Buffer
	fs.SetOutput(&usage)
	err := fs.Parse(args)
	fs.SetOutput(c.stderr)
	if errors.Is(err, flag.ErrHelp) {
		_, _ = usage.WriteTo(c.stdout)
	} else {
		_, _ = usage.WriteTo(c.stderr)
	}
	return err
}

// parseFailed is the exit status after parse returned err: asking for help
// is no failure.
func parseFailed(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

type subcommand func(ctx context.Context, c *cli, args []string) int

var subcommands = map[string]subcommand{}

// register is called from each subcommand's file, so that subcommands can
// be added without touching this file.
func register(name string, run subcommand) { subcommands[name] = run }

// gui starts the desktop app; set by gui.go so the headless commands stay
// usable in tests without a display.
var gui func(args []string) int

func run(args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr, catalog: i18n.MustLoad(), lang: i18n.Preferred(os.Getenv("RINGLET_LANG"))}
	if len(args) > 0 {
		if sub, ok := subcommands[args[0]]; ok {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return sub(ctx, c, args[1:])
		}
		if args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
			return usage(c)
		}
	}
	return gui(args)
}

func usage(c *cli) int {
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(c.stdout, c.T("cli.usage"))
	for _, n := range names {
		fmt.Fprintf(c.stdout, "  ringlet %-10s %s\n", n, c.T("cli.help."+n))
	}
	return 0
}
