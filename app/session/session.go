package session

import (
	"context"
	"image"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/devices"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/video"
)

// State of a call.
type State int

const (
	Idle         State = iota // not started
	Joining                   // connecting and joining
	InCall                    // in the ring
	Reconnecting              // connection lost, trying again
	Left                      // over; the Session cannot be used again
)

// MessageKey names the state for people.
func (s State) MessageKey() string {
	switch s {
	case Joining:
		return "session.state.joining"
	case InCall:
		return "session.state.in_call"
	case Reconnecting:
		return "session.state.reconnecting"
	case Left:
		return "session.state.left"
	}
	return "session.state.idle"
}

// MediaKind is audio or video.
type MediaKind int

const (
	Audio MediaKind = iota + 1 // sound
	Video                      // picture
)

// Options for one call. Nothing of it is stored anywhere.
type Options struct {
	Link      ring.Link
	Pseudonym string

	AudioOnly   bool // the camera is never opened
	TestPattern bool // send the test picture and tone instead of camera and microphone
	StartMuted  bool

	VideoDevice, AudioDevice, SpeakerDevice string
	Width, Height, FrameRate                int
	// Transform changes each own camera frame before it is sent (blur).
	Transform func(*image.YCbCr)
	// RegisterCameras makes hardware cameras known to the capture layer;
	// nil uses media/devices (only called when a real camera is wanted).
	RegisterCameras func() error
	// NullSpeaker plays the others to nowhere (headless runs, tests).
	NullSpeaker bool

	// OnFrame gets every decoded picture of a participant, on a receive
	// goroutine. The picture is not reused; the callee may keep it.
	OnFrame func(participantID string, frame *image.YCbCr)

	// OnWire sees the signalling messages (tests of what leaves the
	// computer). Never wire it to a log.
	OnWire func(sent bool, msg []byte)
}

// Error is a failure of the session itself (as opposed to the typed
// errors of the layers below, which it passes on unchanged).
type Error struct{ Key string }

func (e *Error) Error() string               { return "session: " + e.Key }
func (e *Error) MessageKey() string          { return e.Key }
func (e *Error) MessageArgs() map[string]any { return nil }

// Errors of the session.
var (
	ErrNotNative      = &Error{Key: "session.error.not_native"}
	ErrNoPseudonym    = &Error{Key: "session.error.no_pseudonym"}
	ErrAlreadyStarted = &Error{Key: "session.error.already_started"}
	ErrChatNotReady   = &Error{Key: "session.error.chat_unavailable"}
	// ErrLeftWhileJoining: Leave or PanicLeave came before the call was up.
	ErrLeftWhileJoining = &Error{Key: "session.error.left_while_joining"}
)

// Session is one call.
type Session struct {
	opts   Options
	events chan Event

	mu         sync.Mutex
	state      State
	client     *janus.Client
	stream     *capture.Stream
	player     *audio.Player
	mixer      *audio.Mixer
	tracks     map[string]*remoteTrack // by participant ID + kind
	people     map[string]string       // participant ID → display name
	cameraOn   atomic.Bool
	ctx        context.Context
	cancel     context.CancelFunc
	done       chan struct{}
	leftOnce   sync.Once
	gone       bool // finished: nothing may be opened any more
	joinCancel context.CancelFunc

	emitMu sync.Mutex
	closed bool
}

// remoteTrack is one received stream and its counters.
type remoteTrack struct {
	participant, name string
	kind              MediaKind
	video             *video.Receiver
	audio             *audio.JitterBuffer
	cancel            context.CancelFunc
}

// New prepares a call; Join starts it.
func New(opts Options) *Session {
	if opts.RegisterCameras == nil {
		opts.RegisterCameras = func() error { return devices.RegisterCameras(devices.CameraOptions{}) }
	}
	s := &Session{opts: opts, events: make(chan Event, 256), tracks: map[string]*remoteTrack{}, people: map[string]string{}, done: make(chan struct{})}
	s.cameraOn.Store(true)
	return s
}

// Events delivers what happens, in order; it is closed after Left. Read
// it until it is closed.
func (s *Session) Events() <-chan Event { return s.events }

