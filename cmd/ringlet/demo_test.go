//go:build linux

package main

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/i18n"
	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit"
	"github.com/ringlet/ringlet/media/video"
)

// The demo's ring works: a listener joining the printed link sees the test
// participant and decodes its picture. (The window itself is app's to
// test; here the demo runs with --no-gui.)
func TestDemoRingHasATestParticipant(t *testing.T) {
	janusDemoRingHasATestParticipant(t, false)
}

// The practice ring of ringlet demo --e2ee: its link carries a key, the
// test participant sends encrypted, and a listener with the link's key
// opens and decodes its picture.
func TestEncryptedDemoRing(t *testing.T) {
	janusDemoRingHasATestParticipant(t, true)
}

func janusDemoRingHasATestParticipant(t *testing.T, encrypted bool) {
	var args []string
	if encrypted {
		args = append(args, "--e2ee")
	}
	link, stop := startDemo(t, `ringlet://\S+`, args...)
	defer stop()
	if link.Encrypted() != encrypted {
		t.Fatalf("the demo's link has a key: %v", link.Encrypted())
	}
	jctx, jcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer jcancel()
	// A listener: no tracks of its own.
	listener, err := janus.Join(jctx, janus.Options{Endpoint: link.Endpoint, Room: link.Room, PIN: link.PIN, Display: "Listener"})
	if err != nil {
		t.Fatal(err)
	}
	seesTheBadger(t, listener.Events(), link)
	lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer lcancel()
	listener.Leave(lctx)
}

// The LiveKit demo ring works the same way, through its LiveKit Meet
// room page.
func TestLiveKitDemoRingHasATestParticipant(t *testing.T) {
	link, stop := startDemo(t, `http://127\.0\.0\.1:\d+/rooms/\S+`, "--engine", "livekit")
	defer stop()
	if link.Platform != ring.PlatformLiveKit || link.Kind != ring.KindNative {
		t.Fatalf("the LiveKit demo's link is %#v", link)
	}
	jctx, jcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer jcancel()
	d, err := livekit.FetchConnectionDetails(jctx, link.LiveKitDetailsURL("Listener"), "Listener", nil)
	if err != nil {
		t.Fatal(err)
	}
	listener, err := livekit.Join(jctx, livekit.Options{ServerURL: d.ServerURL, Token: d.Token})
	if err != nil {
		t.Fatal(err)
	}
	seesTheBadger(t, listener.Events(), link)
	lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer lcancel()
	_ = listener.Leave(lctx)
}

// startDemo runs the demo without a window until the test participant is
// in, and returns the printed link (matching linkPattern); stop ends the
// demo and checks it ended well.
func startDemo(t *testing.T, linkPattern string, args ...string) (ring.Link, func()) {
	t.Helper()
	var out, errb syncBuffer
	c := &cli{stdout: &out, stderr: &errb, catalog: i18n.MustLoad(), lang: "en"}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan int, 1)
	go func() { done <- runDemo(ctx, c, append([]string{"--no-gui", "--port", "0"}, args...)) }()

	poll.Until(t, "the demo did not come up", func() bool {
		select {
		case code := <-done:
			t.Fatalf("demo ended with %d: %s %s", code, out.String(), errb.String())
		default:
		}
		return regexp.MustCompile(`Demo Badger.*is in the ring`).MatchString(out.String())
	})
	link, err := ring.Parse(regexp.MustCompile(linkPattern).FindString(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	return link, func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("demo exit %d: %s", code, errb.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("demo did not stop")
		}
	}
}

// seesTheBadger waits until the events bring the demo participant's
// picture, decoded (and opened first with the link's key, if it has
// one).
func seesTheBadger(t *testing.T, events <-chan call.Event, link ring.Link) {
	t.Helper()
	e2e, err := session.NewEndToEnd(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	var frames atomic.Int64
	var from atomic.Value
	go func() {
		names := map[string]string{} // participant ID → name
		for e := range events {
			if j, ok := e.(call.ParticipantJoined); ok {
				names[j.ID] = j.Name
			}
			if e, ok := e.(call.TrackAdded); ok && e.Kind == call.Video {
				from.Store(names[e.ParticipantID])
				opts := video.ReceiveOptions{OnFrame: func(*image.YCbCr) { frames.Add(1) }, RequestKeyFrame: e.Track.RequestKeyframe}
				if e2e != nil {
					opts.Decrypt = e2e.VideoOpener(e.ParticipantID)
				}
				r, err := video.NewReceiver(opts)
				if err == nil {
					go r.Run(context.Background(), e.Track)
				}
			}
		}
	}()
	poll.Until(t, "no picture from the demo participant", func() bool { return frames.Load() >= 5 })
	if from.Load() != "Demo Badger" {
		t.Errorf("picture from %v", from.Load())
	}
}

// "ringlet join works by hand against make demo's ring": the real binary's
// demo prints how to enter its private network, and the real binary's join,
// started that way as a separate process, sees and decodes the demo
// participant.
func TestJoinByHandAgainstTheDemo(t *testing.T) {
	if _, err := exec.LookPath("nsenter"); err != nil {
		t.Fatal("nsenter (util-linux) is needed: make deps installs it")
	}
	bin := filepath.Join(t.TempDir(), "ringlet")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var demoOut syncBuffer
	demo := exec.CommandContext(ctx, bin, "demo", "--lang", "en", "--no-gui", "--port", "0")
	demo.Stdout, demo.Stderr = &demoOut, &demoOut
	if err := demo.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = demo.Process.Signal(os.Interrupt); _ = demo.Wait() }()
	hintRE := regexp.MustCompile(`/proc/(\d+)/ns/net \S+ join .* '(ringlet://\S+)'`)
	var m []string
	poll.Until(t, "the demo printed no join-by-hand line", func() bool {
		m = hintRE.FindStringSubmatch(demoOut.String())
		return m != nil
	})
	args := []string{"--net=/proc/" + m[1] + "/ns/net", bin, "join", "--lang", "en", "--name", "Stille Eule", "--audio-only",
		"--no-sound", "--video-test-pattern", "--duration", "8s", "--stats", "1s", m[2]}
	out, err := exec.CommandContext(ctx, "nsenter", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("join by hand: %v\n%s\n--- demo:\n%s", err, out, demoOut.String())
	}
	if !regexp.MustCompile(`Demo Badger: picture \d+×\d+, \d+ packets, [1-9]\d* pictures shown`).Match(out) {
		t.Errorf("join by hand did not show the demo participant's picture:\n%s", out)
	}
	if !strings.Contains(demoOut.String(), "Stille Eule") {
		t.Errorf("the demo did not see the one who joined by hand:\n%s", demoOut.String())
	}
}

// The real binary, started as a person starts it: the demo re-executes
// itself into a private network namespace of its own, and must hand its
// arguments on (they arrive through a pipe, see hideargs.go, which the
// re-executed copy cannot read).
func TestDemoFromTheRealBinary(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "demo", "--no-gui", "--duration", "3s", "--port", "8199")
	for _, kv := range os.Environ() {
		// As started by a person: not already inside the tests' namespace.
		if !strings.HasPrefix(kv, janustest.InsideEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "RINGLET_LANG=en")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "A demo ring is running") {
		t.Fatalf("ringlet demo: %v\n%s", err, out)
	}
}
