package capture

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"sync"

	"github.com/pion/interceptor"
	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/e2ee"
)

// ErrCannotEncrypt means a track cannot be encrypted end to end (it does
// not hand out encoded frames, or the ring wants a codec other than VP8 or
// Opus). It is never sent in the clear instead.
var ErrCannotEncrypt = &Error{Key: "media.capture.cannot_encrypt"}

// rtpMTU is the largest RTP packet sent, as mediadevices' own tracks use.
const rtpMTU = 1200

// Encrypted returns local media whose tracks encrypt every frame end to
// end with the ring's current key, between the encoder and the RTP
// packetiser, in LiveKit's frame format (media/e2ee). It fails closed:
// a frame that cannot be encrypted (no key yet) is dropped, never sent
// plainly, and a track that cannot be encrypted at all makes Encrypted
// fail instead of being published unencrypted. Requests for a key frame
// (RTCP PLI/FIR) still reach the encoder.
func Encrypted(m call.LocalMedia, ring *e2ee.KeyRing) (call.LocalMedia, error) {
	plain := m.Tracks()
	tracks := make([]webrtc.TrackLocal, 0, len(plain))
	for _, t := range plain {
		src, ok := t.(encodable)
		if !ok {
			return nil, ErrCannotEncrypt
		}
		tracks = append(tracks, &encryptedTrack{src: src, ring: ring, senders: map[string]*frameSender{}})
	}
	return &encryptedMedia{LocalMedia: m, tracks: tracks}, nil
}

// encryptedMedia is the local media with its tracks swapped for the
// encrypting ones; the codecs stay the same.
type encryptedMedia struct {
	call.LocalMedia
	tracks []webrtc.TrackLocal
}

func (e *encryptedMedia) Tracks() []webrtc.TrackLocal { return e.tracks }

// encodable is a track that hands out its encoded frames (mediadevices'
// tracks do), so they can be encrypted before packetising.
type encodable interface {
	webrtc.TrackLocal
	NewEncodedReader(codecName string) (mediadevices.EncodedReadCloser, error)
}

// encryptedTrack is a TrackLocal that sends src's frames encrypted. Each
// PeerConnection it is bound to gets its own encoder reader and sender.
type encryptedTrack struct {
	src  encodable
	ring *e2ee.KeyRing

	mu      sync.Mutex
	senders map[string]*frameSender // by binding ID
}

func (t *encryptedTrack) ID() string                { return t.src.ID() }
func (t *encryptedTrack) RID() string               { return t.src.RID() }
func (t *encryptedTrack) StreamID() string          { return t.src.StreamID() }
func (t *encryptedTrack) Kind() webrtc.RTPCodecType { return t.src.Kind() }

// Bind starts encoding, encrypting and sending for one PeerConnection.
func (t *encryptedTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	params, payloader, ok := encryptableCodec(ctx.CodecParameters())
	if !ok {
		return webrtc.RTPCodecParameters{}, ErrCannotEncrypt
	}
	reader, err := t.src.NewEncodedReader(params.MimeType)
	if err != nil {
		return webrtc.RTPCodecParameters{}, wrap(ErrCannotEncrypt, err)
	}
	ssrc := uint32(ctx.SSRC())
	s := &frameSender{
		reader:     reader,
		encryptor:  e2ee.NewEncryptor(t.ring),
		video:      strings.EqualFold(params.MimeType, webrtc.MimeTypeVP8),
		packetizer: rtp.NewPacketizer(rtpMTU, uint8(params.PayloadType), ssrc, payloader, rtp.NewRandomSequencer(), params.ClockRate),
		ssrc:       ssrc,
		timestamp:  randomTimestamp(),
		stop:       make(chan struct{}),
		done:       make(chan struct{}),
	}
	t.mu.Lock()
	t.senders[ctx.ID()] = s
	t.mu.Unlock()
	go s.run(ctx.WriteStream())
	if kf, ok := reader.Controller().(codec.KeyFrameController); ok {
		go s.forwardKeyFrameRequests(ctx.RTCPReader(), kf)
	}
	return params, nil
}

