package vp8

import (
	"fmt"
	"image"
	"math"
	"testing"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/frame"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/ringlet/ringlet/media/video"
)

// scene is a moving, textured picture (gradients, a disc, fine noise-like
// texture), deterministic for t.
func scene(w, h, t int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cx, cy := w/2+t*3%(w/4), h/2
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := (x + y + t*2) * 200 / (w + h)
			dx, dy := x-cx, y-cy
			if dx*dx+dy*dy < (h/4)*(h/4) {
				v = 220 - (dx*dx+dy*dy)*120/((h/4)*(h/4))
			}
			hsh := uint32((x+t)*73856093) ^ uint32(y*19349663)
			v += int(hsh>>27) - 16
			img.Y[y*img.YStride+x] = uint8(16 + min(max(v, 0), 219))
		}
	}
	for y := 0; y < h/2; y++ {
		for x := 0; x < w/2; x++ {
			img.Cb[y*img.CStride+x] = uint8(90 + x*60/(w/2))
			img.Cr[y*img.CStride+x] = uint8(160 - y*60/(h/2))
		}
	}
	return img
}

func psnr(a, b *image.YCbCr) float64 {
	var sum float64
	n := 0
	w, h := a.Rect.Dx(), a.Rect.Dy()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d := float64(a.Y[y*a.YStride+x]) - float64(b.Y[y*b.YStride+x])
			sum += d * d
			n++
		}
	}
	for y := 0; y < h/2; y++ {
		for x := 0; x < w/2; x++ {
			d1 := float64(a.Cb[y*a.CStride+x]) - float64(b.Cb[y*b.CStride+x])
			d2 := float64(a.Cr[y*a.CStride+x]) - float64(b.Cr[y*b.CStride+x])
			sum += d1*d1 + d2*d2
			n += 2
		}
	}
	return 10 * math.Log10(255*255/(sum/float64(n)))
}

func newEncoder(t testing.TB, w, h, bitrate int, next func() *image.YCbCr) *Encoder {
	t.Helper()
	r := mdvideo.ReaderFunc(func() (image.Image, func(), error) { return next(), func() {}, nil })
	e, err := NewEncoder(r, prop.Media{Video: prop.Video{Width: w, Height: h, FrameRate: 30, FrameFormat: frame.FormatI420}}, Params{BitRate: bitrate})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestRoundTripThroughLibvpx(t *testing.T) {
	sizes := []struct{ w, h, bitrate int }{{640, 480, 500_000}, {1280, 720, 1_500_000}}
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d at %d kbit/s", sz.w, sz.h, sz.bitrate/1000), func(t *testing.T) {
			n := 0
			var last *image.YCbCr
			e := newEncoder(t, sz.w, sz.h, sz.bitrate, func() *image.YCbCr { n++; last = scene(sz.w, sz.h, n); return last })
			defer e.Close()
			dec, err := video.NewDecoder()
			if err != nil {
				t.Fatal(err)
			}
			defer dec.Close()
			var total, bytes float64
			const frames = 60
			for i := 0; i < frames; i++ {
				if i == 40 {
					if err := e.Controller().(codec.KeyFrameController).ForceKeyFrame(); err != nil {
						t.Fatal(err)
					}
				}
				data, _, err := e.Read()
				if err != nil {
					t.Fatal(err)
				}
				if (i == 0 || i == 40) != video.IsKeyFrame(data) {
					t.Errorf("frame %d: keyframe %v", i, video.IsKeyFrame(data))
				}
				img, err := dec.Decode(data)
				if err != nil || img == nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				total += psnr(last, img)
				bytes += float64(len(data))
			}
			mean := total / frames
			t.Logf("mean PSNR %.1f dB, %.0f bytes per frame (%.0f kbit/s at 30 fps)", mean, bytes/frames, bytes/frames*8*30/1000)
			if mean < 30 {
				t.Errorf("mean PSNR %.1f dB < 30 dB", mean)
			}
		})
	}
}

func TestSizeChangeAndBadFrames(t *testing.T) {
	sizes := []image.Rectangle{image.Rect(0, 0, 320, 240), image.Rect(0, 0, 640, 360)}
	i := 0
	r := mdvideo.ReaderFunc(func() (image.Image, func(), error) {
		i++
		switch i {
		case 3:
			return image.NewRGBA(image.Rect(0, 0, 64, 48)), func() {}, nil // converted to I420
		case 4:
			return image.NewYCbCr(image.Rect(0, 0, 0, 0), image.YCbCrSubsampleRatio420), func() {}, nil
		}
		return scene(sizes[i%2].Dx(), sizes[i%2].Dy(), i), func() {}, nil
	})
	e, err := NewEncoder(r, prop.Media{}, Params{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for k := 1; k <= 5; k++ {
		data, _, err := e.Read()
		if k == 4 {
			if err == nil {
				t.Error("empty frame accepted")
			}
			continue
		}
		if err != nil {
			t.Fatalf("frame %d: %v", k, err)
		}
		if !video.IsKeyFrame(data) {
			t.Errorf("frame %d after a size change is no keyframe", k)
		}
	}
	if err := e.SetBitRate(10); err != nil {
		t.Error(err)
	}
	e.Close()
	if _, _, err := e.Read(); err == nil {
		t.Error("read after close")
	}
}

// BenchmarkEncode is this encoder per frame of a moving, textured scene.
func BenchmarkEncode(b *testing.B) {
	for _, sz := range []struct{ w, h, bitrate int }{{640, 480, 500_000}, {1280, 720, 1_500_000}} {
		b.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(b *testing.B) {
			frames := make([]*image.YCbCr, 30)
			for i := range frames {
				frames[i] = scene(sz.w, sz.h, i)
			}
			n := 0
			e := newEncoder(b, sz.w, sz.h, sz.bitrate, func() *image.YCbCr { n++; return frames[n%len(frames)] })
			defer e.Close()
			var bytes int
			for b.Loop() {
				data, _, err := e.Read()
				if err != nil {
					b.Fatal(err)
				}
				bytes += len(data)
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "bytes/frame")
		})
	}
}
