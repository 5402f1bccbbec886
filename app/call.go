package app

import (
	"github.com/ringlet/ringlet/app/ring"
)

// Call is what the call screen needs from a running call. app/session
// implements it through a small adapter (see engines.go); tests use a fake.
type Call interface {
	// Events delivers what happens in the call; it is closed after Left.
	Events() <-chan CallEvent
	SetMuted(muted bool)
	SetCamera(on bool)
	RaiseHand(up bool)
	SendChat(text string)
	// Leave says goodbye to the ring; PanicLeave drops everything at once
	// without waiting for anyone.
	Leave()
	PanicLeave()
}

// JoinRequest is everything a native join needs; none of it is stored.
type JoinRequest struct {
	Link       ring.Link
	Pseudonym  string
	AudioOnly  bool
	StartMuted bool
}

// CallEvent is one typed event from the call, applied on the UI thread.
type CallEvent interface{ callEvent() }

// Events of a call, as the GUI understands them.
type (
	// EventJoined: the user is in the ring.
	EventJoined struct{}
	// EventParticipantJoined: someone came in (or was there already).
	EventParticipantJoined struct {
		ID, Name string
		Video    bool
	}
	// EventParticipantLeft: someone went.
	EventParticipantLeft struct{ ID string }
	// EventTalking: someone started or stopped talking.
	EventTalking struct {
		ID string
		On bool
	}
	// EventHand: someone raised or lowered their hand.
	EventHand struct {
		ID string
		Up bool
	}
	// EventRecording: the ring started or stopped recording.
	EventRecording struct{ On bool }
	// EventReconnecting: the connection is lost and Ringlet tries again.
	EventReconnecting struct{}
	// EventReconnected: the connection is back.
	EventReconnected struct{}
	// EventChat: a chat message (kept in memory only).
	EventChat struct{ From, Text string }
	// EventLeft: the call is over; Err is nil when the user left.
	EventLeft struct{ Err error }
)

func (EventJoined) callEvent()            {}
func (EventParticipantJoined) callEvent() {}
func (EventParticipantLeft) callEvent()   {}
func (EventTalking) callEvent()           {}
func (EventHand) callEvent()              {}
func (EventRecording) callEvent()         {}
func (EventReconnecting) callEvent()      {}
func (EventReconnected) callEvent()       {}
func (EventChat) callEvent()              {}
func (EventLeft) callEvent()              {}
