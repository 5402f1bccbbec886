// Package apm cleans the microphone signal before it is sent: echo
// cancellation (so the others do not hear themselves from this person's
// speakers), noise suppression and automatic gain control. It binds Debian's
// libwebrtc-audio-processing (0.3, the C++ webrtc::AudioProcessing) through a
// small extern "C" shim in shim.cc.
//
// Wiring: the playback path hands everything it plays to FarEnd (e.g.
// audio.PlayerOptions.Played), and capture runs Process on every microphone
// chunk (capture.Options.AudioFilter). Both take mono float32 samples at
// 48 kHz in any chunk size; the library works in 10 ms frames, so chunks that
// are not a multiple of 10 ms make Process add one 10 ms frame of delay.
//
// The canceller runs delay-agnostic with the extended filter: desktop sound
// systems report their latency unreliably, so it estimates the echo path
// delay itself. StreamDelay is only a starting hint.
package apm

// #cgo pkg-config: webrtc-audio-processing
// #cgo CXXFLAGS: -std=c++11
// #include <stdlib.h>
// #include "shim.h"
import "C"

import (
	"runtime"
	"sync"
	"time"
	"unsafe"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// SampleRate is the only rate the processor takes.
const SampleRate = 48000

// frameLen is the library's 10 ms frame.
const frameLen = SampleRate / 100

// Options pick the stages. The zero value turns everything off; Default
// turns everything on.
type Options struct {
	EchoCancellation bool
	NoiseSuppression bool
	GainControl      bool
	// StreamDelay hints how long sound takes from FarEnd through the
	// speaker and back into the microphone (0 → 50 ms).
	StreamDelay time.Duration
}

// Default is what a call uses.
var Default = Options{EchoCancellation: true, NoiseSuppression: true, GainControl: true}

// Error is a failure the GUI translates by its message key.
type Error = keyerr.Error

// ErrUnavailable means the library refused to start; calls then go on
// without echo cancellation.
var ErrUnavailable = &Error{Key: "media.apm.unavailable"}

// Processor is one echo canceller + noise suppressor + gain control. FarEnd
// and Process may be called from different goroutines (playback and capture
// threads).
type Processor struct {
	mu      sync.Mutex
	c       *C.ringlet_apm
	frame   *C.float // one 10 ms frame in C memory, reused
	delayMs C.int

	farPending  []float32
	nearPending []float32 // captured, not yet processed
	nearOut     []float32 // processed, not yet handed back
	primed      bool
	frames      uint64
	lastErr     int
}

// New starts a processor.
func New(opts Options) (*Processor, error) {
	delay := opts.StreamDelay
	if delay <= 0 {
		delay = 50 * time.Millisecond
	}
	c := C.ringlet_apm_new(SampleRate, cbool(opts.EchoCancellation), cbool(opts.NoiseSuppression), cbool(opts.GainControl))
	if c == nil {
		return nil, ErrUnavailable
	}
	p := &Processor{
		c:       c,
		frame:   (*C.float)(C.malloc(C.size_t(frameLen) * C.size_t(unsafe.Sizeof(C.float(0))))),
		delayMs: C.int(delay / time.Millisecond),
	}
	runtime.SetFinalizer(p, (*Processor).Close)
	return p, nil
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func (p *Processor) frameSlice() []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(p.frame)), frameLen)
}

// FarEnd tells the canceller what the speaker is playing.
func (p *Processor) FarEnd(samples []float32) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.c == nil {
		return
	}
	p.farPending = append(p.farPending, samples...)
	for len(p.farPending) >= frameLen {
		copy(p.frameSlice(), p.farPending[:frameLen])
		if rc := C.ringlet_apm_far_end(p.c, p.frame); rc != 0 {
			p.lastErr = int(rc)
		}
		p.farPending = consume(p.farPending, frameLen)
	}
}

// Process cleans captured samples in place.
func (p *Processor) Process(samples []float32) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.c == nil {
		return
	}
	if !p.primed {
		p.primed = true
		if len(samples)%frameLen != 0 {
			// Chunks do not line up with 10 ms frames: hand back one frame
			// late, so there is always a processed frame to give.
			p.nearOut = make([]float32, frameLen)
		}
	}
	p.nearPending = append(p.nearPending, samples...)
	for len(p.nearPending) >= frameLen {
		f := p.frameSlice()
		copy(f, p.nearPending[:frameLen])
		if rc := C.ringlet_apm_near_end(p.c, p.frame, p.delayMs); rc != 0 {
			p.lastErr = int(rc)
		}
		p.nearOut = append(p.nearOut, f...)
		p.nearPending = consume(p.nearPending, frameLen)
		p.frames++
	}
	n := copy(samples, p.nearOut)
	clear(samples[n:]) // only before the first frame is through
	p.nearOut = consume(p.nearOut, n)
}

// consume drops the first k samples, keeping the rest at the front of the
// same array so the buffer does not creep through memory.
func consume(buf []float32, k int) []float32 {
	n := copy(buf, buf[k:])
	return buf[:n]
}

// Frames counts the 10 ms microphone frames processed so far: proof for
// callers (and their tests) that the microphone really goes through it.
func (p *Processor) Frames() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.frames
}

// LastError is the library's last error code (0 = none); processing goes
// on regardless, so this is for diagnostics.
func (p *Processor) LastError() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastErr
}

// Close frees the library's state; later calls do nothing.
func (p *Processor) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.c != nil {
		C.ringlet_apm_free(p.c)
		C.free(unsafe.Pointer(p.frame))
		p.c, p.frame = nil, nil
	}
	return nil
}
