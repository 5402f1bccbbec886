package blur

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// loadPNG reads a test image.
func loadPNG(t testing.TB, name string) image.Image {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// toI420 stretches img over a new w×h I420 frame with bilinear sampling, the
// way a camera frame of that size would look.
func toI420(img image.Image, w, h int) *image.YCbCr {
	f := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	b := img.Bounds()
	sample := func(x, y int) (float64, float64, float64) {
		sx := (float64(x)+0.5)*float64(b.Dx())/float64(w) - 0.5
		sy := (float64(y)+0.5)*float64(b.Dy())/float64(h) - 0.5
		x0, y0 := int(sx), int(sy)
		if sx < 0 {
			x0, sx = 0, 0
		}
		if sy < 0 {
			y0, sy = 0, 0
		}
		x1, y1 := min(x0+1, b.Dx()-1), min(y0+1, b.Dy()-1)
		fx, fy := sx-float64(x0), sy-float64(y0)
		var out [3]float64
		for _, p := range []struct {
			x, y int
			wt   float64
		}{{x0, y0, (1 - fx) * (1 - fy)}, {x1, y0, fx * (1 - fy)}, {x0, y1, (1 - fx) * fy}, {x1, y1, fx * fy}} {
			r, g, bb, _ := img.At(b.Min.X+p.x, b.Min.Y+p.y).RGBA()
			out[0] += p.wt * float64(r>>8)
			out[1] += p.wt * float64(g>>8)
			out[2] += p.wt * float64(bb>>8)
		}
		return out[0], out[1], out[2]
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bb := sample(x, y)
			yy, cb, cr := color.RGBToYCbCr(uint8(r+0.5), uint8(g+0.5), uint8(bb+0.5))
			f.Y[f.YOffset(x, y)] = yy
			if x%2 == 0 && y%2 == 0 {
				f.Cb[f.COffset(x, y)] = cb
				f.Cr[f.COffset(x, y)] = cr
			}
		}
	}
	return f
}

func cloneFrame(f *image.YCbCr) *image.YCbCr {
	c := *f
	c.Y = append([]uint8(nil), f.Y...)
	c.Cb = append([]uint8(nil), f.Cb...)
	c.Cr = append([]uint8(nil), f.Cr...)
	return &c
}

// fixedSegmenter returns a mask recorded earlier (from the real face
// segmenter), so tests of the compositing path do not depend on detection
// running again, and allocation counts only see the stage.
type fixedSegmenter struct{ mask Mask }

func (s fixedSegmenter) Segment(*image.YCbCr) (Mask, bool, error) { return s.mask, true, nil }

// failingSegmenter is a segmenter whose model is broken.
type failingSegmenter struct{ err error }

func (s failingSegmenter) Segment(*image.YCbCr) (Mask, bool, error) { return Mask{}, false, s.err }

// faceMask runs the real face segmenter once and copies its mask.
func faceMask(t testing.TB, f *image.YCbCr) Mask {
	t.Helper()
	seg, err := NewFaceSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	m, ok, err := seg.Segment(f)
	if err != nil || !ok {
		t.Fatalf("face segmenter found no face: ok=%v err=%v", ok, err)
	}
	return Mask{W: m.W, H: m.H, Pix: append([]uint8(nil), m.Pix...)}
}

// lapVariance is the variance of the Laplacian of the luma where sel is
// true, an independent re-computation for checks on whole regions.
func lapVariance(f *image.YCbCr, sel func(x, y int) bool) float64 {
	var m moments
	w, h := f.Rect.Dx(), f.Rect.Dy()
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			if !sel(x, y) {
				continue
			}
			at := func(x, y int) float64 { return float64(f.Y[f.YOffset(x, y)]) }
			m.add(at(x-1, y) + at(x+1, y) + at(x, y-1) + at(x, y+1) - 4*at(x, y))
		}
	}
	return m.variance()
}
