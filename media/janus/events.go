package janus

import (
	"sync"

	"github.com/pion/webrtc/v4"
)

// Event is something that happened in the ring. The concrete types below
// are sent on Client.Events.
type Event interface{ isEvent() }

// Joined: we are in the room (again, after Reconnecting, with Rejoined set).
type Joined struct {
	Room        uint64
	Description string
	ID          uint64 // our own feed ID in this session
	Rejoined    bool
}

// ParticipantJoined: someone published in the room.
type ParticipantJoined struct {
	ID      uint64
	Display string
}

// ParticipantLeft: someone stopped publishing or left.
type ParticipantLeft struct {
	ID      uint64
	Display string
}

// TrackAdded carries a remote track for the media layer to play.
type TrackAdded struct {
	FeedID   uint64
	Display  string
	Kind     webrtc.RTPCodecType
	Mid      string
	Track    *webrtc.TrackRemote
	Receiver *webrtc.RTPReceiver
}

// TrackRemoved: a remote track ended.
type TrackRemoved struct {
	FeedID  uint64
	Display string
	Kind    webrtc.RTPCodecType
	Mid     string
}

// Talking: someone started or stopped talking (rooms with audio levels).
type Talking struct {
	FeedID  uint64
	Display string
	Talking bool
}

// RecordingChanged: the room started or stopped recording.
type RecordingChanged struct{ Recording bool }

// Reconnecting: the connection was lost; the client is trying again.
type Reconnecting struct {
	Attempt int
	Err     error
}

// Left: the client is out of the room for good. Reason is nil when the
// user left.
type Left struct{ Reason error }

func (Joined) isEvent()            {}
func (ParticipantJoined) isEvent() {}
func (ParticipantLeft) isEvent()   {}
func (TrackAdded) isEvent()        {}
func (TrackRemoved) isEvent()      {}
func (Talking) isEvent()           {}
func (RecordingChanged) isEvent()  {}
func (Reconnecting) isEvent()      {}
func (Left) isEvent()              {}

// maxQueuedChatter bounds the queue for events that others can send at
// will (chat, hands, talking). Past it they are dropped until the reader
// catches up. Everything else is bounded by MaxFeeds already and is
// always kept, so that no join, leave or Left is ever lost.
const maxQueuedChatter = 1024

// chatter reports events that other participants can cause at any rate.
func chatter(e Event) bool {
	switch e.(type) {
	case ChatMessage, HandChanged, Talking:
		return true
	}
	return false
}

// eventQueue never blocks the sender: the network reader must not stall
// because the UI is busy. It delivers in order and closes out after Left.
// Its length is bounded (see maxQueuedChatter).
type eventQueue struct {
	mu      sync.Mutex
	items   []Event
	chatter int // chatter events among items
	wake    chan struct{}
	out     chan Event
	closed  bool
}

func newEventQueue() *eventQueue {
	q := &eventQueue{wake: make(chan struct{}, 1), out: make(chan Event, 16)}
	go q.pump()
	return q
}

func (q *eventQueue) push(e Event) {
	q.mu.Lock()
	if q.closed || chatter(e) && q.chatter >= maxQueuedChatter {
		q.mu.Unlock()
		return
	}
	if chatter(e) {
		q.chatter++
	}
	q.items = append(q.items, e)
	if _, ok := e.(Left); ok {
		q.closed = true
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// discard ends a queue nobody will read (a join that failed), so its pump
// does not wait forever.
func (q *eventQueue) discard() {
	q.mu.Lock()
	q.closed, q.items, q.chatter = true, nil, 0
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *eventQueue) pump() {
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
