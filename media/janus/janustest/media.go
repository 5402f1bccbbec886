package janustest

import (
	"image"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/wave"
	"github.com/pion/mediadevices/pkg/wave/mixer"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/capture"
)

// Media is a participant's camera and microphone for tests and benchmarks.
// mediadevices' videotest and audiotest drivers exist once per process and
// can be opened once, so several participants in one process cannot each
// have a capture.Stream. Media is the same idea: a moving picture and a
// tone, paced in real time, through the real VP8 and Opus encoders of
// mediadevices. Only the camera and microphone are stand-ins.
type Media struct {
	tracks  []mediadevices.Track
	picture *patternSource // nil for sound only
}

// MediaOptions shape the test media.
type MediaOptions struct {
	AudioOnly bool
	// Width, Height and FrameRate of the picture; 0 → 320×240 @ 15.
	Width, Height, FrameRate int
	// KeyFrameInterval 0 keeps libvpx' default; a huge value proves that
	// keyframes come from PLI/FIR and not from the encoder's timer.
	KeyFrameInterval int
}

// NewMedia makes the tracks. Close them after the PeerConnection.
func NewMedia(o MediaOptions) (*Media, error) {
	if o.Width == 0 || o.Height == 0 {
		o.Width, o.Height = 320, 240
	}
	if o.FrameRate == 0 {
		o.FrameRate = 15
	}
	vp8, err := vpx.NewVP8Params()
	if err != nil {
		return nil, err
	}
	vp8.BitRate = 300_000
	vp8.LagInFrames = 0
	if o.KeyFrameInterval > 0 {
		vp8.KeyFrameInterval = o.KeyFrameInterval
	}
	op, err := opus.NewParams()
	if err != nil {
		return nil, err
	}
	op.ChannelMixer = &mixer.MonoMixer{}
	sel := mediadevices.NewCodecSelector(mediadevices.WithVideoEncoders(&vp8), mediadevices.WithAudioEncoders(&op))
	m := &Media{}
	m.tracks = append(m.tracks, mediadevices.NewAudioTrack(newToneSource(), sel))
	if !o.AudioOnly {
		m.picture = newPatternSource(o.Width, o.Height, o.FrameRate)
		m.tracks = append(m.tracks, mediadevices.NewVideoTrack(m.picture, sel))
	}
	return m, nil
}

// Tracks to publish.
func (m *Media) Tracks() []webrtc.TrackLocal {
	out := make([]webrtc.TrackLocal, len(m.tracks))
	for i, t := range m.tracks {
		out[i] = t
	}
	return out
}

// ConfigureMediaEngine registers the codecs the tracks send.
func (m *Media) ConfigureMediaEngine(e *webrtc.MediaEngine) error {
	return capture.ConfigureMediaEngine(e)
}

// Pictures counts the pictures the encoder has taken so far: they start
// once the track is sent, so this is how a test knows media is going out.
func (m *Media) Pictures() int64 {
	if m.picture == nil {
		return 0
	}
	return m.picture.taken.Load()
}

// Close stops the sources.
func (m *Media) Close() error {
	for _, t := range m.tracks {
		t.Close()
	}
	return nil
}

type patternSource struct {
	w, h   int
	every  time.Duration
	next   time.Time
	n      int
	taken  atomic.Int64 // pictures read, for Pictures
	once   sync.Once
	closed chan struct{}
}

func newPatternSource(w, h, fps int) *patternSource {
	return &patternSource{w: w, h: h, every: time.Second / time.Duration(fps), closed: make(chan struct{})}
}

func (p *patternSource) ID() string { return "pattern" }
func (p *patternSource) Close() error {
	p.once.Do(func() { close(p.closed) })
	return nil
}

func (p *patternSource) Read() (image.Image, func(), error) {
	select {
	case <-p.closed:
		return nil, func() {}, io.EOF
	default:
	}
	if p.next.IsZero() {
		p.next = time.Now()
	}
	time.Sleep(time.Until(p.next))
	p.next = p.next.Add(p.every)
	p.n++
	p.taken.Add(1)
	img := image.NewYCbCr(image.Rect(0, 0, p.w, p.h), image.YCbCrSubsampleRatio420)
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			img.Y[y*img.YStride+x] = uint8((x + y + p.n*4) % 256)
		}
	}
	for i := range img.Cb {
		img.Cb[i] = uint8(128 + p.n%64)
		img.Cr[i] = uint8(128 - p.n%64)
	}
	return img, func() {}, nil
}

type toneSource struct {
	next   time.Time
	phase  float64
	once   sync.Once
	closed chan struct{}
}

func newToneSource() *toneSource { return &toneSource{closed: make(chan struct{})} }

func (s *toneSource) ID() string { return "tone" }
func (s *toneSource) Close() error {
	s.once.Do(func() { close(s.closed) })
	return nil
}

func (s *toneSource) Read() (wave.Audio, func(), error) {
	select {
	case <-s.closed:
		return nil, func() {}, io.EOF
	default:
	}
	if s.next.IsZero() {
		s.next = time.Now()
	}
	time.Sleep(time.Until(s.next))
	s.next = s.next.Add(20 * time.Millisecond)
	a := wave.NewFloat32Interleaved(wave.ChunkInfo{Channels: 1, Len: 960, SamplingRate: 48000})
	for i := 0; i < 960; i++ {
		s.phase += 2 * math.Pi * 440 / 48000
		a.SetFloat32(i, 0, wave.Float32Sample(0.2*math.Sin(s.phase)))
	}
	return a, func() {}, nil
}
