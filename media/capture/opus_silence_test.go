package capture

import (
	"bytes"
	"math"
	"testing"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/codec/opus"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
	"github.com/pion/mediadevices/pkg/wave/mixer"
	libopus "gopkg.in/hraban/opus.v2"
)

// talkThenMute is what a microphone gives in 10 ms chunks (as the
// capture driver delivers them): speech-like sound, then mute's digital
// silence, then sound again, and so on. Each span is in chunks.
func talkThenMute(spans ...int) audio.Reader {
	var chunks []bool // true: sound
	for i, n := range spans {
		for range n {
			chunks = append(chunks, i%2 == 0)
		}
	}
	next, t := 0, 0
	return audio.ReaderFunc(func() (wave.Audio, func(), error) {
		c := wave.NewInt16Interleaved(wave.ChunkInfo{Len: 480, Channels: 1, SamplingRate: SampleRate})
		sound := next < len(chunks) && chunks[next]
		next++
		for k := range c.Data {
			t++
			if sound {
				// Two tones whose loudness wobbles like syllables: enough
				// for the encoder to work as on speech.
				env := 0.5 + 0.5*math.Sin(2*math.Pi*4*float64(t)/SampleRate)
				v := env * (0.3*math.Sin(2*math.Pi*220*float64(t)/SampleRate) + 0.1*math.Sin(2*math.Pi*1330*float64(t)/SampleRate))
				c.Data[k] = int16(v * 32767)
			}
		}
		return c, func() {}, nil
	})
}

func opusParams() opus.Params {
	op, _ := opus.NewParams()
	op.BitRate = 32000
	op.Latency = opus.Latency20ms
	op.ChannelMixer = &mixer.MonoMixer{}
	return op
}

var monoProp = prop.Media{Audio: prop.Audio{SampleRate: SampleRate, ChannelCount: Channels}}

func encodeAll(t *testing.T, enc codec.ReadCloser, packets int) [][]byte {
	t.Helper()
	var out [][]byte
	for range packets {
		pkt, release, err := enc.Read()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, bytes.Clone(pkt))
		release()
	}
	return out
}

// During a mute the packets are those libopus itself gives, byte for byte,
// though far fewer frames reach the encoder; after it, the encoder's state
// differs a little from one that encoded every frame of silence (its
// long-term counters), so the packets differ, but the sound decodes as
// faithfully as from libopus alone.
func TestSkippedSilenceSendsTheSame(t *testing.T) {
	spans := []int{100, 300, 100, 40, 60} // chunks of 10 ms: talk 1 s, mute 3 s, talk 1 s, mute 0.4 s, talk 0.6 s
	const packets = 300                   // all of it, in 20 ms packets
	op := opusParams()
	plain, err := op.BuildAudioEncoder(talkThenMute(spans...), monoProp)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	q := &silenceSkippingOpus{opusParams()}
	skipping, err := q.BuildAudioEncoder(talkThenMute(spans...), monoProp)
	if err != nil {
		t.Fatal(err)
	}
	defer skipping.Close()

	want, got := encodeAll(t, plain, packets), encodeAll(t, skipping, packets)
	for i := 50; i < 200; i++ { // the long mute
		if !bytes.Equal(want[i], got[i]) {
			t.Fatalf("packet %d (%.2f s, muted): %x, libopus gives %x", i, float64(i)/50, got[i], want[i])
		}
	}
	encoded := skipping.(*silenceSkipper).encoded
	if encoded > packets-100 {
		t.Errorf("the encoder took %d of %d frames: silence was not skipped", encoded, packets)
	}

	input := readAll(t, talkThenMute(spans...), packets*960)
	plainSNR, skippingSNR := decodedSNR(t, want, input, 200, 250), decodedSNR(t, got, input, 200, 250)
	t.Logf("the talk after the mute decodes at %.1f dB SNR (libopus alone: %.1f dB); the encoder took %d of %d frames", skippingSNR, plainSNR, encoded, packets)
	if plainSNR < 6 || skippingSNR < plainSNR-1 { // Opus keeps the sound, not the waveform: 11 dB here
		t.Errorf("the talk after the mute decodes at %.1f dB SNR, libopus alone at %.1f dB", skippingSNR, plainSNR)
	}
}

// readAll is the first n samples of r.
func readAll(t *testing.T, r audio.Reader, n int) []int16 {
	t.Helper()
	var out []int16
	for len(out) < n {
		c, _, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c.(*wave.Int16Interleaved).Data...)
	}
	return out[:n]
}

// decodedSNR decodes packets with libopus and measures, over packets from
// to to, how close the sound is to the input: signal to noise in dB, at
// the codec's delay (found as the best match within 20 ms).
func decodedSNR(t *testing.T, packets [][]byte, input []int16, from, to int) float64 {
	t.Helper()
	dec, err := libopus.NewDecoder(SampleRate, Channels)
	if err != nil {
		t.Fatal(err)
	}
	var out []int16
	pcm := make([]int16, 960)
	for _, p := range packets {
		n, err := dec.Decode(p, pcm)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pcm[:n]...)
	}
	best := math.Inf(-1)
	for delay := 0; delay < 960; delay++ {
		var sig, noise float64
		for i := from * 960; i < to*960; i++ {
			s, d := float64(input[i]), float64(out[i+delay])
			sig += s * s
			noise += (s - d) * (s - d)
		}
		best = math.Max(best, 10*math.Log10(sig/noise))
	}
	return best
}

// A microphone's own noise floor is not digital silence: quiet as it is,
// every frame goes to the encoder.
func TestQuietRoomIsEncoded(t *testing.T) {
	hum := audio.ReaderFunc(func() (wave.Audio, func(), error) {
		c := wave.NewInt16Interleaved(wave.ChunkInfo{Len: 960, Channels: 1, SamplingRate: SampleRate})
		c.Data[len(c.Data)/2] = 1 // one least significant bit per frame
		return c, func() {}, nil
	})
	q := &silenceSkippingOpus{opusParams()}
	enc, err := q.BuildAudioEncoder(hum, monoProp)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	encodeAll(t, enc, 100)
	if n := enc.(*silenceSkipper).encoded; n != 100 {
		t.Fatalf("the encoder took %d of 100 frames of a quiet room", n)
	}
}

func TestDigitalSilence(t *testing.T) {
	f := wave.NewFloat32Interleaved(wave.ChunkInfo{Len: 4, Channels: 1, SamplingRate: SampleRate})
	if !digitalSilence(f) {
		t.Error("zeros are not silence")
	}
	f.Data[3] = 1e-9
	if digitalSilence(f) {
		t.Error("a tiny sample counted as silence")
	}
	i := wave.NewInt16Interleaved(wave.ChunkInfo{Len: 4, Channels: 1, SamplingRate: SampleRate})
	if !digitalSilence(i) {
		t.Error("int16 zeros are not silence")
	}
}
