package video

import (
	"fmt"
	"image"
	"testing"

	"github.com/pion/mediadevices/pkg/frame"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/ringlet/ringlet/media/capture/vp8"
)

var benchSizes = []struct{ w, h, bitrate int }{
	{640, 480, 500_000},
	{1280, 720, 1_500_000},
}

// BenchmarkVP8Decode measures libvpx decoding per frame of a stream as
// Ringlet sends it (capture/vp8 at 500 kbit/s for 640×480, 1.5 Mbit/s for
// 1280×720, 30 fps), one keyframe per 30 frames.
func BenchmarkVP8Decode(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(b *testing.B) {
			n := 0
			r := mdvideo.ReaderFunc(func() (image.Image, func(), error) { n++; return scene(sz.w, sz.h, n), func() {}, nil })
			enc, err := vp8.NewEncoder(r, prop.Media{Video: prop.Video{Width: sz.w, Height: sz.h, FrameRate: 30, FrameFormat: frame.FormatI420}}, vp8.Params{BitRate: sz.bitrate, KeyFrameInterval: 30})
			if err != nil {
				b.Fatal(err)
			}
			var encoded [][]byte
			var bytes int
			for range 30 {
				data, _, err := enc.Read()
				if err != nil {
					b.Fatal(err)
				}
				encoded = append(encoded, data)
				bytes += len(data)
			}
			enc.Close()
			dec, err := NewDecoder()
			if err != nil {
				b.Fatal(err)
			}
			defer dec.Close()
			for _, shown := range []bool{true, false} {
				name := "shown"
				if !shown {
					// What a call does with the frames nobody looks at
					// (headless join, a tile off screen): decode, no copy.
					name = "unshown"
				}
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						var err error
						if shown {
							_, err = dec.Decode(encoded[i%len(encoded)])
						} else {
							_, err = dec.decode(encoded[i%len(encoded)])
						}
						if err != nil {
							b.Fatal(err)
						}
						i++
					}
					b.ReportMetric(float64(bytes)/30, "bytes/frame")
				})
			}
		})
	}
}
