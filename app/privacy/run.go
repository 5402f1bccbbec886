package privacy

import (
	"context"
	"os"
	"os/exec"
	"os/user"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/ringlet/ringlet/app/ring"
)

// CameraState is what the call screen knows about the camera. BlurVerdict
// comes from media/blur: "blurred", "not_blurred", "cant_tell" or "" when
// nothing was measured.
type CameraState struct {
	On          bool
	BlurVerdict string
}

// Recording says whether the ring records, as far as anyone knows.
type Recording int

const (
	RecordingUnknown Recording = iota
	RecordingOff
	RecordingOn
)

// RingFacts is what is known about the ring itself.
type RingFacts struct {
	// Notice is the ring's privacy notice (from a helper's checklist), in
	// the user's language; empty when there is none.
	Notice string
	// Checklist says the facts come from the helper's checklist for this
	// ring. Only then does an empty Notice mean the group gave none; for a
	// bare link it only means Ringlet cannot know.
	Checklist bool
	Recording Recording
	// Kind and Platform say which ring this is. A signed-in Google or
	// Zoom matters for a hand-off to that service; Ringlet joining a
	// native ring itself sends nothing to either, so there it is no
	// warning. Zero means unknown: everything is weighed as before.
	Kind     ring.Kind
	Platform ring.Platform
}

// Options tells Run what to look at and injects everything it would
// otherwise take from the computer, so tests can build any layout.
type Options struct {
	GOOS string              // "linux", "darwin", "windows"…
	Home string              // the user's home folder
	Env  func(string) string // environment lookups (LOCALAPPDATA, XDG_CONFIG_HOME…)
	Now  func() time.Time

	// Login is the user's login name; empty falls back to USER/USERNAME.
	Login string
	// ReadFile reads /etc/passwd for the full name on Linux and BSDs.
	ReadFile func(string) ([]byte, error)
	// Command runs a program (macOS id -F).
	Command func(ctx context.Context, name string, args ...string) ([]byte, error)
	// WindowsDisplayName returns the Windows account's display name.
	WindowsDisplayName func() (string, error)
	// Timeout bounds the whole check-up when ctx has no deadline.
	Timeout time.Duration

	// Pseudonym is checked against real names when not empty.
	Pseudonym string
	// AudioOnly means the camera is never opened.
	AudioOnly bool
	// Camera, when not nil, is checked (on, off, background blurred).
	Camera *CameraState
	// Ring, when not nil, adds the ring's notice and recording state.
	Ring *RingFacts

	// extraJobs lets tests add a check that behaves in a chosen way
	// (slow, ignoring the deadline) without real slow files.
	extraJobs []job
	// beforeCookieDB, when set, is called before each cookie database is
	// read, so tests can let the deadline pass at an exact point.
	beforeCookieDB func(path string)
}

// SystemOptions returns Options for this computer and user.
func SystemOptions() Options {
	o := Options{
		GOOS:     runtime.GOOS,
		Env:      os.Getenv,
		Now:      time.Now,
		ReadFile: os.ReadFile,
		Command: func(ctx context.Context, name string, args ...string) ([]byte, error) {
			return exec.CommandContext(ctx, name, args...).Output()
		},
	}
	o.Home, _ = os.UserHomeDir()
	if u, err := user.Current(); err == nil {
		o.Login = loginName(u.Username)
		name := u.Name
		o.WindowsDisplayName = func() (string, error) { return windowsDisplayName(name) }
	}
	return o
}

// DefaultTimeout bounds a check-up whose context has no deadline.
const DefaultTimeout = 5 * time.Second

// runner is one check-up in progress.
type runner struct {
	opts Options
	env  env
	now  func() time.Time
}

// job is one independent check. name is what the user knows it by (the
// product name), for the "took too long" finding.
type job struct {
	id   string
	name string
	run  func(ctx context.Context) ([]Finding, []string)
}

// jobResult is what one check delivered. late is set when the check
// returned only after the deadline: its answer may have been cut short
// anywhere, so it is never trusted, not even an OK.
type jobResult struct {
	findings []Finding
	names    []string
	late     bool
}

