package vp8

import (
	"image"
	"syscall"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/frame"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPaced30fps feeds 640×480 frames at a camera's pace (one per
// 33 ms) to this encoder and to mediadevices' pkg/codec/vpx encoder, and
// reports the CPU time and the wall time spent encoding per frame. At a real
// pace mediadevices' timestamp units make libvpx choose its slowest mode; run
// with -benchtime 60x (each frame waits 33 ms).
func BenchmarkPaced30fps(b *testing.B) {
	frames := make([]*image.YCbCr, 30)
	for i := range frames {
		frames[i] = scene(640, 480, i)
	}
	build := map[string]func(r mdvideo.Reader) (codec.ReadCloser, error){
		"ringlet-vp8": func(r mdvideo.Reader) (codec.ReadCloser, error) {
			return NewEncoder(r, prop.Media{Video: prop.Video{Width: 640, Height: 480, FrameRate: 30}}, Params{BitRate: 500_000})
		},
		"mediadevices-vpx": func(r mdvideo.Reader) (codec.ReadCloser, error) {
			p, err := vpx.NewVP8Params()
			if err != nil {
				return nil, err
			}
			p.BitRate, p.LagInFrames = 500_000, 0
			return p.BuildVideoEncoder(r, prop.Media{Video: prop.Video{Width: 640, Height: 480, FrameRate: 30, FrameFormat: frame.FormatI420}})
		},
	}
	for _, name := range []string{"ringlet-vp8", "mediadevices-vpx"} {
		b.Run(name, func(b *testing.B) {
			var start time.Time
			n := 0
			r := mdvideo.ReaderFunc(func() (image.Image, func(), error) {
				time.Sleep(33 * time.Millisecond)
				start = time.Now()
				n++
				return frames[n%len(frames)], func() {}, nil
			})
			enc, err := build[name](r)
			if err != nil {
				b.Fatal(err)
			}
			defer enc.Close()
			var wall time.Duration
			c0 := processCPU()
			for b.Loop() {
				if _, _, err := enc.Read(); err != nil {
					b.Fatal(err)
				}
				wall += time.Since(start)
			}
			b.ReportMetric(float64((processCPU()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
			b.ReportMetric(float64(wall.Microseconds())/1000/float64(b.N), "encode-ms/frame")
		})
	}
}
