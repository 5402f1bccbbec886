package audio

import (
	"context"
	"io"
	"testing"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"

	"github.com/ringlet/ringlet/media/e2ee"
)

// packets hands out RTP packets, then io.EOF.
type packets []*rtp.Packet

func (p *packets) ReadRTP() (*rtp.Packet, interceptor.Attributes, error) {
	if len(*p) == 0 {
		return nil, nil, io.EOF
	}
	next := (*p)[0]
	*p = (*p)[1:]
	return next, nil, nil
}

func ring(t *testing.T, passphrase string) *e2ee.KeyRing {
	t.Helper()
	r, err := e2ee.PassphraseRing(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Only frames that open reach the jitter buffer: one under another key,
// or one sent in the clear, is never played.
func TestReceiveEncryptedPlaysOnlyWhatOpens(t *testing.T) {
	ours, other := ring(t, "Mond"), ring(t, "Sonne")
	mine, theirs := e2ee.NewEncryptor(ours), e2ee.NewEncryptor(other)
	var src packets
	for i := range 30 {
		frame := []byte{0x78, byte(i), 1, 2, 3, 4, 5, 6} // TOC byte, then anything
		payload := frame
		switch i % 3 {
		case 0:
			payload, _ = mine.Encrypt(nil, frame, e2ee.Opus, 7, uint32(i*960))
		case 1:
			payload, _ = theirs.Encrypt(nil, frame, e2ee.Opus, 7, uint32(i*960))
		}
		src = append(src, &rtp.Packet{Header: rtp.Header{SequenceNumber: uint16(i), Timestamp: uint32(i * 960), SSRC: 7}, Payload: payload})
	}
	jb, err := NewJitterBuffer(JitterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := e2ee.NewDecryptor(ours)
	open := func(dst, frame []byte) ([]byte, error) { return d.Decrypt(dst, frame, e2ee.Opus) }
	if err := ReceiveEncrypted(context.Background(), &src, jb, open); err != nil {
		t.Fatal(err)
	}
	if got := jb.Stats().Received; got != 10 {
		t.Fatalf("%d packets reached the jitter buffer, want the 10 under our key", got)
	}
}
