package blur

import (
	"image"
	"math/rand"
	"sync"
	"testing"
	"time"
)

// countingSegmenter answers with a fixed mask and records the clock time of
// every call (the worker calls it on its own goroutine).
type countingSegmenter struct {
	mask  Mask
	clock *manualClock
	mu    sync.Mutex
	at    []time.Time
}

func (s *countingSegmenter) Segment(*image.YCbCr) (Mask, bool, error) {
	s.mu.Lock()
	s.at = append(s.at, s.clock.Now())
	s.mu.Unlock()
	return s.mask, true, nil
}

func (s *countingSegmenter) calls() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.at...)
}

// noisyStill makes n copies of f with fresh Gaussian sensor noise of σ
// grey levels in every plane: a person sitting still before a camera.
func noisyStill(f *image.YCbCr, n int, sigma float64) []*image.YCbCr {
	r := rand.New(rand.NewSource(31))
	frames := make([]*image.YCbCr, n)
	for i := range frames {
		c := cloneFrame(f)
		for _, p := range [][]uint8{c.Y, c.Cb, c.Cr} {
			for j, v := range p {
				p[j] = uint8(min(max(float64(v)+r.NormFloat64()*sigma+0.5, 0), 255))
			}
		}
		frames[i] = c
	}
	return frames
}

// runClip sends frames through a stage at 30 fps of the manual clock.
func runClip(t *testing.T, stage *Stage, clock *manualClock, frames []*image.YCbCr) {
	t.Helper()
	for _, f := range frames {
		stage.Transform(cloneFrame(f))
		stage.Flush()
		clock.Advance(33 * time.Millisecond)
	}
}

// A still picture (sensor noise only, also a dim room's σ = 6) is
// segmented far less often, but never from a mask older than MaxMaskAge
// plus one turn; a moving picture is segmented at every turn.
func TestStillPictureSkipsSegmentation(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	const frames, every = 60, 3 // two seconds at 30 fps
	for _, c := range []struct {
		name     string
		clip     []*image.YCbCr
		min, max int // segmentations
	}{
		{"still, noise σ=2", noisyStill(src, frames, 2), 4, 6},
		{"still, dim room noise σ=6", noisyStill(src, frames, 6), 4, 6},
		{"moving", movingClip(t, "astronaut.png", 640, 480, frames), frames / every, frames / every},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
			seg := &countingSegmenter{mask: mask, clock: clock}
			stage, err := New(Options{Segmenter: seg, Clock: clock.Now, SegmentEvery: every, Budget: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			defer stage.Close()
			runClip(t, stage, clock, c.clip)
			at := seg.calls()
			if len(at) < c.min || len(at) > c.max {
				t.Errorf("%d segmentations in %d frames, want %d…%d", len(at), frames, c.min, c.max)
			}
			for i := 1; i < len(at); i++ {
				if gap := at[i].Sub(at[i-1]); gap > DefaultMaxMaskAge+every*33*time.Millisecond {
					t.Errorf("segmentation %d came %v after the one before", i, gap)
				}
			}
		})
	}
}

// A person who sat still and starts to move is segmented again at the
// next turn, not when the mask has grown old.
func TestMovementEndsSkipping(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
	seg := &countingSegmenter{mask: faceMask(t, src), clock: clock}
	stage, err := New(Options{Segmenter: seg, Clock: clock.Now, SegmentEvery: 3, Budget: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	runClip(t, stage, clock, noisyStill(src, 7, 2)) // segments frame 1 only
	still := len(seg.calls())
	moving := movingClip(t, "astronaut.png", 640, 480, 40)
	runClip(t, stage, clock, moving[20:26]) // frames 8…13: turns at 10 and 13
	if got := len(seg.calls()) - still; got != 2 {
		t.Errorf("%d segmentations in the first six moving frames, want 2 (every turn)", got)
	}
}

// slowSegmenter answers with a fixed mask when the test releases it, so
// the test decides how long a segmentation takes on the stage's clock.
type slowSegmenter struct {
	mask    Mask
	calls   int
	release chan struct{}
}

func (s *slowSegmenter) Segment(*image.YCbCr) (Mask, bool, error) {
	<-s.release
	s.calls++
	return s.mask, true, nil
}

// runSlow sends frames at 30 fps of the manual clock and lets every
// segmentation take cost; it returns how many segmentations answered.
func runSlow(t *testing.T, stage *Stage, seg *slowSegmenter, clock *manualClock, frames []*image.YCbCr, cost time.Duration) int {
	t.Helper()
	before := seg.calls
	for _, f := range frames {
		out := cloneFrame(f)
		stage.Transform(out)
		clock.Advance(33 * time.Millisecond)
		if stage.busy && clock.Now().Sub(stage.sentAt) >= cost {
			seg.release <- struct{}{}
			stage.Flush()
		}
	}
	return seg.calls - before
}

// When masks take longer than the time between turns (a busy CPU), the
// stage spaces its turns out instead of keeping the worker busy all the
// time, never sends the person's room sharp meanwhile, and returns to the
// default rate when masks are quick again.
func TestBusyCPUSpacesTurns(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	clip := movingClip(t, "astronaut.png", 640, 480, 90)
	clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
	seg := &slowSegmenter{mask: mask, release: make(chan struct{})}
	var events []Event
	stage, err := New(Options{Segmenter: seg, Clock: clock.Now, OnEvent: func(e Event) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	// Masks in 150 ms, more than a turn of 3 frames (100 ms): turns every
	// 6 frames, whose 200 ms the worker keeps up with. Without spacing the
	// worker would take a frame every 150 ms: 12 in 60 frames.
	slow := runSlow(t, stage, seg, clock, clip[:60], 150*time.Millisecond)
	if stage.every != 6 || slow > 10 {
		t.Errorf("slow masks: %d segmentations in 60 frames, spacing %d frames; want at most 10, spacing 6", slow, stage.every)
	}
	// Masks in 10 ms: back to every third frame.
	quick := runSlow(t, stage, seg, clock, clip[60:], 10*time.Millisecond)
	if stage.every != 3 || quick < 9 {
		t.Errorf("quick masks: %d segmentations in 30 frames, spacing %d frames; want ≥ 9, spacing 3", quick, stage.every)
	}
	if len(events) != 0 {
		t.Errorf("events %+v: slow but timely masks must not fail closed", events)
	}
	// The last frame went out with a mask: the room blurred, the face not.
	out := cloneFrame(clip[89])
	stage.Transform(out)
	face := func(x, y int) bool { return mask.At(x, y, 640, 480) == 255 }
	room := func(x, y int) bool { return mask.At(x, y, 640, 480) == 0 }
	if got, in := lapVariance(out, room), lapVariance(clip[89], room); got > 0.1*in {
		t.Errorf("room detail %.1f of %.1f while the CPU is busy", got, in)
	}
	if got, in := lapVariance(out, face), lapVariance(clip[89], face); got < 0.5*in {
		t.Errorf("face detail %.1f of %.1f", got, in)
	}
}
