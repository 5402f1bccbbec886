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
// no switch for it.) The level meter keeps measuring while muted so the GUI
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
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/driver"
	_ "github.com/pion/mediadevices/pkg/driver/audiotest"  // test tone, opens nothing
	_ "github.com/pion/mediadevices/pkg/driver/microphone" // real microphones via miniaudio; its init lists, opens none
	_ "github.com/pion/mediadevices/pkg/driver/videotest"  // test pattern, opens nothing
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
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
		mediadevices.WithAudioEncoders(&op),
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

// videoSource adapts a camera driver and its reader to mediadevices'
// Source, with a fresh random ID: the driver's own ID lives as long as the
// process and would link two sessions if it ever reached the SDP. When the
// camera stops delivering (unplugged, taken by the system) it sends black
// frames at the same size and pace instead of ending the track, so the call
// goes on and SwitchCamera can bring a picture back.
type videoSource struct {
	id        string
	w, h, fps int
	onLost    func(error)

	mu     sync.Mutex
	r      video.Reader
	d      driver.Driver // nil while black
	gen    int           // counts replacements, so a stale failure is ignored
	lost   bool
	closed bool
	black  *image.YCbCr
	tick   *time.Ticker
	// A driver replaced or paused while a frame was being read is closed
	// only when that read returns: mediadevices' test pattern (and maybe
	// other drivers) blocks that read forever when closed under it.
	reading bool
	toClose driver.Driver
}

func (v *videoSource) ID() string { return v.id }

// release closes d now, or after the read in flight when there is one.
// Called with v.mu held; returns the driver to close now (or nil).
func (v *videoSource) release(d driver.Driver) driver.Driver {
	if d == nil || !v.reading {
		return d
	}
	v.toClose = d
	return nil
}

func (v *videoSource) Read() (image.Image, func(), error) {
	v.mu.Lock()
	r, gen, closed := v.r, v.gen, v.closed
	v.mu.Unlock()
	if closed {
		return nil, func() {}, io.EOF
	}
	if r != nil {
		v.mu.Lock()
		v.reading = true
		v.mu.Unlock()
		img, release, err := r.Read()
		v.mu.Lock()
		v.reading = false
		stale, later := v.gen != gen, v.toClose
		v.toClose = nil
		v.mu.Unlock()
		if later != nil {
			_ = later.Close()
		}
		if stale {
			// Paused or switched meanwhile: this picture is from before.
			if err == nil {
				release()
			}
			return v.blackFrame()
		}
		if err == nil {
			return img, release, nil
		}
		v.cameraFailed(gen, err)
	}
	return v.blackFrame()
}

// cameraFailed switches to black frames, unless the reader was replaced or
// the source closed meanwhile.
func (v *videoSource) cameraFailed(gen int, err error) {
	v.mu.Lock()
	if v.closed || v.r == nil || v.gen != gen {
		v.mu.Unlock()
		return
	}
	d := v.d
	v.r, v.d, v.lost = nil, nil, true
	onLost := v.onLost
	v.mu.Unlock()
	if d != nil {
		_ = d.Close()
	}
	if onLost != nil {
		onLost(err)
	}
}

// Blank paints a picture video-black (Y 16, no colour).
func Blank(img *image.YCbCr) {
	for i := range img.Cb {
		img.Cb[i] = 128
	}
	for i := range img.Cr {
		img.Cr[i] = 128
	}
	for i := range img.Y {
		img.Y[i] = 16
	}
}

func (v *videoSource) blackFrame() (image.Image, func(), error) {
	v.mu.Lock()
	if v.black == nil {
		v.black = image.NewYCbCr(image.Rect(0, 0, v.w, v.h), image.YCbCrSubsampleRatio420)
		Blank(v.black)
		v.tick = time.NewTicker(time.Second / time.Duration(max(v.fps, 1)))
	}
	tick, img := v.tick, v.black
	v.mu.Unlock()
	<-tick.C
	v.mu.Lock()
	closed := v.closed
	v.mu.Unlock()
	if closed {
		return nil, func() {}, io.EOF
	}
	return img, func() {}, nil
}

