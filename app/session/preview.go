package session

import (
	"context"
	"image"
	"math"
	"sync"
	"time"

	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/blur"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/devices"
)

// PreviewOptions say which devices the try-out before joining opens. A
// preview sends nothing anywhere: there is no PeerConnection and no ring.
type PreviewOptions struct {
	// AudioOnly opens the microphone only: the camera is never opened,
	// listed or asked for its properties.
	AudioOnly bool
	// TestPattern uses the test picture and tone instead of camera and
	// microphone.
	TestPattern bool
	// VideoDevice and AudioDevice are stable device IDs ("" = default).
	VideoDevice, AudioDevice string
	// VideoFile is a Y4M clip shown instead of the camera (the window's
	// benchmark build).
	VideoFile string
	// Width, Height and FrameRate of the picture; zero is what a call
	// sends, so the preview shows exactly that.
	Width, Height, FrameRate int
	// RegisterCameras makes hardware cameras known to the capture layer;
	// nil uses media/devices. It is only called when a real camera is
	// wanted.
	RegisterCameras func() error
	// Blur configures the background blur; the zero value is the one a
	// call uses.
	Blur blur.Options
	// OnFrame gets each own picture after the blur, as it would be sent,
	// on a capture goroutine. The picture is a copy the callee may keep.
	// It must not wait for the goroutine that calls Close.
	OnFrame func(frame *image.YCbCr)
}

// Preview is the open microphone and, unless voice only, the open camera
// of the try-out, with the camera's picture blurred as in a call.
type Preview struct {
	stream *capture.Stream
	stage  *blur.Stage // nil for voice only

	// mu keeps the blur stage and OnFrame from running once Close has
	// begun: blur.Stage must not be closed while it transforms a frame,
	// and no picture may reach the screen after the preview closed.
	mu      sync.Mutex
	closed  bool
	onFrame func(*image.YCbCr)

	closeOnce sync.Once
	closeErr  error
}

// OpenPreview opens the devices and starts reading them. The error is
// typed (a message key): no camera, no microphone, a device that fails.
func OpenPreview(opts PreviewOptions) (*Preview, error) {
	p := &Preview{onFrame: opts.OnFrame}
	register := opts.RegisterCameras
	if register == nil {
		register = func() error { return devices.RegisterCameras(devices.CameraOptions{}) }
	}
	copts := capture.Options{
		AudioOnly: opts.AudioOnly, TestPattern: opts.TestPattern,
		VideoDevice: opts.VideoDevice, AudioDevice: opts.AudioDevice, VideoFile: opts.VideoFile,
		Width: opts.Width, Height: opts.Height, FrameRate: opts.FrameRate,
		// Muted: the level meter measures before muting, and nothing is
		// sent anyway; should a reader ever be bound, it gets silence.
		StartMuted: true,
	}
	if !opts.AudioOnly {
		copts.RegisterCameras = register
		// The blur starts before the camera: not a single sharp picture
		// is shown, as none would be sent.
		stage, err := blur.New(opts.Blur)
		if err != nil {
			return nil, err
		}
		p.stage = stage
		copts.Transform = p.transform
	}
	stream, err := capture.Open(copts)
	if err != nil {
		if p.stage != nil {
			p.stage.Close()
		}
		return nil, err
	}
	p.stream = stream
	stream.ReadLocally(p.frame)
	return p, nil
}

// transform blurs a camera frame in place, on the capture goroutine.
func (p *Preview) transform(f *image.YCbCr) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.stage.Transform(f)
}

// frame hands a copy of the blurred frame to OnFrame: capture reuses its
// buffers for the next frame.
func (p *Preview) frame(f *image.YCbCr) {
	if p.onFrame == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.onFrame(copyYCbCr(f))
}

