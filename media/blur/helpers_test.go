package blur

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand"
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

// movingClip makes n frames of a w×h camera picture of a person who moves:
// the test photo stretched over a canvas 16 % larger than the frame, seen
// through a window that sways sideways and up and down and leans in and out
// (one cycle in 90 frames, three seconds at 30 fps; up to ~3 px a frame),
// with fresh sensor noise in every frame (luma σ ≈ 2, chroma σ ≈ 1). The
// benchmarks and the skipping tests use it so that neither a still picture
// nor a test pattern flatters them.
func movingClip(t testing.TB, name string, w, h, n int) []*image.YCbCr {
	t.Helper()
	cw, ch := w*116/100&^1, h*116/100&^1
	canvas := toI420(loadPNG(t, name), cw, ch)
	r := rand.New(rand.NewSource(23))
	frames := make([]*image.YCbCr, n)
	for i := range frames {
		phase := 2 * math.Pi * float64(i) / 90
		zoom := 1 + 0.05*math.Sin(2*phase) // > 1: leaning in
		sw, sh := float64(w)/zoom*1.07, float64(h)/zoom*1.07
		x0 := (float64(cw) - sw) / 2 * (1 + 0.8*math.Sin(phase))
		y0 := (float64(ch) - sh) / 2 * (1 + 0.6*math.Cos(phase))
		f := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
		samplePlane(f.Y, f.YStride, w, h, canvas.Y, canvas.YStride, cw, ch, x0, y0, sw/float64(w), r, 2)
		samplePlane(f.Cb, f.CStride, w/2, h/2, canvas.Cb, canvas.CStride, cw/2, ch/2, x0/2, y0/2, sw/float64(w), r, 1)
		samplePlane(f.Cr, f.CStride, w/2, h/2, canvas.Cr, canvas.CStride, cw/2, ch/2, x0/2, y0/2, sw/float64(w), r, 1)
		frames[i] = f
	}
	return frames
}

// samplePlane fills dst (w×h) bilinearly from the window of src starting at
// (x0, y0) with scale source pixels per destination pixel, and adds
// Gaussian noise of the given σ.
func samplePlane(dst []uint8, ds, w, h int, src []uint8, ss, sw, sh int, x0, y0, scale float64, r *rand.Rand, sigma float64) {
	for y := 0; y < h; y++ {
		sy := min(max(y0+(float64(y)+0.5)*scale-0.5, 0), float64(sh-1))
		iy := min(int(sy), sh-2)
		fy := sy - float64(iy)
		for x := 0; x < w; x++ {
			sx := min(max(x0+(float64(x)+0.5)*scale-0.5, 0), float64(sw-1))
			ix := min(int(sx), sw-2)
			fx := sx - float64(ix)
			a, b := float64(src[iy*ss+ix]), float64(src[iy*ss+ix+1])
			c, d := float64(src[(iy+1)*ss+ix]), float64(src[(iy+1)*ss+ix+1])
			v := (a*(1-fx)+b*fx)*(1-fy) + (c*(1-fx)+d*fx)*fy + r.NormFloat64()*sigma
			dst[y*ds+x] = uint8(min(max(v+0.5, 0), 255))
		}
	}
}
