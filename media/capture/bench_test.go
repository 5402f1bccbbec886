package capture

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"

	"github.com/ringlet/ringlet/media/blur"
)

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// photoCamera stands in for a camera (this machine has none): it serves a
// photo of a person, shifted by a pixel each frame so the encoder sees
// motion, as fast as it is read (the benchmark measures cost, not pace).
type photoCamera struct{ base *image.YCbCr }

func (c *photoCamera) Open() error  { return nil }
func (c *photoCamera) Close() error { return nil }
func (c *photoCamera) Properties() []prop.Media {
	b := c.base.Bounds()
	return []prop.Media{{Video: prop.Video{Width: b.Dx(), Height: b.Dy(), FrameRate: 30}}}
}

func (c *photoCamera) VideoRecord(prop.Media) (video.Reader, error) {
	frame := cloneYCbCr(c.base)
	n := 0
	return video.ReaderFunc(func() (image.Image, func(), error) {
		n++
		shift := n % 16
		for y := 0; y < frame.Rect.Dy(); y++ {
			row := frame.Y[y*frame.YStride : (y+1)*frame.YStride]
			src := c.base.Y[y*c.base.YStride : (y+1)*c.base.YStride]
			copy(row[shift:], src[:len(src)-shift])
		}
		return frame, func() {}, nil
	}), nil
}

func cloneYCbCr(f *image.YCbCr) *image.YCbCr {
	out := *f
	out.Y = append([]uint8(nil), f.Y...)
	out.Cb = append([]uint8(nil), f.Cb...)
	out.Cr = append([]uint8(nil), f.Cr...)
	return &out
}

// loadPhoto reads one of media/blur's test photos, scaled to w×h, as I420.
func loadPhoto(b *testing.B, name string, w, h int) *image.YCbCr {
	f, err := os.Open(filepath.Join("..", "blur", "testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		b.Fatal(err)
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	sb := img.Bounds()
	for y := 0; y < h; y++ { // nearest neighbour is enough for a cost figure
		for x := 0; x < w; x++ {
			rgba.Set(x, y, img.At(sb.Min.X+x*sb.Dx()/w, sb.Min.Y+y*sb.Dy()/h))
		}
	}
	out := image.NewYCbCr(rgba.Rect, image.YCbCrSubsampleRatio420)
	draw.Draw(&yCbCrCanvas{out}, out.Rect, rgba, image.Point{}, draw.Src)
	return out
}

// yCbCrCanvas lets draw.Draw write into an I420 picture.
type yCbCrCanvas struct{ *image.YCbCr }

func (c *yCbCrCanvas) Set(x, y int, col color.Color) {
	r, g, bl, _ := col.RGBA()
	yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bl>>8))
	c.Y[c.YOffset(x, y)] = yy
	i := c.COffset(x, y)
	c.Cb[i], c.Cr[i] = cb, cr
}

// BenchmarkCaptureBlurEncode is one outgoing picture the way a call sends
// it: camera frame → blur stage (segmentation every third frame, as by
// default) → Ringlet's libvpx VP8 encoder, read from the track the
// PeerConnection would read. cpu-ns/op is the whole process' CPU per frame,
// so the blur's worker goroutine and the encoder are both in it.
func BenchmarkCaptureBlurEncode(b *testing.B) {
	for _, sz := range []struct {
		name, photo string
		w, h        int
	}{{"640x480", "astronaut.png", 640, 480}, {"1280x720", "astronaut_wide.png", 1280, 720}} {
		for _, withBlur := range []bool{false, true} {
			name := sz.name + "/no-blur"
			if withBlur {
				name = sz.name + "/blur"
			}
			b.Run(name, func(b *testing.B) {
				label := "bench-photo-" + name
				m := driver.GetManager()
				if err := m.Register(&photoCamera{base: loadPhoto(b, sz.photo, sz.w, sz.h)}, driver.Info{Label: label, DeviceType: driver.Camera}); err != nil {
					b.Fatal(err)
				}
				defer func() {
					for _, d := range m.Query(driver.FilterDeviceType(driver.Camera)) {
						if d.Info().Label == label {
							m.Delete(d.ID())
						}
					}
				}()
				opts := Options{VideoDevice: label, AudioDevice: TestAudioLabel, Width: sz.w, Height: sz.h, FrameRate: 30}
				if withBlur {
					stage, err := blur.New(blur.Options{Budget: time.Hour})
					if err != nil {
						b.Fatal(err)
					}
					defer stage.Close()
					opts.Transform = stage.Transform
				}
				s, err := Open(opts)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				r, err := s.VideoTrack().(*mediadevices.VideoTrack).NewEncodedReader("VP8")
				if err != nil {
					b.Fatal(err)
				}
				defer r.Close()
				read := func() int {
					buf, release, err := r.Read()
					if err != nil {
						b.Fatal(err)
					}
					n := len(buf.Data)
					release()
					return n
				}
				for range 10 { // past the first keyframe and the first mask
					read()
				}
				b.ReportAllocs()
				b.ResetTimer()
				start, bytes := processCPU(), 0
				for range b.N {
					bytes += read()
				}
				b.StopTimer()
				b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(bytes)/float64(b.N), "bytes/frame")
			})
		}
	}
}
