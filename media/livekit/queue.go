package livekit

import (
	"sync"

	"github.com/ringlet/ringlet/media/call"
)

// eventQueue delivers events in order without ever blocking the engine
// on a slow reader: a burst (everyone's tracks at once after a rejoin)
// waits here, not in the network goroutines. It closes its channel after
// call.Ended.
type eventQueue struct {
	out chan call.Event

	mu      sync.Mutex
	pending []call.Event
	wake    chan struct{}
	ended   bool
}

func newEventQueue() *eventQueue {
	q := &eventQueue{out: make(chan call.Event), wake: make(chan struct{}, 1)}
	go q.run()
	return q
}

// push adds an event; everything after call.Ended is dropped.
func (q *eventQueue) push(e call.Event) {
	q.mu.Lock()
	if q.ended {
		q.mu.Unlock()
		return
	}
	if _, ok := e.(call.Ended); ok {
		q.ended = true
	}
	q.pending = append(q.pending, e)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *eventQueue) run() {
	for {
		q.mu.Lock()
		batch := q.pending
		q.pending = nil
		q.mu.Unlock()
		for _, e := range batch {
			q.out <- e
			if _, ok := e.(call.Ended); ok {
				close(q.out)
				return
			}
		}
		if len(batch) == 0 {
			<-q.wake
		}
	}
}

// discard ends a queue nobody will read (a join that failed).
func (q *eventQueue) discard() {
	q.push(call.Ended{})
	go func() {
		for range q.out {
		}
	}()
}
