// Package capture opens the microphone and, unless the participant joins
// audio-only, one camera, and turns them into WebRTC tracks: VP8 through
// libvpx (our binding in capture/vp8, see there why) and Opus (mono, 48 kHz)
// through mediadevices' libopus encoder, sent by mediadevices' tracks, which
// also turn RTCP PLI/FIR into keyframes.
//
// # Audio-only never touches the camera
//
// mediadevices.GetUserMedia picks a device by opening every registered driver
// of the wanted kind to read its properties (selectBestDriver →
// queryDriverProperties), so asking for video would switch on every camera
// for a moment. Open therefore never calls GetUserMedia: it picks exactly one
// driver from the registry itself, opens only that one and builds the track
// with mediadevices.NewVideoTrack / NewAudioTrack. With AudioOnly set no video
// driver is opened, asked for its properties or even looked up.
//
// mediadevices' own Linux camera driver (pkg/driver/camera) opens every
// /dev/video* device in its package init to read name and bus info. A program
// that merely imports it has opened the cameras before main runs. Ringlet
// never imports it: cameras are registered lazily by media/devices
// (RegisterCameras) with a V4L2 adapter of its own, and only when a camera is
// actually wanted. The test drivers (videotest, audiotest) and mediadevices'
// microphone driver are registered by blank import in this package: the
// test drivers open nothing, and the microphone driver's init only lists the
// capture devices through miniaudio.
//
// # Mute
//
// Muting replaces the microphone samples by digital silence before the Opus
// encoder, and packets keep flowing. Stopping the packets instead would look
// like a broken stream to the SFU (Janus sends "media receiving: false"
// events after its no-media timer) and unmuting would start with a timestamp
// jump. Silence costs only a few bytes per packet in Opus and carries nothing
// of the room. (Opus DTX would send even less, but mediadevices' encoder has
// no switch for it.) Once the encoder's packet for silence has settled, it is
// sent again without running the encoder (opus_silence.go). The level meter keeps measuring while muted so the GUI
// can say "you are muted but speaking". Push-to-talk is the same silence,
// lifted while the key is held.
//
// # A camera that goes away
//
// When the camera stops delivering mid-call (unplugged, or taken by the
// system) the video track does not end: it sends black frames at the same
// size and pace, OnCameraLost is called, and SwitchCamera moves the track to
// another camera without renegotiating. Microphones likewise turn into
// silence (OnMicrophoneLost, SwitchMicrophone). mediadevices' drivers are
// process-wide, so one device serves one Stream at a time.
//
// # Order of shutdown
//
// Close the PeerConnection first and the Stream afterwards: closing
// mediadevices tracks while a PeerConnection still sends from them can hang
// forever in the track's unbind.
package capture

import (
	"errors"
	"image"
	"math"
	"sync"
	"sync/atomic"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/wave/mixer"
	"github.com/pion/webrtc/v4"
	"github.com/ringlet/ringlet/media/capture/vp8"
)

// Labels under which mediadevices' test drivers register themselves.
const (
	TestVideoLabel = "VideoTest"
	TestAudioLabel = "AudioTest"
)

// SampleRate and Channels of the captured and encoded audio.
const (
	SampleRate = 48000
	Channels   = 1
)

// DefaultVideoBitrate suits 640×480 talking heads; Janus rooms usually cap
// lower anyway and REMB then lowers it further.
const DefaultVideoBitrate = 500_000

// Options say what to capture. The zero value captures the default camera
// and microphone at 640×480 @ 30 fps.
type Options struct {
	AudioOnly   bool   // the camera driver is never opened, nor enumerated
	TestPattern bool   // mediadevices' videotest/audiotest drivers instead of hardware
	VideoDevice string // stable device ID ("" = first/default); labels are never sent anywhere
	// VideoFile, when set, is a Y4M clip sent instead of the camera (or the
	// test pattern), looped at its own size and frame rate (y4m.go).
	VideoFile   string
	AudioDevice string

	// FallbackToTestPattern sends the test pattern when no camera exists,
	// instead of failing with ErrNoCamera; Stream.Notices says it happened.
	FallbackToTestPattern bool

	Width, Height, FrameRate int // 0 → 640×480 @ 30; up to 1280×720
	VideoBitrate             int // bps for VP8, 0 → DefaultVideoBitrate

	// Transform changes each frame in place before the encoder (the blur
	// stage plugs in here). Frames are I420 (4:2:0) *image.YCbCr.
	Transform func(frame *image.YCbCr)

	// AudioFilter processes each captured chunk in place before mute and
	// encoding: mono float32 samples in [-1, 1] at 48 kHz (echo cancellation
	// and noise suppression plug in here).
	AudioFilter func(samples []float32)

	StartMuted bool

	// OnCameraLost is called (once per loss, from the capture goroutine)
	// when the camera stops delivering, e.g. unplugged mid-call. Black
	// frames are sent from then on; see Stream.SwitchCamera.
	OnCameraLost func(error)
	// OnMicrophoneLost is the same for the microphone: silence is sent
	// until Stream.SwitchMicrophone.
	OnMicrophoneLost func(error)

	// RegisterCameras makes the hardware cameras known to mediadevices when
	// a real camera is wanted; media/devices.RegisterCameras fits. It is
	// never called with AudioOnly or TestPattern. Nil means no cameras.
	RegisterCameras func() error
}

