package livekit

import "github.com/ringlet/ringlet/media/call"

// The client's view of who is in the ring spans sessions: after a rejoin
// the session is told only about who came or went meanwhile.

// reconcile makes the known participants those of a new session.
func (cl *Client) reconcile(now map[string]string) {
	cl.mu.Lock()
	var left, joined []call.Event
	for id, name := range cl.known {
		if _, ok := now[id]; !ok {
			left = append(left, call.ParticipantLeft{ID: id, Name: name})
			delete(cl.known, id)
		}
	}
	for id, name := range now {
		if _, ok := cl.known[id]; !ok {
			joined = append(joined, call.ParticipantJoined{ID: id, Name: name})
			cl.known[id] = name
		}
	}
	cl.mu.Unlock()
	for _, e := range left {
		cl.emit(e)
		cl.chatLimits.Forget(e.(call.ParticipantLeft).ID)
	}
	for _, e := range joined {
		cl.emit(e)
	}
	if len(joined) > 0 {
		cl.announceHand()
	}
}

// participantHere: someone is in the ring (maybe already known).
func (cl *Client) participantHere(id, name string) {
	cl.mu.Lock()
	_, known := cl.known[id]
	cl.known[id] = name
	cl.mu.Unlock()
	if !known {
		cl.emit(call.ParticipantJoined{ID: id, Name: name})
		cl.announceHand()
	}
}

// participantLeft: someone went.
func (cl *Client) participantLeft(id string) {
	cl.mu.Lock()
	name, known := cl.known[id]
	delete(cl.known, id)
	cl.mu.Unlock()
	cl.chatLimits.Forget(id)
	if known {
		cl.emit(call.ParticipantLeft{ID: id, Name: name})
	}
}

// name is what a known participant is shown under.
func (cl *Client) name(id string) (string, bool) {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	n, ok := cl.known[id]
	return n, ok
}
