package apm

// Processor exists on Windows only so that callers compile unchanged: New
// never returns one, because webrtc-audio-processing is not built for
// Windows (see the package doc). Its methods are never reached.
type Processor struct{}

// New reports that echo cancellation is unavailable on Windows.
func New(Options) (*Processor, error) { return nil, ErrUnavailable }

// FarEnd is never reached: no Processor exists on Windows.
func (p *Processor) FarEnd([]float32) {}

// Process is never reached: no Processor exists on Windows.
func (p *Processor) Process([]float32) {}

// Frames is never reached: no Processor exists on Windows.
func (p *Processor) Frames() uint64 { return 0 }

// LastError is never reached: no Processor exists on Windows.
func (p *Processor) LastError() int { return 0 }

// Close is never reached: no Processor exists on Windows.
func (p *Processor) Close() error { return nil }
