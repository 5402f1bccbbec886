package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/privacy"
	"github.com/ringlet/ringlet/app/ring"
)

// Exit statuses of ringlet check. Informational findings (such as the
// notice of a ring given without its checklist) never change them.
const (
	checkAllOK     = 0 // every check passed
	checkError     = 1 // bad flags, link or checklist: nothing was checked
	checkWarnings  = 2 // at least one warning
	checkUncertain = 3 // no warnings, but something could not be checked
)

// checkJSON is the machine-readable report. Field names are stable; every
// text comes with its message key, so scripts can match keys and people
// can read the text.
type checkJSON struct {
	Status   string        `json:"status"`
	ExitCode int           `json:"exit_code"`
	Lang     string        `json:"lang"`
	Findings []findingJSON `json:"findings"`
	Handoff  *handoffJSON  `json:"handoff,omitempty"`
}

type textJSON struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

type findingJSON struct {
	Check    string     `json:"check"`
	Status   string     `json:"status"`
	Title    textJSON   `json:"title"`
	Text     textJSON   `json:"text"`
	Evidence []textJSON `json:"evidence"`
	Fix      *fixJSON   `json:"fix,omitempty"`
}

type fixJSON struct {
	Kind   string    `json:"kind"`
	Button textJSON  `json:"button"`
	How    *textJSON `json:"how,omitempty"`
}

type handoffJSON struct {
	Platform      textJSON   `json:"platform"`
	NamePrefilled bool       `json:"name_prefilled"`
	Protects      []textJSON `json:"protects"`
	CannotProtect []textJSON `json:"cannot_protect"`
	Warning       *textJSON  `json:"warning,omitempty"`
}

// checkArgs are ringlet check's flags and its link, as given.
type checkArgs struct {
	name, camera, checklist, link string
	asJSON                        bool
}

// runCheck runs the privacy check-up and prints it. It reads local files
// only, sends nothing and writes nothing; the findings (which may name
// accounts) go to stdout for the user and nowhere else.
func runCheck(ctx context.Context, c *cli, args []string) int {
	a, status, ok := c.parseCheckArgs(args)
	if !ok {
		return status
	}
	opts, handoff, status, ok := c.checkOptions(a)
	if !ok {
		return status
	}
	report := privacy.Run(ctx, opts)
	status = checkStatus(report)
	if a.asJSON {
		return c.printCheckJSON(report, handoff, status)
	}
	c.printCheckText(report, handoff, status)
	return status
}

