package blur

import (
	"image"
	"path/filepath"
	"testing"
	"time"
)

// maskIoU is the intersection over union of a > 127 and ref > 127, with
// both stretched over the same frame (sampled on ref's grid).
func maskIoU(a Mask, ref image.Image) float64 {
	b := ref.Bounds()
	var inter, union int
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g, _, _, _ := ref.At(b.Min.X+x, b.Min.Y+y).RGBA()
			r := g>>8 > 127
			m := a.At(x, y, b.Dx(), b.Dy()) > 127
			if r && m {
				inter++
			}
			if r || m {
				union++
			}
		}
	}
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

// The segmenter sees camera frames (I420, half-resolution colour, any
// size), not the RGB the reference runtime saw: its masks must still match
// MediaPipe's.
func TestModelSegmenterMatchesReference(t *testing.T) {
	seg, err := NewModelSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		image   string
		w, h    int
		minIoU  float64
		landscp bool
	}{
		{"astronaut", 256, 256, 0.95, false},
		{"camera", 256, 256, 0.95, false},
		{"astronaut_dim", 256, 256, 0.95, false},
		{"astronaut_wide", 256, 144, 0.95, true},
		{"camera_wide", 256, 144, 0.95, true},
		// Camera-sized frames: the picture is resampled twice on the way.
		{"astronaut", 640, 480, 0.93, false},
		{"camera", 640, 480, 0.93, false},
		{"astronaut_wide", 1280, 720, 0.93, true},
		{"camera_wide", 1280, 720, 0.93, true},
	}
	for _, c := range cases {
		t.Run(filepath.Join(c.image, itoa(c.w)+"x"+itoa(c.h)), func(t *testing.T) {
			frame := toI420(loadPNG(t, c.image+".png"), c.w, c.h)
			m, confident, err := seg.Segment(frame)
			if err != nil {
				t.Fatal(err)
			}
			if seg.landscapeLoaded != c.landscp {
				t.Errorf("landscape model %v, want %v", seg.landscapeLoaded, c.landscp)
			}
			iou := maskIoU(m, loadPNG(t, filepath.Join("reference", c.image+".png")))
			t.Logf("IoU %.4f, confident %v (person %.2f, unsure %.3f)", iou, confident, seg.person, seg.unsure)
			if iou < c.minIoU {
				t.Errorf("IoU %.4f, want ≥ %.2f", iou, c.minIoU)
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// With the default segmenter, a person the face finder cannot see (face
// in profile behind a camera) stays sharp and the room gets blurred.
func TestDefaultStageBlursTheRoom(t *testing.T) {
	cases := []struct {
		name string
		w, h int
	}{
		{"astronaut", 640, 480},
		{"camera", 640, 480},
		{"astronaut_wide", 1280, 720}, // the landscape model
	}
	for _, c := range cases {
		name := c.name
		t.Run(name, func(t *testing.T) {
			src := toI420(loadPNG(t, name+".png"), c.w, c.h)
			// A generous budget: this test is about the mask, and a busy
			// test machine must not make it fail closed.
			stage, err := New(Options{VerdictEvery: 1, Budget: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			defer stage.Close()
			out := settle(stage, src)
			ref := loadPNG(t, filepath.Join("reference", name+".png"))
			rb := ref.Bounds()
			person := NewMask(rb.Dx(), rb.Dy())
			for y := 0; y < rb.Dy(); y++ {
				for x := 0; x < rb.Dx(); x++ {
					g, _, _, _ := ref.At(x, y).RGBA()
					person.Pix[y*rb.Dx()+x] = uint8(g >> 8)
				}
			}
			// Judge with MediaPipe's mask, not the stage's own; the sharp
			// input must be judged not blurred by the same measure.
			if before := Measure(src, person); before.Kind != NotBlurred {
				t.Errorf("sharp input judged %s: %+v", before.MessageKey(), before)
			}
			v := Measure(out, person)
			t.Logf("verdict %s ratio %.4f; stage says %s ratio %.4f", v.MessageKey(), v.Ratio, stage.Verdict().MessageKey(), stage.Verdict().Ratio)
			if v.Kind != Blurred {
				t.Errorf("room not blurred by an independent measure: %+v", v)
			}
			if stage.Verdict().Kind != Blurred {
				t.Errorf("stage verdict %+v", stage.Verdict())
			}
			inside := func(x, y int) bool { return person.At(x, y, c.w, c.h) > 250 }
			if got, in := lapVariance(out, inside), lapVariance(src, inside); got < 0.6*in {
				t.Errorf("person detail %.1f of %.1f: the person got blurred too", got, in)
			}
		})
	}
}
