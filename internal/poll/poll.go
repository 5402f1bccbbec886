// Package poll is the tests' one way to wait for something that happens
// by itself (a line of output, a file, a process in a tree): check a
// condition again and again until it holds. Only tests import it, so
// package testing stays out of the product.
package poll

import (
	"testing"
	"time"
)

// within bounds every wait. It is a safety net, not a measurement: the
// machine is shared, and only the condition matters, never how long it
// took.
const within = time.Minute

// every is how often the condition is checked.
const every = 20 * time.Millisecond

// Until checks cond until it holds, and fails tb with what if it has not
// held within a minute. cond runs on the caller's goroutine, so it may
// itself fail tb (for example when a process it waits on has ended).
func Until(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			tb.Fatalf("gave up waiting: %s", what)
		case <-tick.C:
		}
	}
}
