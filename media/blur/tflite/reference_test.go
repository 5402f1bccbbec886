package tflite

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func loadImage(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
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

// fillInput writes img's RGB, scaled to [0, 1], into the model input. The
// test images have exactly the model's input size, so no resampling blurs
// the comparison.
func fillInput(t testing.TB, ip *Interpreter, img image.Image) {
	t.Helper()
	shape := ip.InputShape()
	h, w := shape[1], shape[2]
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Fatalf("image %dx%d, model wants %dx%d", b.Dx(), b.Dy(), w, h)
	}
	in := ip.Input()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			i := (y*w + x) * 3
			in[i], in[i+1], in[i+2] = float32(r>>8)/255, float32(g>>8)/255, float32(bb>>8)/255
		}
	}
}

// TestMasksMatchMediaPipe compares the pure-Go inference with masks that
// MediaPipe's own runtime computed for the same images
// (scripts/blur-reference/make-masks.sh): intersection over union of the
// person pixels (probability > 0.5) must be at least 0.95.
func TestMasksMatchMediaPipe(t *testing.T) {
	cases := []struct {
		model, image string
	}{
		{"selfie_segmentation.tflite", "astronaut"},
		{"selfie_segmentation.tflite", "camera"},
		{"selfie_segmentation.tflite", "astronaut_dim"},
		{"selfie_segmentation_landscape.tflite", "astronaut_wide"},
		{"selfie_segmentation_landscape.tflite", "camera_wide"},
	}
	for _, vector := range []bool{true, false} {
		restore := useVectorKernel(vector)
		kernel := "portable kernels"
		if haveFMA {
			kernel = "vector kernel"
		} else if vector {
			restore()
			continue // no vector kernel here: the portable run covers it
		}
		t.Run(kernel, func(t *testing.T) { compareWithMediaPipe(t, cases) })
		restore()
	}
}

func compareWithMediaPipe(t *testing.T, cases []struct{ model, image string }) {
	interpreters := map[string]*Interpreter{}
	for _, c := range cases {
		t.Run(c.image, func(t *testing.T) {
			ip := interpreters[c.model]
			if ip == nil {
				var err error
				if ip, err = New(readModel(t, c.model)); err != nil {
					t.Fatal(err)
				}
				interpreters[c.model] = ip
			}
			fillInput(t, ip, loadImage(t, filepath.Join("..", "testdata", c.image+".png")))
			ip.Run()
			ref := loadImage(t, filepath.Join("..", "testdata", "reference", c.image+".png"))
			iou := IoU(ip.Output(), ref)
			diff := meanAbsDiff(ip.Output(), ref)
			t.Logf("%s on %s: IoU %.4f, mean |Δ| %.2f of 255", c.model, c.image, iou, diff)
			if iou < 0.95 {
				t.Errorf("IoU %.4f with MediaPipe's mask, want ≥ 0.95", iou)
			}
			// The probabilities themselves agree too, not only the
			// thresholded shape.
			if diff > 2 {
				t.Errorf("mean difference %.2f grey levels, want ≤ 2", diff)
			}
		})
	}
}

// IoU is the intersection over union of mask > 0.5 and ref > 127.
func IoU(mask []float32, ref image.Image) float64 {
	b := ref.Bounds()
	var inter, union int
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g, _, _, _ := ref.At(b.Min.X+x, b.Min.Y+y).RGBA()
			a := mask[y*b.Dx()+x] > 0.5
			r := g>>8 > 127
			if a && r {
				inter++
			}
			if a || r {
				union++
			}
		}
	}
	if union == 0 {
		return 1
	}
	return float64(inter) / float64(union)
}

// meanAbsDiff is the mean absolute difference between mask·255 and ref.
func meanAbsDiff(mask []float32, ref image.Image) float64 {
	b := ref.Bounds()
	var sum float64
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g, _, _, _ := ref.At(b.Min.X+x, b.Min.Y+y).RGBA()
			d := float64(mask[y*b.Dx()+x])*255 - float64(g>>8)
			if d < 0 {
				d = -d
			}
			sum += d
		}
	}
	return sum / float64(b.Dx()*b.Dy())
}
