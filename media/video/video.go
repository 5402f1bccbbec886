// Package video turns the others' VP8 streams into pictures for display.
//
// Receive reads RTP packets from anything shaped like *webrtc.TrackRemote,
// puts the VP8 frames back together with pion's samplebuilder and
// codecs.VP8Packet, and decodes them with libvpx through a minimal binding
// of ours (vpxdec.go) that copies a picture out only for a caller who wants
// it. Pictures come out as I420 *image.YCbCr.
//
// After a lost packet the next frames would decode into smeared garbage, so
// Receive shows nothing new until a keyframe arrives and asks the sender for
// one (RequestKeyFrame, which the caller wires to an RTCP PLI). The picture
// on screen simply stays still for a moment, which people understand.
package video

import (
	"context"
	"errors"
	"image"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4/pkg/media/samplebuilder"

	"github.com/ringlet/ringlet/internal/keyerr"
	"github.com/ringlet/ringlet/media/e2ee"
)

// RTPSource is where remote video comes from; *webrtc.TrackRemote fits.
type RTPSource interface {
	ReadRTP() (*rtp.Packet, interceptor.Attributes, error)
}

// Error is a receive failure that the GUI translates by its message key.
type Error = keyerr.Error

// ErrDecoder means libvpx could not be set up; broken frames are not errors.
var ErrDecoder = &Error{Key: "media.video.decoder_failed"}

// IsKeyFrame tells whether a complete VP8 frame is a keyframe: bit 0 of the
// first byte of the frame tag is 0 for keyframes (RFC 6386, section 9.1).
func IsKeyFrame(frame []byte) bool {
	return len(frame) >= 3 && frame[0]&0x01 == 0
}

// MaxPixels bounds the picture size a keyframe may announce. libvpx would
// allocate and decode whatever a keyframe claims (up to 16383×16383), so a
// broken or hostile sender could stall the receiver; rings send at most
// 1280×720, browsers at most 1920×1080.
const MaxPixels = 1920 * 1088

// errTooLarge rejects keyframes announcing more than MaxPixels.
var errTooLarge = errors.New("video: picture larger than allowed")

// keyFrameSize reads the picture size from a VP8 keyframe header (RFC 6386,
// section 9.1): 3 bytes frame tag, start code 9d 01 2a, then 14-bit width
// and height. ok is false when the header is not there.
func keyFrameSize(frame []byte) (w, h int, ok bool) {
	if len(frame) < 10 || frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a {
		return 0, 0, false
	}
	w = int(frame[6]) | int(frame[7]&0x3f)<<8
	h = int(frame[8]) | int(frame[9]&0x3f)<<8
	return w, h, true
}

// Decoder decodes whole VP8 frames one at a time.
type Decoder struct {
	dec *vp8Decoder
}

// NewDecoder sets up a libvpx VP8 decoder.
func NewDecoder() (*Decoder, error) {
	dec, err := newVP8Decoder()
	if err != nil {
		return nil, &Error{Key: ErrDecoder.Key, Err: err}
	}
	return &Decoder{dec: dec}, nil
}

// Decode decodes one complete VP8 frame and returns its picture in a new
// image. It returns (nil, nil) when the frame yields no picture, and an
// error for a frame libvpx rejects; the decoder stays usable either way.
func (d *Decoder) Decode(frame []byte) (*image.YCbCr, error) {
	ok, err := d.decode(frame)
	if !ok || err != nil {
		return nil, err
	}
	return d.dec.copyOut(), nil
}

// decode is Decode without the copy: ok reports a picture, which stays in
// libvpx until the next frame (see Size and Decode).
func (d *Decoder) decode(frame []byte) (bool, error) {
	if len(frame) == 0 {
		return false, nil
	}
	if IsKeyFrame(frame) {
		w, h, ok := keyFrameSize(frame)
		if !ok {
			return false, errors.New("video: keyframe without a valid header")
		}
		if w*h > MaxPixels || w == 0 || h == 0 {
			return false, errTooLarge
		}
	}
	return d.dec.decode(frame)
}

