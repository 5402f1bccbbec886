package session

import (
	"context"
	"errors"
	"image"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/apm"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/video"
)

// The tests run against Debian's Janus in a private network namespace.
func TestMain(m *testing.M) { janustest.Main(m) }

func link(t *testing.T, srv *janustest.Server, room uint64) ring.Link {
	t.Helper()
	l, err := ring.Parse(srv.Link(room))
	if err != nil {
		t.Fatalf("parse %s: %v", srv.Link(room), err)
	}
	return l
}

// otherPeer is a second participant built on the janus client directly, with
// the harness' test media (mediadevices' test drivers can be opened only
// once per process, and the session under test has them).
type otherPeer struct {
	client *janus.Client // nil for another engine's peer
	conf   Conference
	media  *janustest.Media

	mu      sync.Mutex
	names   map[string]string
	left    []string
	hands   map[string]bool
	audio   atomic.Int64
	frames  atomic.Int64
	lastImg atomic.Pointer[image.YCbCr]
}

func joinOther(t testing.TB, srv *janustest.Server, name string) *otherPeer {
	t.Helper()
	m, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := janus.Join(ctx, janus.Options{Endpoint: srv.URL(), Room: 1234, Display: name, Tracks: m.Tracks(), ConfigureMediaEngine: m.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	p := &otherPeer{client: c, conf: c, media: m, names: map[string]string{}, hands: map[string]bool{}}
	go p.follow(c.Events())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Leave(ctx)
		m.Close()
	})
	return p
}

// follow records what the peer is told: names, hands, and its decoded
// pictures and sound packets.
func (p *otherPeer) follow(events <-chan call.Event) {
	for e := range events {
		switch e := e.(type) {
		case call.ParticipantJoined:
			p.mu.Lock()
			p.names[e.ID] = e.Name
			p.mu.Unlock()
		case call.ParticipantLeft:
			p.mu.Lock()
			p.left = append(p.left, e.Name)
			p.mu.Unlock()
		case call.Hand:
			p.mu.Lock()
			p.hands[e.Name] = e.Up
			p.mu.Unlock()
		case call.TrackAdded:
			tr := e.Track
			if e.Kind == call.Audio {
				go func() {
					for {
						if _, _, err := tr.ReadRTP(); err != nil {
							return
						}
						p.audio.Add(1)
					}
				}()
			} else {
				r, err := video.NewReceiver(video.ReceiveOptions{OnFrame: func(f *image.YCbCr) {
					p.frames.Add(1)
					p.lastImg.Store(f)
				}, RequestKeyFrame: tr.RequestKeyframe})
				if err == nil {
					go r.Run(context.Background(), tr)
				}
			}
		}
	}
}

// seesAndHears reports whether the peer knows name and has decoded
// frames of pictures and more than 20 sound packets.
func (p *otherPeer) seesAndHears(name string, frames int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	seen := false
	for _, n := range p.names {
		seen = seen || n == name
	}
	return seen && p.audio.Load() > 20 && p.frames.Load() >= frames
}

// waitUntil polls cond generously, the one polling helper of these
// tests: the machine is shared, and only the condition matters, never
// how long it took.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// collect reads a session's events until they are closed.
type collector struct {
	mu     sync.Mutex
	events []call.Event
	done   chan struct{}
}

func collect(s *Session) *collector {
	c := &collector{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for e := range s.Events() {
			c.mu.Lock()
			c.events = append(c.events, e)
			c.mu.Unlock()
		}
	}()
	return c
}

// joinT starts a session with opts, joins it, and leaves it when the test
// ends; the collector has its events.
func joinT(t *testing.T, opts Options) (*Session, *collector) {
	t.Helper()
	s := New(opts)
	events := collect(s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Join(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		_ = s.Leave(lctx)
		<-events.done
	})
	return s, events
}

func (c *collector) states() []State {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []State
	for _, e := range c.events {
		if s, ok := e.(call.StateChanged); ok {
			out = append(out, s.State)
		}
	}
	return out
}

