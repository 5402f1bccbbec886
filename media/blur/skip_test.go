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
