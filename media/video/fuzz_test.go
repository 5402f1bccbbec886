package video

import (
	"testing"

	"github.com/pion/rtp"
)

// FuzzReceiver feeds arbitrary RTP payloads through the VP8 depacketiser and
// libvpx. Broken input must be skipped or rejected, never panic or crash.
//
// Input layout, repeated: flags (1 byte: bit 0 marker, bit 1 new frame),
// payload length (2 bytes), payload.
func FuzzReceiver(f *testing.F) {
	var seed []byte
	for _, frame := range packetise(&testing.T{}, 3) {
		for _, p := range frame {
			flags := byte(2)
			if p.Marker {
				flags |= 1
			}
			seed = append(seed, flags, byte(len(p.Payload)>>8), byte(len(p.Payload)))
			seed = append(seed, p.Payload...)
		}
	}
	f.Add(seed)
	f.Add([]byte{3, 0, 4, 0x90, 0x80, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReceiver(ReceiveOptions{RequestKeyFrame: func() {}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
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
	})
}
