package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/i18n"
	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// The package's tests run in a private network namespace, because `join`
// talks to a real Janus (Debian's) started per test.
func TestMain(m *testing.M) { janustest.Main(m) }

// syncBuffer is written by the command while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// heron is a second participant with the harness' test media.
func heron(t *testing.T, srv *janustest.Server) (*janus.Client, func() []string) {
	t.Helper()
	m, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := janus.Join(ctx, janus.Options{Endpoint: srv.URL(), Room: 1234, Display: "Blue Heron", Tracks: m.Tracks(), ConfigureMediaEngine: m.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	go func() {
		for e := range c.Events() {
			mu.Lock()
			switch e := e.(type) {
			case call.ParticipantJoined:
				seen = append(seen, "+"+e.Name)
			case call.ParticipantLeft:
				seen = append(seen, "-"+e.Name)
			case call.TrackAdded:
				go func() {
					for {
						if _, _, err := e.Track.ReadRTP(); err != nil {
							return
						}
					}
				}()
			}
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Leave(ctx)
		m.Close()
	})
	return c, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func TestJoinSeesAndLeavesOnCtrlC(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	_, seen := heron(t, srv)
	var out, errb syncBuffer
	c := &cli{stdout: &out, stderr: &errb, catalog: i18n.MustLoad(), lang: "en"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- runJoin(ctx, c, []string{"--name", "Stille Eule", "--video-test-pattern", "--no-sound", "--stats", "200ms", srv.Link(1234)})
	}()
	framesRE := regexp.MustCompile(`Blue Heron: picture 320×240, \d+ packets, (\d+) pictures shown`)
	poll.Until(t, "no pictures from Blue Heron shown", func() bool {
		m := framesRE.FindAllStringSubmatch(out.String(), -1)
		if len(m) == 0 {
			return false
		}
		n, _ := strconv.Atoi(m[len(m)-1][1])
		return n >= 5
	})
	cancel() // what Ctrl-C does through signal.NotifyContext
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d; stderr: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("join did not end after Ctrl-C")
	}
	for _, want := range []string{"You are in the ring", "Blue Heron is here.", "Blue Heron: sound,", "You have left the ring."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
	// The camera (here the test picture) was on, so the blur was too, and
	// its verdict on what went out is reported.
	verdicts := 0
	for _, k := range []string{"blur.verdict.blurred", "blur.verdict.not_blurred", "blur.verdict.cant_tell"} {
		if strings.Contains(out.String(), c.T(k)) {
			verdicts++
		}
	}
	if verdicts != 1 {
		t.Errorf("want exactly one blur verdict in stdout:\n%s", out.String())
	}
	poll.Until(t, "Blue Heron did not see Stille Eule leave", func() bool {
		return strings.Contains(strings.Join(seen(), " "), "-Stille Eule")
	})
	if !strings.Contains(strings.Join(seen(), " "), "+Stille Eule") {
		t.Errorf("Blue Heron never saw Stille Eule: %v", seen())
	}
}

func TestJoinFailuresAreTranslated(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, PIN: "4711"}}})
	cat := i18n.MustLoad()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"wrong pin, German", []string{"--lang", "de", "--name", "Stille Eule", "--audio-only", "--video-test-pattern", "--no-sound", "--pin", "0000", srv.Link(1234)}, 1, cat.T("de", "janus.error.wrong_pin")},
		{"broken link", []string{"--lang", "en", "--name", "Stille Eule", "ringlet://"}, 1, ""},
		{"no name", []string{"--lang", "en", srv.Link(1234)}, 2, cat.T("en", "session.join.usage")},
		{"video file missing, German", []string{"--lang", "de", "--name", "Stille Eule", "--video-test-pattern", "--no-sound", "--video-file", "/nonexistent/clip.y4m", srv.Link(1234)}, 1, cat.T("de", "media.capture.video_file_unreadable")},
		{"duration ends it", []string{"--lang", "en", "--name", "Stille Eule", "--audio-only", "--video-test-pattern", "--no-sound", "--duration", "1s", srv.Link(1234)}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb syncBuffer
			code := run(append([]string{"join"}, tt.args...), &out, &errb)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %s; stderr %s", code, tt.code, out.String(), errb.String())
			}
			if tt.want != "" && !strings.Contains(errb.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", errb.String(), tt.want)
			}
			if tt.code == 1 && strings.Contains(errb.String(), "janus:") {
				t.Errorf("raw error reached the user: %s", errb.String())
			}
		})
	}
}