func TestCallWithAnotherParticipant(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	other := joinOther(t, srv, "Blue Heron")

	var frames atomic.Int64
	var fromWhom atomic.Value
	var sent atomic.Int64
	s := New(Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", TestPattern: true, NullSpeaker: true,
		Width: 320, Height: 240, FrameRate: 15,
		EchoCancellation: EchoOn, // the real libwebrtc-audio-processing in the path
		Transform:        func(*image.YCbCr) { sent.Add(1) },
		OnFrame: func(id string, f *image.YCbCr) {
			frames.Add(1)
			fromWhom.Store(id)
		}})
	events := collect(s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Join(ctx); err != nil {
		t.Fatal(err)
	}
	if s.State() != Joining && s.State() != InCall {
		t.Errorf("state after Join = %v", s.State())
	}
	waitUntil(t, "the session to see Blue Heron", func() bool {
		for _, n := range s.Participants() {
			if n == "Blue Heron" {
				return true
			}
		}
		return false
	})
	waitUntil(t, "decoded frames from Blue Heron", func() bool { return frames.Load() >= 5 })
	if name := s.Participants()[fromWhom.Load().(string)]; name != "Blue Heron" {
		t.Errorf("frames came from %q", name)
	}
	waitUntil(t, "audio from Blue Heron", func() bool {
		for _, st := range s.Stats() {
			if st.Kind == call.Audio && st.Name == "Blue Heron" && st.Packets > 20 {
				return true
			}
		}
		return false
	})
	waitUntil(t, "Blue Heron to see and hear Stille Eule", func() bool { return other.seesAndHears("Stille Eule", 5) })

	// Chat both ways, through the room's data channel relay.
	waitUntil(t, "chat to Blue Heron", func() bool {
		return s.SendChat("Hallo, ich bin neu hier.") == nil
	})
	waitUntil(t, "chat from Blue Heron", func() bool {
		_ = other.client.SendChat("Willkommen!")
		events.mu.Lock()
		defer events.mu.Unlock()
		for _, e := range events.events {
			if c, ok := e.(call.Chat); ok && c.From == "Blue Heron" && c.Text == "Willkommen!" {
				return true
			}
		}
		return false
	})

	// Muted: packets keep flowing (silence), so nobody sees a broken stream.
	s.SetMuted(true)
	if !s.Muted() {
		t.Error("not muted")
	}
	before := other.audio.Load()
	waitUntil(t, "packets while muted", func() bool { return other.audio.Load() > before+20 })

	// The blur is on without being asked for, and measured on what went out.
	waitUntil(t, "a blur verdict on the sent pictures", func() bool {
		_, ok := s.BlurVerdict()
		return ok && sent.Load() > 0
	})
	// The microphone went through echo cancellation.
	var echo *apm.Processor
	s.read(func(c *callState) { echo = c.echo })
	if echo == nil {
		t.Fatal("EchoOn but no echo canceller")
	}
	waitUntil(t, "microphone frames through echo cancellation", func() bool { return echo.Frames() > 50 })

	// Raised hands both ways.
	if err := s.SetHand(true); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "Blue Heron to see the raised hand", func() bool {
		other.mu.Lock()
		defer other.mu.Unlock()
		return other.hands["Stille Eule"]
	})
	waitUntil(t, "Blue Heron's raised hand", func() bool {
		_ = other.client.SetHand(true)
		events.mu.Lock()
		defer events.mu.Unlock()
		for _, e := range events.events {
			if h, ok := e.(call.Hand); ok && h.Name == "Blue Heron" && h.Up && s.Participants()[h.ParticipantID] == "Blue Heron" {
				return true
			}
		}
		return false
	})

	// Per-person volume changes only this computer's playback.
	var heron string
	for id, n := range s.Participants() {
		if n == "Blue Heron" {
			heron = id
		}
	}
	s.SetVolume(heron, 0.5)
	if v := s.Volume(heron); v != 0.5 {
		t.Errorf("volume %v after SetVolume(0.5)", v)
	}

	// Camera off: the others get a black picture.
	if err := s.SetCamera(false); err != nil {
		t.Fatal(err)
	}
	if s.CameraOn() {
		t.Error("CameraOn() after SetCamera(false)")
	}
	waitUntil(t, "a black picture", func() bool {
		img := other.lastImg.Load()
		return img != nil && img.Y[len(img.Y)/2] < 24 && img.Y[0] < 24
	})
	// And on again: the test pattern is back (it is mostly bright bars).
	if err := s.SetCamera(true); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the picture back after turning the camera on", func() bool {
		img := other.lastImg.Load()
		if img == nil {
			return false
		}
		var sum int
		for _, y := range img.Y {
			sum += int(y)
		}
		return sum/len(img.Y) > 40
	})

	if err := s.Leave(ctx); err != nil {
		t.Errorf("leave: %v", err)
	}
	<-events.done // the channel is closed after Left
	waitUntil(t, "Blue Heron to see Stille Eule leave", func() bool {
		other.mu.Lock()
		defer other.mu.Unlock()
		for _, n := range other.left {
			if n == "Stille Eule" {
				return true
			}
		}
		return false
	})
	got := events.states()
	want := []State{Joining, InCall, Left}
	if len(got) != len(want) {
		t.Fatalf("states %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("states %v, want %v", got, want)
		}
	}
	if s.Leave(ctx) != nil {
		t.Error("a second Leave should be harmless")
	}
}

func TestJoinFailures(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, PIN: "4711"}}})
	good := link(t, srv, 1234)
	wrongPIN := good
	wrongPIN.PIN = "0000"
	platform := ring.Link{Kind: ring.KindPlatform, URL: "https://meet.example.org/x"}
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"wrong pin", Options{Link: wrongPIN, Pseudonym: "Stille Eule", AudioOnly: true, TestPattern: true, NullSpeaker: true}, janus.ErrWrongPIN},
		{"platform ring", Options{Link: platform, Pseudonym: "Stille Eule"}, ErrNotNative},
		{"no pseudonym", Options{Link: good, AudioOnly: true}, ErrNoPseudonym},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(tt.opts)
			events := collect(s)
			err := s.Join(context.Background())
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if errors.Is(err, janus.ErrWrongPIN) {
				<-events.done
				if s.State() != Left {
					t.Errorf("state %v after a failed join", s.State())
				}
			}
		})
	}
}

