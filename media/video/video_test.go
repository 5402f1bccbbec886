package video

import (
	"context"
	"image"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/frame"
	mdvideo "github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
)

// scene draws a picture with what cameras see: smooth gradients, hard edges
// and fine detail, shifted by t so consecutive frames differ like motion.
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
			if (x/16+y/16)%2 == 0 && y > h*3/4 {
				v += 30
			}
			// Fine texture (fabric, hair) that moves with the picture.
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

// psnr compares two pictures over all three planes.
func psnr(a, b *image.YCbCr) float64 {
	var sum float64
	var n int
	plane := func(pa, pb []uint8, strideA, strideB, w, h int) {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				d := float64(pa[y*strideA+x]) - float64(pb[y*strideB+x])
				sum += d * d
				n++
			}
		}
	}
	w, h := a.Rect.Dx(), a.Rect.Dy()
	plane(a.Y, b.Y, a.YStride, b.YStride, w, h)
	plane(a.Cb, b.Cb, a.CStride, b.CStride, w/2, h/2)
	plane(a.Cr, b.Cr, a.CStride, b.CStride, w/2, h/2)
	mse := sum / float64(n)
	if mse == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/mse)
}

// encoderFor builds the same libvpx VP8 encoder capture uses, reading frames
// from next.
func encoderFor(t testing.TB, w, h, bitrate int, next func() *image.YCbCr) codec.ReadCloser {
	t.Helper()
	params, err := vpx.NewVP8Params()
	if err != nil {
		t.Fatal(err)
	}
	params.BitRate = bitrate
	params.LagInFrames = 0
	params.RateControlEndUsage = vpx.RateControlCBR
	r := mdvideo.ReaderFunc(func() (image.Image, func(), error) { return next(), func() {}, nil })
	enc, err := params.BuildVideoEncoder(r, prop.Media{Video: prop.Video{Width: w, Height: h, FrameRate: 30, FrameFormat: frame.FormatI420}})
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

func TestVP8RoundTripKeepsThePicture(t *testing.T) {
	sizes := []struct {
		name    string
		w, h    int
		bitrate int
	}{
		{"640x480 at 1 Mbit/s", 640, 480, 1_000_000},
		{"1280x720 at 2 Mbit/s", 1280, 720, 2_000_000},
	}
	const minPSNR = 30
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			var n int
			var last *image.YCbCr
			enc := encoderFor(t, sz.w, sz.h, sz.bitrate, func() *image.YCbCr {
				n++
				last = scene(sz.w, sz.h, n)
				return last
			})
			defer enc.Close()
			dec, err := NewDecoder()
			if err != nil {
				t.Fatal(err)
			}
			defer dec.Close()
			var worst, total float64 = math.Inf(1), 0
			const frames = 30
			for i := 0; i < frames; i++ {
				data, release, err := enc.Read()
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 && !IsKeyFrame(data) {
					t.Error("first frame is not a keyframe")
				}
				img, err := dec.Decode(data)
				release()
				if err != nil {
					t.Fatal(err)
				}
				if img == nil || img.Rect.Dx() != sz.w || img.Rect.Dy() != sz.h {
					t.Fatalf("frame %d: decoded %v", i, img)
				}
				p := psnr(last, img)
				total += p
				worst = math.Min(worst, p)
			}
			t.Logf("PSNR over %d frames: mean %.1f dB, worst %.1f dB", frames, total/frames, worst)
			if total/frames < minPSNR {
				t.Errorf("mean PSNR %.1f dB < %d dB", total/frames, minPSNR)
			}
		})
	}
}

func TestDecoderSurvivesGarbage(t *testing.T) {
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	inputs := [][]byte{nil, {0}, {0, 0, 0}, {0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a}, make([]byte, 2<<20)}
	for _, in := range inputs {
		img, err := dec.Decode(in)
		if img != nil && err == nil && len(in) < 10 {
			t.Errorf("garbage %x decoded into a picture", in)
		}
	}
	// Still usable afterwards.
	n := 0
	enc := encoderFor(t, 320, 240, 300_000, func() *image.YCbCr { n++; return scene(320, 240, n) })
	defer enc.Close()
	data, release, err := enc.Read()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if img, err := dec.Decode(data); err != nil || img == nil {
		t.Fatalf("after garbage: %v, %v", img, err)
	}
}

// packetise encodes frames and splits them into RTP packets the way a sender
// does.
func packetise(t *testing.T, frames int, keyFramesAt ...int) [][]*rtp.Packet {
	t.Helper()
	n := 0
	enc := encoderFor(t, 320, 240, 300_000, func() *image.YCbCr { n++; return scene(320, 240, n) })
	defer enc.Close()
	p := rtp.NewPacketizer(1200, 96, 1234, &codecs.VP8Payloader{}, rtp.NewFixedSequencer(100), 90000)
	var out [][]*rtp.Packet
	for i := 0; i < frames; i++ {
		for _, k := range keyFramesAt {
			if k == i {
				if err := enc.Controller().(codec.KeyFrameController).ForceKeyFrame(); err != nil {
					t.Fatal(err)
				}
			}
		}
		data, release, err := enc.Read()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Packetize(data, 3000))
		release()
	}
	return out
}

