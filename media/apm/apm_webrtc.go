//go:build !windows

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
)

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
