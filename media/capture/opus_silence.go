package capture

import (
	"bytes"
	"time"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
)

// Most people in a ring listen with the microphone muted (Ringlet joins
// muted unless they choose otherwise), and a muted microphone still sends
// a packet of digital silence every 20 ms (see "Mute" in the package doc).
// libopus spends about a third of a millisecond on each of them on this
// machine, close to 2 % of a core for nothing. After a few frames of digital
// silence its output settles to one short packet that then repeats byte for
// byte, and its state no longer changes. So once the same packet has come
// back settledRepeats times, silenceSkippingOpus sends that packet again for
// every further frame of digital silence instead of asking the encoder; the
// first frame with sound goes to the encoder, which is where it would have
// been. Nothing on the wire changes (TestSkippedSilenceIsByteIdentical).

// settledRepeats is how many times in a row the encoder must have given
// the same packet for silence before it is trusted to give it again: a
// fifth of a second. In the first frames of silence the packets still
// change (the encoder's smoothing runs down), and once even after a run of
// equal ones (a mode switch), so a handful is not enough.
const settledRepeats = 10

// silenceSkippingOpus is opus.Params whose encoders skip settled digital
// silence.
type silenceSkippingOpus struct{ opus.Params }

// BuildAudioEncoder implements codec.AudioEncoderBuilder.
func (q *silenceSkippingOpus) BuildAudioEncoder(r audio.Reader, p prop.Media) (codec.ReadCloser, error) {
	frameLen := int(q.Latency.Duration() * time.Duration(p.SampleRate) / time.Second)
	e := &silenceSkipper{frames: audio.NewBuffer(frameLen)(r)}
	inner, err := q.Params.BuildAudioEncoder(audio.ReaderFunc(e.feed), p)
	if err != nil {
		return nil, err
	}
	e.inner = inner
	return e, nil
}

// silenceSkipper is one Opus encoder behind a gate for settled silence.
// mediadevices calls Read from one goroutine only.
type silenceSkipper struct {
	frames  audio.Reader // the input in whole encoder frames
	inner   codec.ReadCloser
	pending wave.Audio // the frame Read hands to the encoder through feed

	allSilent bool   // every frame the encoder took for its last packet was digital silence
	settled   []byte // the packet the encoder last gave for silence
	repeats   int    // how many times in a row it gave exactly that
	encoded   int    // frames the encoder took (for tests)
}

// Read implements codec.ReadCloser.
func (e *silenceSkipper) Read() ([]byte, func(), error) {
	frame, _, err := e.frames.Read()
	if err != nil {
		return nil, func() {}, err
	}
	if e.repeats >= settledRepeats && digitalSilence(frame) {
		return bytes.Clone(e.settled), func() {}, nil
	}
	e.pending, e.allSilent = frame, true
	pkt, release, err := e.inner.Read()
	if err != nil {
		return pkt, release, err
	}
	e.remember(pkt)
	return pkt, release, nil
}

// feed gives the encoder the frame Read took. Should the encoder want more
// than one frame per packet, it reads on from the input.
func (e *silenceSkipper) feed() (wave.Audio, func(), error) {
	frame := e.pending
	e.pending = nil
	if frame == nil {
		var err error
		if frame, _, err = e.frames.Read(); err != nil {
			return nil, func() {}, err
		}
	}
	e.encoded++
	e.allSilent = e.allSilent && digitalSilence(frame)
	return frame, func() {}, nil
}

// remember counts how often the encoder has given the same packet for
// silence; any sound starts the count again.
func (e *silenceSkipper) remember(pkt []byte) {
	switch {
	case !e.allSilent:
		e.settled, e.repeats = e.settled[:0], 0
	case e.repeats > 0 && bytes.Equal(pkt, e.settled):
		e.repeats++
	default:
		e.settled, e.repeats = append(e.settled[:0], pkt...), 1
	}
}

// Controller passes the bitrate control through to the encoder.
func (e *silenceSkipper) Controller() codec.EncoderController { return e.inner.Controller() }

// Close closes the encoder.
func (e *silenceSkipper) Close() error { return e.inner.Close() }

// digitalSilence reports whether every sample of a is exactly zero, as
// mute and push-to-talk make it (a real microphone never gives that).
func digitalSilence(a wave.Audio) bool {
	switch a := a.(type) {
	case *wave.Int16Interleaved:
		for _, v := range a.Data {
			if v != 0 {
				return false
			}
		}
		return true
	case *wave.Float32Interleaved:
		for _, v := range a.Data {
			if v != 0 {
				return false
			}
		}
		return true
	}
	return false
}