// Close frees libvpx's state.
func (d *Decoder) Close() error {
	d.dec.close()
	return nil
}

// ReceiveOptions say where pictures and keyframe requests go.
type ReceiveOptions struct {
	// OnFrame gets every decoded picture, on Receive's goroutine. The
	// picture is not reused by Receive; the callee may keep it.
	OnFrame func(*image.YCbCr)
	// WantFrame, when set, is asked before each decoded picture is copied
	// out for OnFrame; false skips the copy (a window that draws 15
	// pictures a second need not get 30). Every frame is decoded anyway.
	WantFrame func() bool
	// RequestKeyFrame asks the sender for a keyframe (send an RTCP PLI).
	// Called at most once per KeyFrameInterval.
	RequestKeyFrame func()
	// KeyFrameInterval spaces keyframe requests; 0 → 500 ms.
	KeyFrameInterval time.Duration
	// MaxLatePackets is how many packets a missing one may be overtaken by
	// before the frame is given up; 0 → 128.
	MaxLatePackets uint16
	// MaxDelay is how long (in media time) a frame waits for a missing
	// packet before it is given up; 0 → 200 ms. NACK retransmissions from
	// a nearby SFU arrive well within it; a longer wait would freeze the
	// picture at low frame rates.
	MaxDelay time.Duration
	// Now is the clock for spacing keyframe requests; nil → time.Now.
	Now func() time.Time
	// Decrypt, in an end-to-end encrypted ring, opens each whole frame
	// before the decoder, writing into dst (reused) as media/e2ee's
	// Decryptor does. A frame it cannot open is dropped: never decoded,
	// never shown, not even as garbage.
	Decrypt func(dst, frame []byte) ([]byte, error)
	// OnSealed, without Decrypt, is called (on Receive's goroutine) for
	// each frame dropped because its sender encrypts it end to end and
	// this receiver has no key (see e2ee.SealedGuard).
	OnSealed func()
}

// Stats counts what happened to the stream so far.
type Stats struct {
	Packets           uint64
	FramesDecoded     uint64
	FramesSkipped     uint64 // waiting for a keyframe after loss
	FramesBroken      uint64 // rejected by libvpx
	FramesSealed      uint64 // end-to-end encrypted and could not be opened (or no key)
	KeyFramesAsked    uint64
	PacketsLostBefore uint64 // as reported by the samplebuilder
}

// Receiver decodes one remote video stream.
type Receiver struct {
	opts  ReceiveOptions
	dec   *Decoder
	sb    *samplebuilder.SampleBuilder
	stats struct {
		sync.Mutex
		Stats
	}
	mu          sync.Mutex // one frame at a time into libvpx; Close waits
	needKey     bool
	plain       []byte // the last opened frame's buffer, reused
	guard       e2ee.SealedGuard
	lastAsk     time.Time
	closed      atomic.Bool
	width, high atomic.Int64
}

// NewReceiver prepares a receiver; feed it with Run or Push.
func NewReceiver(opts ReceiveOptions) (*Receiver, error) {
	if opts.KeyFrameInterval == 0 {
		opts.KeyFrameInterval = 500 * time.Millisecond
	}
	if opts.MaxLatePackets == 0 {
		opts.MaxLatePackets = 128
	}
	if opts.MaxDelay == 0 {
		opts.MaxDelay = 200 * time.Millisecond
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	dec, err := NewDecoder()
	if err != nil {
		return nil, err
	}
	return &Receiver{
		opts:    opts,
		dec:     dec,
		sb:      samplebuilder.New(opts.MaxLatePackets, &codecs.VP8Packet{}, 90000, samplebuilder.WithMaxTimeDelay(opts.MaxDelay)),
		needKey: true,
	}, nil
}

// Run reads packets until the source fails (io.EOF when the track ends,
// which Run reports as nil) or ctx is done, then closes the receiver.
func (r *Receiver) Run(ctx context.Context, src RTPSource) error {
	defer r.Close()
	for ctx.Err() == nil {
		pkt, _, err := src.ReadRTP()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		r.Push(pkt)
	}
	return nil
}

// Push takes one RTP packet (not copied: do not reuse it) and decodes every
// frame it completes.
func (r *Receiver) Push(pkt *rtp.Packet) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed.Load() {
		return
	}
	r.count(func(s *Stats) { s.Packets++ })
	r.sb.Push(pkt)
	for {
		sample := r.sb.Pop()
		if sample == nil {
			return
		}
		r.handleFrame(sample.Data, sample.PrevDroppedPackets)
	}
}