// pause closes the camera driver, so its light goes off, and sends black
// frames from then on. Unlike a lost camera this is the person's own
// choice: OnCameraLost is not called and CameraLost stays false.
func (v *videoSource) pause() {
	v.mu.Lock()
	d := v.release(v.d)
	v.r, v.d = nil, nil
	v.gen++ // a read still running on the old reader must not count as a loss
	v.mu.Unlock()
	if d != nil {
		_ = d.Close()
	}
}

func (v *videoSource) replace(d driver.Driver, r video.Reader) {
	v.mu.Lock()
	old := v.release(v.d)
	v.d, v.r, v.lost = d, r, false
	v.gen++
	v.mu.Unlock()
	if old != nil {
		_ = old.Close()
	}
}

func (v *videoSource) isLost() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lost
}

func (v *videoSource) Close() error {
	v.mu.Lock()
	d := v.d
	v.closed, v.d, v.r = true, nil, nil
	if v.tick != nil {
		v.tick.Stop()
	}
	v.mu.Unlock()
	if d != nil {
		return d.Close()
	}
	return nil
}

// audioSource is videoSource's counterpart for the microphone: when the
// microphone fails mid-call it sends 20 ms chunks of silence instead of
// ending the track.
type audioSource struct {
	id     string
	onLost func(error)

	mu      sync.Mutex
	r       audio.Reader
	d       driver.Driver // nil while silent
	gen     int
	lost    bool
	closed  bool
	tick    *time.Ticker
	silence *wave.Float32Interleaved
	pace    realTime // only the reading goroutine touches it
}

func (a *audioSource) ID() string { return a.id }

// realTime holds a sound source to the pace of the clock. A real
// microphone is paced by its hardware, but miniaudio's "null" device (all
// a computer without a sound card offers) delivers silence as fast as it
// is read: unpaced, the encoder and echo canceller behind it spin a whole
// core.
type realTime struct {
	start time.Time
	gen   int
	sent  time.Duration // media time handed out since start
}

// after accounts for a chunk of d and waits while the source is ahead of
// the clock by more than a little (so real devices, never more than their
// buffer ahead, are not slowed).
func (p *realTime) after(gen int, d time.Duration, now func() time.Time, sleep func(time.Duration)) {
	t := now()
	if p.start.IsZero() || p.gen != gen {
		p.start, p.gen, p.sent = t, gen, 0
	}
	p.sent += d
	elapsed := t.Sub(p.start)
	if ahead := p.sent - elapsed; ahead > 60*time.Millisecond {
		sleep(ahead - 20*time.Millisecond)
	} else if ahead < -time.Second {
		// A stall (the machine was busy): start counting afresh rather
		// than letting a burst through to catch up.
		p.start, p.sent = t, 0
	}
}

func (a *audioSource) Read() (wave.Audio, func(), error) {
	a.mu.Lock()
	r, gen, closed := a.r, a.gen, a.closed
	a.mu.Unlock()
	if closed {
		return nil, func() {}, io.EOF
	}
	if r != nil {
		chunk, release, err := r.Read()
		if err == nil {
			if info := chunk.ChunkInfo(); info.SamplingRate > 0 {
				a.pace.after(gen, time.Duration(info.Len)*time.Second/time.Duration(info.SamplingRate), time.Now, time.Sleep)
			}
			return chunk, release, nil
		}
		a.failed(gen, err)
	}
	return a.silentChunk()
}

func (a *audioSource) failed(gen int, err error) {
	a.mu.Lock()
	if a.closed || a.r == nil || a.gen != gen {
		a.mu.Unlock()
		return
	}
	d := a.d
	a.r, a.d, a.lost = nil, nil, true
	onLost := a.onLost
	a.mu.Unlock()
	if d != nil {
		_ = d.Close()
	}
	if onLost != nil {
		onLost(err)
	}
}

