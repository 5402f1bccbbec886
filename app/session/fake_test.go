package session

import (
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
)

// These tests check the session's own logic (states, names, tracks,
// controls, the order things are closed in) against a fake engine and
// fake devices, in-process and without Janus: what they fake is exactly
// the seam of conference.go. The real engine and devices are tested
// through the same seam in session_test.go.

// journal records what the fakes were asked to do, in order, across them.
type journal struct {
	mu    sync.Mutex
	steps []string
}

func (j *journal) add(step string) {
	j.mu.Lock()
	j.steps = append(j.steps, step)
	j.mu.Unlock()
}

func (j *journal) has(step string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Contains(j.steps, step)
}

func (j *journal) index(step string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Index(j.steps, step)
}

// fakeEngine hands out one fakeConference. With hold set, Join waits
// until its context ends (a server that does not answer).
type fakeEngine struct {
	log     *journal
	conf    *fakeConference
	joinErr error
	hold    bool
	req     JoinRequest
	joining chan struct{}
}

func (e *fakeEngine) VideoBitrate(context.Context, ring.Link, WireFunc) int { return 0 }

func (e *fakeEngine) Join(ctx context.Context, req JoinRequest) (Conference, error) {
	e.req = req
	e.log.add("engine.join")
	if e.joining != nil {
		close(e.joining)
	}
	if e.hold {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if e.joinErr != nil {
		return nil, e.joinErr
	}
	return e.conf, nil
}

// fakeConference is a ring whose events the test sends with say.
type fakeConference struct {
	log    *journal
	events *call.Queue
	mu     sync.Mutex
	chat   []string
	hand   []bool
	ended  bool
}

func newFakeConference(log *journal) *fakeConference {
	return &fakeConference{log: log, events: call.NewQueue()}
}

func (c *fakeConference) say(e call.Event)          { c.events.Push(e) }
func (c *fakeConference) Events() <-chan call.Event { return c.events.Out() }
func (c *fakeConference) SendChat(text string) error {
	c.mu.Lock()
	c.chat = append(c.chat, text)
	c.mu.Unlock()
	return nil
}
func (c *fakeConference) SetHand(up bool) error {
	c.mu.Lock()
	c.hand = append(c.hand, up)
	c.mu.Unlock()
	return nil
}
func (c *fakeConference) Leave(context.Context) error {
	c.log.add("conference.leave")
	c.end()
	return nil
}
func (c *fakeConference) Close() error { c.log.add("conference.close"); c.end(); return nil }

func (c *fakeConference) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		c.ended = true
		c.events.Push(call.Ended{})
	}
}

// fakeMedia stands in for camera and microphone.
type fakeMedia struct {
	log      *journal
	video    bool
	mu       sync.Mutex
	muted    bool
	cameraOn bool
	back     func(call.Kind)
}

func (m *fakeMedia) Tracks() []webrtc.TrackLocal                    { return nil }
func (m *fakeMedia) ConfigureMediaEngine(*webrtc.MediaEngine) error { return nil }
func (m *fakeMedia) Notices() []string                              { return []string{"capture.notice.test_pattern"} }
func (m *fakeMedia) HasVideo() bool                                 { return m.video }
func (m *fakeMedia) SetMuted(v bool)                                { m.mu.Lock(); m.muted = v; m.mu.Unlock() }
func (m *fakeMedia) Muted() bool                                    { m.mu.Lock(); defer m.mu.Unlock(); return m.muted }
func (m *fakeMedia) SetPushToTalk(bool)                             {}
func (m *fakeMedia) PushToTalk(bool)                                {}
func (m *fakeMedia) InputLevel() float64                            { return 0.25 }
func (m *fakeMedia) StopCamera()                                    { m.log.add("camera.stop"); m.cameraOn = false }
func (m *fakeMedia) StartCamera() error                             { m.log.add("camera.start"); m.cameraOn = true; return nil }
func (m *fakeMedia) Close() error                                   { m.log.add("media.close"); return nil }
func (m *fakeMedia) Follow(_ context.Context, back func(call.Kind)) {
	m.mu.Lock()
	m.back = back
	m.mu.Unlock()
}

// endlessTrack is a received track that delivers nothing until closed.
type endlessTrack struct{ done chan struct{} }

func (t endlessTrack) ReadRTP() (*rtp.Packet, interceptor.Attributes, error) {
	<-t.done
	return nil, nil, io.EOF
}
func (t endlessTrack) RequestKeyframe() {}

// fakeCall is a session on the fakes, with its events collected.
type fakeCall struct {
	s      *Session
	engine *fakeEngine
	conf   *fakeConference
	media  *fakeMedia
	log    *journal
	events *collector
	opened capture.Options
}

