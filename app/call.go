package app

import (
	"image"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
)

// Call is what the call screen needs from a running call. app/session
// implements it through a small adapter (see engines.go); tests use a fake.
type Call interface {
	// Events delivers what happens in the call, in the vocabulary every
	// layer shares (media/call); it is closed after call.Ended.
	Events() <-chan call.Event
	// Features says which controls this call supports, so the screen
	// never offers a button that does nothing.
	Features() CallFeatures
	SetMuted(muted bool)
	SetCamera(on bool)
	RaiseHand(up bool)
	SendChat(text string) error
	// Leave says goodbye to the ring; PanicLeave drops everything at once
	// without waiting for anyone. Neither blocks the caller.
	Leave()
	PanicLeave()
}

// blurReporter is implemented by calls that blur the user's picture: the
// verdict measured on the pictures that actually went out.
type blurReporter interface {
	BlurVerdict() (verdict Msg, measured bool)
}

// pushToTalker is implemented by calls that gate the microphone
// themselves while push-to-talk is on; others are muted and unmuted.
type pushToTalker interface {
	SetPushToTalk(on bool)
	PushToTalk(pressed bool)
}

// volumeControl is implemented by calls that can play one person louder
// or quieter (1 is as sent, 0 silent, 2 twice as loud).
type volumeControl interface {
	SetVolume(participantID string, v float64)
	Volume(participantID string) float64
}

// CallFeatures lists optional controls of a call.
type CallFeatures struct {
	Chat, RaiseHand bool
}

// selfID is the participant ID of the user's own picture in OnFrame.
const selfID = "self"

// JoinRequest is everything a native join needs; none of it is stored.
type JoinRequest struct {
	Link       ring.Link
	Pseudonym  string
	AudioOnly  bool
	StartMuted bool
	// Camera, Microphone and Speaker are device IDs; "" is the default.
	Camera, Microphone, Speaker string
	// OnFrame, when set, gets the newest picture of a participant (selfID
	// for the user's own, as sent). It is called from media goroutines and
	// must not block; the frame is reused after it returns, so what is
	// kept must be copied.
	OnFrame func(participantID string, frame image.Image)
}
