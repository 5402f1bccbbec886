package session

import (
	"context"
	"image"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/internal/keyerr"
	"github.com/ringlet/ringlet/media/apm"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/blur"
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
	// VideoFile sends this Y4M clip, looped, instead of the camera (benchmarks
	// send the same pictures as a browser's fake camera that way).
	VideoFile  string
	StartMuted bool

	VideoDevice, AudioDevice, SpeakerDevice string
	Width, Height, FrameRate                int

	// Blur hides the room behind the person whenever the camera is on.
	// The zero value blurs at the default strength: nobody has to ask for
	// it, and if the blur cannot start the join fails rather than send a
	// sharp room.
	Blur BlurOptions
	// EchoCancellation chooses echo cancellation, noise suppression and
	// gain control (libwebrtc-audio-processing) for the microphone.
	EchoCancellation EchoMode
	// NoCameraFallback fails the join when no camera exists instead of
	// sending the test picture (and saying so in a Notice).
	NoCameraFallback bool

	// Transform sees each own camera frame after the blur, as it will be
	// sent (the GUI's self-view). It may change the frame.
	Transform func(*image.YCbCr)
	// RegisterCameras makes hardware cameras known to the capture layer;
	// nil uses media/devices (only called when a real camera is wanted).
	RegisterCameras func() error
	// NullSpeaker plays the others to nowhere (headless runs, tests).
	NullSpeaker bool

	// OnFrame gets every decoded picture of a participant, on a receive
	// goroutine. The picture is not reused; the callee may keep it.
	OnFrame func(participantID string, frame *image.YCbCr)
	// MaxPictureRate limits OnFrame to this many pictures a second per
	// participant (0: every one). Every frame is still decoded; the others
	// are just not copied out for a screen that would not show them.
	MaxPictureRate int

	// OnWire sees the signalling messages (tests of what leaves the
	// computer). Never wire it to a log.
	OnWire func(sent bool, msg []byte)
}

// BlurOptions configure the background blur of the own picture.
type BlurOptions struct {
	// Disabled sends the picture as the camera sees it. Only for tests,
	// benchmarks and people who asked for it explicitly.
	Disabled bool
	Strength int // MinBlurStrength…MaxBlurStrength; 0 = default
	// HideBackground replaces the room by a calm plain colour instead of
	// blurring it, for the most cautious.
	HideBackground bool
}

// Blur strengths a person can choose.
const (
	MinBlurStrength = blur.MinStrength
	MaxBlurStrength = blur.MaxStrength
)

// EchoMode says whether the microphone goes through echo cancellation.
type EchoMode int

const (
	// EchoAuto: on for a real microphone, off for the test tone (a pure
	// tone is what noise suppression is built to remove, and there is no
	// room for it to echo in).
	EchoAuto EchoMode = iota
	// EchoOn: always, also for the test tone (tests of the path).
	EchoOn
	// EchoOff: never.
	EchoOff
)

// Error is a failure of the session itself (as opposed to the typed
// errors of the layers below, which it passes on unchanged).
type Error = keyerr.Error

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
	people     *roster                 // participant ID → the name they are shown under
	cameraOn   atomic.Bool
	handUp     atomic.Bool
	stage      *blur.Stage    // nil without camera or with blur off
	echo       *apm.Processor // nil without echo cancellation
	capture    capture.Options
	camLost    atomic.Bool // a camera_lost notice is out and not yet answered
	micLost    atomic.Bool
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
	s := &Session{opts: opts, events: make(chan Event, 256), tracks: map[string]*remoteTrack{}, people: newRoster(opts.Pseudonym), done: make(chan struct{})}
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
	case Talking, BlurChanged:
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
	if err := s.startBlur(); err != nil {
		return err // fail closed: no camera picture without its blur
	}
	s.startEchoCancellation()
	stream, err := capture.Open(s.captureOptions(ctx))
	if err != nil {
		return err
	}
	for _, n := range stream.Notices() {
		s.emit(Notice{Key: n.Key})
	}
	if !s.keep(func() { s.stream = stream }, stream.Close) {
		return ErrLeftWhileJoining
	}
	mixer := audio.NewMixer(audio.MixerOptions{OnTalking: func(id string, on bool) { s.emit(Talking{ParticipantID: id, On: on}) }})
	s.mu.Lock()
	s.mixer = mixer
	s.mu.Unlock()
	if player, ok := s.startPlayer(mixer); ok && !s.keep(func() { s.player = player }, player.Close) {
		return ErrLeftWhileJoining
	}
	client, err := janus.Join(ctx, janus.Options{
		Endpoint:             s.opts.Link.Endpoint,
		Room:                 s.opts.Link.Room,
		PIN:                  s.opts.Link.PIN,
		Display:              s.opts.Pseudonym,
		Tracks:               stream.Tracks(),
		ConfigureMediaEngine: stream.ConfigureMediaEngine,
		OnWire:               s.wire(),
	})
	if err != nil {
		if s.isGone() {
			return ErrLeftWhileJoining
		}
		return err
	}
	var followCtx context.Context
	if !s.keep(func() {
		s.client = client
		s.ctx, s.cancel = context.WithCancel(context.Background())
		followCtx = s.ctx
	}, client.Close) {
		return ErrLeftWhileJoining
	}
	go s.run(client)
	go stream.Follow(followCtx, capture.FollowOptions{Capture: s.capture, OnChange: s.onDeviceBack})
	return nil
}

