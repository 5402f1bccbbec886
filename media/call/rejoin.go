package call

import (
	"context"
	"math/rand/v2"
	"time"
)

// RejoinPolicy says how an engine tries to get back into its ring after
// the connection failed.
type RejoinPolicy struct {
	// MinBackoff grows, doubling, to MaxBackoff between attempts; each
	// wait is jittered (between half and all of it), so that a ring whose
	// server restarted is not hit by everyone at once.
	MinBackoff, MaxBackoff time.Duration
	// MaxOutage: after this long without success the engine gives up.
	MaxOutage time.Duration
	// Permanent reports errors that trying again cannot mend (a wrong
	// PIN, a bad token): they end the call at once.
	Permanent func(error) bool
}

// Rejoin tries connect until it succeeds, with backoff, telling the
// window with ConnectionLost before each attempt. connect's context ends
// when leaving closes. It returns nil once connect succeeded, and
// otherwise the error that ends the call: a permanent one, or the last
// one after MaxOutage. left reports that leaving closed first (then
// nothing more is to be said).
func Rejoin(p RejoinPolicy, cause error, leaving <-chan struct{}, emit func(Event), connect func(context.Context) error) (err error, left bool) {
	start := time.Now()
	backoff := p.MinBackoff
	for attempt := 1; ; attempt++ {
		emit(ConnectionLost{Attempt: attempt, Err: cause})
		select {
		case <-leaving:
			return nil, true
		case <-time.After(backoff/2 + rand.N(backoff/2+1)):
		}
		err := connectUnlessLeaving(leaving, connect)
		if err == nil {
			return nil, false
		}
		select {
		case <-leaving:
			return nil, true
		default:
		}
		if p.Permanent(err) || time.Since(start) > p.MaxOutage {
			return err, false
		}
		cause = err
		backoff = min(backoff*2, p.MaxBackoff)
	}
}

// connectUnlessLeaving runs connect with a context that ends when leaving
// closes, so that a Leave does not wait for a server that does not answer.
func connectUnlessLeaving(leaving <-chan struct{}, connect func(context.Context) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-leaving:
			cancel()
		case <-ctx.Done():
		}
	}()
	return connect(ctx)
}