func TestReceiverFramesLossAndKeyFrames(t *testing.T) {
	frames := packetise(t, 20)
	withKey := packetise(t, 20, 10)
	tests := []struct {
		name        string
		mutate      func([][]*rtp.Packet) []*rtp.Packet
		wantDecoded uint64
		wantAsk     bool
	}{
		{"in order", func(f [][]*rtp.Packet) []*rtp.Packet { return flatten(f) }, 19, false},
		{"reordered inside a frame and across frames", func(f [][]*rtp.Packet) []*rtp.Packet {
			all := flatten(f)
			for i := 4; i+1 < len(all); i += 3 {
				all[i], all[i+1] = all[i+1], all[i]
			}
			return all
		}, 19, false},
		{"a whole frame lost: skip until a keyframe", func(f [][]*rtp.Packet) []*rtp.Packet {
			var out []*rtp.Packet
			for i, pk := range f {
				if i != 5 {
					out = append(out, pk...)
				}
			}
			return out
		}, 5, true},
		{"a frame lost, then a keyframe: decoding resumes", func([][]*rtp.Packet) []*rtp.Packet {
			var out []*rtp.Packet
			for i, pk := range withKey {
				if i != 5 {
					out = append(out, pk...)
				}
			}
			return out
		}, 14, true},
		{"first keyframe lost: nothing decodable", func(f [][]*rtp.Packet) []*rtp.Packet {
			return flatten(f[1:])
		}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var asked int
			var decoded int
			r, err := NewReceiver(ReceiveOptions{
				OnFrame:         func(img *image.YCbCr) { decoded++ },
				RequestKeyFrame: func() { asked++ },
			})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			for _, pk := range tc.mutate(clonePackets(frames)) {
				r.Push(pk)
			}
			st := r.Stats()
			t.Logf("%+v", st)
			// The samplebuilder holds back the last frame until it sees the
			// next one: count what it has released.
			if st.FramesDecoded != tc.wantDecoded || uint64(decoded) != st.FramesDecoded {
				t.Errorf("decoded %d (callback %d), want %d; stats %+v", st.FramesDecoded, decoded, tc.wantDecoded, st)
			}
			if (asked > 0) != tc.wantAsk {
				t.Errorf("keyframe asked %d times, want asked=%v", asked, tc.wantAsk)
			}
			if st.FramesBroken != 0 {
				t.Errorf("%d frames broke libvpx; loss must be skipped, not decoded", st.FramesBroken)
			}
		})
	}
}

func TestKeyFrameRequestsAreSpaced(t *testing.T) {
	frames := packetise(t, 8)
	now := time.Unix(0, 0)
	var asked int
	r, err := NewReceiver(ReceiveOptions{
		RequestKeyFrame:  func() { asked++ },
		KeyFrameInterval: time.Second,
		Now:              func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, pk := range flatten(frames[1:]) { // no keyframe at all
		r.Push(pk)
	}
	if asked != 1 {
		t.Errorf("asked %d times within one interval, want 1", asked)
	}
	now = now.Add(2 * time.Second)
	for _, pk := range flatten(packetise(t, 3)[1:]) {
		pk.SequenceNumber += 1000
		pk.Timestamp += 900000
		r.Push(pk)
	}
	if asked != 2 {
		t.Errorf("asked %d times after the interval, want 2", asked)
	}
}

func flatten(f [][]*rtp.Packet) []*rtp.Packet {
	var out []*rtp.Packet
	for _, pk := range f {
		out = append(out, pk...)
	}
	return out
}

func clonePackets(f [][]*rtp.Packet) [][]*rtp.Packet {
	out := make([][]*rtp.Packet, len(f))
	for i, pk := range f {
		for _, p := range pk {
			out[i] = append(out[i], p.Clone())
		}
	}
	return out
}

// sliceSource replays packets, then ends like a closed track.
type sliceSource struct {
	mu   sync.Mutex
	pkts []*rtp.Packet
}

func (s *sliceSource) ReadRTP() (*rtp.Packet, interceptor.Attributes, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.pkts) == 0 {
		return nil, nil, io.EOF
	}
	p := s.pkts[0]
	s.pkts = s.pkts[1:]
	return p, nil, nil
}

func TestRunEndsCleanlyAtEOF(t *testing.T) {
	var frames atomic.Int64
	r, err := NewReceiver(ReceiveOptions{OnFrame: func(*image.YCbCr) { frames.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(context.Background(), &sliceSource{pkts: flatten(packetise(t, 5))}); err != nil {
		t.Fatal(err)
	}
	if frames.Load() != 4 {
		t.Errorf("%d frames, want 4", frames.Load())
	}
	if w, h := r.Size(); w != 320 || h != 240 {
		t.Errorf("size %dx%d", w, h)
	}
	r.Push(&rtp.Packet{}) // after Close: ignored, no crash
}

func TestDecoderRefusesHugeKeyFrames(t *testing.T) {
	dec, err := NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	n := 0
	enc := encoderFor(t, 320, 240, 300_000, func() *image.YCbCr { n++; return scene(320, 240, n) })
	defer enc.Close()
	data, release, err := enc.Read()
	if err != nil {
		t.Fatal(err)
	}
	huge := append([]byte(nil), data...)
	release()
	huge[6], huge[7], huge[8], huge[9] = 0xff, 0x3f, 0xff, 0x3f // 16383×16383
	if img, err := dec.Decode(huge); err == nil || img != nil {
		t.Fatalf("a 16383×16383 keyframe was decoded: %v", err)
	}
	if w, h, ok := keyFrameSize(data); !ok || w != 320 || h != 240 {
		t.Errorf("size of a real keyframe read as %dx%d (%v)", w, h, ok)
	}
}