// keep stores what join has just opened (store runs under the lock),
// unless the person left meanwhile: then it is closed again and keep
// reports false. Leave cannot close what it does not know of yet, so
// every step of join hands its part over through here.
func (s *Session) keep(store func(), closeIt func() error) bool {
	s.mu.Lock()
	if s.gone {
		s.mu.Unlock()
		_ = closeIt()
		return false
	}
	store()
	s.mu.Unlock()
	return true
}

func (s *Session) isGone() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gone
}

// startBlur prepares the blur stage whenever the camera may send: the
// picture never goes out without it (unless the person turned it off).
func (s *Session) startBlur() error {
	if s.opts.AudioOnly || s.opts.Blur.Disabled {
		return nil
	}
	mode := blur.ModeBlur
	if s.opts.Blur.HideBackground {
		mode = blur.ModeHideSolid
	}
	stage, err := blur.New(blur.Options{Strength: s.opts.Blur.Strength, Mode: mode, OnEvent: s.onBlurEvent})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.stage = stage
	s.mu.Unlock()
	return nil
}

// startEchoCancellation starts the echo canceller where it is wanted.
// The call works without it; people on speakers may echo.
func (s *Session) startEchoCancellation() {
	if !s.wantEcho() {
		return
	}
	echo, err := apm.New(apm.Default)
	if err != nil {
		s.emit(Notice{Key: "session.notice.no_echo_cancellation"})
		return
	}
	s.mu.Lock()
	s.echo = echo
	s.mu.Unlock()
}

// captureOptions says what to open: the picture size the room allows,
// the blur (and the person's own transform) on every picture, the echo
// canceller on the microphone, and notices when a device is lost.
func (s *Session) captureOptions(ctx context.Context) capture.Options {
	stage, user := s.stage, s.opts.Transform
	transform := func(f *image.YCbCr) {
		if !s.cameraOn.Load() {
			capture.Blank(f) // the camera is closed; this only covers a frame on its way
			return
		}
		if stage != nil {
			stage.Transform(f)
		}
		if user != nil {
			user(f)
		}
	}
	width, height, videoBitrate := s.opts.Width, s.opts.Height, 0
	if !s.opts.AudioOnly && width == 0 && height == 0 {
		width, height, videoBitrate = s.pictureFor(ctx)
	}
	s.capture = capture.Options{
		AudioOnly: s.opts.AudioOnly, TestPattern: s.opts.TestPattern,
		VideoDevice: s.opts.VideoDevice, AudioDevice: s.opts.AudioDevice, VideoFile: s.opts.VideoFile,
		Width: width, Height: height, FrameRate: s.opts.FrameRate, VideoBitrate: videoBitrate,
		Transform: transform, StartMuted: s.opts.StartMuted, RegisterCameras: s.opts.RegisterCameras,
		FallbackToTestPattern: !s.opts.NoCameraFallback && !s.opts.TestPattern,
		OnCameraLost: func(error) {
			if !s.camLost.Swap(true) {
				s.emit(Notice{Key: "session.notice.camera_lost"})
			}
		},
		OnMicrophoneLost: func(error) {
			if !s.micLost.Swap(true) {
				s.emit(Notice{Key: "session.notice.microphone_lost"})
			}
		},
	}
	if s.echo != nil {
		s.capture.AudioFilter = s.echo.Process
	}
	return s.capture
}

