package call

import "sync"

// MaxQueuedChatter bounds a Queue for events that others can send at
// will (chat, hands, talking). Past it they are dropped until the reader
// catches up. Everything else is bounded by the engine (media/janus
// follows at most MaxFeeds people) and is always kept, so that no join,
// leave or Ended is ever lost.
const MaxQueuedChatter = 1024

// chatter reports events that other participants can cause at any rate
// (and the session's blur notes, which follow the camera's pictures).
func chatter(e Event) bool {
	switch e.(type) {
	case Chat, Hand, Talking, BlurChanged:
		return true
	}
	return false
}

// Queue carries events to a reader without ever blocking the sender: an
// engine's network reader, or the session's loop, must not stall because
// the window is busy. It delivers in order on Out and closes it after
// Ended. Its length is bounded (see MaxQueuedChatter).
type Queue struct {
	mu      sync.Mutex
	items   []Event
	chatter int // chatter events among items
	wake    chan struct{}
	out     chan Event
	closed  bool
}

func NewQueue() *Queue {
	q := &Queue{wake: make(chan struct{}, 1), out: make(chan Event, 16)}
	go q.pump()
	return q
}

// Push adds e; after Ended it drops everything.
func (q *Queue) Push(e Event) {
	q.mu.Lock()
	if q.closed || chatter(e) && q.chatter >= MaxQueuedChatter {
		q.mu.Unlock()
		return
	}
	if chatter(e) {
		q.chatter++
	}
	q.items = append(q.items, e)
	if _, ok := e.(Ended); ok {
		q.closed = true
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Discard ends a queue nobody will read (a join that failed), so its pump
// does not wait forever.
func (q *Queue) Discard() {
	q.mu.Lock()
	q.closed, q.items, q.chatter = true, nil, 0
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Out delivers the events in order; it is closed after Ended.
func (q *Queue) Out() <-chan Event { return q.out }

func (q *Queue) pump() {
	for range q.wake {
		for {
			q.mu.Lock()
			if len(q.items) == 0 {
				done := q.closed
				q.mu.Unlock()
				if done {
					close(q.out)
					return
				}
				break
			}
			e := q.items[0]
			q.items[0] = nil
			q.items = q.items[1:]
			if chatter(e) {
				q.chatter--
			}
			q.mu.Unlock()
			q.out <- e
		}
	}
}