// Notice tells the caller about a fallback that happened while opening.
type Notice struct{ Key string }

// MessageKey implements i18n.Messager.
func (n Notice) MessageKey() string { return n.Key }

// MessageArgs implements i18n.Messager.
func (n Notice) MessageArgs() map[string]any { return nil }

// NoticeTestPattern says that no camera was found and the test pattern is sent.
var NoticeTestPattern = Notice{Key: "media.capture.notice_test_pattern"}

// Stream is the participant's own microphone and camera as WebRTC tracks.
type Stream struct {
	selector *mediadevices.CodecSelector
	video    mediadevices.Track // nil when audio-only
	videoSrc *videoSource
	audioSrc *audioSource
	audio    mediadevices.Track
	notices  []Notice

	muted     atomic.Bool
	ptt       atomic.Bool   // push-to-talk mode: silent unless the key is held
	talking   atomic.Bool   // the push-to-talk key is held
	levelBits atomic.Uint64 // float64 bits of the smoothed input level

	closeOnce sync.Once
	closeErr  error
}

// Open starts capturing. It fails with a typed *Error when a wanted device is
// missing or cannot be opened.
func Open(opts Options) (*Stream, error) {
	w, h, fps := opts.Width, opts.Height, opts.FrameRate
	if w == 0 && h == 0 {
		w, h = 640, 480
	}
	if fps == 0 {
		fps = 30
	}
	if opts.VideoFile != "" && !opts.AudioOnly {
		clip, err := readY4MHeaderFile(opts.VideoFile)
		if err != nil {
			return nil, err
		}
		w, h, fps = clip.Width, clip.Height, clip.fps()
	}
	if w < 16 || h < 16 || w > 1280 || h > 720 || w%2 != 0 || h%2 != 0 || fps < 1 || fps > 60 {
		return nil, &Error{Key: ErrBadSize.Key, Args: map[string]any{"Width": w, "Height": h, "FrameRate": fps}}
	}
	bitrate := opts.VideoBitrate
	if bitrate <= 0 {
		bitrate = DefaultVideoBitrate
	}
	selector, err := newSelector(bitrate)
	if err != nil {
		return nil, err
	}
	s := &Stream{selector: selector}
	s.muted.Store(opts.StartMuted)

	audioTrack, audioSrc, err := openAudio(opts, selector, s)
	if err != nil {
		return nil, err
	}
	s.audio, s.audioSrc = audioTrack, audioSrc

	if !opts.AudioOnly {
		videoTrack, src, notices, err := openVideo(opts, selector, w, h, fps)
		if err != nil {
			_ = audioTrack.Close()
			return nil, err
		}
		s.video, s.videoSrc = videoTrack, src
		s.notices = notices
	}
	return s, nil
}

func newSelector(videoBitrate int) (*mediadevices.CodecSelector, error) {
	// Our own libvpx binding, not mediadevices' pkg/codec/vpx encoder: see
	// package vp8 for why. Key frames at least every 4 s so late joiners
	// recover even if their PLI gets lost.
	video := &vp8.Params{BitRate: videoBitrate, KeyFrameInterval: 120}

	op, err := opus.NewParams()
	if err != nil {
		return nil, wrap(ErrCodec, err)
	}
	op.BitRate = 32000
	op.Latency = opus.Latency20ms
	op.ChannelMixer = &mixer.MonoMixer{}
	return mediadevices.NewCodecSelector(
		mediadevices.WithVideoEncoders(video),
		mediadevices.WithAudioEncoders(&silenceSkippingOpus{op}),
	), nil
}

// feedback is what Janus and browsers use: NACK for retransmission, PLI/FIR
// for keyframes (mediadevices forwards both to the encoder's ForceKeyFrame)
// and REMB for the bitrate.
var videoFeedback = []webrtc.RTCPFeedback{
	{Type: "goog-remb"},
	{Type: "ccm", Parameter: "fir"},
	{Type: "nack"},
	{Type: "nack", Parameter: "pli"},
}

// ConfigureMediaEngine registers exactly VP8 and Opus, with the payload types
// mediadevices' packetisers write, so a PeerConnection built on m can both
// send this stream and receive others. Audio-only streams register VP8 too:
// they still receive the others' video. It registers them itself rather than
// through CodecSelector.Populate, which drops registration errors and offers
// VP8 without NACK/PLI/FIR feedback and Opus without in-band FEC.
func (s *Stream) ConfigureMediaEngine(m *webrtc.MediaEngine) error {
	return ConfigureMediaEngine(m)
}

