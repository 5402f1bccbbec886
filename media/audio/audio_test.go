package audio

import (
	"errors"
	"math"
	"testing"

	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"gopkg.in/hraban/opus.v2"
)

// opusTone encodes frames×20 ms of a sine with libopus the way a browser
// sends speech (VoIP mode, in-band FEC on) and packetises it into RTP.
func opusTone(t testing.TB, freq float64, frames int) []*rtp.Packet {
	t.Helper()
	return opusToneFrames(t, freq, frames, frameSamples)
}

// opusToneFrames is opusTone with another frame length (in samples).
func opusToneFrames(t testing.TB, freq float64, frames, frameLen int) []*rtp.Packet {
	t.Helper()
	enc, err := opus.NewEncoder(SampleRate, 1, opus.AppVoIP)
	if err != nil {
		t.Fatal(err)
	}
	if err := enc.SetInBandFEC(true); err != nil {
		t.Fatal(err)
	}
	if err := enc.SetPacketLossPerc(20); err != nil {
		t.Fatal(err)
	}
	p := rtp.NewPacketizer(1200, 111, 42, &codecs.OpusPayloader{}, rtp.NewFixedSequencer(65530), SampleRate)
	pcm := make([]float32, frameLen)
	buf := make([]byte, 1500)
	var out []*rtp.Packet
	phase := 0
	for f := 0; f < frames; f++ {
		for i := range pcm {
			pcm[i] = float32(0.3 * math.Sin(2*math.Pi*freq*float64(phase)/SampleRate))
			phase++
		}
		n, err := enc.EncodeFloat32(pcm, buf)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Packetize(append([]byte(nil), buf[:n]...), uint32(frameLen))...)
	}
	return out
}

// dominantFrequency finds the strongest frequency between 50 Hz and 4 kHz
// (to 1 Hz, Goertzel) and the share of the signal's power it holds.
func dominantFrequency(samples []float32) (freq, share float64) {
	var total float64
	for _, s := range samples {
		total += float64(s) * float64(s)
	}
	goertzel := func(f float64) float64 {
		coeff := 2 * math.Cos(2*math.Pi*f/SampleRate)
		var s1, s2 float64
		for _, x := range samples {
			s0 := float64(x) + coeff*s1 - s2
			s2, s1 = s1, s0
		}
		return s1*s1 + s2*s2 - coeff*s1*s2
	}
	// Coarse 10 Hz search, then 1 Hz around the winner.
	best := 0.0
	for f := 50.0; f <= 4000; f += 10 {
		if p := goertzel(f); p > best {
			best, freq = p, f
		}
	}
	for f := freq - 9; f <= freq+9; f++ {
		if p := goertzel(f); p > best {
			best, freq = p, f
		}
	}
	if total == 0 {
		return 0, 0
	}
	// Goertzel power of a pure tone is N²A²/4 while its total power is
	// N·A²/2: scale so a pure tone has share 1.
	return freq, best * 2 / (float64(len(samples)) * total)
}

// arrival says at which 20 ms tick each packet arrives (-1: never).
type arrival func(i, n int) int

func inOrder(i, _ int) int { return i }

