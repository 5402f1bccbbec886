package session

import (
	"context"
	"errors"
	"image"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/capture/capturetest"
)

// frameCounter records what OnFrame delivered.
type frameCounter struct {
	mu     sync.Mutex
	n      int
	last   *image.YCbCr
	closed atomic.Bool // set once Close returned
	late   atomic.Int64
}

func (c *frameCounter) onFrame(f *image.YCbCr) {
	if c.closed.Load() {
		c.late.Add(1)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	c.last = f
}

func (c *frameCounter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func (c *frameCounter) frame() *image.YCbCr {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

func TestPreviewWithTestPatternShowsPictureLevelAndVerdict(t *testing.T) {
	var frames frameCounter
	p, err := OpenPreview(PreviewOptions{TestPattern: true, Width: 320, Height: 240, OnFrame: frames.onFrame})
	if err != nil {
		t.Fatal(err)
	}
	if !p.HasVideo() {
		t.Fatal("the camera was chosen but the preview has no picture")
	}
	waitUntil(t, "pictures", func() bool { return frames.count() >= 5 })
	if f := frames.frame(); f.Rect.Dx() != 320 || f.Rect.Dy() != 240 {
		t.Errorf("picture is %v, want 320×240", f.Rect)
	}
	// The test tone is a sine of amplitude 0.25: about 0.75 on the meter.
	waitUntil(t, "the microphone level", func() bool { return p.InputLevel() > 0.5 })
	waitUntil(t, "the blur verdict", func() bool { _, ok := p.BlurVerdict(); return ok })
	if v, _ := p.BlurVerdict(); v.MessageKey() == "" || v.Frames < 1 {
		t.Errorf("verdict %+v", v)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	frames.closed.Store(true)
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// sharpness is the mean absolute difference of horizontally neighbouring
// luma pixels: 35 for the spy camera's 4-pixel checkerboard, near 0 once
// blurred.
func sharpness(f *image.YCbCr) float64 {
	var sum float64
	n := 0
	for y := 0; y < f.Rect.Dy(); y++ {
		row := f.Y[y*f.YStride : y*f.YStride+f.Rect.Dx()]
		for x := 1; x < len(row); x++ {
			sum += math.Abs(float64(row[x]) - float64(row[x-1]))
			n++
		}
	}
	return sum / float64(n)
}

func TestPreviewShowsTheBlurredPictureAndCloseTurnsTheCameraOff(t *testing.T) {
	spy := capturetest.RegisterSpyCamera(t, "spy-camera-preview")
	var registered atomic.Int64
	open := func(frames *frameCounter) *Preview {
		p, err := OpenPreview(PreviewOptions{
			VideoDevice: spy.Label, AudioDevice: capture.TestAudioLabel,
			Width: 320, Height: 240,
			RegisterCameras: func() error { registered.Add(1); return nil },
			OnFrame:         frames.onFrame,
		})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	var frames frameCounter
	p := open(&frames)
	if !spy.IsOpen() || registered.Load() != 1 {
		t.Fatalf("the chosen camera is not open (open %v, cameras registered %d)", spy.IsOpen(), registered.Load())
	}
	waitUntil(t, "pictures", func() bool { return frames.count() >= 3 })
	// The raw picture is a sharp checkerboard; what the preview shows
	// must be what a call would send: blurred.
	if s := sharpness(frames.frame()); s > 10 {
		t.Errorf("the preview shows a sharp picture (sharpness %.1f, the camera's is 35)", s)
	}
	waitUntil(t, "the blur verdict", func() bool { _, ok := p.BlurVerdict(); return ok })
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	frames.closed.Store(true)
	if spy.IsOpen() {
		t.Fatal("the camera is still on after Close")
	}
	if n := frames.late.Load(); n != 0 {
		t.Errorf("%d pictures arrived after Close", n)
	}
	// mediadevices' drivers serve one user at a time: opening the same
	// camera and microphone again works only if Close released both.
	var again frameCounter
	p2 := open(&again)
	waitUntil(t, "pictures after reopening", func() bool { return again.count() >= 1 })
	if err := p2.Close(); err != nil {
		t.Fatal(err)
	}
	if spy.IsOpen() {
		t.Fatal("the camera is still on after the second Close")
	}
}

func TestPreviewVoiceOnlyNeverTouchesTheCamera(t *testing.T) {
	spy := capturetest.RegisterSpyCamera(t, "spy-camera-voice-only")
	var registered atomic.Int64
	var frames frameCounter
	// Even with a camera named, voice only must leave it alone.
	p, err := OpenPreview(PreviewOptions{
		AudioOnly: true, VideoDevice: spy.Label, AudioDevice: capture.TestAudioLabel,
		RegisterCameras: func() error { registered.Add(1); return nil },
		OnFrame:         frames.onFrame,
	})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the microphone level", func() bool { return p.InputLevel() > 0.5 })
	if p.HasVideo() {
		t.Error("voice only has a picture")
	}
	if _, measured := p.BlurVerdict(); measured {
		t.Error("voice only has a blur verdict")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if n := spy.Touched(); n != 0 {
		t.Errorf("camera touched in voice only: opened %d, queried %d, recorded %d",
			spy.Opened.Load(), spy.Queried.Load(), spy.Recorded.Load())
	}
	if registered.Load() != 0 {
		t.Error("voice only looked for cameras")
	}
	if frames.count() != 0 {
		t.Errorf("voice only delivered %d pictures", frames.count())
	}
}

// The control for the test above: the same spy notices a preview with
// the camera, so a zero count there means something.
func TestPreviewSpyCameraNoticesUse(t *testing.T) {
	spy := capturetest.RegisterSpyCamera(t, "spy-camera-control")
	p, err := OpenPreview(PreviewOptions{
		VideoDevice: spy.Label, AudioDevice: capture.TestAudioLabel, Width: 320, Height: 240,
		RegisterCameras: func() error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if spy.Opened.Load() != 1 || spy.Recorded.Load() != 1 {
		t.Errorf("opened %d, recorded %d", spy.Opened.Load(), spy.Recorded.Load())
	}
}

func TestPreviewWithoutCameraFailsTyped(t *testing.T) {
	_, err := OpenPreview(PreviewOptions{
		VideoDevice: "no-such-camera", AudioDevice: capture.TestAudioLabel,
		RegisterCameras: func() error { return nil },
	})
	if !errors.Is(err, capture.ErrNoCamera) {
		t.Fatalf("got %v, want ErrNoCamera", err)
	}
	// The microphone opened before the camera failed must be free again.
	p, err := OpenPreview(PreviewOptions{AudioOnly: true, AudioDevice: capture.TestAudioLabel})
	if err != nil {
		t.Fatalf("microphone still taken: %v", err)
	}
	_ = p.Close()
}

// toneRecorder keeps what the null speaker played.
type toneRecorder struct {
	mu      sync.Mutex
	samples int
	loud    int // samples above the fade's first steps
	peak    float64
	last    float32
}

func (r *toneRecorder) played(s []float32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range s {
		a := math.Abs(float64(v))
		r.peak = math.Max(r.peak, a)
		if a > 0.01 {
			r.loud++
		}
	}
	r.samples += len(s)
	if len(s) > 0 {
		r.last = s[len(s)-1]
	}
}

func TestPlayTestTone(t *testing.T) {
	var rec toneRecorder
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := PlayTestTone(ctx, ToneOptions{Null: true, Played: rec.played}); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	tone := samplesOf(toneLength)
	if rec.samples < tone {
		t.Errorf("played %d samples, the tone has %d", rec.samples, tone)
	}
	// Gentle: clearly audible, far from full scale.
	if rec.peak < 0.1 || rec.peak > 0.2 {
		t.Errorf("peak %.3f, want a gentle tone around %.2f", rec.peak, toneAmplitude)
	}
	// About a second of sound: most of it above the fades, none after.
	if rec.loud < tone*8/10 || rec.loud > tone {
		t.Errorf("%d audible samples, want most of %d", rec.loud, tone)
	}
	if rec.last != 0 {
		t.Errorf("the tone was cut off (last sample %v)", rec.last)
	}
}

func TestPlayTestToneStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	err := PlayTestTone(ctx, ToneOptions{Null: true, Played: func([]float32) { once.Do(cancel) }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	played := false
	if err := PlayTestTone(ctx, ToneOptions{Null: true, Played: func([]float32) { played = true }}); !errors.Is(err, context.Canceled) || played {
		t.Errorf("an already cancelled tone: err %v, played %v", err, played)
	}
}

func TestToneFadesInAndOut(t *testing.T) {
	if toneSample(0) != 0 || toneSample(-1) != 0 || toneSample(samplesOf(toneLength)) != 0 {
		t.Error("the tone must start and end at silence")
	}
	n := samplesOf(toneLength)
	if v := math.Abs(float64(toneSample(n - 1))); v > 0.001 {
		t.Errorf("last tone sample %v: the end clicks", v)
	}
}