// ConfigureMediaEngine is Stream.ConfigureMediaEngine for receive-only
// PeerConnections (subscribers), which have no Stream.
func ConfigureMediaEngine(m *webrtc.MediaEngine) error {
	vp8 := codec.NewRTPVP8Codec(90000).RTPCodecParameters
	vp8.RTCPFeedback = videoFeedback
	if err := m.RegisterCodec(vp8, webrtc.RTPCodecTypeVideo); err != nil {
		return wrap(ErrCodec, err)
	}
	op := codec.NewRTPOpusCodec(48000).RTPCodecParameters
	op.SDPFmtpLine = "minptime=10;useinbandfec=1"
	if err := m.RegisterCodec(op, webrtc.RTPCodecTypeAudio); err != nil {
		return wrap(ErrCodec, err)
	}
	return nil
}

// Tracks returns the audio track and, unless audio-only, the video track.
// They start encoding when a PeerConnection binds them.
func (s *Stream) Tracks() []webrtc.TrackLocal {
	tracks := []webrtc.TrackLocal{s.audio}
	if s.video != nil {
		tracks = append(tracks, s.video)
	}
	return tracks
}

// AudioTrack and VideoTrack give access to the mediadevices tracks, e.g. for
// encoding without a PeerConnection (benchmarks, tests). VideoTrack is nil
// when audio-only.
func (s *Stream) AudioTrack() mediadevices.Track { return s.audio }

// VideoTrack: see AudioTrack.
func (s *Stream) VideoTrack() mediadevices.Track { return s.video }

// HasVideo says whether a camera (or the test pattern) is being captured.
func (s *Stream) HasVideo() bool { return s.video != nil }

// Notices lists fallbacks that happened while opening.
func (s *Stream) Notices() []Notice { return append([]Notice(nil), s.notices...) }

// SetMuted mutes or unmutes the microphone (see the package doc for how).
func (s *Stream) SetMuted(m bool) { s.muted.Store(m) }

// Muted reports whether the microphone is muted.
func (s *Stream) Muted() bool { return s.muted.Load() }

// SetPushToTalk switches push-to-talk mode: while on, the microphone sends
// silence except while PushToTalk(true) holds it open. Mute still wins.
func (s *Stream) SetPushToTalk(on bool) { s.ptt.Store(on) }

// PushToTalk is the key hook: pressed opens the microphone in push-to-talk
// mode, released closes it again.
func (s *Stream) PushToTalk(pressed bool) { s.talking.Store(pressed) }

// Sending reports whether microphone sound goes out right now.
func (s *Stream) Sending() bool {
	return !s.muted.Load() && (!s.ptt.Load() || s.talking.Load())
}

// InputLevel is the microphone level for a meter, 0 (silence, −60 dBFS and
// below) to 1 (full scale), measured before muting.
func (s *Stream) InputLevel() float64 { return math.Float64frombits(s.levelBits.Load()) }

// Close stops the devices. Close the PeerConnection first.
func (s *Stream) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.video != nil {
			errs = append(errs, s.video.Close())
		}
		errs = append(errs, s.audio.Close())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// SwitchMicrophone moves the running audio to another microphone (by stable
// ID, "" = default) without renegotiating.
func (s *Stream) SwitchMicrophone(opts Options, deviceID string) error {
	opts.AudioDevice = deviceID
	d, r, err := startMicrophone(opts)
	if err != nil {
		return err
	}
	s.audioSrc.replace(d, r)
	return nil
}

// MicrophoneLost reports whether the microphone stopped delivering and
// silence is being sent instead.
func (s *Stream) MicrophoneLost() bool { return s.audioSrc.isLost() }

// SwitchCamera moves the running video to another camera (by stable ID,
// "" = default) without renegotiating: the others' picture changes, the
// call goes on. Use it after a camera appeared, or to leave the black
// picture shown since OnCameraLost.
func (s *Stream) SwitchCamera(opts Options, deviceID string) error {
	if s.videoSrc == nil {
		return ErrNoCamera
	}
	opts.VideoDevice = deviceID
	opts.FallbackToTestPattern = false
	src := s.videoSrc
	d, r, _, err := startCamera(opts, opts.TestPattern, src.w, src.h, src.fps)
	if err != nil {
		return err
	}
	src.replace(d, r)
	return nil
}

// StopCamera closes the camera itself (its light goes off) and sends a
// black picture at the same size and pace, so the call needs no new
// negotiation and the others see a still black tile. StartCamera opens it
// again. Without video (audio-only) both do nothing and StartCamera fails.
func (s *Stream) StopCamera() {
	if s.videoSrc != nil {
		s.videoSrc.pause()
	}
}

// StartCamera reopens a camera (by stable ID, "" = default) after
// StopCamera; it is SwitchCamera under the name the caller means.
func (s *Stream) StartCamera(opts Options, deviceID string) error {
	return s.SwitchCamera(opts, deviceID)
}

// CameraOpen reports whether a camera driver is open right now.
func (s *Stream) CameraOpen() bool {
	if s.videoSrc == nil {
		return false
	}
	s.videoSrc.mu.Lock()
	defer s.videoSrc.mu.Unlock()
	return s.videoSrc.d != nil
}

// CameraLost reports whether the camera stopped delivering and black
// frames are being sent instead.
func (s *Stream) CameraLost() bool { return s.videoSrc != nil && s.videoSrc.isLost() }