// State is the current state.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *Session) setState(st State) {
	s.mu.Lock()
	if s.state == st || s.state == Left {
		s.mu.Unlock()
		return
	}
	s.state = st
	s.mu.Unlock()
	s.emit(StateChanged{State: st})
}

// emit never blocks the network: when the reader is far behind, counters
// and talking changes are the ones that may be dropped; state changes and
// participants wait.
func (s *Session) emit(e Event) {
	s.emitMu.Lock()
	defer s.emitMu.Unlock()
	if s.closed {
		return
	}
	switch e.(type) {
	case Talking:
		select {
		case s.events <- e:
		default:
		}
	default:
		s.events <- e
	}
}

// Join opens capture, joins the ring and starts receiving. It returns
// when the call is up or failed; the error is typed (a message key).
func (s *Session) Join(ctx context.Context) error {
	s.mu.Lock()
	if s.state != Idle {
		s.mu.Unlock()
		return ErrAlreadyStarted
	}
	s.mu.Unlock()
	if s.opts.Link.Kind != ring.KindNative || s.opts.Link.Endpoint == "" || s.opts.Link.Room == 0 {
		return ErrNotNative
	}
	if s.opts.Pseudonym == "" {
		return ErrNoPseudonym
	}
	s.setState(Joining)
	// Leave during joining cancels the join instead of waiting for it.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.mu.Lock()
	s.joinCancel = cancel
	s.mu.Unlock()
	if err := s.join(ctx); err != nil {
		s.finish(err)
		return err
	}
	return nil
}