func (a *audioSource) silentChunk() (wave.Audio, func(), error) {
	a.mu.Lock()
	if a.tick == nil {
		a.tick = time.NewTicker(20 * time.Millisecond)
	}
	tick := a.tick
	a.mu.Unlock()
	<-tick.C
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, func() {}, io.EOF
	}
	// A fresh chunk each time: later stages (filter, mute) edit in place.
	chunk := wave.NewFloat32Interleaved(wave.ChunkInfo{Len: SampleRate / 50, Channels: Channels, SamplingRate: SampleRate})
	return chunk, func() {}, nil
}

func (a *audioSource) replace(d driver.Driver, r audio.Reader) {
	a.mu.Lock()
	old := a.d
	a.d, a.r, a.lost = d, r, false
	a.gen++
	a.mu.Unlock()
	if old != nil {
		_ = old.Close()
	}
}

func (a *audioSource) isLost() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lost
}

func (a *audioSource) Close() error {
	a.mu.Lock()
	d := a.d
	a.closed, a.d, a.r = true, nil, nil
	if a.tick != nil {
		a.tick.Stop()
	}
	a.mu.Unlock()
	if d != nil {
		return d.Close()
	}
	return nil
}

// pickDriver chooses one driver among those the filter lets through: the one
// whose label is id, or (id empty) the highest priority one, label order
// breaking ties so the choice is the same every time. Only Info() is read:
// nothing is opened.
func pickDriver(filter driver.FilterFn, id string) driver.Driver {
	if ds := candidateDrivers(filter, id); len(ds) > 0 {
		return ds[0]
	}
	return nil
}

// candidateDrivers lists the drivers that may serve id, best first: the
// system's default device, then by label. With id "" that is every device
// of the kind; JACK's devices come last, because a JACK client library is
// often installed (Wine pulls it in) with no JACK server running, and then
// they list fine but cannot be opened.
func candidateDrivers(filter driver.FilterFn, id string) []driver.Driver {
	ds := driver.GetManager().Query(filter)
	sort.Slice(ds, func(i, j int) bool {
		a, b := ds[i].Info(), ds[j].Info()
		if ja, jb := isJACK(a), isJACK(b); ja != jb {
			return jb
		}
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		return a.Label < b.Label
	})
	out := ds[:0]
	for _, d := range ds {
		if id == "" || d.Info().Label == id {
			out = append(out, d)
		}
	}
	return out
}

// isJACK reports whether a device goes through JACK (miniaudio's JACK
// backend, or ALSA's jack plugin, which names itself so).
func isJACK(info driver.Info) bool {
	return strings.Contains(info.Name, "JACK") || strings.EqualFold(info.Label, "jack")
}

func isTestDriver(d driver.Driver) bool {
	l := d.Info().Label
	return l == TestVideoLabel || l == TestAudioLabel
}

// kindFilter keeps the drivers that may be chosen: with test set only the
// test drivers; otherwise the hardware ones, plus a test driver named
// explicitly by id (tests mix a fake camera with the test tone that way).
func kindFilter(kind driver.FilterFn, test bool, id string) driver.FilterFn {
	return driver.FilterAnd(kind, func(d driver.Driver) bool {
		if test {
			return isTestDriver(d)
		}
		return !isTestDriver(d) || (id != "" && d.Info().Label == id)
	})
}

func audioFilter(test bool, id string) driver.FilterFn {
	return kindFilter(driver.FilterAudioRecorder(), test, id)
}

func videoFilter(test bool, id string) driver.FilterFn {
	return kindFilter(driver.FilterAnd(driver.FilterVideoRecorder(), driver.FilterDeviceType(driver.Camera)), test, id)
}

// bestProp opens nothing itself: d must be open. It returns the driver's
// property closest to the wanted one, merged with it.
func bestProp(d driver.Driver, want prop.MediaConstraints) (prop.Media, bool) {
	var best prop.Media
	bestDist := math.Inf(1)
	found := false
	for _, p := range d.Properties() {
		dist, ok := want.FitnessDistance(p)
		if ok && dist < bestDist {
			best, bestDist, found = p, dist, true
		}
	}
	var selected prop.Media
	selected.MergeConstraints(want)
	selected.Merge(best)
	return selected, found
}