func newFakeCall(t *testing.T, edit func(*Options, *fakeEngine)) *fakeCall {
	t.Helper()
	log := &journal{}
	f := &fakeCall{log: log, conf: newFakeConference(log), media: &fakeMedia{log: log, video: true, cameraOn: true}}
	f.engine = &fakeEngine{log: log, conf: f.conf}
	opts := Options{
		Link:      ring.Link{Kind: ring.KindNative, Endpoint: "wss://ring.example.org/janus", Room: 7},
		Pseudonym: "Stille Eule", NullSpeaker: true, TestPattern: true, Width: 320, Height: 240,
		Blur:   BlurOptions{Disabled: true}, // the blur has its own tests; this is the session's logic
		Engine: f.engine,
		OpenMedia: func(o capture.Options) (LocalMedia, error) {
			f.opened = o
			log.add("media.open")
			return f.media, nil
		},
	}
	if edit != nil {
		edit(&opts, f.engine)
	}
	f.s = New(opts)
	f.events = collect(f.s)
	t.Cleanup(func() {
		f.s.PanicLeave()
		<-f.events.done
	})
	return f
}

func (f *fakeCall) join(t *testing.T) {
	t.Helper()
	if err := f.s.Join(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// waitEvent waits until an event that match accepts has arrived.
func (f *fakeCall) waitEvent(t *testing.T, what string, match func(call.Event) bool) call.Event {
	t.Helper()
	var found call.Event
	waitUntil(t, what, func() bool {
		f.events.mu.Lock()
		defer f.events.mu.Unlock()
		for _, e := range f.events.events {
			if match(e) {
				found = e
				return true
			}
		}
		return false
	})
	return found
}

func TestFakeJoinFollowsTheRing(t *testing.T) {
	f := newFakeCall(t, nil)
	f.join(t)
	if f.engine.req.Pseudonym != "Stille Eule" || f.engine.req.Media != f.media {
		t.Fatalf("the engine was asked to join as %q with %v", f.engine.req.Pseudonym, f.engine.req.Media)
	}
	if f.log.index("media.open") > f.log.index("engine.join") {
		t.Error("the ring was joined before camera and microphone were ready")
	}
	f.conf.say(call.Joined{})
	f.conf.say(call.ParticipantJoined{ID: "11", Name: "Blaue Reiherin"})
	f.conf.say(call.ParticipantJoined{ID: "12", Name: "Stille Eule"}) // someone under our name
	f.conf.say(call.Chat{ParticipantID: "12", Text: "Ich bin es"})
	f.conf.say(call.Chat{ParticipantID: "99", Text: "from nobody in the ring"})
	f.conf.say(call.Hand{ParticipantID: "11", Up: true})
	chat := f.waitEvent(t, "the impostor's line", func(e call.Event) bool { _, ok := e.(call.Chat); return ok }).(call.Chat)
	if chat.From != "Stille Eule (2)" || chat.ParticipantID != "12" {
		t.Errorf("chat shown from %q (%s), want the impostor numbered", chat.From, chat.ParticipantID)
	}
	hand := f.waitEvent(t, "the raised hand", func(e call.Event) bool { _, ok := e.(call.Hand); return ok }).(call.Hand)
	if hand.Name != "Blaue Reiherin" || !hand.Up {
		t.Errorf("hand %+v", hand)
	}
	if f.s.State() != InCall {
		t.Errorf("state %v after Joined", f.s.State())
	}
	f.events.mu.Lock()
	for _, e := range f.events.events {
		if c, ok := e.(call.Chat); ok && c.ParticipantID == "99" {
			t.Error("a line from someone not in the ring was shown")
		}
	}
	f.events.mu.Unlock()
	if got := f.s.Participants(); len(got) != 2 || got["11"] != "Blaue Reiherin" {
		t.Errorf("participants %v", got)
	}
}

func TestFakeTracksStartAndStop(t *testing.T) {
	f := newFakeCall(t, nil)
	f.join(t)
	f.conf.say(call.Joined{})
	f.conf.say(call.ParticipantJoined{ID: "11", Name: "Blaue Reiherin"})
	done := make(chan struct{})
	defer close(done)
	f.conf.say(call.TrackAdded{ParticipantID: "11", Kind: call.Audio, Track: endlessTrack{done}})
	f.conf.say(call.TrackAdded{ParticipantID: "11", Kind: call.Video, Track: endlessTrack{done}})
	f.waitEvent(t, "the picture", func(e call.Event) bool { m, ok := e.(call.MediaStarted); return ok && m.Kind == call.Video })
	waitUntil(t, "both tracks counted", func() bool { return len(f.s.Stats()) == 2 })
	for _, st := range f.s.Stats() {
		if st.Name != "Blaue Reiherin" {
			t.Errorf("track of %q", st.Name)
		}
	}
	f.conf.say(call.TrackRemoved{ParticipantID: "11", Kind: call.Video})
	f.waitEvent(t, "the picture to stop", func(e call.Event) bool { m, ok := e.(call.MediaStopped); return ok && m.Kind == call.Video })
	if st := f.s.Stats(); len(st) != 1 || st[0].Kind != call.Audio {
		t.Errorf("stats after the picture stopped: %+v", st)
	}
}

func TestFakeStatesThroughALostConnection(t *testing.T) {
	f := newFakeCall(t, nil)
	f.join(t)
	f.conf.say(call.Joined{})
	f.conf.say(call.ConnectionLost{Attempt: 1, Err: errors.New("gone")})
	f.conf.say(call.Joined{Rejoined: true})
	f.conf.say(call.Ended{Err: errors.New("the server is gone")})
	<-f.events.done
	want := []State{Joining, InCall, Reconnecting, InCall, Left}
	if got := f.events.states(); !slices.Equal(got, want) {
		t.Errorf("states %v, want %v", got, want)
	}
	last := f.events.events[len(f.events.events)-1]
	if e, ok := last.(call.Ended); !ok || e.Err == nil || !strings.Contains(e.Err.Error(), "gone") {
		t.Errorf("last event %#v, want Ended with the engine's reason", last)
	}
	// The connection is closed before the devices.
	if c, m := f.log.index("conference.close"), f.log.index("media.close"); c < 0 || m < 0 || c > m {
		t.Errorf("closed in the order %v", f.log.steps)
	}
}

func TestFakeLeaveWhileTheServerDoesNotAnswer(t *testing.T) {
	joining := make(chan struct{})
	f := newFakeCall(t, func(_ *Options, e *fakeEngine) { e.hold, e.joining = true, joining })
	joined := make(chan error, 1)
	go func() { joined <- f.s.Join(context.Background()) }()
	<-joining
	if err := f.s.Leave(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-joined; !errors.Is(err, ErrLeftWhileJoining) {
		t.Errorf("Join returned %v, want ErrLeftWhileJoining", err)
	}
	<-f.events.done
	if !f.log.has("media.close") {
		t.Error("camera and microphone stay open after leaving")
	}
	if f.s.State() != Left {
		t.Errorf("state %v", f.s.State())
	}
}

func TestFakeFailedJoinClosesWhatItOpened(t *testing.T) {
	refused := &Error{Key: "janus.error.room_full"}
	f := newFakeCall(t, func(_ *Options, e *fakeEngine) { e.joinErr = refused })
	if err := f.s.Join(context.Background()); !errors.Is(err, refused) {
		t.Fatalf("Join returned %v", err)
	}
	<-f.events.done
	if !f.log.has("media.close") || f.s.State() != Left {
		t.Errorf("after a refused join: state %v, steps %v", f.s.State(), f.log.steps)
	}
	if err := f.s.Join(context.Background()); !errors.Is(err, ErrAlreadyStarted) {
		t.Errorf("a second Join returned %v", err)
	}
}

func TestFakeControlsReachTheRingAndTheDevices(t *testing.T) {
	f := newFakeCall(t, nil)
	if err := f.s.SendChat("too early"); !errors.Is(err, ErrChatNotReady) {
		t.Errorf("chat before joining: %v", err)
	}
	f.join(t)
	f.s.SetMuted(true)
	if !f.s.Muted() || !f.media.Muted() {
		t.Error("not muted")
	}
	if err := f.s.SendChat("Hallo"); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetHand(true); err != nil || !f.s.HandUp() {
		t.Fatalf("hand: %v, up %v", err, f.s.HandUp())
	}
	if err := f.s.SetCamera(false); err != nil || f.s.CameraOn() {
		t.Fatalf("camera off: %v, on %v", err, f.s.CameraOn())
	}
	if err := f.s.SetCamera(true); err != nil || !f.s.CameraOn() {
		t.Fatalf("camera on: %v, on %v", err, f.s.CameraOn())
	}
	if f.s.InputLevel() != 0.25 {
		t.Errorf("input level %v", f.s.InputLevel())
	}
	f.conf.mu.Lock()
	if !slices.Equal(f.conf.chat, []string{"Hallo"}) || !slices.Equal(f.conf.hand, []bool{true}) {
		t.Errorf("the ring got chat %v and hands %v", f.conf.chat, f.conf.hand)
	}
	f.conf.mu.Unlock()
	if f.log.index("camera.stop") > f.log.index("camera.start") {
		t.Errorf("camera steps %v", f.log.steps)
	}
}

func TestFakeVoiceOnlyCannotTurnTheCameraOn(t *testing.T) {
	f := newFakeCall(t, func(o *Options, _ *fakeEngine) { o.AudioOnly = true })
	f.media.video = false
	f.join(t)
	if !f.opened.AudioOnly {
		t.Error("the devices were opened with the camera")
	}
	if err := f.s.SetCamera(true); !errors.Is(err, capture.ErrNoCamera) {
		t.Errorf("camera on in a voice-only call: %v", err)
	}
	if f.log.has("camera.start") || f.s.CameraOn() {
		t.Error("the camera was opened")
	}
}

func TestFakeDeviceLostIsToldOnceAndBack(t *testing.T) {
	f := newFakeCall(t, nil)
	f.join(t)
	for range 3 {
		f.opened.OnCameraLost(errors.New("unplugged"))
	}
	f.media.mu.Lock()
	back := f.media.back
	f.media.mu.Unlock()
	back(call.Video)
	f.waitEvent(t, "camera back", func(e call.Event) bool { n, ok := e.(call.Notice); return ok && n.Key == "session.notice.camera_back" })
	lost := 0
	f.events.mu.Lock()
	for _, e := range f.events.events {
		if n, ok := e.(call.Notice); ok && n.Key == "session.notice.camera_lost" {
			lost++
		}
	}
	f.events.mu.Unlock()
	if lost != 1 {
		t.Errorf("camera_lost told %d times, want once", lost)
	}
}

// A ring that floods chat while the window reads nothing: the session
// keeps answering (its queue drops chatter past its bound) and every
// structural event still arrives.
func TestHostileFakeFloodDoesNotStallTheSession(t *testing.T) {
	log := &journal{}
	conf := newFakeConference(log)
	s := New(Options{
		Link:      ring.Link{Kind: ring.KindNative, Endpoint: "wss://ring.example.org/janus", Room: 7},
		Pseudonym: "Stille Eule", NullSpeaker: true, TestPattern: true, Width: 320, Height: 240,
		Blur:      BlurOptions{Disabled: true},
		Engine:    &fakeEngine{log: log, conf: conf},
		OpenMedia: func(capture.Options) (LocalMedia, error) { return &fakeMedia{log: log}, nil },
	})
	if err := s.Join(context.Background()); err != nil {
		t.Fatal(err)
	}
	conf.say(call.ParticipantJoined{ID: "66", Name: "Troll"})
	for range 20_000 {
		conf.say(call.Chat{ParticipantID: "66", Text: "spam"})
	}
	conf.say(call.ParticipantJoined{ID: "11", Name: "Blaue Reiherin"})
	waitUntil(t, "the friend behind the flood", func() bool { return s.Participants()["11"] == "Blaue Reiherin" })
	s.PanicLeave()
	chats, friend := 0, false
	for e := range s.Events() {
		switch e := e.(type) {
		case call.Chat:
			chats++
		case call.ParticipantJoined:
			friend = friend || e.ID == "11"
		}
	}
	// The bound, plus the few already in flight in the queue's channel.
	if !friend || chats > call.MaxQueuedChatter+32 {
		t.Errorf("friend arrived %v; %d chat lines queued for the window (bound %d)", friend, chats, call.MaxQueuedChatter)
	}
}

// Leaving stops everything the session started: its loop, the queue to
// the window, the players of received tracks and the speaker.
func TestFakeLeaveLeavesNothingRunning(t *testing.T) {
	before := runtime.NumGoroutine()
	log := &journal{}
	conf := newFakeConference(log)
	s := New(Options{
		Link:      ring.Link{Kind: ring.KindNative, Endpoint: "wss://ring.example.org/janus", Room: 7},
		Pseudonym: "Stille Eule", NullSpeaker: true, TestPattern: true, Width: 320, Height: 240,
		Blur:      BlurOptions{Disabled: true},
		Engine:    &fakeEngine{log: log, conf: conf},
		OpenMedia: func(capture.Options) (LocalMedia, error) { return &fakeMedia{log: log, video: true}, nil },
	})
	events := collect(s)
	if err := s.Join(context.Background()); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	conf.say(call.Joined{})
	conf.say(call.ParticipantJoined{ID: "11", Name: "Blaue Reiherin"})
	conf.say(call.TrackAdded{ParticipantID: "11", Kind: call.Audio, Track: endlessTrack{done}})
	conf.say(call.TrackAdded{ParticipantID: "11", Kind: call.Video, Track: endlessTrack{done}})
	waitUntil(t, "both tracks", func() bool { return len(s.Stats()) == 2 })
	if err := s.Leave(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(done) // the engine closes its tracks as it leaves
	<-events.done
	waitUntil(t, "the session's goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
}