func (s *Session) join(ctx context.Context) error {
	user := s.opts.Transform
	transform := func(f *image.YCbCr) {
		if !s.cameraOn.Load() {
			blank(f)
			return
		}
		if user != nil {
			user(f)
		}
	}
	stream, err := capture.Open(capture.Options{
		AudioOnly: s.opts.AudioOnly, TestPattern: s.opts.TestPattern,
		VideoDevice: s.opts.VideoDevice, AudioDevice: s.opts.AudioDevice,
		Width: s.opts.Width, Height: s.opts.Height, FrameRate: s.opts.FrameRate,
		Transform: transform, StartMuted: s.opts.StartMuted, RegisterCameras: s.opts.RegisterCameras,
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.gone {
		s.mu.Unlock()
		_ = stream.Close()
		return ErrLeftWhileJoining
	}
	s.stream = stream
	s.mixer = audio.NewMixer(audio.MixerOptions{OnTalking: func(id string, on bool) { s.emit(Talking{ParticipantID: id, On: on}) }})
	s.mu.Unlock()

	player, err := audio.StartPlayer(audio.PlayerOptions{Null: s.opts.NullSpeaker, DeviceID: s.opts.SpeakerDevice, Fill: s.mixer.Mix})
	if err != nil && !s.opts.NullSpeaker {
		// No speaker: the call still works, the others are not heard.
		s.emit(Notice{Key: "session.notice.no_speaker"})
		player, err = audio.StartPlayer(audio.PlayerOptions{Null: true, Fill: s.mixer.Mix})
	}
	if err == nil {
		s.mu.Lock()
		if s.gone {
			s.mu.Unlock()
			_ = player.Close()
			return ErrLeftWhileJoining
		}
		s.player = player
		s.mu.Unlock()
	}

	var onWire func(janus.Direction, []byte)
	if s.opts.OnWire != nil {
		onWire = func(d janus.Direction, b []byte) { s.opts.OnWire(d == janus.Sent, b) }
	}
	client, err := janus.Join(ctx, janus.Options{
		Endpoint:             s.opts.Link.Endpoint,
		Room:                 s.opts.Link.Room,
		PIN:                  s.opts.Link.PIN,
		Display:              s.opts.Pseudonym,
		Tracks:               stream.Tracks(),
		ConfigureMediaEngine: stream.ConfigureMediaEngine,
		OnWire:               onWire,
	})
	if err != nil {
		s.mu.Lock()
		gone := s.gone
		s.mu.Unlock()
		if gone {
			return ErrLeftWhileJoining
		}
		return err
	}
	s.mu.Lock()
	if s.gone {
		s.mu.Unlock()
		_ = client.Close()
		return ErrLeftWhileJoining
	}
	s.client = client
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.mu.Unlock()
	go s.run(client)
	return nil
}

// run turns the client's events into the session's.
func (s *Session) run(client *janus.Client) {
	defer close(s.done)
	for e := range client.Events() {
		switch e := e.(type) {
		case janus.Joined:
			s.setState(InCall)
			s.emit(Joined{Rejoined: e.Rejoined})
		case janus.ParticipantJoined:
			id := participantID(e.ID)
			s.mu.Lock()
			s.people[id] = e.Display
			s.mu.Unlock()
			s.emit(ParticipantJoined{ID: id, Name: e.Display})
		case janus.ParticipantLeft:
			id := participantID(e.ID)
			s.mu.Lock()
			delete(s.people, id)
			s.mu.Unlock()
			s.emit(ParticipantLeft{ID: id, Name: e.Display})
		case janus.TrackAdded:
			s.addTrack(e)
		case janus.TrackRemoved:
			s.removeTrack(participantID(e.FeedID), kindOf(e.Kind.String()))
		case janus.Talking:
			// The mixer measures talking itself; Janus' audio levels are
			// only there for rooms that compute them.
		case janus.ChatMessage:
			s.emit(Chat{From: e.From, Text: e.Text})
		case janus.RecordingChanged:
			s.emit(Recording{On: e.Recording})
		case janus.Reconnecting:
			s.setState(Reconnecting)
			s.emit(ReconnectingEvent{Attempt: e.Attempt})
		case janus.Left:
			s.finish(e.Reason)
		}
	}
}

func participantID(feed uint64) string { return strconv.FormatUint(feed, 10) }

func kindOf(s string) MediaKind {
	if s == "video" {
		return Video
	}
	return Audio
}

func trackKey(id string, k MediaKind) string { return id + "/" + strconv.Itoa(int(k)) }

func (s *Session) addTrack(e janus.TrackAdded) {
	id := participantID(e.FeedID)
	kind := kindOf(e.Kind.String())
	ctx, cancel := context.WithCancel(s.ctx)
	t := &remoteTrack{participant: id, name: e.Display, kind: kind, cancel: cancel}
	s.mu.Lock()
	if old := s.tracks[trackKey(id, kind)]; old != nil {
		old.cancel()
	}
	s.tracks[trackKey(id, kind)] = t
	mixer := s.mixer
	client := s.client
	s.mu.Unlock()
	src := e.Track
	switch kind {
	case Video:
		onFrame := s.opts.OnFrame
		r, err := video.NewReceiver(video.ReceiveOptions{
			OnFrame: func(f *image.YCbCr) {
				if onFrame != nil {
					onFrame(id, f)
				}
			},
			RequestKeyFrame: func() {
				if client != nil {
					client.RequestKeyframe()
				}
			},
		})
		if err != nil {
			s.emit(Notice{Key: "session.notice.video_decoder"})
			cancel()
			return
		}
		t.video = r
		go func() { _ = r.Run(ctx, src) }()
	case Audio:
		jb, err := audio.NewJitterBuffer(audio.JitterOptions{})
		if err != nil {
			s.emit(Notice{Key: "session.notice.audio_decoder"})
			cancel()
			return
		}
		t.audio = jb
		mixer.Add(id, jb)
		go func() {
			_ = audio.Receive(ctx, src, jb)
		}()
	}
	s.emit(MediaStarted{ParticipantID: id, Kind: kind})
}

func (s *Session) removeTrack(id string, kind MediaKind) {
	s.mu.Lock()
	t := s.tracks[trackKey(id, kind)]
	delete(s.tracks, trackKey(id, kind))
	mixer := s.mixer
	s.mu.Unlock()
	if t == nil {
		return
	}
	t.cancel()
	if kind == Audio && mixer != nil {
		mixer.Remove(id)
	}
	s.emit(MediaStopped{ParticipantID: id, Kind: kind})
}

// TrackStats counts one received stream.
type TrackStats struct {
	ParticipantID, Name string
	Kind                MediaKind
	Packets             uint64
	FramesDecoded       uint64 // video only
	AudioConcealed      uint64 // audio only: lost frames hidden
	Width, Height       int    // video only
}

// Stats returns the counters of every received stream.
func (s *Session) Stats() []TrackStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]TrackStats, 0, len(s.tracks))
	for _, t := range s.tracks {
		st := TrackStats{ParticipantID: t.participant, Name: s.people[t.participant], Kind: t.kind}
		if st.Name == "" {
			st.Name = t.name
		}
		if t.video != nil {
			vs := t.video.Stats()
			st.Packets, st.FramesDecoded = vs.Packets, vs.FramesDecoded
			st.Width, st.Height = t.video.Size()
		}
		if t.audio != nil {
			as := t.audio.Stats()
			st.Packets, st.AudioConcealed = as.Received, as.Concealed
		}
		out = append(out, st)
	}
	return out
}

