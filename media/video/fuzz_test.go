package video

import (
	"testing"

	"github.com/pion/rtp"

	"github.com/ringlet/ringlet/media/e2ee"
)

// FuzzReceiver feeds arbitrary RTP payloads through the VP8 depacketiser and
// libvpx. Broken input must be skipped or rejected, never panic or crash.
//
// Input layout, repeated: flags (1 byte: bit 0 marker, bit 1 new frame),
// payload length (2 bytes), payload.
func FuzzReceiver(f *testing.F) {
	f.Add(fuzzInput(flatten(packetise(&testing.T{}, 3))))
	f.Add([]byte{3, 0, 4, 0x90, 0x80, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReceiver(ReceiveOptions{RequestKeyFrame: func() {}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		pushFuzzInput(r, data)
	})
}

// fuzzInput writes packets in the layout of FuzzReceiver's input.
func fuzzInput(packets []*rtp.Packet) []byte {
	var in []byte
	for _, p := range packets {
		flags := byte(2)
		if p.Marker {
			flags |= 1
		}
		in = append(in, flags, byte(len(p.Payload)>>8), byte(len(p.Payload)))
		in = append(in, p.Payload...)
	}
	return in
}

// pushFuzzInput pushes the packets a fuzz input describes (see
// FuzzReceiver for the layout).
func pushFuzzInput(r *Receiver, data []byte) {
	ts := uint32(0)
	for seq := uint16(0); len(data) >= 3; seq++ {
		flags := data[0]
		n := min(int(data[1])<<8|int(data[2]), len(data)-3)
		if flags&2 != 0 {
			ts += 3000
		}
		r.Push(&rtp.Packet{
			Header:  rtp.Header{SequenceNumber: seq, Timestamp: ts, Marker: flags&1 != 0},
			Payload: append([]byte(nil), data[3:3+n]...),
		})
		data = data[3+n:]
	}
}

// FuzzSealedReceiver is FuzzReceiver in an end-to-end encrypted ring:
// whatever arrives, nothing reaches the decoder that the key did not
// open, and nothing panics.
func FuzzSealedReceiver(f *testing.F) {
	t := &testing.T{}
	keys := keyRing(t, "Mond")
	f.Add(fuzzInput(sealedStream(t, keys, keyRing(t, "Sonne"), 1)[:12]))
	f.Add([]byte{3, 0, 4, 0x90, 0x80, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := e2ee.NewDecryptor(keys)
		var opened uint64
		r, err := NewReceiver(ReceiveOptions{RequestKeyFrame: func() {}, Decrypt: func(dst, frame []byte) ([]byte, error) {
			plain, err := d.Decrypt(dst, frame, e2ee.VP8Kind(frame))
			if err == nil {
				opened++
			}
			return plain, err
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		pushFuzzInput(r, data)
		if st := r.Stats(); st.FramesDecoded+st.FramesBroken > opened {
			t.Fatalf("%d frames reached the decoder, %d were opened", st.FramesDecoded+st.FramesBroken, opened)
		}
	})
}
