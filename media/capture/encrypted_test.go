package capture

import (
	"crypto/rand"
	"testing"

	"github.com/pion/mediadevices"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/e2ee"
)

// packetSink keeps what a sender writes, in place of the network: the
// write itself is pion's, tested there.
type packetSink struct {
	payloads [][]byte
	keep     bool
}

func (s *packetSink) WriteRTP(h *rtp.Header, payload []byte) (int, error) {
	if s.keep {
		s.payloads = append(s.payloads, append([]byte(nil), payload...))
	}
	return len(payload), nil
}

func (s *packetSink) Write(b []byte) (int, error) { return len(b), nil }

func testSender(ring *e2ee.KeyRing, video bool) *frameSender {
	var payloader rtp.Payloader = &codecs.OpusPayloader{}
	clock := uint32(48000)
	if video {
		payloader, clock = &codecs.VP8Payloader{}, 90000
	}
	return &frameSender{
		encryptor:  e2ee.NewEncryptor(ring),
		video:      video,
		packetizer: rtp.NewPacketizer(rtpMTU, 96, 1234, payloader, rtp.NewRandomSequencer(), clock),
		ssrc:       1234,
	}
}

func passphraseRing(t testing.TB, passphrase string) *e2ee.KeyRing {
	t.Helper()
	r, err := e2ee.PassphraseRing(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func vp8Frame(n int) []byte {
	f := make([]byte, n)
	_, _ = rand.Read(f)
	f[0] &^= 1 // a key frame
	return f
}

// Fail closed: without a key nothing is written at all.
func TestNothingIsSentWithoutAKey(t *testing.T) {
	sink := &packetSink{keep: true}
	s := testSender(e2ee.NewKeyRing(), true)
	for range 10 {
		if err := s.send(sink, mediadevices.EncodedBuffer{Data: vp8Frame(3000), Samples: 3000}); err != nil {
			t.Fatal(err)
		}
	}
	if len(sink.payloads) != 0 {
		t.Fatalf("%d packets sent without a key", len(sink.payloads))
	}
}

// With a key, the packets put together again are the sealed frame: it
// opens with the key and gives the encoder's frame back.
func TestSentFramesAreSealed(t *testing.T) {
	keys := passphraseRing(t, "Mond")
	sink := &packetSink{keep: true}
	s := testSender(keys, true)
	frame := vp8Frame(3000)
	if err := s.send(sink, mediadevices.EncodedBuffer{Data: frame, Samples: 3000}); err != nil {
		t.Fatal(err)
	}
	var whole []byte
	for _, p := range sink.payloads {
		var vp8 codecs.VP8Packet
		part, err := vp8.Unmarshal(p)
		if err != nil {
			t.Fatal(err)
		}
		whole = append(whole, part...)
	}
	plain, err := e2ee.NewDecryptor(keys).Decrypt(nil, whole, e2ee.VP8Kind(whole))
	if err != nil || string(plain) != string(frame) {
		t.Fatalf("the sent frame does not open to the encoded one: %v", err)
	}
	if string(whole[10:110]) == string(frame[10:110]) {
		t.Fatal("the frame went out in the clear")
	}
}

// benchmarkSend measures sending one frame: packetising alone ("plain"),
// and encrypting then packetising ("encrypted").
func benchmarkSend(b *testing.B, frame mediadevices.EncodedBuffer, video bool) {
	b.Run("plain", func(b *testing.B) {
		s, sink := testSender(nil, video), &packetSink{}
		b.SetBytes(int64(len(frame.Data)))
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range s.packetizer.Packetize(frame.Data, frame.Samples) {
				_, _ = sink.WriteRTP(&p.Header, p.Payload)
			}
		}
	})
	b.Run("encrypted", func(b *testing.B) {
		s, sink := testSender(passphraseRing(b, "Mond"), video), &packetSink{}
		b.SetBytes(int64(len(frame.Data)))
		b.ReportAllocs()
		for b.Loop() {
			_ = s.send(sink, frame)
		}
	})
}

// BenchmarkSendVP8Frame: a 3,000-byte VP8 frame (about 640×480 at
// 500 kbit/s and 20 frames a second).
func BenchmarkSendVP8Frame(b *testing.B) {
	benchmarkSend(b, mediadevices.EncodedBuffer{Data: vp8Frame(3000), Samples: 3000}, true)
}

// BenchmarkSendOpusFrame: a 20 ms Opus frame at 32 kbit/s.
func BenchmarkSendOpusFrame(b *testing.B) {
	benchmarkSend(b, mediadevices.EncodedBuffer{Data: vp8Frame(80), Samples: 960}, false)
}

var _ webrtc.TrackLocalWriter = (*packetSink)(nil)
