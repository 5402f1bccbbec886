package video

import (
	"image"
	"testing"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"

	"github.com/ringlet/ringlet/media/e2ee"
)

func keyRing(t *testing.T, passphrase string) *e2ee.KeyRing {
	t.Helper()
	r, err := e2ee.PassphraseRing(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sealedStream encodes frames (key frames at 0 and 10), encrypts each
// under ours, except those listed under another key, and packetises them.
func sealedStream(t *testing.T, ours, other *e2ee.KeyRing, underOther ...int) []*rtp.Packet {
	t.Helper()
	n := 0
	enc := encoderFor(t, 320, 240, 300_000, func() *image.YCbCr { n++; return scene(320, 240, n) })
	defer enc.Close()
	p := rtp.NewPacketizer(1200, 96, 1234, &codecs.VP8Payloader{}, rtp.NewFixedSequencer(100), 90000)
	mine, theirs := e2ee.NewEncryptor(ours), e2ee.NewEncryptor(other)
	var out []*rtp.Packet
	for i := range 20 {
		if i == 10 {
			if err := enc.Controller().(codec.KeyFrameController).ForceKeyFrame(); err != nil {
				t.Fatal(err)
			}
		}
		data, release, err := enc.Read()
		if err != nil {
			t.Fatal(err)
		}
		by := mine
		for _, o := range underOther {
			if o == i {
				by = theirs
			}
		}
		sealed, err := by.Encrypt(nil, data, e2ee.VP8Kind(data), 1234, uint32(i*3000))
		release()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Packetize(sealed, 3000)...)
	}
	return out
}

// receiveWith pushes packets through a receiver that opens frames with
// keys, and returns its counters.
func receiveWith(t *testing.T, keys *e2ee.KeyRing, packets []*rtp.Packet) Stats {
	t.Helper()
	d := e2ee.NewDecryptor(keys)
	r, err := NewReceiver(ReceiveOptions{Decrypt: func(dst, frame []byte) ([]byte, error) {
		return d.Decrypt(dst, frame, e2ee.VP8Kind(frame))
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, p := range packets {
		r.Push(p)
	}
	return r.Stats()
}

// A frame that cannot be opened is dropped before the decoder, and the
// picture waits for the next key frame; every other frame is decoded.
func TestSealedFramesAreDroppedNeverDecoded(t *testing.T) {
	ours, other := keyRing(t, "Mond"), keyRing(t, "Sonne")
	st := receiveWith(t, ours, sealedStream(t, ours, other, 5))
	// 20 frames, the last still in the sample builder: 0–4 decoded, 5
	// sealed, 6–9 wait for the key frame, 10–18 decoded.
	if st.FramesDecoded != 14 || st.FramesSealed != 1 || st.FramesSkipped != 4 || st.FramesBroken != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// Under another key nothing at all reaches the decoder.
func TestWrongKeyDecodesNothing(t *testing.T) {
	ours, other := keyRing(t, "Mond"), keyRing(t, "Sonne")
	if st := receiveWith(t, other, sealedStream(t, ours, other)); st.FramesDecoded != 0 || st.FramesSealed != 19 || st.FramesBroken != 0 {
		t.Fatalf("stats %+v", st)
	}
}
