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
//
// On Windows there is no build of the library (Debian's source tarballs for it
// were not to be had, see README "Windows"): New always returns
// ErrUnavailable there, and calls go on without software echo cancellation,
// as they do on Linux when the library refuses to start.
package apm

import (
	"time"

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

// consume drops the first k samples, keeping the rest at the front of the
// same array so the buffer does not creep through memory.
func consume(buf []float32, k int) []float32 {
	n := copy(buf, buf[k:])
	return buf[:n]
}
