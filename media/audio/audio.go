// Package audio plays the others: it decodes their Opus streams with Debian's
// libopus (gopkg.in/hraban/opus.v2), evens out network jitter, hides lost
// packets, mixes everyone at their own volume, tells who is talking, and
// plays the mix through miniaudio (github.com/gen2brain/malgo).
//
// The pipeline per remote participant is
//
//	*webrtc.TrackRemote → Receive → JitterBuffer → Mixer → Player
//
// and the Player hands what it played to echo cancellation (media/apm) as the
// far end.
//
// Building needs libopus-dev and libopusfile-dev (hraban/opus links opusfile
// for its stream reader unless built with the nolibopusfile tag; installing
// the library keeps `go build ./...` free of build tags).
package audio

import (
	"context"
	"errors"
	"io"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"

	"github.com/ringlet/ringlet/media/e2ee"
)

// RTPSource is where remote audio comes from; *webrtc.TrackRemote fits.
type RTPSource interface {
	ReadRTP() (*rtp.Packet, interceptor.Attributes, error)
}

// Receive pushes every packet from src into jb until src ends (io.EOF,
// reported as nil) or ctx is done.
func Receive(ctx context.Context, src RTPSource, jb *JitterBuffer) error {
	return receive(ctx, src, jb, nil)
}

// ReceiveEncrypted is Receive for an end-to-end encrypted ring: open
// decrypts each packet's Opus frame (writing into dst, reused, as
// media/e2ee's Decryptor does) before the jitter buffer. A frame it cannot
// open is dropped, never played; the jitter buffer hides the gap as it
// hides a lost packet.
func ReceiveEncrypted(ctx context.Context, src RTPSource, jb *JitterBuffer, open func(dst, frame []byte) ([]byte, error)) error {
	return receive(ctx, src, jb, open)
}

// receive is Receive, with each payload opened first when open is set.
// Without open, frames that a sender encrypted end to end are dropped
// (e2ee.SealedGuard): libopus would play them as noise.
func receive(ctx context.Context, src RTPSource, jb *JitterBuffer, open func(dst, frame []byte) ([]byte, error)) error {
	var plain []byte
	var guard e2ee.SealedGuard
	for ctx.Err() == nil {
		pkt, _, err := src.ReadRTP()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if open != nil {
			opened, err := open(plain, pkt.Payload)
			if err != nil {
				continue
			}
			plain = opened[:0]
			pkt.Payload = opened // Push copies it
		} else if guard.Drop(pkt.Payload, e2ee.Opus) {
			continue
		}
		jb.Push(pkt)
	}
	return nil
}