// The state machine through a server restart: Joining → InCall →
// Reconnecting → InCall → Left, and the other participant comes back.
func TestStatesThroughServerRestart(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	s := New(Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", AudioOnly: true, TestPattern: true, NullSpeaker: true})
	events := collect(s)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Join(ctx); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "in call", func() bool { return s.State() == InCall })
	srv.Kill()
	waitUntil(t, "reconnecting", func() bool { return s.State() == Reconnecting })
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "in call again", func() bool { return s.State() == InCall })
	other := joinOther(t, srv, "Blue Heron")
	_ = other
	waitUntil(t, "Blue Heron after the restart", func() bool {
		for _, n := range s.Participants() {
			if n == "Blue Heron" {
				return true
			}
		}
		return false
	})
	if err := s.Leave(ctx); err != nil {
		t.Logf("leave: %v", err)
	}
	<-events.done
	got := events.states()
	want := []State{Joining, InCall, Reconnecting, InCall, Left}
	if !slices.Equal(got, want) {
		t.Errorf("states %v, want %v", got, want)
	}
	rejoined := false
	for _, e := range events.events {
		if j, ok := e.(call.Joined); ok && j.Rejoined {
			rejoined = true
		}
	}
	if !rejoined {
		t.Error("no Joined{Rejoined: true}")
	}
}

// A panic leave drops everything at once, and the others still see us go
// (the one destroy message reaches Janus).
func TestPanicLeave(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	other := joinOther(t, srv, "Blue Heron")
	s := New(Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", AudioOnly: true, TestPattern: true, NullSpeaker: true})
	events := collect(s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Join(ctx); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "Blue Heron to see Stille Eule", func() bool {
		other.mu.Lock()
		defer other.mu.Unlock()
		for _, n := range other.names {
			if n == "Stille Eule" {
				return true
			}
		}
		return false
	})
	s.PanicLeave()
	<-events.done
	if s.State() != Left {
		t.Errorf("state %v after a panic leave", s.State())
	}
	if len(s.Participants()) != 0 || len(s.Stats()) != 0 {
		t.Error("the session still holds the others after leaving")
	}
	waitUntil(t, "Blue Heron to see Stille Eule go", func() bool {
		other.mu.Lock()
		defer other.mu.Unlock()
		for _, n := range other.left {
			if n == "Stille Eule" {
				return true
			}
		}
		return false
	})
}

// Leaving while the join is still under way ends it at once and leaves
// nothing running.
func TestLeaveWhileJoining(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	s := New(Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", AudioOnly: true, TestPattern: true, NullSpeaker: true})
	events := collect(s)
	joined := make(chan error, 1)
	go func() { joined <- s.Join(context.Background()) }()
	waitUntil(t, "joining", func() bool { return s.State() != Idle })
	s.PanicLeave()
	select {
	case err := <-joined:
		// Either the join lost the race (an error) or won it just before
		// (nil); in both cases the session is over.
		var m interface{ MessageKey() string }
		if err != nil && !errors.As(err, &m) {
			t.Errorf("untyped error %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Join did not return after a panic leave")
	}
	<-events.done
	if s.State() != Left {
		t.Errorf("state %v", s.State())
	}
}

// The picture size follows the room's bandwidth: 1280×720 where the room
// allows 1.5 Mbit/s or more, 640×480 where it allows less.
func TestPictureSizeFollowsTheRoom(t *testing.T) {
	for _, tt := range []struct {
		bitrate int
		w, h    int
	}{{2_000_000, 1280, 720}, {256_000, 640, 480}} {
		srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, Bitrate: tt.bitrate}}})
		other := joinOther(t, srv, "Blue Heron")
		s := New(Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", TestPattern: true, NullSpeaker: true,
			Blur: BlurOptions{Disabled: true}}) // the size is the point here, not the blur
		events := collect(s)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := s.Join(ctx); err != nil {
			cancel()
			t.Fatal(err)
		}
		waitUntil(t, "a picture from Stille Eule", func() bool { return other.lastImg.Load() != nil })
		img := other.lastImg.Load()
		if img.Rect.Dx() != tt.w || img.Rect.Dy() != tt.h {
			t.Errorf("room cap %d: picture %v, want %d×%d", tt.bitrate, img.Rect, tt.w, tt.h)
		}
		_ = s.Leave(ctx)
		<-events.done
		cancel()
	}
}

// A 30 fps stream gated at 15 a second passes every other picture, even
// with the arrival times jittering by a few milliseconds.
func TestRateGateHalvesThirtyFramesASecond(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	gate := rateGate(15, func() time.Time { return clock })
	passed := 0
	for i := range 300 {
		jitter := time.Duration(i%3-1) * 3 * time.Millisecond
		clock = clock.Add(time.Second/30 + jitter)
		if gate() {
			passed++
		}
	}
	if passed < 145 || passed > 155 {
		t.Errorf("%d of 300 frames passed, want about 150", passed)
	}
	if RateGate(0) != nil {
		t.Error("a rate of 0 should mean no gate")
	}
}
