package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/i18n"
)

// runChecklist is the helpers' tool: make a checklist from a template,
// check it, print a handout and turn it into a share link and back.
func runChecklist(ctx context.Context, c *cli, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, c.T("checklist.cli.usage"))
		return 2
	}
	switch args[0] {
	case "new":
		return checklistNew(c, args[1:])
	case "check":
		return checklistCheck(c, args[1:])
	case "handout":
		return checklistHandout(c, args[1:])
	case "link":
		return checklistLink(c, args[1:])
	case "open":
		return checklistOpen(c, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(c.stdout, c.T("checklist.cli.usage"))
		return 0
	}
	fmt.Fprintln(c.stderr, c.T("checklist.cli.error.unknown", map[string]any{"Name": args[0]}))
	fmt.Fprintln(c.stderr, c.T("checklist.cli.usage"))
	return 2
}

// checklistOptions injects the ring-link parser into the UI-free package.
func checklistOptions() checklist.Options {
	return checklist.Options{ValidateLink: func(link string) error {
		_, err := ring.Parse(link)
		return err
	}}
}

// parseArgs lets flags come before or after the file name, as people
// type them ("handout x.ring --lang de -o x.pdf").
func parseArgs(c *cli, fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := c.parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// failChecklist prints a translated error, and the ring parser's own
// reason underneath when the link was what was wrong.
func (c *cli) failChecklist(err error) int {
	code := c.fail(err)
	var ce *checklist.Error
	var cause i18n.Messager
	if errors.As(err, &ce) && ce.Err != nil && errors.As(ce.Err, &cause) {
		fmt.Fprintln(c.stderr, c.catalog.Message(c.lang, cause))
	}
	return code
}

func (c *cli) usageError() int {
	fmt.Fprintln(c.stderr, c.T("checklist.cli.error.args"))
	fmt.Fprintln(c.stderr, c.T("checklist.cli.usage"))
	return 2
}

// readChecklist reads a .ring file, or decodes a share link given in its
// place, so a helper can check a link they were sent. It reads at most one
// byte more than a checklist may have, so a huge file is refused by Parse
// without being read whole.
func (c *cli) readChecklist(path string) (*checklist.Checklist, int) {
	if checklist.IsShareLink(path) {
		cl, err := checklist.ParseShareLink(path, checklistOptions())
		if err != nil {
			return nil, c.failChecklist(err)
		}
		return cl, 0
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("checklist.cli.error.read"))
		return nil, 1
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, checklist.MaxFileBytes+1))
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("checklist.cli.error.read"))
		return nil, 1
	}
	cl, err := checklist.Parse(data, checklistOptions())
	if err != nil {
		return nil, c.failChecklist(err)
	}
	return cl, 0
}

