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

	"github.com/ringlet/ringlet/app"
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

// subcommand runs one subcommand with its arguments (those after its
// name) and returns the exit status.
type subcommand func(ctx context.Context, c *cli, args []string) int

// command is one entry of ringlet's subcommand table.
type command struct {
	name    string
	run     subcommand
	helpKey string // the one line `ringlet help` shows for it
}

// commands is every subcommand the binary has: the table is the one place
// that names them. The demo exists only where a private network namespace
// can be had (demo.go, demo_other.go).
func commands() []command {
	return append([]command{
		{name: "parse", run: runParse, helpKey: "cli.help.parse"},
		{name: "join", run: runJoin, helpKey: "cli.help.join"},
		{name: "check", run: runCheck, helpKey: "cli.help.check"},
		{name: "checklist", run: runChecklist, helpKey: "cli.help.checklist"},
	}, platformCommands()...)
}

// findCommand returns the subcommand called name, if there is one.
func findCommand(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// run runs the subcommand args name, or the desktop app when args name
// none (they may hold a ring link or file for it).
func run(args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr, catalog: i18n.MustLoad(), lang: i18n.Preferred(os.Getenv("RINGLET_LANG"))}
	if len(args) > 0 {
		if cmd, ok := findCommand(args[0]); ok {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return cmd.run(ctx, c, args[1:])
		}
		if args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
			return usage(c)
		}
	}
	return app.Run(args)
}

// usage lists the subcommands, sorted by name, each with its help line.
func usage(c *cli) int {
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	fmt.Fprintln(c.stdout, c.T("cli.usage"))
	for _, cmd := range cmds {
		fmt.Fprintf(c.stdout, "  ringlet %-10s %s\n", cmd.name, c.T(cmd.helpKey))
	}
	return 0
}