func copyYCbCr(f *image.YCbCr) *image.YCbCr {
	return &image.YCbCr{
		Y: append([]uint8(nil), f.Y...), Cb: append([]uint8(nil), f.Cb...), Cr: append([]uint8(nil), f.Cr...),
		YStride: f.YStride, CStride: f.CStride, SubsampleRatio: f.SubsampleRatio, Rect: f.Rect,
	}
}

// HasVideo says whether the camera (or the test picture) is open.
func (p *Preview) HasVideo() bool { return p.stream.HasVideo() }

// InputLevel is the microphone's loudness for a meter, 0 (silence) to 1.
func (p *Preview) InputLevel() float64 { return p.stream.InputLevel() }

// BlurVerdict is the blur check of the latest measured picture; measured
// is false for voice only and until the first picture was measured.
func (p *Preview) BlurVerdict() (v blur.Verdict, measured bool) {
	if p.stage == nil {
		return blur.Verdict{}, false
	}
	v = p.stage.Verdict()
	return v, v.Frames > 0
}

// Close turns camera and microphone off; it is safe to call more than
// once. No OnFrame call starts after it returned.
func (p *Preview) Close() error {
	p.closeOnce.Do(func() {
		// The devices first, so the camera light goes off at once; a
		// frame being blurred meanwhile finishes before the stage closes.
		p.closeErr = p.stream.Close()
		p.mu.Lock()
		p.closed = true
		if p.stage != nil {
			p.stage.Close()
		}
		p.mu.Unlock()
	})
	return p.closeErr
}

// The test tone: a soft A (440 Hz) at −18 dBFS for about a second,
// faded in and out so it neither clicks nor startles.
const (
	toneHz        = 440
	toneAmplitude = 0.18
	toneLength    = time.Second
	toneFadeIn    = 30 * time.Millisecond
	toneFadeOut   = 250 * time.Millisecond
	// toneTail is silence after the tone, so its end has left the
	// device's buffer before the device closes.
	toneTail = 100 * time.Millisecond
)

// ToneOptions say where the test tone plays.
type ToneOptions struct {
	// Speaker is a stable speaker ID as media/devices lists it
	// ("" = the system default).
	Speaker string
	// Null plays to nowhere, on a real device clock (tests, headless).
	Null bool
	// Played sees every chunk the device took, on the audio thread.
	Played func(samples []float32)
}

// samplesOf converts a duration to a sample count at audio.SampleRate.
func samplesOf(d time.Duration) int {
	return int(int64(audio.SampleRate) * int64(d) / int64(time.Second))
}

// toneSample is sample i of the test tone; 0 after it.
func toneSample(i int) float32 {
	n, in, out := samplesOf(toneLength), samplesOf(toneFadeIn), samplesOf(toneFadeOut)
	if i < 0 || i >= n {
		return 0
	}
	gain := 1.0
	switch {
	case i < in:
		gain = 0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(in))
	case i >= n-out:
		gain = 0.5 - 0.5*math.Cos(math.Pi*float64(n-i)/float64(out))
	}
	return float32(toneAmplitude * gain * math.Sin(2*math.Pi*toneHz*float64(i)/audio.SampleRate))
}

// PlayTestTone plays a short, gentle tone on a speaker and returns when
// it has been played, or with ctx's error when ctx ends first (the tone
// stops then). The error is typed: speaker not found, playback failed.
func PlayTestTone(ctx context.Context, opts ToneOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	total := samplesOf(toneLength) + samplesOf(toneTail)
	pos := 0 // only touched on the audio thread
	played := make(chan struct{})
	var once sync.Once
	fill := func(out []float32) {
		for i := range out {
			out[i] = toneSample(pos)
			pos++
		}
		if pos >= total {
			once.Do(func() { close(played) })
		}
	}
	player, err := audio.StartPlayer(audio.PlayerOptions{DeviceID: opts.Speaker, Null: opts.Null, Fill: fill, Played: opts.Played})
	if err != nil {
		return err
	}
	defer player.Close()
	select {
	case <-played:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
