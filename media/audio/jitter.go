package audio

import (
	"cmp"
	"slices"
	"sync"

	"github.com/pion/rtp"
	"gopkg.in/hraban/opus.v2"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// SampleRate is the rate of everything this package hands out: Opus's
// native 48 kHz, mono.
const SampleRate = 48000

// frameSamples is one 20 ms Opus frame, what browsers and Ringlet send.
const frameSamples = SampleRate / 50

// maxFrameSamples is Opus's longest frame (120 ms).
const maxFrameSamples = SampleRate * 120 / 1000

// JitterOptions tune a JitterBuffer. Zero values pick defaults that suit a
// conversation across a city: 40 ms of buffer, at most 200 ms.
type JitterOptions struct {
	// TargetSamples is how much audio is buffered before playing starts
	// (and again after running dry). 0 → 40 ms.
	TargetSamples int
	// MaxSamples is the most audio kept waiting; beyond it the oldest is
	// dropped so delay cannot grow without bound. 0 → 200 ms.
	MaxSamples int
	// MaxConcealed is how many missing frames in a row are concealed
	// before the stream counts as paused (the sender muted, DTX or left)
	// and silence is played instead. 0 → 5 (100 ms).
	MaxConcealed int
}

// JitterStats counts what the buffer did.
type JitterStats struct {
	Received    uint64 // packets accepted
	Late        uint64 // arrived after their turn was played
	Duplicate   uint64
	Dropped     uint64 // thrown away because the buffer was full
	Concealed   uint64 // frames made up by Opus packet loss concealment
	Recovered   uint64 // frames rebuilt from the next packet's in-band FEC
	Underruns   uint64 // times the buffer ran dry and started buffering again
	BadPackets  uint64 // packets libopus rejected
	SamplesOut  uint64
	Buffered    int // samples waiting now (approximate, from timestamps)
	PlayingFrom uint32
}

// JitterBuffer puts one remote Opus stream back in order, hides lost packets
// and hands out steady PCM to whoever plays it. Push and Pull may be called
// from different goroutines.
type JitterBuffer struct {
	opts JitterOptions

	mu      sync.Mutex
	dec     *opus.Decoder
	packets map[uint32][]byte // by RTP timestamp
	// next is the RTP timestamp of the next frame to play; valid when playing.
	next      uint32
	playing   bool
	concealed int // missing frames in a row
	lastLen   int // samples in the last decoded frame, for concealment
	pcm       []float32
	pending   []float32 // decoded, not yet pulled
	stats     JitterStats
}

// NewJitterBuffer makes a buffer with its own libopus decoder.
func NewJitterBuffer(opts JitterOptions) (*JitterBuffer, error) {
	if opts.TargetSamples <= 0 {
		opts.TargetSamples = 2 * frameSamples
	}
	if opts.MaxSamples <= 0 {
		opts.MaxSamples = 10 * frameSamples
	}
	if opts.MaxSamples < opts.TargetSamples+frameSamples {
		opts.MaxSamples = opts.TargetSamples + frameSamples
	}
	if opts.MaxConcealed <= 0 {
		opts.MaxConcealed = 5
	}
	dec, err := opus.NewDecoder(SampleRate, 1)
	if err != nil {
		return nil, &Error{Key: ErrDecoder.Key, Err: err}
	}
	return &JitterBuffer{
		opts:    opts,
		dec:     dec,
		packets: map[uint32][]byte{},
		pcm:     make([]float32, maxFrameSamples),
		lastLen: frameSamples,
	}, nil
}

// before reports whether RTP timestamp a comes before b, across wrap-around.
func before(a, b uint32) bool { return int32(a-b) < 0 }

// Push stores one RTP packet's Opus payload (copied).
func (j *JitterBuffer) Push(pkt *rtp.Packet) {
	if pkt == nil || len(pkt.Payload) == 0 {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	ts := pkt.Timestamp
	if j.playing && before(ts, j.next) {
		j.stats.Late++
		return
	}
	if _, dup := j.packets[ts]; dup {
		j.stats.Duplicate++
		return
	}
	j.packets[ts] = append([]byte(nil), pkt.Payload...)
	j.stats.Received++
	j.trim()
	j.bound(ts)
}

// minFrameSamples is Opus's shortest frame (2.5 ms).
const minFrameSamples = SampleRate * 25 / 10000

// maxPackets is the most packets MaxSamples of audio can take, in Opus's
// shortest frames, plus one.
func (j *JitterBuffer) maxPackets() int { return j.opts.MaxSamples/minFrameSamples + 1 }

// bound keeps the buffer to maxPackets, whatever the timestamps say.
// trim orders packets by timestamp, which a hostile or broken sender can
// make meaningless: timestamps 2^31 apart are each "before" the other,
// and then no span looks too long. Here what counts is the distance
// behind newest, the packet just pushed: the ones furthest behind it (or
// ahead of it, which is "behind" by more than half the clock) go first.
func (j *JitterBuffer) bound(newest uint32) {
	limit := j.maxPackets()
	if len(j.packets) <= limit {
		return
	}
	keep := make([]uint32, 0, len(j.packets))
	for ts := range j.packets {
		keep = append(keep, ts)
	}
	slices.SortFunc(keep, func(a, b uint32) int { return cmp.Compare(newest-a, newest-b) })
	for _, ts := range keep[limit:] {
		delete(j.packets, ts)
		j.stats.Dropped++
	}
	if j.playing {
		if _, ok := j.packets[j.next]; !ok {
			// Start again from what is left rather than concealing
			// our way through a gap that is only made of lies.
			j.playing = false
		}
	}
}

// span is how much audio lies between the first and the last stored packet,
// counting the last one as a whole frame.
func (j *JitterBuffer) span() (oldest uint32, samples int) {
	first := true
	var newest uint32
	for ts := range j.packets {
		if first {
			oldest, newest, first = ts, ts, false
			continue
		}
		if before(ts, oldest) {
			oldest = ts
		}
		if before(newest, ts) {
			newest = ts
		}
	}
	if first {
		return 0, 0
	}
	if j.playing {
		oldest = j.next
	}
	return oldest, int(int32(newest-oldest)) + frameSamples
}

// trim drops the oldest audio when more than MaxSamples wait, in one step
// however far the newest packet is ahead (a broken sender's timestamps may
// jump by hours). Playing continues at the oldest packet kept.
func (j *JitterBuffer) trim() {
	oldest, n := j.span()
	if n <= j.opts.MaxSamples {
		return
	}
	newest := oldest + uint32(n-frameSamples)
	keepFrom := newest - uint32(j.opts.MaxSamples-frameSamples)
	first, found := uint32(0), false
	for ts := range j.packets {
		if before(ts, keepFrom) {
			delete(j.packets, ts)
			j.stats.Dropped++
			continue
		}
		if !found || before(ts, first) {
			first, found = ts, true
		}
	}
	if j.playing && found {
		j.next = first
	}
}

// Pull fills out with the next samples (mono, 48 kHz, [-1, 1]), always all
// of it: silence while buffering. It returns how many samples are real audio
// (decoded or concealed), so a mixer can tell a quiet stream from an absent one.
func (j *JitterBuffer) Pull(out []float32) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	real := 0
	for len(out) > 0 {
		if len(j.pending) == 0 && !j.produce() {
			clear(out)
			break
		}
		n := copy(out, j.pending)
		j.pending = j.pending[n:]
		out = out[n:]
		real += n
	}
	j.stats.SamplesOut += uint64(real)
	return real
}

// produce decodes (or conceals) the next frame into pending. It reports false
// while buffering.
func (j *JitterBuffer) produce() bool {
	if !j.playing {
		oldest, n := j.span()
		if n < j.opts.TargetSamples {
			return false
		}
		j.playing, j.next, j.concealed = true, oldest, 0
	}
	if data, ok := j.packets[j.next]; ok {
		delete(j.packets, j.next)
		n, err := j.dec.DecodeFloat32(data, j.pcm)
		if err != nil || n <= 0 {
			j.stats.BadPackets++
			return j.conceal()
		}
		j.concealed = 0
		j.lastLen = n
		j.pending = clamp(j.pcm[:n])
		j.next += uint32(n)
		return true
	}
	return j.conceal()
}

// conceal makes up the frame at next: from the in-band FEC copy in the
// following packet when there is one, else by Opus's loss concealment (also
// when nothing is buffered: the packet may merely be late, and a short made-up
// frame sounds better than a gap). After MaxConcealed frames in a row the
// stream counts as paused.
func (j *JitterBuffer) conceal() bool {
	if j.concealed >= j.opts.MaxConcealed {
		// The sender has stopped (muted, left, or the network is down): run
		// dry and buffer again rather than babble on.
		j.playing = false
		j.stats.Underruns++
		if len(j.packets) > 0 {
			return j.produce()
		}
		return false
	}
	frame := j.pcm[:j.lastLen:j.lastLen]
	if following, ok := j.packets[j.next+uint32(j.lastLen)]; ok && j.dec.DecodeFECFloat32(following, frame) == nil {
		j.stats.Recovered++
	} else if err := j.dec.DecodePLCFloat32(frame); err != nil {
		clear(frame)
	} else {
		j.stats.Concealed++
	}
	j.concealed++
	j.pending = clamp(frame)
	j.next += uint32(j.lastLen)
	return true
}

// clamp keeps decoded samples in [-1, 1]: libopus's float output is not
// clipped, and a hostile or broken stream can decode far beyond full scale.
func clamp(s []float32) []float32 {
	for i, v := range s {
		if v > 1 {
			s[i] = 1
		} else if v < -1 {
			s[i] = -1
		}
	}
	return s
}

// Stats returns the counters so far.
func (j *JitterBuffer) Stats() JitterStats {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := j.stats
	s.PlayingFrom = j.next
	_, s.Buffered = j.span()
	return s
}

// Error is an audio failure the GUI translates by its message key.
type Error = keyerr.Error

// Sentinels for errors.Is.
var (
	ErrDecoder  = &Error{Key: "media.audio.decoder_failed"}
	ErrPlayback = &Error{Key: "media.audio.playback_failed"}
	ErrNoDevice = &Error{Key: "media.audio.no_speaker"}
)