// startPlayer plays the mixed sound of the others, on the null device
// when there is no speaker (the call still works; the others are not
// heard, and the person is told).
func (s *Session) startPlayer(mixer *audio.Mixer) (*audio.Player, bool) {
	var played func([]float32)
	if s.echo != nil {
		played = s.echo.FarEnd // what the speaker plays is the echo to remove
	}
	player, err := audio.StartPlayer(audio.PlayerOptions{Null: s.opts.NullSpeaker, DeviceID: s.opts.SpeakerDevice, Fill: mixer.Mix, Played: played})
	if err != nil && !s.opts.NullSpeaker {
		s.emit(Notice{Key: "session.notice.no_speaker"})
		player, err = audio.StartPlayer(audio.PlayerOptions{Null: true, Fill: mixer.Mix, Played: played})
	}
	return player, err == nil
}

// Picture sizes and what they need from the room.
const (
	hdBitrate = 1_500_000 // 1280×720 needs about this much
	sdBitrate = capture.DefaultVideoBitrate
)

// pictureFor chooses the picture size by the room's bandwidth: 1280×720
// only when the room explicitly allows enough for it, 640×480 otherwise,
// never sending more than the room's cap (Janus would only throttle it).
// A room the server does not list (private rooms) gets 640×480.
func (s *Session) pictureFor(ctx context.Context) (w, h, bitrate int) {
	info, ok := janus.LookUpRoom(ctx, s.opts.Link.Endpoint, s.opts.Link.Room, s.wire())
	switch {
	case !ok || info.Bitrate == 0:
		return 640, 480, sdBitrate
	case info.Bitrate >= hdBitrate:
		return 1280, 720, hdBitrate
	default:
		return 640, 480, int(min(info.Bitrate, sdBitrate))
	}
}

// wire passes the signalling on to Options.OnWire, if any, without janus'
// types.
func (s *Session) wire() func(janus.Direction, []byte) {
	if s.opts.OnWire == nil {
		return nil
	}
	return func(d janus.Direction, b []byte) { s.opts.OnWire(d == janus.Sent, b) }
}

func (s *Session) wantEcho() bool {
	switch s.opts.EchoCancellation {
	case EchoOn:
		return true
	case EchoOff:
		return false
	}
	return !s.opts.TestPattern
}

// onBlurEvent runs on the capture goroutine: it must not wait for the UI.
func (s *Session) onBlurEvent(e blur.Event) {
	s.emit(BlurChanged{Key: e.MessageKey()})
}