// Run performs the check-up. The checks run concurrently; a check that has
// not returned by the time ctx ends is reported as "could not check" with
// the reason that it took too long, never with what it had seen so far.
// Nothing is cached, logged or written: cookie databases are read into
// memory, never copied to disk. A check cut off by the deadline stops at
// its next step and lets go of its snapshot; Run waits up to
// stragglerGrace for that.
func Run(ctx context.Context, opts Options) Report {
	if _, ok := ctx.Deadline(); !ok {
		timeout := opts.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	o := newRunner(opts)
	jobs := o.jobs()
	results, running := startJobs(ctx, jobs)
	// Checks cut off by the deadline notice it at their next step and
	// close their databases; give them a moment to do so, so that
	// normally nothing of the check-up still runs when Run returns.
	defer waitAtMost(running, stragglerGrace)
	osNames := func() (names []string, late bool) { return nil, false }
	if opts.Pseudonym != "" {
		osNames = o.startOSNames(ctx)
	}

	var report Report
	var accountNames []string
	namesIncomplete := false
	for i, j := range jobs {
		r, ok := collect(ctx, results[i])
		if !ok || r.late {
			report.Findings = append(report.Findings, timeoutFinding(j))
			namesIncomplete = true
			continue
		}
		report.Findings = append(report.Findings, r.findings...)
		accountNames = append(accountNames, r.names...)
	}
	if opts.Pseudonym != "" {
		names, late := osNames()
		report.Findings = append(report.Findings, nameFinding(opts.Pseudonym, append(names, accountNames...), namesIncomplete || late))
	}
	report.Findings = append(report.Findings, checkCamera(opts)...)
	report.Findings = append(report.Findings, checkRing(opts.Ring)...)
	report.Findings = weighForRing(opts.Ring, report.Findings)
	return report
}

// newRunner fills in what opts leave out: no environment, the clock, this
// system.
func newRunner(opts Options) *runner {
	o := &runner{opts: opts, env: env{goos: opts.GOOS, home: opts.Home, get: opts.Env}, now: opts.Now}
	if o.env.get == nil {
		o.env.get = func(string) string { return "" }
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.env.goos == "" {
		o.env.goos = runtime.GOOS
	}
	return o
}

// jobs are the independent checks, in the order their findings are
// shown: each Chromium-family browser, Firefox, Zoom, Teams, and what a
// test adds.
func (o *runner) jobs() []job {
	var jobs []job
	for _, b := range o.env.chromiumBrowsers() {
		jobs = append(jobs, job{id: "google." + b.ID, name: b.Name, run: func(ctx context.Context) ([]Finding, []string) { return checkChromium(ctx, o, b) }})
	}
	jobs = append(jobs,
		job{id: "google.firefox", name: "Firefox", run: func(ctx context.Context) ([]Finding, []string) { return checkFirefox(ctx, o) }},
		job{id: "zoom", name: "Zoom", run: func(ctx context.Context) ([]Finding, []string) { return checkZoom(ctx, o), nil }},
		job{id: "teams", name: "Microsoft Teams", run: func(ctx context.Context) ([]Finding, []string) { return checkTeams(ctx, o), nil }},
	)
	return append(jobs, o.opts.extraJobs...)
}

// startJobs runs every job in a goroutine of its own. Each delivers once
// on its channel in results; running counts those still going.
func startJobs(ctx context.Context, jobs []job) (results []chan jobResult, running *sync.WaitGroup) {
	results = make([]chan jobResult, len(jobs))
	running = &sync.WaitGroup{}
	for i, j := range jobs {
		results[i] = make(chan jobResult, 1)
		running.Add(1)
		go func() {
			defer running.Done()
			f, n := j.run(ctx)
			// A check that saw the deadline may have skipped profiles or
			// had a read interrupted; whatever it says is incomplete.
			results[i] <- jobResult{f, n, ctx.Err() != nil}
		}()
	}
	return results, running
}

// startOSNames looks up the operating system's names for the user while
// the checks run; wait returns them, and whether the deadline cut the
// lookup short.
func (o *runner) startOSNames(ctx context.Context) (wait func() (names []string, late bool)) {
	var done sync.WaitGroup
	var names []string
	late := false
	done.Add(1)
	go func() {
		defer done.Done()
		names = o.osNames(ctx)
		late = ctx.Err() != nil
	}()
	return func() ([]string, bool) {
		done.Wait()
		return names, late
	}
}

// nameFinding compares the pseudonym with the names found. When some
// names were never found (incomplete), "does not look like your real
// name" would be a guess, so it says it could not tell.
func nameFinding(pseudonym string, names []string, incomplete bool) Finding {
	f := checkRealName(pseudonym, names)
	if f.Status == StatusOK && incomplete {
		f = Finding{Check: "name", Status: StatusCantCheck,
			Title: Message{Key: "privacy.name.incomplete.title"},
			Text:  Message{Key: "privacy.name.incomplete.text"},
			Fix:   Fix{Kind: FixPickAnotherName, ButtonKey: "privacy.fix.pick_another_name"}}
	}
	return f
}

// weighForRing turns account warnings that do not matter for this ring
// into information, and for a native ring says what does matter there.
func weighForRing(r *RingFacts, findings []Finding) []Finding {
	if r == nil || r.Kind == 0 {
		return findings
	}
	for i, f := range findings {
		if f.Status != StatusWarn || accountMatters(f.Check, r) {
			continue
		}
		f.Status, f.Fix = StatusInfo, Fix{}
		f.Text = Message{Key: "privacy.account.not_here.text"}
		if r.Kind == ring.KindNative {
			f.Text = Message{Key: "privacy.account.native.text"}
		}
		findings[i] = f
	}
	if r.Kind == ring.KindNative {
		findings = append(findings, Finding{Check: "native_matters", Status: StatusInfo,
			Title: Message{Key: "privacy.native.matters.title"}, Text: Message{Key: "privacy.native.matters.text"}})
	}
	return findings
}

// accountMatters tells whether a check about a signed-in account matters
// for this ring: Google for Meet, Zoom for Zoom, Teams for Teams. Other
// checks (name, camera, the ring's own facts) always matter.
func accountMatters(check string, r *RingFacts) bool {
	switch {
	case strings.HasPrefix(check, "google."):
		return r.Kind == ring.KindPlatform && r.Platform == ring.PlatformMeet
	case check == "zoom":
		return r.Kind == ring.KindPlatform && r.Platform == ring.PlatformZoom
	case check == "teams":
		return r.Kind == ring.KindPlatform && r.Platform == ring.PlatformTeams
	}
	return true
}

// collect waits for one check's result until ctx ends. A result already
// delivered wins over the deadline, so the outcome does not depend on
// which of two ready channels select happens to pick.
func collect(ctx context.Context, ch <-chan jobResult) (jobResult, bool) {
	select {
	case r := <-ch:
		return r, true
	case <-ctx.Done():
	}
	select {
	case r := <-ch:
		return r, true
	default:
		return jobResult{}, false
	}
}

// timeoutFinding stands in for a check that did not finish in time.
func timeoutFinding(j job) Finding {
	return Finding{
		Check:    j.id,
		Status:   StatusCantCheck,
		Title:    Message{Key: "privacy.timeout.title"},
		Text:     Message{Key: "privacy.timeout.text"},
		Evidence: []Message{{Key: "privacy.evidence.took_too_long", Args: map[string]any{"Check": j.name}}},
	}
}

// checkCamera turns the camera state and blur verdict into a finding.
func checkCamera(opts Options) []Finding {
	f := Finding{Check: "camera"}
	off := Fix{Kind: FixTurnCameraOff, ButtonKey: "privacy.fix.turn_camera_off"}
	switch {
	case opts.AudioOnly:
		f.Status, f.Title, f.Text = StatusOK, Message{Key: "privacy.camera.audio_only.title"}, Message{Key: "privacy.camera.audio_only.text"}
	case opts.Camera == nil:
		return nil
	case !opts.Camera.On:
		f.Status, f.Title, f.Text = StatusOK, Message{Key: "privacy.camera.off.title"}, Message{Key: "privacy.camera.off.text"}
	case opts.Camera.BlurVerdict == "blurred":
		f.Status, f.Title, f.Text = StatusOK, Message{Key: "privacy.camera.blurred.title"}, Message{Key: "privacy.camera.blurred.text"}
	case opts.Camera.BlurVerdict == "not_blurred":
		f.Status, f.Title, f.Text = StatusWarn, Message{Key: "privacy.camera.not_blurred.title"}, Message{Key: "privacy.camera.not_blurred.text"}
		f.Fix = off
	default:
		f.Status, f.Title, f.Text = StatusCantCheck, Message{Key: "privacy.camera.cant_tell.title"}, Message{Key: "privacy.camera.cant_tell.text"}
		f.Fix = off
	}
	return []Finding{f}
}

// checkRing reports the ring's own facts: its privacy notice and whether
// it records.
func checkRing(r *RingFacts) []Finding {
	if r == nil {
		return nil
	}
	var out []Finding
	switch {
	case r.Notice != "":
		out = append(out, Finding{Check: "ring_notice", Status: StatusOK,
			Title: Message{Key: "privacy.ring.notice.title"},
			Text:  Message{Key: "privacy.ring.notice.text", Args: map[string]any{"Notice": r.Notice}}})
	case r.Checklist:
		// The helper wrote a checklist for this ring and left the notice
		// out: the user should look at that before joining.
		out = append(out, Finding{Check: "ring_notice", Status: StatusCantCheck,
			Title: Message{Key: "privacy.ring.no_notice.title"},
			Text:  Message{Key: "privacy.ring.no_notice.text"}})
	default:
		// A bare link carries no notice; that says nothing about the
		// group, and no check on this computer could find one.
		out = append(out, Finding{Check: "ring_notice", Status: StatusInfo,
			Title: Message{Key: "privacy.ring.notice_unknown.title"},
			Text:  Message{Key: "privacy.ring.notice_unknown.text"}})
	}
	switch r.Recording {
	case RecordingOn:
		out = append(out, Finding{Check: "ring_recording", Status: StatusWarn,
			Title: Message{Key: "privacy.ring.recording.title"}, Text: Message{Key: "privacy.ring.recording.text"},
			Fix: Fix{Kind: FixTurnCameraOff, ButtonKey: "privacy.fix.turn_camera_off"}})
	case RecordingOff:
		out = append(out, Finding{Check: "ring_recording", Status: StatusOK,
			Title: Message{Key: "privacy.ring.not_recording.title"}, Text: Message{Key: "privacy.ring.not_recording.text"}})
	default:
		// Before joining nobody can know: checklists do not say, and only
		// the live call learns it (the call screen shows it then).
		out = append(out, Finding{Check: "ring_recording", Status: StatusInfo,
			Title: Message{Key: "privacy.ring.recording_unknown.title"}, Text: Message{Key: "privacy.ring.recording_unknown.text"}})
	}
	return out
}

// stragglerGrace is how long Run waits, after its deadline, for cut-off
// checks to stop.
const stragglerGrace = 500 * time.Millisecond

func waitAtMost(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
	}
}