func TestToneThroughJitterBufferAndMixer(t *testing.T) {
	const freq = 1000.0
	const frames = 150 // 3 s
	tests := []struct {
		name      string
		arrive    arrival
		duplicate bool
		check     func(t *testing.T, s JitterStats)
	}{
		{"in order", inOrder, false, func(t *testing.T, s JitterStats) {
			if s.Concealed+s.Recovered+s.Late != 0 {
				t.Errorf("clean stream concealed: %+v", s)
			}
		}},
		{"neighbours swapped", func(i, _ int) int {
			if i%10 == 3 {
				return i + 1
			}
			if i%10 == 4 {
				return i - 1
			}
			return i
		}, false, func(t *testing.T, s JitterStats) {
			if s.Late+s.Concealed != 0 {
				t.Errorf("reordering within the buffer should cost nothing: %+v", s)
			}
		}},
		{"5% lost", func(i, _ int) int {
			if i%20 == 7 {
				return -1
			}
			return i
		}, false, func(t *testing.T, s JitterStats) {
			if s.Recovered+s.Concealed < 6 {
				t.Errorf("lost packets not concealed: %+v", s)
			}
			if s.Recovered == 0 {
				t.Errorf("in-band FEC never used: %+v", s)
			}
		}},
		{"burst of 3 lost", func(i, _ int) int {
			if i >= 60 && i < 63 {
				return -1
			}
			return i
		}, false, func(t *testing.T, s JitterStats) {
			if s.Concealed < 2 {
				t.Errorf("burst not concealed: %+v", s)
			}
		}},
		{"one packet far too late", func(i, _ int) int {
			if i == 50 {
				return 56
			}
			return i
		}, false, func(t *testing.T, s JitterStats) {
			if s.Late != 1 {
				t.Errorf("late packet not counted: %+v", s)
			}
		}},
		{"every packet twice", inOrder, true, func(t *testing.T, s JitterStats) {
			if s.Duplicate != frames {
				t.Errorf("duplicates %d, want %d", s.Duplicate, frames)
			}
		}},
	}
	packets := opusTone(t, freq, frames)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			jb, err := NewJitterBuffer(JitterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			mix := NewMixer(MixerOptions{})
			mix.Add("remote", jb)
			byTick := map[int][]*rtp.Packet{}
			for i, p := range packets {
				if at := tc.arrive(i, len(packets)); at >= 0 {
					byTick[at] = append(byTick[at], p)
					if tc.duplicate {
						byTick[at] = append(byTick[at], p)
					}
				}
			}
			var out []float32
			var beforeDrain JitterStats              // the stream's end is concealed too: judge before it
			chunk := make([]float32, frameSamples/2) // the player pulls 10 ms
			for tick := 0; tick < frames+10; tick++ {
				for _, p := range byTick[tick] {
					jb.Push(p)
				}
				for range 2 {
					mix.Mix(chunk)
					out = append(out, chunk...)
				}
				if tick == frames-1 {
					beforeDrain = jb.Stats()
				}
			}
			// Skip the start (buffering, codec warm-up) and the drained end.
			body := out[SampleRate/5 : len(out)-SampleRate/5]
			f, share := dominantFrequency(body)
			t.Logf("dominant %.0f Hz holding %.0f%% of the power; %+v", f, share*100, jb.Stats())
			if math.Abs(f-freq) > 5 {
				t.Errorf("dominant frequency %.0f Hz, want %.0f", f, freq)
			}
			if share < 0.8 {
				t.Errorf("tone holds only %.0f%% of the power", share*100)
			}
			tc.check(t, beforeDrain)
		})
	}
}