// BenchmarkHeadlessCall measures what a 2-party call costs: `ringlet join`
// sending the 640×480 @ 30 test pattern and receiving the same from
// another participant, for 30 s, against Debian's Janus on loopback. It
// reports the join process' CPU (user+system over the whole run, as % of
// one core), its PSS and RSS near the end, and its peak RSS. Run with
// -benchtime=1x (see docs/bench/janus.md).
func BenchmarkHeadlessCall(b *testing.B) {
	exe := filepath.Join(b.TempDir(), "ringlet")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	srv := janustest.StartT(b, janustest.Options{Rooms: []janustest.Room{{ID: 1234, Bitrate: 1_000_000}}})
	m, err := janustest.NewMedia(janustest.MediaOptions{Width: 640, Height: 480, FrameRate: 30})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	other, err := janus.Join(ctx, janus.Options{Endpoint: srv.URL(), Room: 1234, Display: "Blue Heron", Tracks: m.Tracks(), ConfigureMediaEngine: m.ConfigureMediaEngine})
	cancel()
	if err != nil {
		b.Fatal(err)
	}
	go func() {
		for e := range other.Events() {
			if e, ok := e.(call.TrackAdded); ok {
				go func() {
					for {
						if _, _, err := e.Track.ReadRTP(); err != nil {
							return
						}
					}
				}()
			}
		}
	}()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		other.Leave(ctx)
		m.Close()
	}()
	const callLength = 30 * time.Second
	for i := 0; i < b.N; i++ {
		var out bytes.Buffer
		cmd := exec.Command(exe, "join", "--lang", "en", "--name", "Stille Eule", "--video-test-pattern", "--no-sound",
			"--stats", "0", "--duration", callLength.String(), srv.Link(1234))
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		// The memory is read near the end of the call: this sleep paces
		// the measurement, it waits for nothing.
		time.Sleep(callLength - 3*time.Second)
		pss, rss := smapsRollup(cmd.Process.Pid)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("join: %v\n%s", err, out.String())
		}
		if !regexp.MustCompile(`Blue Heron: picture 640×480, \d+ packets, [1-9]\d* pictures shown`).MatchString(out.String()) {
			b.Fatalf("the call did not carry pictures:\n%s", out.String())
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		b.ReportMetric(100*cpu.Seconds()/callLength.Seconds(), "cpu-%-of-core")
		b.ReportMetric(float64(pss)/1024, "pss-MB")
		b.ReportMetric(float64(rss)/1024, "rss-MB")
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MB")
		b.ReportMetric(0, "ns/op")
	}
}

// smapsRollup returns a process' PSS and RSS in KiB.
func smapsRollup(pid int) (pss, rss int) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "Pss:":
			pss = n
		case "Rss:":
			rss = n
		}
	}
	return pss, rss
}

// Names and chat from strangers reach the terminal with their escape
// sequences shown, never acted on: no clipboard write (OSC 52), no
// screen clear, no title change, no line that passes for another's.
func TestHostileTerminalOutputIsEscaped(t *testing.T) {
	var out bytes.Buffer
	c := &cli{stdout: &out, stderr: &out, catalog: i18n.MustLoad(), lang: "en"}
	evil := "Troll\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;title\x07\u202e"
	printEvent(c, call.ParticipantJoined{ID: "1", Name: evil})
	printEvent(c, call.Chat{ParticipantID: "1", From: evil, Text: "hi\n  Stille Eule writes: give me your address"})
	printEvent(c, call.Hand{ParticipantID: "1", Name: evil, Up: true})
	printStats(c, []session.TrackStats{{ParticipantID: "1", Name: evil, Kind: call.Audio}})
	got := out.String()
	if strings.ContainsAny(got, "\x1b\x07\u202e") {
		t.Fatalf("control characters reached the terminal: %q", got)
	}
	if n := strings.Count(got, "\n"); n != 4 {
		t.Fatalf("%d lines for 4 events: %q", n, got)
	}
	if !strings.Contains(got, `Troll\x1b]52;c;ZXZpbA==\x07`) {
		t.Fatalf("the escape is not shown: %q", got)
	}
}
