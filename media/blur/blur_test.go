package blur

import (
	"errors"
	"image"
	"math/rand"
	"sync"
	"testing"
	"time"
)

// patient is the budget of tests that are not about timing: a busy shared
// test machine must not make them fail closed.
const patient = time.Minute

// settleFrames is how many frames settle() sends through a stage.
const settleFrames = 4

// settle sends copies of src through the stage, waiting for the
// segmentation worker after each, and returns the last output frame.
func settle(stage *Stage, src *image.YCbCr) *image.YCbCr {
	var out *image.YCbCr
	for range settleFrames {
		out = cloneFrame(src)
		stage.Transform(out)
		stage.Flush()
	}
	return out
}

func TestFaceSegmenterFindsFaces(t *testing.T) {
	cases := []struct {
		image string
		faces int
	}{
		{"astronaut.png", 1},
		// A face half hidden behind a camera, seen from the side: the
		// frontal face finder misses it, which is why segmentation leads.
		{"camera.png", 0},
	}
	for _, c := range cases {
		t.Run(c.image, func(t *testing.T) {
			f := toI420(loadPNG(t, c.image), 640, 480)
			seg, err := NewFaceSegmenter()
			if err != nil {
				t.Fatal(err)
			}
			m, ok, err := seg.Segment(f)
			if err != nil || ok != (c.faces > 0) || seg.Faces() != c.faces {
				t.Fatalf("ok=%v faces=%d err=%v, want %d faces", ok, seg.Faces(), err, c.faces)
			}
			if c.faces == 0 {
				for _, v := range m.Pix {
					if v != 0 {
						t.Fatal("no face found but the mask marks a person")
					}
				}
				return
			}
			var person int
			for _, v := range m.Pix {
				if v > 0 {
					person++
				}
			}
			share := float64(person) / float64(len(m.Pix))
			if share < 0.05 || share > 0.8 {
				t.Errorf("silhouette covers %.2f of the frame", share)
			}
		})
	}
}

func TestMeasureVerdicts(t *testing.T) {
	sharp := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, sharp)

	stage, err := New(Options{Budget: patient, Segmenter: fixedSegmenter{mask}})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	blurred := settle(stage, sharp)

	// The same person in front of a plain, evenly lit wall.
	wall := cloneFrame(sharp)
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			if mask.At(x, y, 640, 480) == 0 {
				wall.Y[wall.YOffset(x, y)] = 170
			}
		}
	}
	// The same wall seen by a noisy sensor: fine "detail" that shows
	// nothing.
	noisyWall := cloneFrame(wall)
	noise := rand.New(rand.NewSource(1))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			if mask.At(x, y, 640, 480) == 0 {
				noisyWall.Y[noisyWall.YOffset(x, y)] = uint8(170 + noise.NormFloat64()*3)
			}
		}
	}
	dark := toI420(loadPNG(t, "astronaut_dim.png"), 640, 480)
	for i := range dark.Y {
		dark.Y[i] = 16 + dark.Y[i]/8
	}

	cases := []struct {
		name  string
		frame *image.YCbCr
		want  VerdictKind
	}{
		{"sharp room", sharp, NotBlurred},
		{"blurred room", blurred, Blurred},
		{"plain wall", wall, CantTell},
		{"plain wall, noisy sensor", noisyWall, CantTell},
		{"dark room", dark, CantTell},
		{"no person", sharp, CantTell},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mask
			if c.name == "no person" {
				m = NewMask(mask.W, mask.H)
			}
			v := Measure(c.frame, m)
			t.Logf("ratio=%.4f outside=%.1f inside=%.1f structure=%.1f", v.Ratio, v.Outside, v.Inside, v.Structure)
			if v.Kind != c.want {
				t.Errorf("verdict %v (%s), want %v", v.Kind, v.MessageKey(), c.want)
			}
		})
	}
}

