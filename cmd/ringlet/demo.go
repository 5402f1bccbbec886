//go:build linux

// The demo starts a real Janus in a network namespace (localring), which only
// Linux has; Windows and other builds have no demo subcommand.

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/localring"
)

// joinByHandCommand is the line a person types in another terminal to join
// the demo ring with `ringlet join`: it enters the demo's network
// namespace (and, when the demo runs without root, its user namespace).
func joinByHandCommand(pid int, exe, link string) string {
	enter := fmt.Sprintf("sudo nsenter --net=/proc/%d/ns/net", pid)
	if inUserNamespace() {
		enter = fmt.Sprintf("nsenter --target %d --user --net --preserve-credentials", pid)
	}
	return fmt.Sprintf("%s %s join --name %s --audio-only '%s'", enter, exe, "\"Stille Eule\"", link)
}

// inUserNamespace reports whether this process runs in a user namespace
// of its own (unshare -r), where root is an ordinary user outside.
func inUserNamespace() bool {
	b, err := os.ReadFile("/proc/self/uid_map")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) != 3 || f[0] != "0" || f[1] != "0" || f[2] != "4294967295"
}

// demoRoom is the demo ring's room number.
const demoRoom = 1234

// runDemo starts a local ring a newcomer can try Ringlet in: Debian's
// Janus in a private network namespace (nothing in it reaches any other
// network), a participant sending a test picture and tone, and the Ringlet
// window with the ring's link filled in, all in that namespace.
func runDemo(ctx context.Context, c *cli, args []string) int {
	fs := c.flags("demo")
	noGUI := fs.Bool("no-gui", false, c.T("demo.flag_no_gui"))
	name := fs.String("name", c.T("demo.participant_name"), c.T("demo.flag_name"))
	port := fs.Int("port", 8188, c.T("demo.flag_port"))
	duration := fs.Duration("duration", 0, c.T("demo.flag_duration"))
	encrypted := fs.Bool("e2ee", false, c.T("demo.flag_e2ee"))
	if err := c.parse(fs, args); err != nil {
		return parseFailed(err)
	}
	inside, code, err := localring.Isolate()
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.no_namespace", map[string]any{"Err": err.Error()}))
		return 1
	}
	if !inside {
		return code // the copy of us inside the namespace did the demo
	}
	srv, ok := startDemoRing(c, *port, *encrypted)
	if !ok {
		return 1
	}
	defer srv.Stop()
	linkText := srv.Link(demoRoom)
	if *encrypted {
		linkText += practiceKey()
	}
	fmt.Fprintln(c.stdout, c.T("demo.ring_ready", map[string]any{"Link": linkText}))
	leave, err := joinTestParticipant(ctx, c, linkText, *name)
	if err != nil {
		return c.fail(err)
	}
	defer leave()
	fmt.Fprintln(c.stdout, c.T("demo.participant_ready", map[string]any{"Name": *name}))
	// The ring lives in a private network; another terminal reaches it
	// only by entering that network.
	if exe, err := os.Executable(); err == nil {
		fmt.Fprintln(c.stdout, c.T("demo.join_by_hand", map[string]any{"Command": joinByHandCommand(os.Getpid(), exe, linkText)}))
	}
	var deadline <-chan time.Time
	if *duration > 0 {
		t := time.NewTimer(*duration)
		defer t.Stop()
		deadline = t.C
	}
	if *noGUI {
		fmt.Fprintln(c.stdout, c.T("demo.waiting"))
		select {
		case <-ctx.Done():
		case <-deadline:
		}
		fmt.Fprintln(c.stdout, c.T("demo.stopping"))
		return 0
	}
	return runDemoWindow(ctx, c, linkText, deadline)
}

// startDemoRing starts Debian's Janus with the demo room (taking only
// end-to-end encrypted media when encrypted), in the namespace this
// process already runs in. It says why when it cannot.
func startDemoRing(c *cli, port int, encrypted bool) (*localring.Server, bool) {
	if _, err := exec.LookPath(localring.Binary); err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.no_janus"))
		return nil, false
	}
	srv, err := localring.Start(localring.Options{Port: port, Rooms: []localring.Room{{ID: demoRoom, Description: "Ringlet demo", Bitrate: 1_000_000, RequireE2EE: encrypted}}})
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.janus_failed", map[string]any{"Err": err.Error()}))
		return nil, false
	}
	return srv, true
}

// joinTestParticipant joins the demo ring as name, sending the test
// picture and tone, and prints who comes and goes. The participant runs
// in this process: the test picture and tone can be opened once per
// process, and the GUI is another one. leave takes it out of the ring.
func joinTestParticipant(ctx context.Context, c *cli, linkText, name string) (leave func(), err error) {
	link, err := ring.Parse(linkText)
	if err != nil {
		return nil, err
	}
	s := session.New(session.Options{Link: link, Pseudonym: name, TestPattern: true, NullSpeaker: true, Width: 640, Height: 480, FrameRate: 20})
	events := make(chan struct{})
	go func() {
		defer close(events)
		for e := range s.Events() {
			switch e := e.(type) {
			case call.ParticipantJoined:
				fmt.Fprintln(c.stdout, c.T("session.join.participant_joined", map[string]any{"Name": e.Name}))
			case call.ParticipantLeft:
				fmt.Fprintln(c.stdout, c.T("session.join.participant_left", map[string]any{"Name": e.Name}))
			}
		}
	}()
	jctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = s.Join(jctx)
	cancel()
	if err != nil {
		<-events
		return nil, err
	}
	return func() {
		lctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Leave(lctx)
		<-events
	}, nil
}

// runDemoWindow opens the Ringlet window on the demo ring (another copy
// of this binary, in the same namespace) and waits until it is closed,
// Ctrl-C or the deadline, which close it.
func runDemoWindow(ctx context.Context, c *cli, linkText string, deadline <-chan time.Time) int {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(c.stderr, c.T("demo.no_display"))
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, c.T("demo.opening_window"))
	gui := exec.Command(exe, linkText)
	gui.Stdout, gui.Stderr = c.stdout, c.stderr
	gui.Env = os.Environ()
	if err := gui.Start(); err != nil {
		return c.fail(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- gui.Wait() }()
	select {
	case <-closed:
	case <-ctx.Done():
		_ = gui.Process.Signal(os.Interrupt)
		<-closed
	case <-deadline:
		_ = gui.Process.Signal(os.Interrupt)
		<-closed
	}
	fmt.Fprintln(c.stdout, c.T("demo.stopping"))
	return 0
}

// platformCommands are the subcommands only Linux has: the demo.
func platformCommands() []command {
	return []command{{name: "demo", run: runDemo, helpKey: "cli.help.demo"}}
}
