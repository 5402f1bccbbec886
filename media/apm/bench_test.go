//go:build !windows

package apm

import (
	"testing"
	"time"
)

// BenchmarkProcess10ms is one 10 ms frame through echo cancellation, noise
// suppression and gain control, far end included.
func BenchmarkProcess10ms(b *testing.B) {
	p, err := New(Default)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	far := speechLike(4, 1)
	near := room(far, 40*time.Millisecond, 0.5)
	frames := len(far) / frameLen
	buf := make([]float32, frameLen)
	i := 0
	for b.Loop() {
		k := (i % frames) * frameLen
		p.FarEnd(far[k : k+frameLen])
		copy(buf, near[k:k+frameLen])
		p.Process(buf)
		i++
	}
}