// Unbind stops the PeerConnection's sender and waits for it (after its
// frame in flight, as mediadevices' own tracks do).
func (t *encryptedTrack) Unbind(ctx webrtc.TrackLocalContext) error {
	t.mu.Lock()
	s := t.senders[ctx.ID()]
	delete(t.senders, ctx.ID())
	t.mu.Unlock()
	if s == nil {
		return nil
	}
	close(s.stop)
	<-s.done
	return nil
}

func randomTimestamp() uint32 {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand does not fail on Linux, macOS or Windows
	return binary.BigEndian.Uint32(b[:])
}

// encryptableCodec picks the first offered codec media/e2ee can encrypt
// and the payloader mediadevices uses for it.
func encryptableCodec(offered []webrtc.RTPCodecParameters) (webrtc.RTPCodecParameters, rtp.Payloader, bool) {
	for _, c := range offered {
		switch {
		case strings.EqualFold(c.MimeType, webrtc.MimeTypeVP8):
			return c, &codecs.VP8Payloader{}, true
		case strings.EqualFold(c.MimeType, webrtc.MimeTypeOpus):
			return c, &codecs.OpusPayloader{}, true
		}
	}
	return webrtc.RTPCodecParameters{}, nil, false
}

// frameSender reads encoded frames, encrypts and packetises them for one
// PeerConnection.
type frameSender struct {
	reader     mediadevices.EncodedReadCloser
	encryptor  *e2ee.Encryptor
	video      bool
	packetizer rtp.Packetizer
	ssrc       uint32
	// timestamp is this sender's media clock for the IV (the receiver
	// reads the IV from the frame's trailer). It starts at random, as an
	// RTP clock does: everyone in the ring shares the key, so two senders'
	// IVs must not meet even if their SSRCs did.
	timestamp uint32
	sealed    []byte // reused for every frame
	stop      chan struct{}
	done      chan struct{}
}

func (s *frameSender) run(w webrtc.TrackLocalWriter) {
	defer close(s.done)
	defer s.reader.Close()
	for {
		select {
		case <-s.stop:
			return
		default:
		}
		frame, release, err := s.reader.Read()
		if err != nil {
			return
		}
		err = s.send(w, frame)
		release()
		if err != nil {
			return
		}
	}
}

// send encrypts one frame and writes its packets. Without a key the frame
// is dropped (its time skipped, so the stream's clock stays right).
func (s *frameSender) send(w webrtc.TrackLocalWriter, frame mediadevices.EncodedBuffer) error {
	kind := e2ee.Opus
	if s.video {
		kind = e2ee.VP8Kind(frame.Data)
	}
	sealed, err := s.encryptor.Encrypt(s.sealed, frame.Data, kind, s.ssrc, s.timestamp)
	s.timestamp += frame.Samples
	if err != nil {
		s.packetizer.SkipSamples(frame.Samples)
		return nil
	}
	s.sealed = sealed[:0]
	for _, p := range s.packetizer.Packetize(sealed, frame.Samples) {
		if _, err := w.WriteRTP(&p.Header, p.Payload); err != nil {
			return err
		}
	}
	return nil
}

// forwardKeyFrameRequests turns RTCP PLI and FIR from the ring into key
// frames, as mediadevices' own tracks do; a receiver that lost a frame
// cannot go on without one.
func (s *frameSender) forwardKeyFrameRequests(r interceptor.RTCPReader, kf codec.KeyFrameController) {
	buf := make([]byte, 1500)
	for {
		select {
		case <-s.done:
			return
		default:
		}
		n, _, err := r.Read(buf, interceptor.Attributes{})
		if err != nil {
			return // the sender was stopped
		}
		pkts, err := rtcp.Unmarshal(buf[:n])
		if err != nil {
			continue
		}
		for _, p := range pkts {
			switch p.(type) {
			case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
				_ = kf.ForceKeyFrame()
			}
		}
	}
}