func (r *Receiver) handleFrame(frame []byte, droppedBefore uint16) {
	if droppedBefore > 0 {
		r.count(func(s *Stats) { s.PacketsLostBefore += uint64(droppedBefore) })
		r.needKey = true
	}
	frame, ok := r.open(frame)
	if !ok {
		return
	}
	if r.needKey && !IsKeyFrame(frame) {
		r.count(func(s *Stats) { s.FramesSkipped++ })
		r.askKeyFrame()
		return
	}
	got, err := r.dec.decode(frame)
	if err != nil {
		r.count(func(s *Stats) { s.FramesBroken++ })
		r.needKey = true
		r.askKeyFrame()
		return
	}
	r.needKey = false
	if !got {
		return
	}
	r.count(func(s *Stats) { s.FramesDecoded++ })
	r.width.Store(int64(r.dec.dec.w))
	r.high.Store(int64(r.dec.dec.h))
	// Only a picture someone will look at is copied out of libvpx.
	if r.opts.OnFrame != nil && (r.opts.WantFrame == nil || r.opts.WantFrame()) {
		r.opts.OnFrame(r.dec.dec.copyOut())
	}
}

// open decrypts an end-to-end encrypted frame; ok is false for one that
// cannot be opened, which is dropped. The frames after it build on it, so
// the picture waits for the next key frame, as after a loss (without
// asking for one: a sender whose key does not match would be asked
// forever).
func (r *Receiver) open(frame []byte) (plain []byte, ok bool) {
	if r.opts.Decrypt == nil {
		if !r.guard.Drop(frame, e2ee.VP8Kind(frame)) {
			return frame, true
		}
		r.count(func(s *Stats) { s.FramesSealed++ })
		r.needKey = true
		if r.opts.OnSealed != nil {
			r.opts.OnSealed()
		}
		return nil, false
	}
	plain, err := r.opts.Decrypt(r.plain, frame)
	if err != nil {
		r.count(func(s *Stats) { s.FramesSealed++ })
		r.needKey = true
		return nil, false
	}
	r.plain = plain[:0]
	return plain, true
}

func (r *Receiver) askKeyFrame() {
	if r.opts.RequestKeyFrame == nil {
		return
	}
	now := r.opts.Now()
	if !r.lastAsk.IsZero() && now.Sub(r.lastAsk) < r.opts.KeyFrameInterval {
		return
	}
	r.lastAsk = now
	r.count(func(s *Stats) { s.KeyFramesAsked++ })
	r.opts.RequestKeyFrame()
}

func (r *Receiver) count(f func(*Stats)) {
	r.stats.Lock()
	f(&r.stats.Stats)
	r.stats.Unlock()
}

// Stats returns the counters so far; safe from any goroutine.
func (r *Receiver) Stats() Stats {
	r.stats.Lock()
	defer r.stats.Unlock()
	return r.stats.Stats
}

// Size is the size of the last decoded picture (0, 0 before the first).
func (r *Receiver) Size() (width, height int) {
	return int(r.width.Load()), int(r.high.Load())
}

// Close frees the decoder. Push after Close does nothing.
func (r *Receiver) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed.Swap(true) {
		return nil
	}
	return r.dec.Close()
}
