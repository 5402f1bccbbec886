//go:build !windows

package apm

import (
	"math"
	"math/rand"
	"testing"
	"time"
)

// speechLike makes seconds of a signal with speech's rough shape: noise
// coloured into the voice band and switched on and off at syllable rate, with
// pauses between "sentences". Deterministic for a seed.
func speechLike(seconds float64, seed int64) []float32 {
	rng := rand.New(rand.NewSource(seed))
	n := int(seconds * SampleRate)
	out := make([]float32, n)
	var lp1, lp2, hp float64
	for i := range out {
		x := rng.NormFloat64()
		lp1 += 0.25 * (x - lp1) // low-pass around 2 kHz
		lp2 += 0.25 * (lp1 - lp2)
		hp += 0.02 * (lp2 - hp) // remove rumble below ~150 Hz
		v := lp2 - hp
		t := float64(i) / SampleRate
		syllable := math.Max(0, math.Sin(2*math.Pi*3.5*t))
		sentence := 1.0
		if math.Mod(t, 4) > 3.2 {
			sentence = 0
		}
		out[i] = float32(0.5 * v * syllable * sentence)
	}
	return out
}

// room turns what the speaker plays into what the microphone hears: a small
// speaker's distortion, a delay, a few reflections, the loss between speaker
// and microphone, and the microphone's own hiss (about −60 dBFS).
func room(far []float32, delay time.Duration, gain float64) []float32 {
	rng := rand.New(rand.NewSource(99))
	d := int(delay.Seconds() * SampleRate)
	taps := []struct {
		at   int
		gain float64
	}{{0, 1}, {240, 0.35}, {700, 0.15}, {1500, 0.05}}
	out := make([]float32, len(far))
	for i := range out {
		var v float64
		for _, tp := range taps {
			if j := i - d - tp.at; j >= 0 {
				v += tp.gain * math.Tanh(1.5*float64(far[j])) / 1.5
			}
		}
		out[i] = float32(gain*v + 0.001*rng.NormFloat64())
	}
	return out
}

func energy(s []float32) float64 {
	var e float64
	for _, v := range s {
		e += float64(v) * float64(v)
	}
	return e
}

func db(ratio float64) float64 { return 10 * math.Log10(ratio) }

// run feeds far and near through p in chunks of chunk samples, as the
// playback and capture threads would, and returns the processed near end.
func run(p *Processor, far, near []float32, chunk int) []float32 {
	out := append([]float32(nil), near...)
	for i := 0; i+chunk <= len(out); i += chunk {
		p.FarEnd(far[i : i+chunk])
		p.Process(out[i : i+chunk])
	}
	return out
}

func TestEchoIsCancelled(t *testing.T) {
	const seconds = 12.0
	tests := []struct {
		name  string
		delay time.Duration
		gain  float64
		chunk int
		noise bool
	}{
		{"laptop speakers, 40 ms, 10 ms chunks", 40 * time.Millisecond, 0.5, frameLen, true},
		{"loud desk speakers, 80 ms, 20 ms chunks", 80 * time.Millisecond, 0.9, 2 * frameLen, true},
		{"odd chunk size (microphone periods of 7 ms)", 40 * time.Millisecond, 0.5, 336, true},
		{"echo canceller alone, no noise suppression", 40 * time.Millisecond, 0.5, frameLen, false},
	}
	const minDB = 10
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(Options{EchoCancellation: true, NoiseSuppression: tc.noise, StreamDelay: tc.delay})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			far := speechLike(seconds, 1)
			near := room(far, tc.delay, tc.gain)
			out := run(p, far, near, tc.chunk)
			// Judge after 6 s of convergence, on whole 4 s sentences.
			from, to := 6*SampleRate, 10*SampleRate
			in, left := energy(near[from:to]), energy(out[from:to])
			suppression := db(in / math.Max(left, 1e-12))
			t.Logf("echo reduced by %.1f dB", suppression)
			if suppression < minDB {
				t.Errorf("echo reduced by only %.1f dB, want ≥ %d dB", suppression, minDB)
			}
			if p.LastError() != 0 {
				t.Errorf("library error %d", p.LastError())
			}
		})
	}
}

// TestNearSpeechSurvives is the control: a canceller that silenced
// everything would pass the test above. Here the near end talks while the far
// end pauses, and that talk must come through.
func TestNearSpeechSurvives(t *testing.T) {
	const seconds = 12.0
	p, err := New(Options{EchoCancellation: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	far := speechLike(seconds, 1)
	// Far end silent from 8 s on; near end speaks from 8.5 s on.
	for i := 8 * SampleRate; i < len(far); i++ {
		far[i] = 0
	}
	talk := speechLike(seconds, 2)
	for i := 0; i < 17*SampleRate/2; i++ {
		talk[i] = 0
	}
	echo := room(far, 40*time.Millisecond, 0.5)
	near := make([]float32, len(far))
	for i := range near {
		near[i] = echo[i] + talk[i]
	}
	out := run(p, far, near, frameLen)
	from, to := 9*SampleRate, 11*SampleRate
	kept := db(energy(out[from:to]) / energy(talk[from:to]))
	t.Logf("near speech kept at %.1f dB of its energy", kept)
	if kept < -6 {
		t.Errorf("near speech lost %.1f dB", -kept)
	}
}

func TestNoiseSuppressionLowersSteadyNoise(t *testing.T) {
	p, err := New(Options{NoiseSuppression: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rng := rand.New(rand.NewSource(3))
	noise := make([]float32, 6*SampleRate)
	for i := range noise {
		noise[i] = float32(0.02 * rng.NormFloat64()) // a fan, −34 dBFS
	}
	out := run(p, make([]float32, len(noise)), noise, frameLen)
	from := 3 * SampleRate
	reduced := db(energy(noise[from:]) / math.Max(energy(out[from:]), 1e-12))
	t.Logf("steady noise reduced by %.1f dB", reduced)
	if reduced < 6 {
		t.Errorf("noise reduced by only %.1f dB", reduced)
	}
}

func TestClosedProcessorIsInert(t *testing.T) {
	p, err := New(Default)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	p.Close()
	buf := []float32{0.5, 0.5}
	p.FarEnd(buf)
	p.Process(buf)
	if buf[0] != 0.5 {
		t.Error("closed processor changed samples")
	}
}

func TestGainControlLiftsQuietSpeech(t *testing.T) {
	p, err := New(Options{GainControl: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	quiet := speechLike(8, 5)
	for i := range quiet {
		quiet[i] *= 0.05 // a soft voice far from the laptop microphone
	}
	out := run(p, make([]float32, len(quiet)), quiet, frameLen)
	from := 4 * SampleRate
	gain := db(energy(out[from:]) / energy(quiet[from:]))
	t.Logf("quiet speech lifted by %.1f dB", gain)
	if gain < 3 {
		t.Errorf("gain control lifted quiet speech by only %.1f dB", gain)
	}
	for _, v := range out {
		if v > 1 || v < -1 {
			t.Fatalf("sample %v beyond full scale", v)
		}
	}
}