// Participants returns who is in the call (ID → name).
func (s *Session) Participants() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.people))
	for k, v := range s.people {
		out[k] = v
	}
	return out
}

// SetMuted mutes or unmutes the microphone (silence is sent while muted).
func (s *Session) SetMuted(m bool) {
	s.mu.Lock()
	st := s.stream
	s.mu.Unlock()
	if st != nil {
		st.SetMuted(m)
	}
}

// Muted reports the microphone state.
func (s *Session) Muted() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stream != nil && s.stream.Muted()
}

// SetCamera turns the picture on or off. Off sends a black picture; the
// camera itself stays open during the call (its light stays on). Joining
// audio-only is the way to never open it.
func (s *Session) SetCamera(on bool) { s.cameraOn.Store(on) }

// SendChat sends a chat message to everyone in the ring, over the
// VideoRoom's data channel relay. Nothing of the chat is stored.
func (s *Session) SendChat(text string) error {
	s.mu.Lock()
	client := s.client
	s.mu.Unlock()
	if client == nil {
		return ErrChatNotReady
	}
	return client.SendChat(text)
}

// Leave leaves politely and closes everything (PeerConnections before
// capture). Safe to call more than once and from any state.
func (s *Session) Leave(ctx context.Context) error {
	return s.stop(ctx, true)
}

// PanicLeave drops everything at once without waiting for the server.
func (s *Session) PanicLeave() { _ = s.stop(context.Background(), false) }

func (s *Session) stop(ctx context.Context, polite bool) error {
	s.mu.Lock()
	client, joinCancel := s.client, s.joinCancel
	s.mu.Unlock()
	if client == nil && joinCancel != nil {
		joinCancel()
	}
	var err error
	if client != nil {
		if polite {
			err = client.Leave(ctx)
		} else {
			err = client.Close()
		}
		<-s.done // the client's Left has been handled
	}
	s.finish(nil)
	return err
}

// finish releases everything once and emits Left.
func (s *Session) finish(reason error) {
	s.leftOnce.Do(func() {
		s.mu.Lock()
		s.gone = true
		client, stream, player, cancel := s.client, s.stream, s.player, s.cancel
		s.client, s.stream, s.player = nil, nil, nil
		tracks := s.tracks
		s.tracks = map[string]*remoteTrack{}
		s.people = map[string]string{}
		s.mu.Unlock()
		if client != nil {
			_ = client.Close() // no-op after Leave; closes the PeerConnections otherwise
		}
		if cancel != nil {
			cancel()
		}
		for _, t := range tracks {
			t.cancel()
		}
		if player != nil {
			_ = player.Close()
		}
		if stream != nil {
			_ = stream.Close() // after the PeerConnections: see media/capture
		}
		s.setState(Left)
		s.emit(LeftEvent{Err: reason})
		s.emitMu.Lock()
		s.closed = true
		close(s.events)
		s.emitMu.Unlock()
	})
}

func blank(f *image.YCbCr) {
	for i := range f.Y {
		f.Y[i] = 16
	}
	for i := range f.Cb {
		f.Cb[i] = 128
	}
	for i := range f.Cr {
		f.Cr[i] = 128
	}
}
