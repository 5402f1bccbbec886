package capture

import (
	"io"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
	"github.com/pion/mediadevices/pkg/wave/mixer"
)

// audioSource is videoSource's counterpart for the microphone: when the
// microphone fails mid-call it sends 20 ms chunks of silence instead of
// ending the track.
type audioSource struct {
	id     string
	onLost func(error)

	mu      sync.Mutex
	r       audio.Reader
	d       driver.Driver // nil while silent
	gen     int
	lost    bool
	closed  bool
	tick    *time.Ticker
	silence *wave.Float32Interleaved
	pace    realTime // only the reading goroutine touches it
}

func (a *audioSource) ID() string { return a.id }

// realTime holds a sound source to the pace of the clock. A real
// microphone is paced by its hardware, but miniaudio's "null" device (all
// a computer without a sound card offers) delivers silence as fast as it
// is read: unpaced, the encoder and echo canceller behind it spin a whole
// core.
type realTime struct {
	start time.Time
	gen   int
	sent  time.Duration // media time handed out since start
}

// after accounts for a chunk of d and waits while the source is ahead of
// the clock by more than a little (so real devices, never more than their
// buffer ahead, are not slowed).
func (p *realTime) after(gen int, d time.Duration, now func() time.Time, sleep func(time.Duration)) {
	t := now()
	if p.start.IsZero() || p.gen != gen {
		p.start, p.gen, p.sent = t, gen, 0
	}
	p.sent += d
	elapsed := t.Sub(p.start)
	if ahead := p.sent - elapsed; ahead > 60*time.Millisecond {
		sleep(ahead - 20*time.Millisecond)
	} else if ahead < -time.Second {
		// A stall (the machine was busy): start counting afresh rather
		// than letting a burst through to catch up.
		p.start, p.sent = t, 0
	}
}

func (a *audioSource) Read() (wave.Audio, func(), error) {
	a.mu.Lock()
	r, gen, closed := a.r, a.gen, a.closed
	a.mu.Unlock()
	if closed {
		return nil, func() {}, io.EOF
	}
	if r != nil {
		chunk, release, err := r.Read()
		if err == nil {
			if info := chunk.ChunkInfo(); info.SamplingRate > 0 {
				a.pace.after(gen, time.Duration(info.Len)*time.Second/time.Duration(info.SamplingRate), time.Now, time.Sleep)
			}
			return chunk, release, nil
		}
		a.failed(gen, err)
	}
	return a.silentChunk()
}

func (a *audioSource) failed(gen int, err error) {
	a.mu.Lock()
	if a.closed || a.r == nil || a.gen != gen {
		a.mu.Unlock()
		return
	}
	d := a.d
	a.r, a.d, a.lost = nil, nil, true
	onLost := a.onLost
	a.mu.Unlock()
	if d != nil {
		_ = d.Close()
	}
	if onLost != nil {
		onLost(err)
	}
}

func (a *audioSource) silentChunk() (wave.Audio, func(), error) {
	a.mu.Lock()
	if a.tick == nil {
		a.tick = time.NewTicker(20 * time.Millisecond)
	}
	tick := a.tick
	a.mu.Unlock()
	<-tick.C
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, func() {}, io.EOF
	}
	// A fresh chunk each time: later stages (filter, mute) edit in place.
	chunk := wave.NewFloat32Interleaved(wave.ChunkInfo{Len: SampleRate / 50, Channels: Channels, SamplingRate: SampleRate})
	return chunk, func() {}, nil
}

func (a *audioSource) replace(d driver.Driver, r audio.Reader) {
	a.mu.Lock()
	old := a.d
	a.d, a.r, a.lost = d, r, false
	a.gen++
	a.mu.Unlock()
	if old != nil {
		_ = old.Close()
	}
}

func (a *audioSource) isLost() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lost
}

func (a *audioSource) Close() error {
	a.mu.Lock()
	d := a.d
	a.closed, a.d, a.r = true, nil, nil
	if a.tick != nil {
		a.tick.Stop()
	}
	a.mu.Unlock()
	if d != nil {
		return d.Close()
	}
	return nil
}

// startMicrophone finds, opens and starts one microphone driver. A
// microphone the user chose (opts.AudioDevice) is that one or an error; the
// default is the first one that really opens, so a device that lists but
// cannot be opened (JACK without its server) does not leave people mute.
func startMicrophone(opts Options) (driver.Driver, audio.Reader, error) {
	id := opts.AudioDevice
	if opts.TestPattern {
		id = ""
	}
	candidates := candidateDrivers(audioFilter(opts.TestPattern, id), id)
	if len(candidates) == 0 {
		return nil, nil, ErrNoMicrophone
	}
	var firstErr error
	for _, d := range candidates {
		r, err := recordMicrophone(d)
		if err == nil {
			return d, r, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, nil, firstErr
}

// recordMicrophone opens d and starts it in the encoder's format.
func recordMicrophone(d driver.Driver) (audio.Reader, error) {
	if err := d.Open(); err != nil {
		return nil, wrap(ErrMicFailed, err)
	}
	want := prop.MediaConstraints{AudioConstraints: prop.AudioConstraints{
		SampleRate: prop.Int(SampleRate),
		Latency:    prop.Duration(20 * time.Millisecond),
	}}
	p, _ := bestProp(d, want)
	// miniaudio converts: always ask for what the encoder wants, so a
	// switched microphone feeds the running encoder the same format.
	p.SampleRate = SampleRate
	if p.ChannelCount == 0 {
		p.ChannelCount = Channels
	}
	r, err := d.(driver.AudioRecorder).AudioRecord(p)
	if err != nil {
		_ = d.Close()
		return nil, wrap(ErrMicFailed, err)
	}
	return r, nil
}

func openAudio(opts Options, selector *mediadevices.CodecSelector, s *Stream) (mediadevices.Track, *audioSource, error) {
	d, r, err := startMicrophone(opts)
	if err != nil {
		return nil, nil, err
	}
	src := &audioSource{r: r, d: d, id: uuid.NewString(), onLost: opts.OnMicrophoneLost}
	track := mediadevices.NewAudioTrack(src, selector).(*mediadevices.AudioTrack)
	track.Transform(
		audio.NewChannelMixer(Channels, &mixer.MonoMixer{}),
		s.processAudio(opts.AudioFilter),
	)
	return track, src, nil
}