// parseCheckArgs reads ringlet check's flags, which may come before or
// after the link. When it returns !ok, status is the exit status (help
// that was asked for is no failure).
func (c *cli) parseCheckArgs(args []string) (a checkArgs, status int, ok bool) {
	fs := c.flags("check")
	fs.StringVar(&a.name, "name", "", c.T("privacy.cli.flag.name"))
	fs.BoolVar(&a.asJSON, "json", false, c.T("privacy.cli.flag.json"))
	fs.StringVar(&a.camera, "camera", "", c.T("privacy.cli.flag.camera"))
	fs.StringVar(&a.checklist, "checklist", "", c.T("privacy.cli.flag.checklist"))
	var positional []string
	for {
		if err := c.parse(fs, args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return a, checkAllOK, false
			}
			return a, checkError, false
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > 1 {
		fmt.Fprintln(c.stderr, c.T("privacy.cli.too_many_args"))
		return a, checkError, false
	}
	if len(positional) == 1 {
		a.link = positional[0]
	}
	return a, checkAllOK, true
}

// checkOptions turns the arguments into what the check-up looks at, and
// the hand-off when the link is a platform's. When it returns !ok, it has
// said what is wrong and status is the exit status.
func (c *cli) checkOptions(a checkArgs) (opts privacy.Options, handoff *ring.Handoff, status int, ok bool) {
	opts = privacy.SystemOptions()
	opts.Pseudonym = strings.TrimSpace(a.name)
	switch a.camera {
	case "":
	case "on":
		// The CLI cannot look at the picture, so the blur verdict stays
		// unknown and the finding says so.
		opts.Camera = &privacy.CameraState{On: true}
	case "off":
		opts.Camera = &privacy.CameraState{On: false}
	default:
		fmt.Fprintln(c.stderr, c.T("privacy.cli.bad_camera"))
		return opts, nil, checkError, false
	}
	linkText := a.link
	if a.checklist != "" {
		// readChecklist has already said what is wrong with the file.
		cl, _ := c.readChecklist(a.checklist)
		if cl == nil {
			return opts, nil, checkError, false
		}
		// The notice in the user's language (else English, German, any),
		// as the GUI shows it; the helper's link stands in when none was
		// given on the command line.
		opts.Ring = &privacy.RingFacts{Notice: checklist.Localized(cl.Privacy, c.lang), Checklist: true}
		if linkText == "" {
			linkText = cl.Ring.Link
		}
	}
	if linkText == "" {
		return opts, nil, checkAllOK, true
	}
	link, err := ring.Parse(linkText)
	if err != nil {
		return opts, nil, c.fail(err), false
	}
	if opts.Ring == nil {
		opts.Ring = &privacy.RingFacts{}
	}
	if link.Kind == ring.KindPlatform {
		h, err := ring.HandoffURL(link, ring.HandoffOptions{Pseudonym: opts.Pseudonym, AudioOnly: a.camera == "off"})
		if err != nil {
			return opts, nil, c.fail(err), false
		}
		handoff = &h
	}
	return opts, handoff, checkAllOK, true
}

// checkStatus is the exit status for a report: its worst finding.
func checkStatus(report privacy.Report) int {
	switch report.Worst() {
	case privacy.StatusWarn:
		return checkWarnings
	case privacy.StatusCantCheck:
		return checkUncertain
	}
	return checkAllOK
}

// printCheckJSON prints the machine-readable report and returns the exit
// status.
func (c *cli) printCheckJSON(report privacy.Report, handoff *ring.Handoff, status int) int {
	out := checkJSON{Status: report.Worst().String(), ExitCode: status, Lang: c.lang, Findings: []findingJSON{}}
	for _, f := range report.Findings {
		out.Findings = append(out.Findings, c.findingJSON(f))
	}
	if handoff != nil {
		out.Handoff = c.handoffJSON(*handoff)
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return checkError
	}
	return status
}

// printCheckText prints the report for people: the findings, what the
// hand-off protects, and a summary.
func (c *cli) printCheckText(report privacy.Report, handoff *ring.Handoff, status int) {
	fmt.Fprintln(c.stdout, c.T("privacy.cli.title"))
	for _, f := range report.Findings {
		c.printFinding(f)
	}
	if handoff != nil {
		c.printHandoff(*handoff)
	}
	fmt.Fprintln(c.stdout)
	switch status {
	case checkWarnings:
		fmt.Fprintln(c.stdout, c.T("privacy.cli.summary.warn"))
	case checkUncertain:
		fmt.Fprintln(c.stdout, c.T("privacy.cli.summary.cant_check"))
	default:
		fmt.Fprintln(c.stdout, c.T("privacy.cli.summary.ok"))
	}
	fmt.Fprintln(c.stdout, c.T("privacy.cli.nothing_sent"))
}

// printFinding prints one finding with its evidence and fix.
func (c *cli) printFinding(f privacy.Finding) {
	fmt.Fprintln(c.stdout)
	fmt.Fprintf(c.stdout, "[%s] %s\n", c.T(statusKey(f.Status)), c.catalog.Message(c.lang, f.Title))
	if f.Text.Key != "" {
		fmt.Fprintln(c.stdout, "  "+indent(c.catalog.Message(c.lang, f.Text)))
	}
	for _, e := range f.Evidence {
		fmt.Fprintln(c.stdout, "  - "+indent(c.catalog.Message(c.lang, e)))
	}
	if f.Fix.ButtonKey != "" {
		fmt.Fprintln(c.stdout, "  "+c.T("privacy.cli.fix", map[string]any{"Fix": c.T(f.Fix.ButtonKey, f.Fix.Args)}))
	}
	if f.Fix.HowKey != "" {
		fmt.Fprintln(c.stdout, "  "+indent(c.T(f.Fix.HowKey, f.Fix.Args)))
	}
}

// printHandoff prints what opening a platform ring protects and what not.
func (c *cli) printHandoff(h ring.Handoff) {
	fmt.Fprintln(c.stdout)
	fmt.Fprintln(c.stdout, c.T("privacy.cli.protects_title"))
	for _, k := range h.Protects {
		fmt.Fprintln(c.stdout, "  + "+indent(c.T(k)))
	}
	fmt.Fprintln(c.stdout, c.T("privacy.cli.cannot_title"))
	for _, k := range h.CannotProtect {
		fmt.Fprintln(c.stdout, "  - "+indent(c.T(k)))
	}
	if h.Warning != "" {
		fmt.Fprintln(c.stdout, "  ! "+indent(c.T(h.Warning)))
	}
}

func statusKey(s privacy.Status) string {
	switch s {
	case privacy.StatusOK:
		return "privacy.cli.status.ok"
	case privacy.StatusWarn:
		return "privacy.cli.status.warn"
	case privacy.StatusInfo:
		return "privacy.cli.status.info"
	}
	return "privacy.cli.status.cant_check"
}

// indent keeps multi-line messages (such as a privacy notice) inside
// their finding.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

func (c *cli) text(key string, args map[string]any) textJSON {
	return textJSON{Key: key, Text: c.T(key, args)}
}

func (c *cli) findingJSON(f privacy.Finding) findingJSON {
	out := findingJSON{
		Check:    f.Check,
		Status:   f.Status.String(),
		Title:    c.text(f.Title.Key, f.Title.Args),
		Text:     c.text(f.Text.Key, f.Text.Args),
		Evidence: []textJSON{},
	}
	for _, e := range f.Evidence {
		out.Evidence = append(out.Evidence, c.text(e.Key, e.Args))
	}
	if f.Fix.Kind != privacy.FixNone {
		fix := &fixJSON{Kind: f.Fix.Kind.String(), Button: c.text(f.Fix.ButtonKey, f.Fix.Args)}
		if f.Fix.HowKey != "" {
			how := c.text(f.Fix.HowKey, f.Fix.Args)
			fix.How = &how
		}
		out.Fix = fix
	}
	return out
}

func (c *cli) handoffJSON(h ring.Handoff) *handoffJSON {
	out := &handoffJSON{Platform: c.text(h.Platform.MessageKey(), nil), NamePrefilled: h.NamePrefilled,
		Protects: []textJSON{}, CannotProtect: []textJSON{}}
	for _, k := range h.Protects {
		out.Protects = append(out.Protects, c.text(k, nil))
	}
	for _, k := range h.CannotProtect {
		out.CannotProtect = append(out.CannotProtect, c.text(k, nil))
	}
	if h.Warning != "" {
		w := c.text(h.Warning, nil)
		out.Warning = &w
	}
	return out
}
