package main

import (
	"bytes"
	"context"
	"image"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
	"github.com/ringlet/ringlet/media/video"
)

// TestMain runs the package's tests in a private network namespace, where
// livekittest can start a real livekit-server.
func TestMain(m *testing.M) { livekittest.Main(m) }

// A replaying publisher enters a real LiveKit server through a LiveKit Meet
// stand-in (the link the harness gives its publishers) and sends the
// clip, encoded for real by encode-clip; another participant, Ringlet's
// own LiveKit client, decodes its pictures with libvpx, more of them than
// the file holds (the file loops). On cancel (the SIGINT/SIGTERM path) it
// leaves, and the other participant sees it go.
func TestReplayPublishesToLiveKit(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	link, err := ring.Parse(srv.MeetT(t).RoomLink("replay-ring"))
	if err != nil {
		t.Fatal(err)
	}
	ivf := filepath.Join(t.TempDir(), "clip.ivf")
	if err := encodeClip(filepath.Join("..", "..", "clip", "person.y4m"), ivf, 2*replayKeyEvery); err != nil {
		t.Fatal(err)
	}
	frames, interval, err := readIVF(ivf)
	if err != nil {
		t.Fatal(err)
	}
	w := joinWatcher(t, srv, "replay-ring")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- replay(ctx, link, "Pub1", frames, interval, out) }()

	w.waitFor(t, "pictures beyond the file's end", func() bool { return w.decoded.Load() > int64(len(frames)+replayKeyEvery) })
	if width, height := w.size(); width != 640 || height != 480 {
		t.Errorf("pictures of %d×%d, want 640×480", width, height)
	}
	w.waitFor(t, "the replaying publisher to see the watcher", func() bool { return strings.Contains(out.String(), "someone is here") })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("leave: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the replaying publisher did not stop")
	}
	w.waitFor(t, "the replaying publisher to leave", w.left.Load)
	if got := out.String(); strings.Count(got, "You are in the ring\n") != 1 || !strings.HasPrefix(got, "You are in the ring\n") {
		t.Errorf("printed %q, want \"You are in the ring\" once, first", got)
	}
}

// watcher is a listen-only participant that decodes every picture it gets.
type watcher struct {
	decoded        atomic.Int64
	width, height  atomic.Int64
	left           atomic.Bool // someone who was here has gone
	changed        chan struct{}
	eventsFinished chan struct{}
}

func joinWatcher(t *testing.T, srv *livekittest.Server, room string) *watcher {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := livekit.Join(ctx, livekit.Options{ServerURL: srv.URL(), Token: srv.TokenT(t, room, "watcher-id", "Watcher")})
	if err != nil {
		t.Fatal(err)
	}
	w := &watcher{changed: make(chan struct{}, 1), eventsFinished: make(chan struct{})}
	go w.collect(t, cl)
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		_ = cl.Leave(lctx)
		<-w.eventsFinished
	})
	return w
}

func (w *watcher) collect(t *testing.T, cl *livekit.Client) {
	defer close(w.eventsFinished)
	for e := range cl.Events() {
		switch e := e.(type) {
		case call.TrackAdded:
			w.decode(t, e)
		case call.ParticipantLeft:
			w.left.Store(true)
		}
		w.poke()
	}
}

func (w *watcher) decode(t *testing.T, ta call.TrackAdded) {
	if ta.Kind != call.Video {
		t.Errorf("a %v track from a video-only publisher", ta.Kind)
		return
	}
	rx, err := video.NewReceiver(video.ReceiveOptions{
		OnFrame: func(img *image.YCbCr) {
			w.width.Store(int64(img.Rect.Dx()))
			w.height.Store(int64(img.Rect.Dy()))
			w.decoded.Add(1)
		},
		RequestKeyFrame: ta.Track.RequestKeyframe,
	})
	if err != nil {
		t.Error(err)
		return
	}
	go func() { _ = rx.Run(context.Background(), ta.Track) }()
}

func (w *watcher) size() (int, int) { return int(w.width.Load()), int(w.height.Load()) }

func (w *watcher) poke() {
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// waitFor waits for cond, checking on every event and at least every
// 50 ms (decoded pictures and printed lines come without events).
func (w *watcher) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			t.Fatalf("timed out waiting for %s (%d pictures decoded)", what, w.decoded.Load())
		case <-w.changed:
		case <-tick.C:
		}
	}
}

// lockedBuffer is what the replaying publisher prints, read while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
