package call

import (
	"fmt"
	"testing"
)

// The queue between the network and the UI keeps every structural event
// but only a bounded number of those others can cause at will.
func TestHostileEventQueueIsBounded(t *testing.T) {
	q := NewQueue()
	// Nobody reads: the pump takes one event and blocks on the channel's
	// small buffer; everything else waits in the queue.
	for i := range 100_000 {
		q.Push(Chat{ParticipantID: "7", Text: fmt.Sprint(i)})
	}
	q.Push(ParticipantJoined{ID: "8", Name: "Blue Heron"})
	q.Push(Ended{})
	q.mu.Lock()
	queued, chatterQueued := len(q.items), q.chatter
	q.mu.Unlock()
	if chatterQueued > MaxQueuedChatter || queued > MaxQueuedChatter+2 {
		t.Fatalf("%d events queued (%d chatter), want at most %d", queued, chatterQueued, MaxQueuedChatter+2)
	}
	var joined, left bool
	for e := range q.Out() {
		switch e.(type) {
		case ParticipantJoined:
			joined = true
		case Ended:
			left = true
		}
	}
	if !joined || !left {
		t.Fatalf("structural events lost: joined %v, left %v", joined, left)
	}
}
