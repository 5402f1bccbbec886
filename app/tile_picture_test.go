package app

import (
	"image"
	"image/color"
	"testing"
	"time"
)

func TestFitInsideKeepsTheAspect(t *testing.T) {
	cases := []struct{ src, box, want image.Point }{
		{image.Pt(640, 480), image.Pt(400, 400), image.Pt(400, 300)},
		{image.Pt(640, 480), image.Pt(800, 300), image.Pt(400, 300)},
		{image.Pt(640, 480), image.Pt(1280, 960), image.Pt(640, 480)}, // never larger than sent
		{image.Pt(480, 640), image.Pt(300, 300), image.Pt(225, 300)},
		{image.Pt(640, 480), image.Pt(0, 300), image.Point{}},
	}
	for _, c := range cases {
		if got := fitInside(c.src, c.box); got != c.want {
			t.Errorf("fitInside(%v, %v) = %v, want %v", c.src, c.box, got, c.want)
		}
	}
}

// A decoded YCbCr frame becomes an RGBA picture of the tile's size with the
// frame's colours: Fyne uploads RGBA as it is, without converting or
// scaling on the UI thread.
func TestScaleForTileMakesRGBAAtTileSize(t *testing.T) {
	frame := image.NewYCbCr(image.Rect(0, 0, 640, 480), image.YCbCrSubsampleRatio420)
	y, cb, cr := color.RGBToYCbCr(200, 40, 40)
	for i := range frame.Y {
		frame.Y[i] = y
	}
	for i := range frame.Cb {
		frame.Cb[i], frame.Cr[i] = cb, cr
	}
	got, ok := scaleForTile(frame, image.Pt(320, 320)).(*image.RGBA)
	if !ok {
		t.Fatal("not RGBA")
	}
	if got.Rect != image.Rect(0, 0, 320, 240) {
		t.Fatalf("size %v, want 320×240", got.Rect)
	}
	c := got.RGBAAt(160, 120)
	if d := int(c.R) - 200; d < -3 || d > 3 || c.G > 45 || c.B > 45 || c.A != 255 {
		t.Errorf("colour %v, want about (200, 40, 40)", c)
	}
}

// Small tiles get fewer pictures a second; the slack keeps a 15 fps
// stream at 15 in a large tile despite jitter. Time is passed in, never
// waited for.
func TestPictureRateByTileSize(t *testing.T) {
	count := func(box image.Point) int {
		fs := &frameSink{boxes: map[string]image.Point{"a": box}, due: map[string]time.Time{}}
		start := time.Unix(1000, 0)
		n := 0
		for i := range 150 { // 10 s of a 15 fps stream, each frame up to 6 ms early or late
			jitter := time.Duration(i%3-1) * 6 * time.Millisecond
			if _, ok := fs.admit("a", start.Add(time.Duration(i)*time.Second/15+jitter)); ok {
				n++
			}
		}
		return n
	}
	if n := count(image.Pt(400, 300)); n < 148 {
		t.Errorf("large tile took %d of 150 pictures, want all", n)
	}
	if n := count(image.Pt(200, 150)); n < 95 || n > 105 {
		t.Errorf("small tile took %d of 150 pictures in 10 s, want about %d", n, 10*smallTilePictureRate)
	}
}
