package audio

import (
	"math/rand"
	"testing"

	"gopkg.in/hraban/opus.v2"
)

// BenchmarkOpusDecode20ms is libopus decoding one 20 ms mono packet.
func BenchmarkOpusDecode20ms(b *testing.B) {
	packets := opusTone(b, 440, 50)
	dec, err := opus.NewDecoder(SampleRate, 1)
	if err != nil {
		b.Fatal(err)
	}
	pcm := make([]float32, maxFrameSamples)
	i := 0
	for b.Loop() {
		if _, err := dec.DecodeFloat32(packets[i%len(packets)].Payload, pcm); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkJitterBuffer runs 20 ms packets through the buffer as the network
// and the player would: one packet arrives, the player pulls two 10 ms
// chunks. It reports the delay a packet waits in the buffer (the audio queued
// ahead of it when it arrives) besides the time per packet.
func BenchmarkJitterBuffer(b *testing.B) {
	cases := []struct {
		name   string
		jitter int // ticks a packet may arrive late
		loss   float64
	}{
		{"steady", 0, 0},
		{"jitter 0-40ms, 2% loss", 2, 0.02},
	}
	src := opusTone(b, 440, 250)
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			rng := rand.New(rand.NewSource(1))
			jb, err := NewJitterBuffer(JitterOptions{})
			if err != nil {
				b.Fatal(err)
			}
			out := make([]float32, frameSamples/2)
			pending := map[int][]int{} // tick → packet indexes arriving then
			var waited, arrivals float64
			tick := 0
			for b.Loop() {
				at := tick
				if tc.jitter > 0 {
					at += rng.Intn(tc.jitter + 1)
				}
				if rng.Float64() >= tc.loss {
					pending[at] = append(pending[at], tick)
				}
				for _, i := range pending[tick] {
					p := src[i%len(src)].Clone()
					p.Timestamp = uint32(i * frameSamples)
					p.SequenceNumber = uint16(i)
					jb.Push(p)
					waited += float64(jb.Stats().Buffered)
					arrivals++
				}
				delete(pending, tick)
				jb.Pull(out)
				jb.Pull(out)
				tick++
			}
			if arrivals > 0 {
				b.ReportMetric(waited/arrivals/SampleRate*1000, "ms-in-buffer")
			}
		})
	}
}

// BenchmarkMix4 mixes four remote participants for one 10 ms chunk.
func BenchmarkMix4(b *testing.B) {
	m := NewMixer(MixerOptions{})
	for i, id := range []string{"a", "b", "c", "d"} {
		m.Add(id, &toneSource{amp: 0.2, freq: float64(200 + 100*i), on: true})
	}
	out := make([]float32, 480)
	for b.Loop() {
		m.Mix(out)
	}
}
