package session

import (
	"context"
	"image"
	"sync/atomic"

	"github.com/ringlet/ringlet/media/apm"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/blur"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
)

// captureMedia is the LocalMedia of a real call: media/capture's Stream
// with the options it was opened with (to open the camera again) and the
// gate that blanks a picture still on its way when the camera goes off.
type captureMedia struct {
	*capture.Stream
	opts      capture.Options
	cameraOff *atomic.Bool // read by the capture goroutine for each picture
}

// openCapture opens camera and microphone with media/capture.
func openCapture(opts capture.Options) (LocalMedia, error) {
	off := &atomic.Bool{}
	inner := opts.Transform
	opts.Transform = func(f *image.YCbCr) {
		if off.Load() {
			capture.Blank(f) // the camera is closed; this only covers a frame on its way
			return
		}
		if inner != nil {
			inner(f)
		}
	}
	stream, err := capture.Open(opts)
	if err != nil {
		return nil, err
	}
	return &captureMedia{Stream: stream, opts: opts, cameraOff: off}, nil
}

func (m *captureMedia) Notices() []string {
	var keys []string
	for _, n := range m.Stream.Notices() {
		keys = append(keys, n.Key)
	}
	return keys
}

func (m *captureMedia) StopCamera() {
	m.cameraOff.Store(true)
	m.Stream.StopCamera()
}

func (m *captureMedia) StartCamera() error {
	if err := m.Stream.StartCamera(m.opts, m.opts.VideoDevice); err != nil {
		return err
	}
	m.cameraOff.Store(false)
	return nil
}

func (m *captureMedia) Follow(ctx context.Context, back func(call.Kind)) {
	go m.Stream.Follow(ctx, capture.FollowOptions{Capture: m.opts, OnChange: func(e capture.FollowEvent) {
		switch e.Kind {
		case capture.CameraBack:
			back(call.Video)
		case capture.MicrophoneBack:
			back(call.Audio)
		}
	}})
}

// startBlur prepares the blur stage whenever the camera may send: the
// picture never goes out without it (unless the person turned it off).
func (s *Session) startBlur() (*blur.Stage, error) {
	if s.opts.AudioOnly || s.opts.Blur.Disabled {
		return nil, nil
	}
	mode := blur.ModeBlur
	if s.opts.Blur.HideBackground {
		mode = blur.ModeHideSolid
	}
	// Blur events come on the capture goroutine: they must not wait.
	onEvent := func(e blur.Event) { s.post(call.BlurChanged{Key: e.MessageKey()}) }
	return blur.New(blur.Options{Strength: s.opts.Blur.Strength, Mode: mode, OnEvent: onEvent})
}

// startEchoCancellation starts the echo canceller where it is wanted.
// The call works without it; people on speakers may echo.
func (s *Session) startEchoCancellation() *apm.Processor {
	if !s.wantEcho() {
		return nil
	}
	echo, err := apm.New(apm.Default)
	if err != nil {
		s.tell(call.Notice{Key: "session.notice.no_echo_cancellation"})
		return nil
	}
	return echo
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

func closeStage(stage *blur.Stage) func() error {
	return func() error {
		if stage != nil {
			stage.Close()
		}
		return nil
	}
}

func closeEcho(echo *apm.Processor) func() error {
	return func() error {
		if echo != nil {
			return echo.Close()
		}
		return nil
	}
}

func closePlayer(p *audio.Player) func() error {
	return func() error {
		if p != nil {
			return p.Close()
		}
		return nil
	}
}

// captureOptions says what to open: the picture size the room allows,
// the blur (and the person's own transform) on every picture, the echo
// canceller on the microphone, and notices when a device is lost.
func (s *Session) captureOptions(ctx context.Context, stage *blur.Stage, echo *apm.Processor) capture.Options {
	user := s.opts.Transform
	transform := func(f *image.YCbCr) {
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
	opts := capture.Options{
		AudioOnly: s.opts.AudioOnly, TestPattern: s.opts.TestPattern,
		VideoDevice: s.opts.VideoDevice, AudioDevice: s.opts.AudioDevice, VideoFile: s.opts.VideoFile,
		Width: width, Height: height, FrameRate: s.opts.FrameRate, VideoBitrate: videoBitrate,
		Transform: transform, StartMuted: s.opts.StartMuted, RegisterCameras: s.opts.RegisterCameras,
		FallbackToTestPattern: !s.opts.NoCameraFallback && !s.opts.TestPattern,
		OnCameraLost:          func(error) { s.note(func() { s.deviceLost(call.Video) }, false) },
		OnMicrophoneLost:      func(error) { s.note(func() { s.deviceLost(call.Audio) }, false) },
	}
	if echo != nil {
		opts.AudioFilter = echo.Process
	}
	return opts
}

// deviceLost tells the person once that the camera or microphone is gone;
// deviceBack, that it is back (media/capture looks for it meanwhile).
func (s *Session) deviceLost(k call.Kind) {
	lost, key := &s.st.micLost, "session.notice.microphone_lost"
	if k == call.Video {
		lost, key = &s.st.camLost, "session.notice.camera_lost"
	}
	if !*lost {
		*lost = true
		s.emit(call.Notice{Key: key})
	}
}

func (s *Session) deviceBack(k call.Kind) {
	if k == call.Video {
		s.st.camLost = false
		s.emit(call.Notice{Key: "session.notice.camera_back"})
		return
	}
	s.st.micLost = false
	s.emit(call.Notice{Key: "session.notice.microphone_back"})
}

// startPlayer plays the mixed sound of the others, on the null device
// when there is no speaker (the call still works; the others are not
// heard, and the person is told).
func (s *Session) startPlayer(mixer *audio.Mixer, echo *apm.Processor) *audio.Player {
	var played func([]float32)
	if echo != nil {
		played = echo.FarEnd // what the speaker plays is the echo to remove
	}
	player, err := audio.StartPlayer(audio.PlayerOptions{Null: s.opts.NullSpeaker, DeviceID: s.opts.SpeakerDevice, Fill: mixer.Mix, Played: played})
	if err != nil && !s.opts.NullSpeaker {
		s.tell(call.Notice{Key: "session.notice.no_speaker"})
		player, err = audio.StartPlayer(audio.PlayerOptions{Null: true, Fill: mixer.Mix, Played: played})
	}
	if err != nil {
		return nil
	}
	return player
}

// Picture sizes and what they need from the room.
const (
	hdBitrate = 1_500_000 // 1280×720 needs about this much
	sdBitrate = capture.DefaultVideoBitrate
)

// pictureFor chooses the picture size by the room's bandwidth: 1280×720
// only when the room explicitly allows enough for it, 640×480 otherwise,
// never sending more than the room's cap (the server would only throttle
// it). A room the server does not tell about gets 640×480.
func (s *Session) pictureFor(ctx context.Context) (w, h, bitrate int) {
	allowed := s.engine.VideoBitrate(ctx, s.opts.Link, s.opts.OnWire)
	switch {
	case allowed <= 0:
		return 640, 480, sdBitrate
	case allowed >= hdBitrate:
		return 1280, 720, hdBitrate
	default:
		return 640, 480, min(allowed, sdBitrate)
	}
}