func (s *Session) onDeviceBack(e capture.FollowEvent) {
	switch e.Kind {
	case capture.CameraBack:
		s.camLost.Store(false)
		s.emit(Notice{Key: "session.notice.camera_back"})
	case capture.MicrophoneBack:
		s.micLost.Store(false)
		s.emit(Notice{Key: "session.notice.microphone_back"})
	}
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
			name := s.people.add(id, e.Display)
			s.mu.Unlock()
			s.emit(ParticipantJoined{ID: id, Name: name})
		case janus.ParticipantLeft:
			id := participantID(e.ID)
			s.mu.Lock()
			name, ok := s.people.name(id)
			s.people.remove(id)
			s.mu.Unlock()
			if !ok {
				name = e.Display
			}
			s.emit(ParticipantLeft{ID: id, Name: name})
		case janus.TrackAdded:
			s.addTrack(e)
		case janus.TrackRemoved:
			s.removeTrack(participantID(e.FeedID), kindOf(e.Kind.String()))
		case janus.Talking:
			// The mixer measures talking itself; Janus' audio levels are
			// only there for rooms that compute them.
		case janus.ChatMessage:
			if id, name, ok := s.known(e.FeedID); ok {
				s.emit(Chat{ParticipantID: id, From: name, Text: e.Text})
			}
		case janus.HandChanged:
			if id, name, ok := s.known(e.FeedID); ok {
				s.emit(Hand{ParticipantID: id, Name: name, Up: e.Up})
			}
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

// RateGate lets through at most perSecond calls a second, for one
// goroutine (no lock); nil for perSecond ≤ 0, which means all.
func RateGate(perSecond int) func() bool { return rateGate(perSecond, time.Now) }

func rateGate(perSecond int, now func() time.Time) func() bool {
	if perSecond <= 0 {
		return nil
	}
	every := time.Second / time.Duration(perSecond)
	var last time.Time
	return func() bool {
		t := now()
		// A little slack, so that a 30 fps stream gated at 15 shows every
		// other frame instead of beating against the jitter.
		if t.Sub(last) < every-every/8 {
			return false
		}
		last = t
		return true
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
		// Without a taker (headless join) pictures stay inside the
		// decoder: no copy per frame.
		var show func(*image.YCbCr)
		if onFrame := s.opts.OnFrame; onFrame != nil {
			show = func(f *image.YCbCr) { onFrame(id, f) }
		}
		r, err := video.NewReceiver(video.ReceiveOptions{
			OnFrame:   show,
			WantFrame: RateGate(s.opts.MaxPictureRate),
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
		st := TrackStats{ParticipantID: t.participant, Name: t.name, Kind: t.kind}
		if name, ok := s.people.name(t.participant); ok {
			st.Name = name
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
	return s.people.all()
}

// known returns the participant a feed belongs to and the name they are
// shown under, if they are in the call: what others send is attributed
// to the feed it came from, and shown under the roster's name for it.
func (s *Session) known(feed uint64) (id, name string, ok bool) {
	id = participantID(feed)
	s.mu.Lock()
	defer s.mu.Unlock()
	name, ok = s.people.name(id)
	return id, name, ok
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

// SetCamera turns the picture on or off mid-call. Off closes the camera
// itself, so its light goes off, and the others see a black picture; on
// opens it again (blurred as before). The call is not renegotiated. Joining
// audio-only is the way to never open the camera at all: then turning it
// on fails with capture's ErrNoCamera.
func (s *Session) SetCamera(on bool) error {
	s.mu.Lock()
	st, opts := s.stream, s.capture
	s.mu.Unlock()
	if st == nil || !st.HasVideo() {
		if on {
			return capture.ErrNoCamera
		}
		return nil
	}
	if !on {
		s.cameraOn.Store(false)
		st.StopCamera()
		return nil
	}
	if err := st.StartCamera(opts, opts.VideoDevice); err != nil {
		return err
	}
	s.cameraOn.Store(true)
	return nil
}

// CameraOn reports whether the own picture is being sent.
func (s *Session) CameraOn() bool { return s.cameraOn.Load() && !s.opts.AudioOnly }

// SetPushToTalk switches push-to-talk on or off: while on, the microphone
// sends silence unless PushToTalk(true) holds it open.
func (s *Session) SetPushToTalk(on bool) {
	if st := s.currentStream(); st != nil {
		st.SetPushToTalk(on)
	}
}

// PushToTalk reports the push-to-talk key being held or released.
func (s *Session) PushToTalk(pressed bool) {
	if st := s.currentStream(); st != nil {
		st.PushToTalk(pressed)
	}
}

// InputLevel is the own microphone's loudness, 0 to 1 (also while muted,
// so the UI can say "you are muted but speaking").
func (s *Session) InputLevel() float64 {
	if st := s.currentStream(); st != nil {
		return st.InputLevel()
	}
	return 0
}

// SetVolume plays one participant louder or quieter (1 as sent, 0 silent,
// up to 2). Only this computer's playback changes.
func (s *Session) SetVolume(participantID string, v float64) {
	s.mu.Lock()
	m := s.mixer
	s.mu.Unlock()
	if m != nil {
		m.SetVolume(participantID, v)
	}
}

// Volume is a participant's playback volume.
func (s *Session) Volume(participantID string) float64 {
	s.mu.Lock()
	m := s.mixer
	s.mu.Unlock()
	if m == nil {
		return 1
	}
	return m.Volume(participantID)
}

// SetHand raises or lowers the own hand for everyone in the ring.
func (s *Session) SetHand(up bool) error {
	s.mu.Lock()
	client := s.client
	s.mu.Unlock()
	if client == nil {
		return ErrChatNotReady
	}
	if err := client.SetHand(up); err != nil {
		return err
	}
	s.handUp.Store(up)
	return nil
}

// HandUp reports whether the own hand is raised.
func (s *Session) HandUp() bool { return s.handUp.Load() }

// BlurVerdict says whether the pictures that went out were blurred, as
// measured on them (ok false: no picture measured yet, or no camera).
func (s *Session) BlurVerdict() (v blur.Verdict, ok bool) {
	s.mu.Lock()
	stage := s.stage
	s.mu.Unlock()
	if stage == nil {
		return blur.Verdict{}, false
	}
	v = stage.Verdict()
	return v, v.Frames > 0
}

func (s *Session) currentStream() *capture.Stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stream
}

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
		stage, echo := s.stage, s.echo
		s.client, s.stream, s.player = nil, nil, nil
		tracks := s.tracks
		s.tracks = map[string]*remoteTrack{}
		s.people = newRoster(s.opts.Pseudonym)
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
		// After the stream: no frame or sample reaches them any more.
		if stage != nil {
			stage.Close()
		}
		if echo != nil {
			_ = echo.Close()
		}
		s.setState(Left)
		s.emit(LeftEvent{Err: reason})
		s.emitMu.Lock()
		s.closed = true
		close(s.events)
		s.emitMu.Unlock()
	})
}
