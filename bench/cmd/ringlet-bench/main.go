// Command ringlet-bench measures Ringlet and the browser side by side on the
// same ring: a real Janus (Debian's) in a private network namespace, N
// publishers (headless `ringlet join` processes sending the test pattern),
// and the participant under test in turns, A B A B: `ringlet join`
// (optionally also Ringlet with the GUI's blur stage) and headless Chromium
// on janus-demos' VideoRoom page. For each it reads CPU time, PSS/RSS and
// the time to the first remote frame decoded from /proc and the clients'
// own counters, and writes medians, ranges and ratios to BENCHMARKS.md.
//
// `make bench` runs it through scripts/bench.sh. With -profile it instead
// records pprof CPU and allocation profiles of a Ringlet call.
//
// It never prints or stores pseudonyms, links or room numbers beyond its
// own fixed test names.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit/localserver"
)

// windowSize is the size of both windows when windows are compared: Ringlet's
// default call window.
const windowSize = "820,600"

// room is the benchmark's VideoRoom.
const room = 4321

// config is what one benchmark invocation does.
type config struct {
	ringlet    string
	ns         []int
	rounds     int
	window     time.Duration
	warmup     time.Duration
	forms      []string
	out        string
	section    string
	source     string
	command    string
	browserFPS int
	clip       string // Y4M clip both sides and the publishers send ("" = test patterns)
	replay     string // IVF file the publishers replay instead of encoding live ("" = live)
	headed     bool   // Chromium with a window on $DISPLAY instead of headless
	tile       string // WxH: Chromium shows each remote picture at this size
	profileDir string
	profileDur time.Duration
	engine     string // janus or livekit
	e2ee       bool   // LiveKit only: everyone with benchPassphrase, encrypted end to end

	browserBlurModel string // TFLite model the chromium-blur page segments with
	tasksVision      string // folder of the npm package @mediapipe/tasks-vision
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "participant" {
		os.Exit(runParticipant(os.Args[2:]))
	}
	if len(os.Args) == 2 && os.Args[1] == "ring" {
		os.Exit(runRing())
	}
	if len(os.Args) > 1 && os.Args[1] == "encode-clip" {
		os.Exit(runEncodeClip(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "replay" {
		os.Exit(runReplay(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "section" {
		os.Exit(runSection(os.Args[2:], os.Stdin))
	}
	c, ok := parseFlags(os.Args[1:])
	if !ok {
		os.Exit(2)
	}
	if c.engine == "livekit" {
		formTitles[formChromium] = "Chromium (livekit-client)"
		if c.section == "side-by-side" { // never over the Janus figures
			c.section = "side-by-side-livekit"
			if c.e2ee {
				c.section = "side-by-side-livekit-e2ee"
			}
		}
	}
	if slices.Contains(c.forms, formChromiumBlur) {
		pkg, err := tasksVisionPackage()
		if err != nil {
			fmt.Fprintln(os.Stderr, "ringlet-bench:", err)
			os.Exit(1)
		}
		c.tasksVision = pkg
	}

	inside, code, err := janustest.Isolate()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ringlet-bench: no private network namespace (need root or user namespaces, and iproute2): %v\n", err)
		os.Exit(1)
	}
	if !inside {
		os.Exit(code)
	}
	if c.profileDir != "" {
		os.Exit(runProfiles(c))
	}
	os.Exit(runCompare(c))
}

// parseFlags reads the comparison's flags (args without the program name);
// it says what is wrong when it returns !ok.
func parseFlags(args []string) (c config, ok bool) {
	fs := flag.NewFlagSet("ringlet-bench", flag.ContinueOnError)
	var ns, forms string
	fs.StringVar(&c.ringlet, "ringlet", "bin/ringlet", "the ringlet binary under test")
	fs.StringVar(&ns, "n", "1,4", "numbers of publishers in the ring")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds per form and N (forms alternate within a round)")
	fs.DurationVar(&c.window, "window", 30*time.Second, "measured time per round")
	fs.DurationVar(&c.warmup, "warmup", 5*time.Second, "time after the first remote frame before measuring")
	fs.StringVar(&forms, "forms", "ringlet,chromium", "forms to compare: ringlet, ringlet-blur, chromium, chromium-blur (the VideoRoom page blurring with MediaPipe, as Jitsi does)")
	fs.StringVar(&c.out, "out", "BENCHMARKS.md", "markdown file whose generated section is replaced (empty: none)")
	fs.StringVar(&c.section, "section", "side-by-side", "name of the generated section of -out to replace")
	fs.StringVar(&c.source, "source", "", "which source was measured (commit), for the report")
	fs.StringVar(&c.command, "command", "", "the command to cite as reproducing the figures")
	fs.StringVar(&c.replay, "replay", "", "IVF (VP8) file the publishers replay instead of encoding the clip live (ringlet-bench encode-clip makes it from -clip)")
	fs.StringVar(&c.clip, "clip", "", "Y4M clip that Ringlet (--video-file), Chromium (fake capture file) and the publishers all send, e.g. bench/clip/person.y4m")
	fs.BoolVar(&c.headed, "headed", false, "Chromium with a window ("+windowSize+") on $DISPLAY (e.g. Xvfb) instead of headless")
	fs.StringVar(&c.tile, "tile", "", "WxH in CSS pixels: Chromium shows each remote picture at this size (Ringlet's tile)")
	fs.IntVar(&c.browserFPS, "browser-fps", 30, "frame rate of Chromium's fake camera (0: Chromium's default, 20)")
	fs.StringVar(&c.profileDir, "profile", "", "instead of comparing, write pprof profiles of a Ringlet call to this folder")
	fs.DurationVar(&c.profileDur, "profile-duration", 60*time.Second, "length of each profiled call")
	fs.StringVar(&c.engine, "engine", "janus", "the ring's server: janus, or livekit (Ringlet's forms only)")
	fs.BoolVar(&c.e2ee, "e2ee", false, "with -engine livekit: an end-to-end encrypted ring, Ringlet and Chromium (livekit-client's E2EE) with the same passphrase")
	fs.StringVar(&c.browserBlurModel, "browser-blur-model", "media/blur/model/selfie_segmentation_landscape.tflite", "model the chromium-blur page segments with (Jitsi's choice, the landscape model, by default)")
	if err := fs.Parse(args); err != nil {
		return c, false
	}
	for _, f := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 8 {
			fmt.Fprintf(os.Stderr, "ringlet-bench: bad -n %q\n", ns)
			return c, false
		}
		c.ns = append(c.ns, n)
	}
	for _, f := range strings.Split(forms, ",") {
		switch f = strings.TrimSpace(f); f {
		case formRinglet, formRingletBlur, formChromium, formChromiumBlur:
			c.forms = append(c.forms, f)
		default:
			fmt.Fprintf(os.Stderr, "ringlet-bench: unknown form %q\n", f)
			return c, false
		}
	}
	if c.engine == "livekit" && slices.Contains(c.forms, formChromiumBlur) {
		fmt.Fprintln(os.Stderr, "ringlet-bench: the form chromium-blur runs on Janus' demo page only")
		return c, false
	}
	if c.e2ee && (c.engine != "livekit" || c.replay != "") {
		fmt.Fprintln(os.Stderr, "ringlet-bench: -e2ee needs -engine livekit (janus-demos' page has no real end-to-end encryption), and live publishers (the replaying ones send unencrypted)")
		return c, false
	}
	if c.command == "" {
		c.command = strings.Join(append([]string{"ringlet-bench"}, args...), " ")
	}
	// Paths are resolved before the re-execution so that both copies
	// agree whatever the working folder.
	if abs, err := filepath.Abs(c.ringlet); err == nil {
		c.ringlet = abs
	}
	if c.clip != "" {
		if abs, err := filepath.Abs(c.clip); err == nil {
			c.clip = abs
		}
	}
	if c.out != "" {
		if abs, err := filepath.Abs(c.out); err == nil {
			c.out = abs
		}
	}
	if abs, err := filepath.Abs(c.browserBlurModel); err == nil {
		c.browserBlurModel = abs
	}
	return c, true
}

// ringSetup is the running server plus the publishers filling it.
type ringSetup struct {
	srv        *janustest.Server // nil on LiveKit
	link       string
	pubs       []*exec.Cmd
	tmp        string
	serverPID  func() int
	stopServer func()
	lk         *localserver.Server // the LiveKit server, nil on Janus
	passphrase string              // of an end-to-end encrypted LiveKit ring, "" for none

	blurDemosDir string // janus-demos with the blurring page, made on first use
}

// benchPassphrase is the end-to-end key of the -e2ee ring: a LiveKit Meet
// passphrase, in its link's fragment for Ringlet and given to
// livekit-client's key provider in Chromium.
const benchPassphrase = "bench-e2ee-passphrase"

func startRing(engine string, e2ee bool) (*ringSetup, error) {
	tmp, err := os.MkdirTemp("", "ringlet-bench-")
	if err != nil {
		return nil, err
	}
	r := &ringSetup{tmp: tmp}
	if e2ee {
		r.passphrase = benchPassphrase
	}
	if engine == "livekit" {
		err = r.startLiveKit()
	} else {
		err = r.startJanus()
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return r, nil
}

func (r *ringSetup) startJanus() error {
	srv, err := janustest.Start(janustest.Options{Rooms: []janustest.Room{{
		ID: room, Description: "Bench", Publishers: 10,
		// Debian's demo room caps 128 kbit/s, which makes Chrome send
		// 320×240; 1 Mbit/s lets both sides send 640×480.
		Bitrate: 1_000_000,
	}}})
	if err != nil {
		return err
	}
	r.srv, r.link, r.serverPID, r.stopServer = srv, srv.Link(room), srv.PID, srv.Stop
	return nil
}

// liveKitRoom is the benchmark's LiveKit room.
const liveKitRoom = "bench"

// startLiveKit runs livekit-server and a LiveKit Meet stand-in; the link
// is the room's page, as groups hand it out.
func (r *ringSetup) startLiveKit() error {
	bin, err := localserver.FindBinary()
	if err != nil {
		return err
	}
	dir := filepath.Join(r.tmp, "livekit")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	srv, err := localserver.Start(bin, localserver.Options{}, dir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Stop()
		return err
	}
	site := &http.Server{Handler: srv.DetailsHandler(), ReadHeaderTimeout: 10 * time.Second}
	go site.Serve(ln)
	r.link = fmt.Sprintf("http://%s/rooms/%s", ln.Addr(), liveKitRoom)
	if r.passphrase != "" {
		r.link += "#" + r.passphrase // as LiveKit Meet writes it (nothing to escape)
	}
	r.lk = srv
	r.serverPID = srv.PID
	r.stopServer = func() { _ = site.Close(); srv.Stop() }
	return nil
}

// childEnv gives every Ringlet process English messages (the harness reads
// them) and an empty home, so nothing of the user's is read or written.
func (r *ringSetup) childEnv() []string {
	env := []string{"LANG=en_US.UTF-8", "RINGLET_LANG=en", "HOME=" + r.tmp, "XDG_CONFIG_HOME=" + filepath.Join(r.tmp, "config"),
		"XDG_CACHE_HOME=" + filepath.Join(r.tmp, "cache"), "XDG_DATA_HOME=" + filepath.Join(r.tmp, "data")}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "TMPDIR", janustest.InsideEnv:
			env = append(env, kv)
		}
	}
	return env
}

// setPublishers brings the number of publishers to n: `ringlet join`
// sending the clip (or the test pattern), or with c.replay this program
// replaying a pre-encoded file (replay.go).
func (r *ringSetup) setPublishers(ctx context.Context, c config, n int) error {
	bin := c.ringlet
	if c.replay != "" {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		bin = self
	}
	for len(r.pubs) > n {
		last := r.pubs[len(r.pubs)-1]
		r.pubs = r.pubs[:len(r.pubs)-1]
		stopProcess(last, 10*time.Second)
	}
	for len(r.pubs) < n {
		name := fmt.Sprintf("Pub%d", len(r.pubs)+1)
		// The fillers stand in for other people's computers: their blur
		// would only crowd the two cores the participant under test needs.
		args := append(append([]string{"join", "--video-test-pattern"}, c.clipArgs()...), "--no-sound", "--no-blur", "--stats", "0", "--name", name, r.link)
		if c.replay != "" {
			args = []string{"replay", "-ivf", c.replay, "-name", name, r.link}
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = r.childEnv()
		cmd.Stderr = os.Stderr
		lines, err := startLines(cmd)
		if err != nil {
			return err
		}
		r.pubs = append(r.pubs, cmd)
		if err := waitLine(ctx, lines, "You are in the ring", 30*time.Second); err != nil {
			return fmt.Errorf("publisher %d: %w", len(r.pubs), err)
		}
		go func() {
			for range lines {
			}
		}()
	}
	return nil
}

// clipArgs are the `ringlet join` flags that send the clip, if any.
func (c config) clipArgs() []string {
	if c.clip == "" {
		return nil
	}
	return []string{"--video-file", c.clip}
}

func (r *ringSetup) pubPIDs() []int {
	var out []int
	for _, p := range r.pubs {
		out = append(out, p.Process.Pid)
	}
	return out
}

func (r *ringSetup) stop() {
	for _, p := range r.pubs {
		stopProcess(p, 10*time.Second)
	}
	r.pubs = nil
	r.stopServer()
	os.RemoveAll(r.tmp)
}