// startMicrophone finds, opens and starts one microphone driver. A
// microphone the user chose (opts.AudioDevice) is that one or an error; the
// default is the first one that really opens, so a device that lists but
// cannot be opened (JACK without its server) does not leave people mute.
func startMicrophone(opts Options) (driver.Driver, audio.Reader, error) {
	id := opts.AudioDevice
	if opts.TestPattern {
		id = ""
	}
	candidates := candidateDrivers(audioFilter(opts.TestPattern, id), id)
	if len(candidates) == 0 {
		return nil, nil, ErrNoMicrophone
	}
	var firstErr error
	for _, d := range candidates {
		r, err := recordMicrophone(d)
		if err == nil {
			return d, r, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, nil, firstErr
}

// recordMicrophone opens d and starts it in the encoder's format.
func recordMicrophone(d driver.Driver) (audio.Reader, error) {
	if err := d.Open(); err != nil {
		return nil, wrap(ErrMicFailed, err)
	}
	want := prop.MediaConstraints{AudioConstraints: prop.AudioConstraints{
		SampleRate: prop.Int(SampleRate),
		Latency:    prop.Duration(20 * time.Millisecond),
	}}
	p, _ := bestProp(d, want)
	// miniaudio converts: always ask for what the encoder wants, so a
	// switched microphone feeds the running encoder the same format.
	p.SampleRate = SampleRate
	if p.ChannelCount == 0 {
		p.ChannelCount = Channels
	}
	r, err := d.(driver.AudioRecorder).AudioRecord(p)
	if err != nil {
		_ = d.Close()
		return nil, wrap(ErrMicFailed, err)
	}
	return r, nil
}

func openAudio(opts Options, selector *mediadevices.CodecSelector, s *Stream) (mediadevices.Track, *audioSource, error) {
	d, r, err := startMicrophone(opts)
	if err != nil {
		return nil, nil, err
	}
	src := &audioSource{r: r, d: d, id: uuid.NewString(), onLost: opts.OnMicrophoneLost}
	track := mediadevices.NewAudioTrack(src, selector).(*mediadevices.AudioTrack)
	track.Transform(
		audio.NewChannelMixer(Channels, &mixer.MonoMixer{}),
		s.processAudio(opts.AudioFilter),
	)
	return track, src, nil
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

// startCamera finds, opens and starts one camera driver.
func startCamera(opts Options, test bool, w, h, fps int) (driver.Driver, video.Reader, []Notice, error) {
	var notices []Notice
	if !test && opts.VideoFile == "" && opts.RegisterCameras != nil {
		if err := opts.RegisterCameras(); err != nil {
			return nil, nil, nil, wrap(ErrCameraFailed, err)
		}
	}
	if opts.VideoFile != "" {
		return startVideoFile(opts.VideoFile)
	}
	id := opts.VideoDevice
	if test {
		id = ""
	}
	d := pickDriver(videoFilter(test, id), id)
	if d == nil && !test && opts.FallbackToTestPattern {
		test = true
		notices = append(notices, NoticeTestPattern)
		d = pickDriver(videoFilter(true, ""), "")
	}
	if d == nil {
		return nil, nil, nil, ErrNoCamera
	}
	if err := d.Open(); err != nil {
		return nil, nil, nil, wrap(ErrCameraFailed, err)
	}
	want := prop.MediaConstraints{VideoConstraints: prop.VideoConstraints{
		Width:     prop.Int(w),
		Height:    prop.Int(h),
		FrameRate: prop.Float(fps),
	}}
	p, _ := bestProp(d, want)
	if test {
		// The test pattern draws at any size: give it exactly what was asked.
		p.Width, p.Height, p.FrameRate, p.FrameFormat = w, h, float32(fps), frame.FormatI420
	}
	r, err := d.(driver.VideoRecorder).VideoRecord(p)
	if err != nil {
		_ = d.Close()
		return nil, nil, nil, wrap(ErrCameraFailed, err)
	}
	return d, r, notices, nil
}

func openVideo(opts Options, selector *mediadevices.CodecSelector, w, h, fps int) (mediadevices.Track, *videoSource, []Notice, error) {
	d, r, notices, err := startCamera(opts, opts.TestPattern, w, h, fps)
	if err != nil {
		return nil, nil, nil, err
	}
	src := &videoSource{r: r, d: d, id: uuid.NewString(), w: w, h: h, fps: fps, onLost: opts.OnCameraLost}
	track := mediadevices.NewVideoTrack(src, selector).(*mediadevices.VideoTrack)
	if opts.Transform != nil {
		track.Transform(video.ToI420, transformInPlace(opts.Transform))
	}
	return track, src, notices, nil
}

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

// transformInPlace hands each frame to fn. video.ToI420 runs first and
// returns I420 frames untouched, so cameras that already deliver I420 cost no
// copy; others are converted once, which the encoder would do anyway.
func transformInPlace(fn func(*image.YCbCr)) video.TransformFunc {
	return func(r video.Reader) video.Reader {
		return video.ReaderFunc(func() (image.Image, func(), error) {
			img, release, err := r.Read()
			if err != nil {
				return nil, release, err
			}
			if yc, ok := img.(*image.YCbCr); ok && yc.SubsampleRatio == image.YCbCrSubsampleRatio420 {
				fn(yc)
				return img, release, nil
			}
			// ToI420 ran first, so this is a frame the transform (the blur)
			// cannot see: sending it would show the room unblurred. Send
			// black of the same size instead.
			release()
			b := img.Bounds()
			black := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
			Blank(black)
			return black, func() {}, nil
		})
	}
}

// processAudio runs the filter, measures the level and applies mute.
func (s *Stream) processAudio(filter func([]float32)) audio.TransformFunc {
	var scratch []float32
	return func(r audio.Reader) audio.Reader {
		return audio.ReaderFunc(func() (wave.Audio, func(), error) {
			chunk, release, err := r.Read()
			if err != nil {
				return nil, release, err
			}
			var samples []float32
			switch a := chunk.(type) {
			case *wave.Float32Interleaved:
				samples = a.Data
				if filter != nil {
					filter(samples)
				}
			case *wave.Int16Interleaved:
				if cap(scratch) < len(a.Data) {
					scratch = make([]float32, len(a.Data))
				}
				samples = scratch[:len(a.Data)]
				for i, v := range a.Data {
					samples[i] = float32(v) / 32768
				}
				if filter != nil {
					filter(samples)
					for i, v := range samples {
						a.Data[i] = floatToInt16(v)
					}
				}
			}
			s.updateLevel(samples)
			if !s.Sending() {
				chunk = silence(chunk)
			}
			return chunk, release, nil
		})
	}
}

func floatToInt16(v float32) int16 {
	switch {
	case v >= 1:
		return math.MaxInt16
	case v <= -1:
		return math.MinInt16
	}
	return int16(v * 32767)
}

// silence clears the chunk in place, or replaces it by a silent one when its
// format cannot be edited: a muted microphone must never leak a sample.
func silence(chunk wave.Audio) wave.Audio {
	switch a := chunk.(type) {
	case *wave.Float32Interleaved:
		clear(a.Data)
		return a
	case *wave.Int16Interleaved:
		clear(a.Data)
		return a
	}
	return wave.NewInt16Interleaved(chunk.ChunkInfo())
}

// levelDecay lets the meter fall smoothly (about 10 dB per 100 ms at 20 ms
// chunks) instead of flickering.
const levelDecay = 0.7

func (s *Stream) updateLevel(samples []float32) {
	now := Level(samples)
	prev := s.InputLevel()
	if decayed := prev * levelDecay; decayed > now {
		now = decayed
	}
	s.levelBits.Store(math.Float64bits(now))
}

// Level maps the RMS of samples to 0..1 on a 60 dB scale: −60 dBFS and below
// is 0, full scale is 1. Meters use a log scale because loudness is heard so.
func Level(samples []float32) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	rms := math.Sqrt(sum / float64(len(samples)))
	if rms <= 0 {
		return 0
	}
	db := 20 * math.Log10(rms)
	l := (db + 60) / 60
	return math.Max(0, math.Min(1, l))
}
