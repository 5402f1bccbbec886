package session

import (
	"context"
	"image"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/internal/keyerr"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/blur"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/devices"
)

// State of a call, and its values: the shared vocabulary's (media/call).
type State = call.State

// The states a call goes through.
const (
	Idle         = call.Idle
	Joining      = call.Joining
	InCall       = call.InCall
	Reconnecting = call.Reconnecting
	Left         = call.Left
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
	OnWire WireFunc

	// Engine joins the ring; nil chooses one by the link (Janus VideoRoom
	// for native rings). Tests inject a fake to check the session's own
	// logic without a server.
	Engine Engine
	// OpenMedia opens the own camera and microphone; nil opens them with
	// media/capture. Tests inject fakes.
	OpenMedia func(capture.Options) (LocalMedia, error)
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

// Session is one call. One goroutine (run, in loop.go) owns everything
// that changes during the call: the state, the people, the received
// tracks and the parts join opened. Every other goroutine talks to it
// through commands (do) and notes (post); nothing of it is shared under
// a lock.
type Session struct {
	opts   Options
	engine Engine

	events   *call.Queue   // to the reader; closed after call.Ended
	commands chan func()   // run by the loop, in order, one at a time
	notes    chan func()   // from media callbacks; never block them
	loopDone chan struct{} // closed when the loop has ended

	st callState // owned by the loop; read by anyone only after loopDone
}

// New prepares a call; Join starts it. Its goroutine runs until the call
// is over (Leave, PanicLeave, a failed Join, or the server ending it).
func New(opts Options) *Session {
	if opts.RegisterCameras == nil {
		opts.RegisterCameras = func() error { return devices.RegisterCameras(devices.CameraOptions{}) }
	}
	if opts.OpenMedia == nil {
		opts.OpenMedia = openCapture
	}
	s := &Session{
		opts:     opts,
		engine:   opts.Engine,
		events:   call.NewQueue(),
		commands: make(chan func()),
		notes:    make(chan func(), 64),
		loopDone: make(chan struct{}),
		st:       newCallState(opts.Pseudonym),
	}
	go s.run()
	return s
}

// Events delivers what happens, in order, in media/call's vocabulary; it
// ends with StateChanged{Left} and call.Ended, and is closed then. Read
// it until it is closed.
func (s *Session) Events() <-chan call.Event { return s.events.Out() }

// State is the current state.
func (s *Session) State() State {
	var st State
	s.read(func(c *callState) { st = c.state })
	return st
}

// Join opens capture, joins the ring and starts receiving. It returns
// when the call is up or failed; the error is typed (a message key). This
// is how a call starts, step by step: each part is handed to the loop as
// soon as it is open, so that a Leave meanwhile closes it.
func (s *Session) Join(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx) // a Leave during joining cancels it
	defer cancel()
	if err := s.begin(cancel); err != nil {
		return err
	}
	if err := s.join(ctx); err != nil {
		s.do(func() { s.finish(err) })
		return err
	}
	return nil
}

// begin checks the request and moves the call to Joining.
func (s *Session) begin(cancel context.CancelFunc) error {
	engine, err := s.chooseEngine()
	var startErr error
	started := s.do(func() {
		switch {
		case s.st.state != Idle:
			startErr = ErrAlreadyStarted
		case err != nil:
			startErr = err
			s.finish(err)
		case s.opts.Pseudonym == "":
			startErr = ErrNoPseudonym
			s.finish(startErr)
		default:
			s.engine, s.st.cancelJoin = engine, cancel
			s.setState(Joining)
		}
	})
	if !started {
		return ErrAlreadyStarted
	}
	return startErr
}

// join is the sequence of a call: the blur and echo canceller first (no
// picture leaves without its blur), then camera and microphone, the
// speaker, and the ring itself; then the loop follows the ring's events.
func (s *Session) join(ctx context.Context) error {
	stage, err := s.startBlur()
	if err != nil {
		return err // fail closed: no camera picture without its blur
	}
	if !s.keep(func(c *callState) { c.stage = stage }, closeStage(stage)) {
		return ErrLeftWhileJoining
	}
	echo := s.startEchoCancellation()
	if !s.keep(func(c *callState) { c.echo = echo }, closeEcho(echo)) {
		return ErrLeftWhileJoining
	}
	capOpts := s.captureOptions(ctx, stage, echo)
	media, err := s.opts.OpenMedia(capOpts)
	if err != nil {
		return err
	}
	if !s.keep(func(c *callState) { c.media = media; c.capture = capOpts }, media.Close) {
		return ErrLeftWhileJoining
	}
	for _, key := range media.Notices() {
		s.tell(call.Notice{Key: key})
	}
	mixer := audio.NewMixer(audio.MixerOptions{OnTalking: func(id string, on bool) { s.post(call.Talking{ParticipantID: id, On: on}) }})
	player := s.startPlayer(mixer, echo)
	if !s.keep(func(c *callState) { c.mixer, c.player = mixer, player }, closePlayer(player)) {
		return ErrLeftWhileJoining
	}
	published, err := s.encrypt(media)
	if err != nil {
		return err
	}
	conf, err := s.engine.Join(ctx, JoinRequest{Link: s.opts.Link, Pseudonym: s.opts.Pseudonym, Media: published, OnWire: s.opts.OnWire})
	if err != nil {
		if s.isOver() {
			return ErrLeftWhileJoining
		}
		return err
	}
	if !s.keep(func(c *callState) { s.follow(c, conf) }, conf.Close) {
		return ErrLeftWhileJoining
	}
	return nil
}

// Leave leaves politely and closes everything (the connection before the
// devices). Safe to call more than once and from any state.
func (s *Session) Leave(ctx context.Context) error {
	return s.stop(ctx, true)
}

// PanicLeave drops everything at once without waiting for the server.
func (s *Session) PanicLeave() { _ = s.stop(context.Background(), false) }

// stop ends the call. The goodbye to the server runs here, on the
// caller's goroutine, so that the loop keeps answering the window while
// the server takes its time; the loop finishes when the engine's
// call.Ended arrives (or at once, when there is no connection yet).
func (s *Session) stop(ctx context.Context, polite bool) error {
	var conf Conference
	s.do(func() {
		s.st.leaving = true
		if s.st.conf == nil {
			if s.st.cancelJoin != nil {
				s.st.cancelJoin()
			}
			s.finish(nil)
			return
		}
		conf = s.st.conf
	})
	var err error
	if conf != nil {
		if polite {
			err = conf.Leave(ctx)
		} else {
			err = conf.Close()
		}
	}
	<-s.loopDone
	return err
}
