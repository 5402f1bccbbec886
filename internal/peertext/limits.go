package peertext

import (
	"sync"

	"golang.org/x/time/rate"
)

// Chat and hands from one participant may come at ChatRate a second, in
// bursts of ChatBurst; the rest is dropped. A person types far slower; a
// script flooding the ring is cut down to this before anything reaches
// the window.
const (
	ChatRate  = 2
	ChatBurst = 10
)

// Limits holds one rate limiter per sender (whatever the engine calls a
// participant). The zero value is ready to use.
type Limits[K comparable] struct {
	mu   sync.Mutex
	from map[K]*rate.Limiter
}

// Allow reports whether one more message from k may pass now.
func (l *Limits[K]) Allow(k K) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.from == nil {
		l.from = map[K]*rate.Limiter{}
	}
	lim, ok := l.from[k]
	if !ok {
		lim = rate.NewLimiter(ChatRate, ChatBurst)
		l.from[k] = lim
	}
	return lim.Allow()
}

// Forget drops k's limiter (k left).
func (l *Limits[K]) Forget(k K) {
	l.mu.Lock()
	delete(l.from, k)
	l.mu.Unlock()
}