func TestJitterBufferEdgeCases(t *testing.T) {
	packets := opusTone(t, 440, 40)
	tests := []struct {
		name  string
		feed  func(jb *JitterBuffer)
		pulls int
		check func(t *testing.T, real int, s JitterStats)
	}{
		{"nothing arrived: silence, no panic", func(*JitterBuffer) {}, 5, func(t *testing.T, real int, s JitterStats) {
			if real != 0 {
				t.Errorf("%d real samples from nothing", real)
			}
		}},
		{"nil and empty packets are ignored", func(jb *JitterBuffer) {
			jb.Push(nil)
			jb.Push(&rtp.Packet{})
		}, 3, func(t *testing.T, real int, s JitterStats) {
			if s.Received != 0 {
				t.Errorf("accepted %d empty packets", s.Received)
			}
		}},
		{"garbage payload is concealed", func(jb *JitterBuffer) {
			for i, p := range packets[:6] {
				q := p.Clone()
				if i == 3 {
					q.Payload = []byte{0xff, 0xff, 0xff, 0xff, 0xff}
				}
				jb.Push(q)
			}
		}, 6, func(t *testing.T, real int, s JitterStats) {
			if s.BadPackets != 1 {
				t.Errorf("bad packets %d, want 1: %+v", s.BadPackets, s)
			}
		}},
		{"flood beyond the maximum drops the oldest", func(jb *JitterBuffer) {
			for _, p := range packets {
				jb.Push(p)
			}
		}, 1, func(t *testing.T, real int, s JitterStats) {
			if s.Dropped < 25 || s.Buffered > 10*frameSamples {
				t.Errorf("delay not bounded: %+v", s)
			}
		}},
		{"sender pauses: silence after a short concealment, then resumes", func(jb *JitterBuffer) {
			for _, p := range packets[:5] {
				jb.Push(p)
			}
		}, 20, func(t *testing.T, real int, s JitterStats) {
			// 5 frames played, at most MaxConcealed made up, then silence.
			if real > 10*frameSamples || s.Underruns != 1 {
				t.Errorf("real %d samples, %+v", real, s)
			}
		}},
		{"timestamps wrap around", func(jb *JitterBuffer) {
			for i, p := range packets[:8] {
				q := p.Clone()
				q.Timestamp = math.MaxUint32 - 3*frameSamples + uint32(i*frameSamples) + 1
				jb.Push(q)
			}
		}, 8, func(t *testing.T, real int, s JitterStats) {
			if real != 8*frameSamples || s.Concealed != 0 {
				t.Errorf("real %d, %+v", real, s)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			jb, err := NewJitterBuffer(JitterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			tc.feed(jb)
			out := make([]float32, frameSamples)
			real := 0
			for range tc.pulls {
				real += jb.Pull(out)
			}
			tc.check(t, real, jb.Stats())
		})
	}
}

// toneSource is test input for the mixer: a sine that can be switched off.
type toneSource struct {
	amp, freq float64
	phase     int
	on        bool
}

func (s *toneSource) Pull(out []float32) int {
	if !s.on {
		clear(out)
		return len(out)
	}
	for i := range out {
		out[i] = float32(s.amp * math.Sin(2*math.Pi*s.freq*float64(s.phase)/SampleRate))
		s.phase++
	}
	return len(out)
}

func TestMixerVolumeAndTalking(t *testing.T) {
	var events []string
	m := NewMixer(MixerOptions{OnTalking: func(id string, talking bool) {
		if talking {
			events = append(events, id+" starts")
		} else {
			events = append(events, id+" stops")
		}
	}})
	anna := &toneSource{amp: 0.2, freq: 300, on: true}
	ben := &toneSource{amp: 0.2, freq: 700, on: false}
	m.Add("anna", anna)
	m.Add("ben", ben)
	chunk := make([]float32, 480)
	for range 10 { // 100 ms
		m.Mix(chunk)
	}
	if !m.Talking("anna") || m.Talking("ben") || !m.AnyoneTalking() {
		t.Fatalf("talking: %v", m.TalkingIDs())
	}
	m.SetVolume("anna", 0.5)
	m.Mix(chunk)
	peak := 0.0
	for _, s := range chunk {
		peak = math.Max(peak, math.Abs(float64(s)))
	}
	if math.Abs(peak-0.1) > 0.01 {
		t.Errorf("peak at volume 0.5 is %.3f, want 0.1", peak)
	}
	m.SetVolume("anna", 0) // silenced for me, still seen talking
	m.Mix(chunk)
	if Level(chunk) != 0 || !m.Talking("anna") {
		t.Errorf("volume 0: level %v, talking %v", Level(chunk), m.Talking("anna"))
	}
	anna.on = false
	for range 30 { // 300 ms: within the 400 ms hangover
		m.Mix(chunk)
	}
	if !m.Talking("anna") {
		t.Error("talking dropped inside the hangover")
	}
	for range 20 {
		m.Mix(chunk)
	}
	if m.AnyoneTalking() {
		t.Errorf("still talking after the hangover: %v", m.TalkingIDs())
	}
	if len(events) != 2 || events[0] != "anna starts" || events[1] != "anna stops" {
		t.Errorf("events %v", events)
	}
	m.SetVolume("nobody", 1) // unknown ids are ignored
	m.Remove("anna")
	if m.Volume("anna") != 0 {
		t.Error("removed participant still has a volume")
	}
}

func TestMixerClipsSoftly(t *testing.T) {
	m := NewMixer(MixerOptions{})
	for _, id := range []string{"a", "b", "c"} {
		m.Add(id, &toneSource{amp: 0.9, freq: 200, on: true})
	}
	chunk := make([]float32, 960)
	m.Mix(chunk)
	for _, s := range chunk {
		if s > 1 || s < -1 {
			t.Fatalf("sample %v outside [-1, 1]", s)
		}
	}
}

func TestPlayerErrorsAreTyped(t *testing.T) {
	if _, err := StartPlayer(PlayerOptions{Null: true}); !errors.Is(err, ErrPlayback) {
		t.Errorf("no Fill: got %v", err)
	}
	// Without a sound card the default backends may fail first: either way
	// the error is typed and nothing panics.
	p, err := StartPlayer(PlayerOptions{DeviceID: "no-such-speaker", Fill: func(out []float32) { clear(out) }})
	if err == nil {
		p.Close()
		t.Fatal("unknown speaker accepted")
	}
	if !errors.Is(err, ErrNoDevice) && !errors.Is(err, ErrPlayback) {
		t.Errorf("got untyped %v", err)
	}
}

func TestJitterBufferSurvivesTimestampJumps(t *testing.T) {
	packets := opusTone(t, 440, 20)
	jb, err := NewJitterBuffer(JitterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, frameSamples)
	for _, p := range packets[:5] {
		jb.Push(p)
		jb.Pull(out)
	}
	// The sender jumps two billion samples ahead (a restart, or garbage).
	for _, p := range packets[5:] {
		q := p.Clone()
		q.Timestamp += 1<<31 - uint32(len(packets)*frameSamples)
		jb.Push(q)
	}
	real := 0
	for range 20 {
		real += jb.Pull(out)
	}
	s := jb.Stats()
	if real < 10*frameSamples || s.Buffered > 10*frameSamples {
		t.Errorf("after the jump: %d real samples, %+v", real, s)
	}
}

func TestPlayerPlaysAndStopsQuietly(t *testing.T) {
	stopped := make(chan struct{}, 1)
	filled := make(chan struct{}, 1)
	p, err := StartPlayer(PlayerOptions{
		Null: true,
		Fill: func(out []float32) {
			clear(out)
			select {
			case filled <- struct{}{}:
			default:
			}
		},
		OnStopped: func() { stopped <- struct{}{} },
	})
	if err != nil {
		t.Fatal(err)
	}
	<-filled
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	_ = p.Close()
	select {
	case <-stopped:
		t.Error("OnStopped called after Close")
	default:
	}
	if p.SamplesPlayed() == 0 {
		t.Error("nothing played")
	}
}

func TestTenMillisecondPackets(t *testing.T) {
	// Browsers may send 10 ms packets (the SDP allows minptime=10).
	packets := opusToneFrames(t, 700, 200, frameSamples/2)
	jb, err := NewJitterBuffer(JitterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []float32
	chunk := make([]float32, frameSamples/2)
	for _, p := range packets {
		jb.Push(p)
		jb.Pull(chunk)
		out = append(out, chunk...)
	}
	s := jb.Stats()
	f, share := dominantFrequency(out[SampleRate/5:])
	if math.Abs(f-700) > 5 || share < 0.8 || s.Concealed != 0 || s.Underruns != 0 {
		t.Errorf("heard %.0f Hz (%.0f%%), %+v", f, share*100, s)
	}
}

// A sender whose RTP timestamps jump back and forth by 2^31 makes "which
// packet is older" meaningless: the buffer must still bound itself by
// the number of packets it keeps, not only by the span of their
// timestamps.
func TestHostileTimestampsCannotGrowTheBuffer(t *testing.T) {
	packets := opusTone(t, 440, 4)
	jb, err := NewJitterBuffer(JitterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, frameSamples)
	for i := range 5000 {
		q := packets[i%len(packets)].Clone()
		q.Timestamp = uint32(i) * 7
		if i%2 == 1 {
			q.Timestamp += 1 << 31
		}
		jb.Push(q)
		if i%50 == 0 {
			jb.Pull(out)
		}
	}
	jb.mu.Lock()
	kept := len(jb.packets)
	jb.mu.Unlock()
	if limit := jb.maxPackets(); kept > limit {
		t.Fatalf("the buffer keeps %d packets, want at most %d", kept, limit)
	}
	if kept > 100 {
		t.Fatalf("the buffer keeps %d packets", kept)
	}
}
