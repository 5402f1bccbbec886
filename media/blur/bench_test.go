package blur

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process used so far (all goroutines).
// Benchmarks report it per frame next to wall time: on a shared machine
// the wall time also counts time other processes held the core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var benchSizes = []struct {
	name  string
	w, h  int
	image string
}{
	{"640x480", 640, 480, "astronaut.png"},
	{"1280x720", 1280, 720, "astronaut_wide.png"},
}

// perFrame runs fn b.N times and reports CPU time per run. One run before
// the clock starts sizes the buffers (and loads a model) as the first
// frame of a call does.
func perFrame(b *testing.B, fn func()) {
	fn()
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		fn()
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkSegmentation: the model on one frame (sampling the frame into
// the model's input, inference, mask conversion).
func BenchmarkSegmentation(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			frame := toI420(loadPNG(b, sz.image), sz.w, sz.h)
			seg, err := NewModelSegmenter()
			if err != nil {
				b.Fatal(err)
			}
			perFrame(b, func() { seg.Segment(frame) })
		})
	}
}

// BenchmarkFaceFallback: the face finder on one frame.
func BenchmarkFaceFallback(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			frame := toI420(loadPNG(b, sz.image), sz.w, sz.h)
			seg, err := NewFaceSegmenter()
			if err != nil {
				b.Fatal(err)
			}
			perFrame(b, func() { seg.Segment(frame) })
		})
	}
}

// BenchmarkMaskPostProcessing: the model's mask stretched onto the small
// grid, feathered and smoothed into the running mask.
func BenchmarkMaskPostProcessing(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			seg, err := NewModelSegmenter()
			if err != nil {
				b.Fatal(err)
			}
			m, _, err := seg.Segment(toI420(loadPNG(b, sz.image), sz.w, sz.h))
			if err != nil {
				b.Fatal(err)
			}
			sw, sh := (sz.w+shrink-1)/shrink, (sz.h+shrink-1)/shrink
			grid, running := make([]uint8, sw*sh), make([]uint8, sw*sh)
			box := newBoxScratch(sw, sh)
			perFrame(b, func() {
				resampleInto(grid, sw, sh, m)
				boxBlur(grid, sw, sh, 1, 1, box)
				smoothTowards(running, grid)
			})
		})
	}
}

// BenchmarkBlurAndComposite: what the capture goroutine pays per frame
// with a mask at hand: shrinking, blurring and compositing all planes.
func BenchmarkBlurAndComposite(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			src := toI420(loadPNG(b, sz.image), sz.w, sz.h)
			seg, err := NewModelSegmenter()
			if err != nil {
				b.Fatal(err)
			}
			m, _, _ := seg.Segment(src)
			stage, err := New(Options{Budget: time.Hour, Segmenter: fixedSegmenter{m}, SegmentEvery: 1 << 30, VerdictEvery: 1 << 30})
			if err != nil {
				b.Fatal(err)
			}
			defer stage.Close()
			frame := cloneFrame(src)
			stage.Transform(frame)
			stage.Flush()
			perFrame(b, func() { stage.Transform(frame) })
		})
	}
}

// BenchmarkVerdict: measuring one outgoing frame (done every 15th frame).
func BenchmarkVerdict(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			frame := toI420(loadPNG(b, sz.image), sz.w, sz.h)
			seg, err := NewModelSegmenter()
			if err != nil {
				b.Fatal(err)
			}
			m, _, _ := seg.Segment(frame)
			var sc measureScratch
			perFrame(b, func() { measure(frame, m, &sc) })
		})
	}
}

// BenchmarkStage: the whole stage with the default segmenter, per frame,
// with segmentation on every n-th frame, on a moving clip (movingClip: a
// person swaying and leaning, sensor noise; 90 distinct frames). Flush
// after each frame makes the worker's share land in the frame that started
// it, so cpu-ns/op is the full CPU cost per frame of both goroutines. Each
// frame is first copied from the clip (~0.03 ms of the figure), as the
// stage blurs it in place. The stage's clock advances 33 ms a frame, as
// at 30 fps: frames handed over back to back would look like a camera far
// faster than the model, and the stage would space out its turns.
func BenchmarkStage(b *testing.B) {
	for _, sz := range benchSizes {
		clip := movingClip(b, sz.image, sz.w, sz.h, 90)
		for _, every := range []int{1, 2, 3} {
			b.Run(sz.name+"/segment-every-"+itoa(every), func(b *testing.B) {
				at := time.Unix(1_700_000_000, 0)
				stage, err := New(Options{Budget: time.Hour, SegmentEvery: every, Clock: func() time.Time { return at }})
				if err != nil {
					b.Fatal(err)
				}
				defer stage.Close()
				frame := cloneFrame(clip[0])
				i := 0
				perFrame(b, func() {
					src := clip[i%len(clip)]
					copy(frame.Y, src.Y)
					copy(frame.Cb, src.Cb)
					copy(frame.Cr, src.Cr)
					stage.Transform(frame)
					stage.Flush()
					at = at.Add(33 * time.Millisecond)
					i++
				})
			})
		}
	}
}

// BenchmarkStageStill: the whole stage at the default settings on a person
// sitting still (the test photo with fresh sensor noise, σ = 2, in each of
// 90 frames), where segmentation skips turns until its mask is
// DefaultMaxMaskAge old. The stage's clock advances 33 ms a frame, as at
// 30 fps.
func BenchmarkStageStill(b *testing.B) {
	src := toI420(loadPNG(b, "astronaut.png"), 640, 480)
	clip := noisyStill(src, 90, 2)
	at := time.Unix(1_700_000_000, 0)
	stage, err := New(Options{Budget: time.Hour, Clock: func() time.Time { return at }})
	if err != nil {
		b.Fatal(err)
	}
	defer stage.Close()
	frame := cloneFrame(src)
	i := 0
	perFrame(b, func() {
		f := clip[i%len(clip)]
		copy(frame.Y, f.Y)
		copy(frame.Cb, f.Cb)
		copy(frame.Cr, f.Cr)
		stage.Transform(frame)
		stage.Flush()
		at = at.Add(33 * time.Millisecond)
		i++
	})
}
