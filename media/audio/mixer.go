package audio

import (
	"math"
	"sort"
	"sync"
)

// Source is one remote participant's audio as the mixer pulls it;
// *JitterBuffer fits. Pull always fills out and returns how many samples
// were real audio rather than buffering silence.
type Source interface {
	Pull(out []float32) int
}

// MixerOptions tune talking detection.
type MixerOptions struct {
	// TalkThreshold is the level (0..1 on the 60 dB scale of Level) above
	// which a participant counts as talking. 0 → 0.35 (about −39 dBFS),
	// above room noise after Opus, below quiet speech.
	TalkThreshold float64
	// HangoverSamples keeps "talking" on through the short pauses between
	// words, so the indicator does not flicker. 0 → 400 ms.
	HangoverSamples int
	// OnTalking is called from Mix whenever a participant starts or stops
	// talking. It must not block.
	OnTalking func(id string, talking bool)
}

type participant struct {
	src      Source
	volume   float64
	level    float64
	lastTalk int64 // mixer sample clock of the last loud chunk; -1 never
	talking  bool
}

// Mixer adds up the remote participants for the speaker, each at its own
// volume, and tells who is talking. Its clock is the number of samples
// mixed, so talking detection follows the audio, not the wall clock.
type Mixer struct {
	opts MixerOptions

	mu      sync.Mutex
	parts   map[string]*participant
	clock   int64
	scratch []float32
}

// NewMixer makes an empty mixer.
func NewMixer(opts MixerOptions) *Mixer {
	if opts.TalkThreshold <= 0 {
		opts.TalkThreshold = 0.35
	}
	if opts.HangoverSamples <= 0 {
		opts.HangoverSamples = SampleRate * 4 / 10
	}
	return &Mixer{opts: opts, parts: map[string]*participant{}}
}

// Add starts mixing src under id at full volume, replacing an earlier
// source of the same id.
func (m *Mixer) Add(id string, src Source) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.parts[id] = &participant{src: src, volume: 1, lastTalk: -1}
}

// Remove stops mixing id.
func (m *Mixer) Remove(id string) {
	m.mu.Lock()
	p, ok := m.parts[id]
	delete(m.parts, id)
	m.mu.Unlock()
	if ok && p.talking && m.opts.OnTalking != nil {
		m.opts.OnTalking(id, false)
	}
}

// SetVolume sets id's volume: 0 silences, 1 is as sent, up to 2 doubles.
func (m *Mixer) SetVolume(id string, v float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.parts[id]; ok {
		p.volume = math.Max(0, math.Min(2, v))
	}
}

// Volume returns id's volume (0 for unknown ids).
func (m *Mixer) Volume(id string) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.parts[id]; ok {
		return p.volume
	}
	return 0
}

// Mix fills out with the sum of all participants for the next len(out)
// samples.
func (m *Mixer) Mix(out []float32) {
	type change struct {
		id      string
		talking bool
	}
	var changes []change

	m.mu.Lock()
	clear(out)
	if cap(m.scratch) < len(out) {
		m.scratch = make([]float32, len(out))
	}
	buf := m.scratch[:len(out)]
	m.clock += int64(len(out))
	for id, p := range m.parts {
		n := p.src.Pull(buf)
		// Talking is judged before the volume: turning someone down does
		// not hide that they speak.
		p.level = 0
		if n > 0 {
			p.level = Level(buf)
		}
		if p.level >= m.opts.TalkThreshold {
			p.lastTalk = m.clock
		}
		talking := p.lastTalk >= 0 && m.clock-p.lastTalk <= int64(m.opts.HangoverSamples)
		if talking != p.talking {
			p.talking = talking
			changes = append(changes, change{id, talking})
		}
		if n == 0 || p.volume == 0 {
			continue
		}
		v := float32(p.volume)
		for i, s := range buf {
			out[i] += s * v
		}
	}
	m.mu.Unlock()

	for i, s := range out {
		out[i] = softClip(s)
	}
	if m.opts.OnTalking != nil {
		for _, c := range changes {
			m.opts.OnTalking(c.id, c.talking)
		}
	}
}

// softClip keeps sums of several loud voices from wrapping or cracking:
// linear up to 0.8, then bent smoothly towards ±1.
func softClip(s float32) float32 {
	const knee = 0.8
	switch {
	case s > knee:
		return knee + (1-knee)*float32(math.Tanh(float64((s-knee)/(1-knee))))
	case s < -knee:
		return -knee - (1-knee)*float32(math.Tanh(float64((-s-knee)/(1-knee))))
	}
	return s
}

// Talking reports whether id is talking (with hangover).
func (m *Mixer) Talking(id string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.parts[id]
	return ok && p.talking
}

// AnyoneTalking reports whether any remote participant is talking.
func (m *Mixer) AnyoneTalking() bool {
	return len(m.TalkingIDs()) > 0
}

// TalkingIDs lists who is talking now, sorted.
func (m *Mixer) TalkingIDs() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for id, p := range m.parts {
		if p.talking {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// LevelOf is id's level in the last mixed chunk, 0..1, before its volume.
func (m *Mixer) LevelOf(id string) float64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.parts[id]; ok {
		return p.level
	}
	return 0
}

// Level maps the RMS of samples to 0..1 on a 60 dB scale (−60 dBFS → 0,
// full scale → 1), the same scale as capture's input meter.
func Level(samples []float32) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	rms := math.Sqrt(sum / float64(len(samples)))
	if rms <= 0 {
		return 0
	}
	return math.Max(0, math.Min(1, (20*math.Log10(rms)+60)/60))
}
