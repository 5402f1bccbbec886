// Command ringlet-clip makes the benchmark's camera clip: a slow pan and
// zoom over the committed test portrait (media/blur/testdata/astronaut.png)
// with sensor-like noise, written as a YUV4MPEG2 (Y4M) file that both
// `ringlet join --video-file` and Chromium's --use-file-for-fake-video-capture
// read. The motion is one cosine period, so the clip loops without a jump;
// the noise is seeded, so the same command makes the same bytes.
//
//	go run ./bench/cmd/ringlet-clip -o bench/clip/person.y4m
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"math"
	"math/rand/v2"
	"os"

	"golang.org/x/image/draw"
)

// clip says what to make.
type clip struct {
	width, height, fps, frames int
	lumaNoise, chromaNoise     float64 // standard deviation, in code values
}

func main() {
	src := flag.String("src", "media/blur/testdata/astronaut.png", "the portrait to pan over")
	out := flag.String("o", "bench/clip/person.y4m", "the Y4M file to write")
	c := clip{width: 640, height: 480}
	flag.IntVar(&c.fps, "fps", 30, "frames per second")
	flag.IntVar(&c.frames, "frames", 60, "frames in the clip (one loop)")
	flag.Float64Var(&c.lumaNoise, "noise", 2.5, "luma noise, standard deviation in code values")
	flag.Parse()
	c.chromaNoise = c.lumaNoise / 2
	if err := run(*src, *out, c); err != nil {
		fmt.Fprintln(os.Stderr, "ringlet-clip:", err)
		os.Exit(1)
	}
}

func run(srcPath, outPath string, c clip) error {
	f, err := os.Open(srcPath)
	if err != nil {
		return err
	}
	photo, _, err := image.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	o, err := os.Create(outPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(o)
	fmt.Fprintf(w, "YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C420jpeg\n", c.width, c.height, c.fps)
	noise := rand.New(rand.NewPCG(18, 3))
	frame := image.NewRGBA(image.Rect(0, 0, c.width, c.height))
	for i := range c.frames {
		draw.CatmullRom.Scale(frame, frame.Bounds(), photo, window(photo.Bounds(), c, i), draw.Src, nil)
		writeFrame(w, toNoisyYCbCr(frame, noise, c))
	}
	if err := w.Flush(); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}

// window is the part of the photo that frame i shows: 4:3, between the
// whole width and 70 % of it (zoom), drifting sideways and up and down
// (pan), along one cosine period so the last frame leads into the first.
func window(b image.Rectangle, c clip, i int) image.Rectangle {
	phase := 2 * math.Pi * float64(i) / float64(c.frames)
	zoom := 0.85 + 0.15*math.Cos(phase) // fraction of the width shown
	w := zoom * float64(b.Dx())
	h := w * float64(c.height) / float64(c.width)
	maxX, maxY := float64(b.Dx())-w, float64(b.Dy())-h
	x := maxX * (0.5 + 0.5*math.Sin(phase))
	y := maxY * (0.5 - 0.5*math.Sin(2*phase)) * 0.6
	return image.Rect(b.Min.X+int(x), b.Min.Y+int(y), b.Min.X+int(x+w), b.Min.Y+int(y+h))
}

// toNoisyYCbCr converts to 4:2:0 (chroma averaged over 2×2) and adds
// Gaussian noise, more in luma than in colour, as a small sensor does.
func toNoisyYCbCr(img *image.RGBA, noise *rand.Rand, c clip) *image.YCbCr {
	b := img.Bounds()
	out := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			p := img.RGBAAt(x, y)
			l, _, _ := color.RGBToYCbCr(p.R, p.G, p.B)
			out.Y[y*out.YStride+x] = clamp(float64(l) + noise.NormFloat64()*c.lumaNoise)
		}
	}
	for y := 0; y < b.Dy()/2; y++ {
		for x := 0; x < b.Dx()/2; x++ {
			var cb, cr float64
			for _, d := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				p := img.RGBAAt(2*x+d[0], 2*y+d[1])
				_, u, v := color.RGBToYCbCr(p.R, p.G, p.B)
				cb, cr = cb+float64(u), cr+float64(v)
			}
			i := y*out.CStride + x
			out.Cb[i] = clamp(cb/4 + noise.NormFloat64()*c.chromaNoise)
			out.Cr[i] = clamp(cr/4 + noise.NormFloat64()*c.chromaNoise)
		}
	}
	return out
}

func clamp(v float64) uint8 {
	return uint8(math.Round(min(255, max(0, v))))
}

func writeFrame(w *bufio.Writer, f *image.YCbCr) {
	w.WriteString("FRAME\n")
	w.Write(f.Y)
	w.Write(f.Cb)
	w.Write(f.Cr)
}
