package session

import (
	"context"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
)

// The seam under the session. A call needs two things from below: a
// Conference (one engine's connection to one ring) and LocalMedia (the
// own camera and microphone). Both are interfaces owned here, so that a
// second engine plugs in by implementing Conference, and the session's
// logic can be tested against fakes without a server or a device.

// Conference is one engine's connection to one ring. media/janus' Client
// is one.
type Conference interface {
	// Events delivers what happens in the ring, in order, in the
	// vocabulary of media/call; it ends with call.Ended and is closed.
	Events() <-chan call.Event
	SendChat(text string) error
	SetHand(up bool) error
	// Leave says goodbye to the server and returns after call.Ended.
	Leave(ctx context.Context) error
	// Close drops the connection at once (panic leave). Safe after Leave.
	Close() error
}

// Engine joins the rings of one kind of server.
type Engine interface {
	// VideoBitrate is what the ring allows for one picture, in bits a
	// second, 0 when the server does not say.
	VideoBitrate(ctx context.Context, link ring.Link, onWire WireFunc) int
	// Join enters the ring and publishes the request's media. The error
	// is message-keyed.
	Join(ctx context.Context, req JoinRequest) (Conference, error)
}

// JoinRequest is what an engine needs to enter a ring.
type JoinRequest struct {
	Link      ring.Link
	Pseudonym string
	Media     call.LocalMedia // published; the engine never opens a device
	OnWire    WireFunc        // nil, or a test's look at the signalling
}

// WireFunc sees each signalling message, sent or received. It must never
// be wired to a log: the messages hold the pseudonym, the room and the PIN.
type WireFunc func(sent bool, msg []byte)

// LocalMedia is the own camera and microphone, opened for one call.
// media/capture's Stream is one (through captureMedia).
type LocalMedia interface {
	call.LocalMedia
	// Notices are message keys to tell the person once the call is up
	// (for example: no camera, the test picture is sent instead).
	Notices() []string
	HasVideo() bool
	SetMuted(bool)
	Muted() bool
	SetPushToTalk(on bool)
	PushToTalk(pressed bool)
	InputLevel() float64
	// StopCamera closes the camera itself (its light goes off) and sends
	// black; StartCamera opens it again.
	StopCamera()
	StartCamera() error
	// Follow watches for lost devices coming back until ctx ends.
	Follow(ctx context.Context, back func(call.Kind))
	// Close releases the devices, after the Conference is closed.
	Close() error
}
