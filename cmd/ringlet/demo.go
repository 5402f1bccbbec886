//go:build linux

// The demo starts a real Janus (localring) or LiveKit server (localserver)
// in a network namespace, which only Linux has; Windows and other builds
// have no demo subcommand.

package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/localring"
	"github.com/ringlet/ringlet/media/livekit/localserver"
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
	engine := fs.String("engine", "janus", c.T("demo.flag_engine"))
	encrypted := fs.Bool("e2ee", false, c.T("demo.flag_e2ee"))
	if err := c.parse(fs, args); err != nil {
		return parseFailed(err)
	}
	if *engine != "janus" && *engine != "livekit" {
		fmt.Fprintln(c.stderr, c.T("demo.bad_engine", map[string]any{"Engine": *engine}))
		return 2
	}
	inside, code, err := localring.Isolate()
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.no_namespace", map[string]any{"Err": err.Error()}))
		return 1
	}
	if !inside {
		return code // the copy of us inside the namespace did the demo
	}
	start := startDemoRing
	if *engine == "livekit" {
		start = startLiveKitDemo
	}
	linkText, stop, ok := start(c, *port, *encrypted)
	if !ok {
		return 1
	}
	defer stop()
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
// process already runs in, and returns the ring's link (with a fresh key
// when encrypted). It says why when it cannot.
func startDemoRing(c *cli, port int, encrypted bool) (link string, stop func(), ok bool) {
	if _, err := exec.LookPath(localring.Binary); err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.no_janus"))
		return "", nil, false
	}
	srv, err := localring.Start(localring.Options{Port: port, Rooms: []localring.Room{{ID: demoRoom, Description: "Ringlet demo", Bitrate: 1_000_000, RequireE2EE: encrypted}}})
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.janus_failed", map[string]any{"Err": err.Error()}))
		return "", nil, false
	}
	link = srv.Link(demoRoom)
	if encrypted {
		link += practiceKey()
	}
	return link, srv.Stop, true
}

// startLiveKitDemo starts livekit-server and, beside it, a stand-in for
// LiveKit Meet's website: the demo link is a LiveKit Meet room page, so
// Ringlet joins it the way it joins a group's LiveKit ring. port is the
// website's (0 picks one).
func startLiveKitDemo(c *cli, port int, encrypted bool) (link string, stop func(), ok bool) {
	bin, err := localserver.FindBinary()
	if err != nil {
		fmt.Fprintln(c.stderr, c.T("demo.no_livekit"))
		return "", nil, false
	}
	failed := func(err error) (string, func(), bool) {
		fmt.Fprintln(c.stderr, c.T("demo.janus_failed", map[string]any{"Err": err.Error()}))
		return "", nil, false
	}
	dir, err := os.MkdirTemp("", "ringlet-demo-livekit-")
	if err != nil {
		return failed(err)
	}
	srv, err := localserver.Start(bin, localserver.Options{}, dir)
	if err != nil {
		os.RemoveAll(dir)
		return failed(err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		srv.Stop()
		os.RemoveAll(dir)
		return failed(err)
	}
	site := &http.Server{Handler: srv.DetailsHandler(), ReadHeaderTimeout: 10 * time.Second}
	go site.Serve(ln)
	stop = func() {
		_ = site.Close()
		srv.Stop()
		os.RemoveAll(dir)
	}
	return fmt.Sprintf("http://%s/rooms/%s", ln.Addr(), liveKitDemoRoom), stop, true
}

// liveKitDemoRoom is the LiveKit demo ring's room name.
const liveKitDemoRoom = "ringlet-demo"

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