func TestStageVerdictOfOutgoingFrames(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	stage, err := New(Options{Budget: patient, Segmenter: fixedSegmenter{faceMask(t, src)}, VerdictEvery: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := stage.Verdict().Kind; got != CantTell {
		t.Fatalf("verdict before any frame: %v", got)
	}
	defer stage.Close()
	settle(stage, src)
	v := stage.Verdict()
	if v.Kind != Blurred || v.Frames != settleFrames {
		t.Errorf("verdict %+v, want Blurred over %d frames", v, settleFrames)
	}
}

func TestStageFailsClosed(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	everywhere := func(x, y int) bool { return true }
	inputDetail := lapVariance(src, everywhere)

	broken := errors.New("model broken")
	face, err := NewFaceSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	// slowClock makes every segmentation look 50 ms long.
	var (
		mu  sync.Mutex
		now time.Time
	)
	slowClock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(50 * time.Millisecond)
		return now
	}

	cases := []struct {
		name    string
		opts    Options
		wantErr error
	}{
		{"segmenter fails", Options{Segmenter: failingSegmenter{broken}}, broken},
		{"segmenter over budget", Options{Segmenter: face, Clock: slowClock, Budget: 20 * time.Millisecond}, ErrOverBudget},
		{"segmenter returns no mask", Options{Segmenter: fixedSegmenter{Mask{W: 4, H: 4}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var events []Event
			c.opts.OnEvent = func(e Event) { events = append(events, e) }
			stage, err := New(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer stage.Close()
			out := settle(stage, src)
			// Fully blurred: even the face has lost its detail.
			face := func(x, y int) bool { return mask.At(x, y, 640, 480) == 255 }
			if got, in := lapVariance(out, face), lapVariance(src, face); got > in*0.05 {
				t.Errorf("face detail %.1f of %.1f kept: frame not fully blurred", got, in)
			}
			if got := lapVariance(out, everywhere); got > inputDetail*0.02 {
				t.Errorf("frame detail %.1f of %.1f kept", got, inputDetail)
			}
			if len(events) != 1 || events[0].Kind != EventFailClosed {
				t.Fatalf("events %+v, want one fail-closed event", events)
			}
			if events[0].MessageKey() != "blur.event.fail_closed" {
				t.Errorf("key %q", events[0].MessageKey())
			}
			if c.wantErr != nil && !errors.Is(events[0].Err, c.wantErr) {
				t.Errorf("cause %v, want %v", events[0].Err, c.wantErr)
			}
		})
	}
}

// flakySegmenter fails for its first n calls, then delegates.
type flakySegmenter struct {
	n    int
	next Segmenter
}

func (s *flakySegmenter) Segment(f *image.YCbCr) (Mask, bool, error) {
	if s.n > 0 {
		s.n--
		return Mask{}, false, errors.New("not yet")
	}
	return s.next.Segment(f)
}

func TestStageRecoversAfterFailing(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	var kinds []EventKind
	stage, err := New(Options{
		Budget:       patient,
		Segmenter:    &flakySegmenter{n: 2, next: fixedSegmenter{mask}},
		OnEvent:      func(e Event) { kinds = append(kinds, e.Kind) },
		SegmentEvery: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	var out *image.YCbCr
	for range 5 {
		out = cloneFrame(src)
		stage.Transform(out)
		stage.Flush()
	}
	if len(kinds) != 2 || kinds[0] != EventFailClosed || kinds[1] != EventRecovered {
		t.Fatalf("events %v, want fail-closed then recovered", kinds)
	}
	face := func(x, y int) bool { return mask.At(x, y, 640, 480) == 255 }
	if got, in := lapVariance(out, face), lapVariance(src, face); got < in*0.5 {
		t.Errorf("face detail %.1f of %.1f after recovery: face should be sharp again", got, in)
	}
}

func TestStrengthBlursMore(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	bg := func(x, y int) bool { return mask.At(x, y, 640, 480) == 0 }
	prev := lapVariance(src, bg)
	for _, strength := range []int{1, 4, 10} {
		stage, err := New(Options{Budget: patient, Strength: strength, Segmenter: fixedSegmenter{mask}})
		if err != nil {
			t.Fatal(err)
		}
		out := settle(stage, src)
		stage.Close()
		got := lapVariance(out, bg)
		t.Logf("strength %d: background detail %.2f", strength, got)
		if got >= prev {
			t.Errorf("strength %d left detail %.2f, not less than %.2f", strength, got, prev)
		}
		prev = got
	}
}

func TestHideModes(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	for _, mode := range []Mode{ModeHideSolid, ModeHideImage} {
		stage, err := New(Options{Budget: patient, Mode: mode, Segmenter: fixedSegmenter{mask}})
		if err != nil {
			t.Fatal(err)
		}
		out := settle(stage, src)
		stage.Close()
		// Far from the person nothing of the room may remain: the pixel
		// must be the replacement, whatever the room looked like there.
		again := cloneFrame(src)
		for i := range again.Y {
			again.Y[i] = 255 - again.Y[i]
		}
		stage2, _ := New(Options{Budget: patient, Mode: mode, Segmenter: fixedSegmenter{mask}})
		again = settle(stage2, again)
		stage2.Close()
		differs := 0
		for y := 0; y < 480; y += 3 {
			for x := 0; x < 640; x += 3 {
				if mask.At(x, y, 640, 480) != 0 || nearPerson(mask, x, y) {
					continue
				}
				i := out.YOffset(x, y)
				if out.Y[i] != again.Y[i] {
					differs++
				}
				if mode == ModeHideSolid && out.Y[i] != solidY {
					t.Fatalf("mode %d: background luma %d at %d,%d, want %d", mode, out.Y[i], x, y, solidY)
				}
			}
		}
		if differs > 0 {
			t.Errorf("mode %d: %d background pixels still depend on the room", mode, differs)
		}
	}
}

// nearPerson reports whether a person pixel of m lies within 24 pixels of
// (x, y) in a 640×480 frame (the feathered edge).
func nearPerson(m Mask, x, y int) bool {
	for dy := -24; dy <= 24; dy += 4 {
		for dx := -24; dx <= 24; dx += 4 {
			px, py := x+dx, y+dy
			if px >= 0 && py >= 0 && px < 640 && py < 480 && m.At(px, py, 640, 480) != 0 {
				return true
			}
		}
	}
	return false
}

func TestOddAndBrokenFrames(t *testing.T) {
	face, err := NewFaceSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	img := loadPNG(t, "camera.png")
	for _, size := range [][2]int{{1, 1}, {2, 2}, {3, 5}, {17, 9}, {641, 479}, {64, 1}, {1, 64}} {
		stage, err := New(Options{Segmenter: face})
		if err != nil {
			t.Fatal(err)
		}
		settle(stage, toI420(img, size[0], size[1]))
		_ = stage.Verdict()
		stage.Close()
		_ = Measure(toI420(img, size[0], size[1]), NewMask(3, 3))
	}

	short := toI420(img, 64, 48)
	short.Y = short.Y[:100]
	sub444 := image.NewYCbCr(image.Rect(0, 0, 16, 16), image.YCbCrSubsampleRatio444)
	for i := range sub444.Y {
		sub444.Y[i] = uint8(i * 37)
	}
	for _, f := range []*image.YCbCr{short, sub444} {
		var got []EventKind
		stage, err := New(Options{Segmenter: face, OnEvent: func(e Event) { got = append(got, e.Kind) }})
		if err != nil {
			t.Fatal(err)
		}
		stage.Transform(f)
		stage.Close()
		if len(got) != 1 || got[0] != EventUnsupportedFrame {
			t.Errorf("events %v, want unsupported frame", got)
		}
		for _, v := range f.Y {
			if v != 128 {
				t.Fatalf("unreadable frame not blanked")
			}
		}
	}
	stage, _ := New(Options{Segmenter: face})
	stage.Transform(nil)
	stage.Transform(&image.YCbCr{})
	stage.Close()
	stage.Transform(toI420(img, 32, 32)) // after Close: blurred, no worker

}

func TestSteadyStateDoesNotAllocate(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	stage, err := New(Options{Budget: patient, Segmenter: fixedSegmenter{faceMask(t, src)}, VerdictEvery: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	frame := cloneFrame(src)
	stage.Transform(frame)
	stage.Flush()
	stage.Transform(frame)
	stage.Flush()
	if n := testing.AllocsPerRun(10, func() { stage.Transform(frame); stage.Flush() }); n != 0 {
		t.Errorf("%.1f allocations per frame", n)
	}
}

func TestSmoothingDoesNotFlicker(t *testing.T) {
	prev := []uint8{0, 255, 128}
	// A mask that flips every frame must not make the running mask jump
	// between the extremes.
	for i := range 20 {
		fresh := []uint8{255, 0, 128}
		if i%2 == 1 {
			fresh = []uint8{0, 255, 128}
		}
		smoothTowards(prev, fresh)
		if i > 4 && (prev[0] < 40 || prev[0] > 215 || prev[1] < 40 || prev[1] > 215) {
			t.Fatalf("frame %d: running mask %v follows the flicker", i, prev)
		}
		if prev[2] != 128 {
			t.Fatalf("steady value moved to %d", prev[2])
		}
	}
}

// manualClock is a clock the test moves by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// stallingSegmenter hangs in its second call until released, like a
// segmenter starved of CPU, and answers at once otherwise.
type stallingSegmenter struct {
	mask    Mask
	calls   int
	release chan struct{}
}

func (s *stallingSegmenter) Segment(*image.YCbCr) (Mask, bool, error) {
	s.calls++
	if s.calls == 2 {
		<-s.release
	}
	return s.mask, true, nil
}

func TestStageFailsClosedWhenSegmentationStalls(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	face := func(x, y int) bool { return mask.At(x, y, 640, 480) == 255 }
	faceDetail := lapVariance(src, face)

	clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
	seg := &stallingSegmenter{mask: mask, release: make(chan struct{})}
	var events []Event
	// The same picture every frame: MaxMaskAge < 0 keeps the worker
	// getting every frame instead of skipping a still picture.
	stage, err := New(Options{
		Segmenter: seg, Clock: clock.Now, SegmentEvery: 1, Budget: 100 * time.Millisecond, MaxMaskAge: -1,
		OnEvent: func(e Event) { events = append(events, e) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()

	out := cloneFrame(src)
	stage.Transform(out) // hands frame 1 to the worker, no mask yet
	stage.Flush()        // mask of frame 1 arrives
	clock.Advance(33 * time.Millisecond)
	out = cloneFrame(src)
	stage.Transform(out) // uses the mask; frame 2 goes to the worker, which stalls
	if got := lapVariance(out, face); got < 0.6*faceDetail {
		t.Fatalf("face detail %.1f of %.1f with a fresh mask", got, faceDetail)
	}
	clock.Advance(150 * time.Millisecond) // past the budget, worker still stuck
	out = cloneFrame(src)
	stage.Transform(out)
	if got := lapVariance(out, face); got > 0.05*faceDetail {
		t.Errorf("face detail %.1f of %.1f: a stalled segmentation must blur everything", got, faceDetail)
	}
	if len(events) != 1 || events[0].Kind != EventFailClosed || !errors.Is(events[0].Err, ErrOverBudget) {
		t.Fatalf("events %+v, want one fail-closed over budget", events)
	}
	close(seg.release)
	stage.Flush() // the late answer is over budget itself: still failing
	out = cloneFrame(src)
	stage.Transform(out) // frame 4 goes to the worker, answered at once
	stage.Flush()
	if len(events) != 2 || events[1].Kind != EventRecovered {
		t.Fatalf("events %+v, want recovery after a timely answer", events)
	}
	out = cloneFrame(src)
	stage.Transform(out)
	if got := lapVariance(out, face); got < 0.6*faceDetail {
		t.Errorf("face detail %.1f of %.1f after recovery", got, faceDetail)
	}
}

// When the model is unsure, the face finder's silhouette is added, so the
// face is part of the mask whatever the model thought.
func TestFallbackAddsTheFace(t *testing.T) {
	seg, err := NewDefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	fb := seg.(*FallbackSegmenter)
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	face := faceMask(t, src)

	// A real frame reduced to a washed-out grey (a quarter of its
	// contrast, no colour): the model is unsure about much of the picture,
	// while the face finder, which compares pixel pairs, still finds the face.
	ghost := cloneFrame(src)
	for i, v := range ghost.Y {
		ghost.Y[i] = uint8(128 + (int(v)-128)/4)
	}
	for i := range ghost.Cb {
		ghost.Cb[i], ghost.Cr[i] = 128, 128
	}
	m, _, err := fb.Segment(ghost)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("model: person %.3f unsure %.3f, fallback used %v", fb.Model.person, fb.Model.unsure, fb.UsedFallback)
	if !fb.UsedFallback {
		t.Fatal("the model was sure of a washed-out frame; the fallback did not run")
	}
	for y := 0; y < 480; y += 8 {
		for x := 0; x < 640; x += 8 {
			if faceCore(face, x, y) && m.At(x, y, 640, 480) < 200 {
				t.Fatalf("face silhouette pixel %d,%d missing from the fallback mask", x, y)
			}
		}
	}
}

// faceCore reports whether (x, y) and its neighbours 12 pixels away all lie
// in the silhouette, away from the edge that resampling softens.
func faceCore(m Mask, x, y int) bool {
	for dy := -12; dy <= 12; dy += 12 {
		for dx := -12; dx <= 12; dx += 12 {
			px, py := x+dx, y+dy
			if px < 0 || py < 0 || px >= 640 || py >= 480 || m.At(px, py, 640, 480) != 255 {
				return false
			}
		}
	}
	return true
}

// A slow camera (two frames a second) is not a stalled segmentation: the
// person stays sharp.
func TestSlowFrameRateDoesNotFailClosed(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	mask := faceMask(t, src)
	face := func(x, y int) bool { return mask.At(x, y, 640, 480) == 255 }
	clock := &manualClock{now: time.Unix(1_700_000_000, 0)}
	var events []Event
	stage, err := New(Options{Segmenter: fixedSegmenter{mask}, Clock: clock.Now, Budget: 100 * time.Millisecond,
		OnEvent: func(e Event) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	var out *image.YCbCr
	for range 8 {
		out = cloneFrame(src)
		stage.Transform(out)
		stage.Flush()
		clock.Advance(500 * time.Millisecond)
	}
	if len(events) != 0 {
		t.Errorf("events %+v at a low frame rate", events)
	}
	if got, in := lapVariance(out, face), lapVariance(src, face); got < 0.6*in {
		t.Errorf("face detail %.1f of %.1f", got, in)
	}
}

// The camera may change resolution while the worker still holds a frame of
// the old size: nothing breaks, and no frame goes out sharp meanwhile.
func TestResolutionChangeWhileSegmenting(t *testing.T) {
	img := loadPNG(t, "astronaut.png")
	small, large := toI420(img, 320, 240), toI420(img, 640, 480)
	seg := &stallingSegmenter{mask: faceMask(t, large), release: make(chan struct{})}
	stage, err := New(Options{Segmenter: seg, Budget: patient, SegmentEvery: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer stage.Close()
	stage.Transform(cloneFrame(small)) // call 1 answers
	stage.Flush()
	stage.Transform(cloneFrame(small)) // call 2 stalls in the worker
	out := cloneFrame(large)
	stage.Transform(out) // new size while the worker holds a small frame
	everywhere := func(x, y int) bool { return true }
	if got, in := lapVariance(out, everywhere), lapVariance(large, everywhere); got > 0.02*in {
		t.Errorf("detail %.1f of %.1f right after the size change: must be fully blurred", got, in)
	}
	close(seg.release)
	out = settle(stage, large)
	v := Measure(out, seg.mask)
	if v.Kind != Blurred {
		t.Errorf("after the change: %+v", v)
	}
}
