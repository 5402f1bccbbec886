package janus

import (
	"image"
	"io"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/wave"
	"github.com/pion/mediadevices/pkg/wave/mixer"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/capture"
)

// mediadevices' videotest and audiotest drivers exist once per process and
// can be opened once, so a test with several participants in one process
// cannot give each its own capture.Stream. testMedia is the same idea: a
// moving picture and a tone, paced in real time, through the real VP8 and
// Opus encoders of mediadevices. Only the camera and microphone are
// stand-ins.
type testMedia struct {
	tracks []mediadevices.Track
}

type testMediaOptions struct {
	audioOnly bool
	// keyFrameInterval 0 keeps libvpx' default; a huge value proves that
	// keyframes come from PLI/FIR and not from the timer.
	keyFrameInterval int
}

func newTestMedia(t testing.TB, o testMediaOptions) *testMedia {
	t.Helper()
	vp8, err := vpx.NewVP8Params()
	if err != nil {
		t.Fatal(err)
	}
	vp8.BitRate = 300_000
	vp8.LagInFrames = 0
	if o.keyFrameInterval > 0 {
		vp8.KeyFrameInterval = o.keyFrameInterval
	}
	op, err := opus.NewParams()
	if err != nil {
		t.Fatal(err)
	}
	op.ChannelMixer = &mixer.MonoMixer{}
	sel := mediadevices.NewCodecSelector(mediadevices.WithVideoEncoders(&vp8), mediadevices.WithAudioEncoders(&op))
	m := &testMedia{}
	m.tracks = append(m.tracks, mediadevices.NewAudioTrack(newToneSource(), sel))
	if !o.audioOnly {
		m.tracks = append(m.tracks, mediadevices.NewVideoTrack(newPatternSource(320, 240, 15), sel))
	}
	return m
}

func (m *testMedia) Tracks() []webrtc.TrackLocal {
	out := make([]webrtc.TrackLocal, len(m.tracks))
	for i, t := range m.tracks {
		out[i] = t
	}
	return out
}

func (m *testMedia) ConfigureMediaEngine(e *webrtc.MediaEngine) error {
	return capture.ConfigureMediaEngine(e)
}

func (m *testMedia) Close() error {
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
