package audio

import (
	"testing"

	"github.com/pion/rtp"
)

// FuzzJitterBuffer feeds arbitrary packets — any timestamps, any payload —
// into a jitter buffer between pulls. It must never panic, always fill what
// is pulled with samples in [-1, 1], and keep its delay bounded.
//
// Input layout, repeated: timestamp step (2 bytes, signed), payload length
// (1 byte), payload.
func FuzzJitterBuffer(f *testing.F) {
	for _, p := range opusTone(f, 440, 4) {
		f.Add(append([]byte{0x03, 0xc0, byte(len(p.Payload))}, p.Payload...))
	}
	f.Add([]byte{0x80, 0x00, 3, 0xff, 0xfe, 0xfd, 0x7f, 0xff, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		jb, err := NewJitterBuffer(JitterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]float32, 480)
		ts := uint32(1000)
		for seq := uint16(0); len(data) >= 3; seq++ {
			ts += uint32(int16(uint16(data[0])<<8 | uint16(data[1])))
			n := min(int(data[2]), len(data)-3)
			jb.Push(&rtp.Packet{Header: rtp.Header{SequenceNumber: seq, Timestamp: ts}, Payload: data[3 : 3+n]})
			data = data[3+n:]
			if real := jb.Pull(out); real < 0 || real > len(out) {
				t.Fatalf("Pull reported %d real samples of %d", real, len(out))
			}
			for _, s := range out {
				if s != s || s < -1.0001 || s > 1.0001 {
					t.Fatalf("sample %v out of range", s)
				}
			}
		}
		if s := jb.Stats(); s.Buffered > 10*frameSamples+maxFrameSamples {
			t.Fatalf("buffered %d samples", s.Buffered)
		}
	})
}
