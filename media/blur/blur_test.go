package blur

import (
	"errors"
	"image"
	"testing"
	"time"
)

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

	blurred := cloneFrame(sharp)
	stage, err := New(Options{Segmenter: fixedSegmenter{mask}})
	if err != nil {
		t.Fatal(err)
	}
	stage.Transform(blurred)

	// The same person in front of a plain, evenly lit wall.
	wall := cloneFrame(sharp)
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			if mask.At(x, y, 640, 480) == 0 {
				wall.Y[wall.YOffset(x, y)] = 170
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
	stage, err := New(Options{Segmenter: fixedSegmenter{faceMask(t, src)}, VerdictEvery: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := stage.Verdict().Kind; got != CantTell {
		t.Fatalf("verdict before any frame: %v", got)
	}
	for range 3 {
		stage.Transform(cloneFrame(src))
	}
	v := stage.Verdict()
	if v.Kind != Blurred || v.Frames != 3 {
		t.Errorf("verdict %+v, want Blurred over 3 frames", v)
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
	// slowClock makes every segmentation look 100 ms long.
	var now time.Time
	slowClock := func() time.Time { now = now.Add(50 * time.Millisecond); return now }

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
			var out *image.YCbCr
			for range 3 {
				out = cloneFrame(src)
				stage.Transform(out)
			}
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
		Segmenter: &flakySegmenter{n: 2, next: fixedSegmenter{mask}},
		OnEvent:   func(e Event) { kinds = append(kinds, e.Kind) },
	})
	if err != nil {
		t.Fatal(err)
	}
	var out *image.YCbCr
	for range 4 {
		out = cloneFrame(src)
		stage.Transform(out)
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
		stage, err := New(Options{Strength: strength, Segmenter: fixedSegmenter{mask}})
		if err != nil {
			t.Fatal(err)
		}
		out := cloneFrame(src)
		stage.Transform(out)
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
		stage, err := New(Options{Mode: mode, Segmenter: fixedSegmenter{mask}})
		if err != nil {
			t.Fatal(err)
		}
		out := cloneFrame(src)
		stage.Transform(out)
		// Far from the person nothing of the room may remain: the pixel
		// must be the replacement, whatever the room looked like there.
		again := cloneFrame(src)
		for i := range again.Y {
			again.Y[i] = 255 - again.Y[i]
		}
		stage2, _ := New(Options{Mode: mode, Segmenter: fixedSegmenter{mask}})
		stage2.Transform(again)
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
		for range 2 {
			stage.Transform(toI420(img, size[0], size[1]))
		}
		_ = stage.Verdict()
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
}

func TestSteadyStateDoesNotAllocate(t *testing.T) {
	src := toI420(loadPNG(t, "astronaut.png"), 640, 480)
	stage, err := New(Options{Segmenter: fixedSegmenter{faceMask(t, src)}, VerdictEvery: 2})
	if err != nil {
		t.Fatal(err)
	}
	frame := cloneFrame(src)
	stage.Transform(frame)
	stage.Transform(frame)
	if n := testing.AllocsPerRun(10, func() { stage.Transform(frame) }); n != 0 {
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