func checklistNew(c *cli, args []string) int {
	fs := c.flags("checklist new")
	template := fs.String("template", "self-help", c.T("checklist.cli.flag.template"))
	name := fs.String("name", "", c.T("checklist.cli.flag.name"))
	times := fs.String("times", "", c.T("checklist.cli.flag.times"))
	link := fs.String("link", "", c.T("checklist.cli.flag.link"))
	rest, err := parseArgs(c, fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(rest) != 0 {
		return c.usageError()
	}
	cl, err := checklist.Template(*template)
	if err != nil {
		return c.failChecklist(err)
	}
	cl.Ring.Name = *name
	if strings.TrimSpace(cl.Ring.Name) == "" {
		for _, info := range checklist.Templates() {
			if info.Name == *template {
				cl.Ring.Name = c.T(info.TitleKey)
			}
		}
	}
	cl.Ring.Times = *times
	cl.Ring.Link = *link
	if err := cl.Validate(checklistOptions()); err != nil {
		return c.failChecklist(err)
	}
	data, err := cl.Marshal()
	if err != nil {
		return c.failChecklist(err)
	}
	c.stdout.Write(data)
	return 0
}

func checklistCheck(c *cli, args []string) int {
	fs := c.flags("checklist check")
	rest, err := parseArgs(c, fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(rest) != 1 {
		return c.usageError()
	}
	cl, code := c.readChecklist(rest[0])
	if cl == nil {
		return code
	}
	fmt.Fprintln(c.stdout, c.T("checklist.cli.check.ok", map[string]any{"Name": cl.Ring.Name, "Count": len(cl.Steps)}))
	if cl.Ring.Times != "" {
		fmt.Fprintln(c.stdout, c.T("checklist.cli.check.times", map[string]any{"Times": strings.ReplaceAll(cl.Ring.Times, "\n", "; ")}))
	}
	// The link itself is never printed: it may carry the room's PIN.
	if cl.Ring.Link != "" {
		fmt.Fprintln(c.stdout, c.T("checklist.cli.check.link_included"))
	} else {
		fmt.Fprintln(c.stdout, c.T("checklist.cli.check.link_separate"))
	}
	if len(cl.Privacy) > 0 {
		langs := make([]string, 0, len(cl.Privacy))
		for l := range cl.Privacy {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		fmt.Fprintln(c.stdout, c.T("checklist.cli.check.privacy", map[string]any{"Languages": strings.Join(langs, ", ")}))
	}
	fmt.Fprintln(c.stdout)
	for i, s := range cl.Steps {
		title := checklist.Localized(s.Title, c.lang)
		why := checklist.Localized(s.Text, c.lang)
		if t, ok := s.Check.Text(); ok {
			title, why = c.T(t.TitleKey), c.T(t.WhyKey)
		}
		fmt.Fprintf(c.stdout, "%2d. %s  [%s]\n", i+1, title, c.T(s.Level.MessageKey()))
		if why != "" {
			fmt.Fprintf(c.stdout, "    %s\n", strings.ReplaceAll(why, "\n", "\n    "))
		}
	}
	return 0
}

func checklistHandout(c *cli, args []string) int {
	fs := c.flags("checklist handout")
	output := fs.String("o", "", c.T("checklist.cli.flag.output"))
	noQR := fs.Bool("no-qr", false, c.T("checklist.cli.flag.no_qr"))
	rest, err := parseArgs(c, fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(rest) != 1 {
		return c.usageError()
	}
	if *output == "" {
		fmt.Fprintln(c.stderr, c.T("checklist.cli.error.output_missing"))
		return 2
	}
	cl, code := c.readChecklist(rest[0])
	if cl == nil {
		return code
	}
	var pdf bytes.Buffer
	err = checklist.WriteHandout(&pdf, cl, checklist.HandoutOptions{
		Lang:      c.lang,
		Translate: func(key string, data map[string]any) string { return c.T(key, data) },
		NoQR:      *noQR,
	})
	if err != nil {
		return c.failChecklist(err)
	}
	// Owner-only: the QR code may hold the room's PIN.
	if err := os.WriteFile(*output, pdf.Bytes(), 0o600); err != nil {
		fmt.Fprintln(c.stderr, c.T("checklist.cli.error.write"))
		return 1
	}
	fmt.Fprintln(c.stderr, c.T("checklist.cli.handout.written", map[string]any{"File": *output}))
	return 0
}

func checklistLink(c *cli, args []string) int {
	fs := c.flags("checklist link")
	base := fs.String("base", "", c.T("checklist.cli.flag.base"))
	rest, err := parseArgs(c, fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(rest) != 1 {
		return c.usageError()
	}
	cl, code := c.readChecklist(rest[0])
	if cl == nil {
		return code
	}
	link, err := checklist.ShareLink(cl, *base)
	if err != nil {
		return c.failChecklist(err)
	}
	fmt.Fprintln(c.stdout, link)
	return 0
}

func checklistOpen(c *cli, args []string) int {
	fs := c.flags("checklist open")
	rest, err := parseArgs(c, fs, args)
	if err != nil {
		return parseFailed(err)
	}
	if len(rest) != 1 {
		return c.usageError()
	}
	cl, err := checklist.ParseShareLink(rest[0], checklistOptions())
	if err != nil {
		return c.failChecklist(err)
	}
	data, err := cl.Marshal()
	if err != nil {
		return c.failChecklist(err)
	}
	c.stdout.Write(data)
	return 0
}
