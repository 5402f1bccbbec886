// Package call is the one vocabulary of a call, spoken from an engine
// (media/janus today, LiveKit next) through app/session up to the window:
// the states a call goes through, the events that happen in it, and the
// tracks it receives and sends.
//
// It is defined once, here, so that no layer keeps a copy to translate
// between: an engine emits these events, app/session passes them on
// (after giving people the names they are shown under) and adds its own,
// and the window applies them. It lives under media/ because a received
// track is read as RTP; nothing above media/ ever calls those methods.
package call

import (
	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// State of a call.
type State int

const (
	Idle         State = iota // not started
	Joining                   // connecting and joining
	InCall                    // in the ring
	Reconnecting              // connection lost, trying again
	Left                      // over; it cannot be used again
)

// MessageKey names the state for people.
func (s State) MessageKey() string {
	switch s {
	case Joining:
		return "session.state.joining"
	case InCall:
		return "session.state.in_call"
	case Reconnecting:
		return "session.state.reconnecting"
	case Left:
		return "session.state.left"
	}
	return "session.state.idle"
}

// Kind is audio or video.
type Kind int

const (
	Audio Kind = iota + 1 // sound
	Video                 // picture
)

func (k Kind) String() string {
	if k == Video {
		return "video"
	}
	return "audio"
}

// RemoteTrack is one received stream, whatever engine carried it. The
// decoders in media/video and media/audio read it.
type RemoteTrack interface {
	ReadRTP() (*rtp.Packet, interceptor.Attributes, error)
	// RequestKeyframe asks the sender for a fresh key frame (video: after
	// loss, the decoder cannot go on without one).
	RequestKeyframe()
}

// LocalMedia is what an engine publishes: the own camera and microphone
// tracks and the codecs they were encoded with. media/capture's Stream
// is one. An engine only sends these; it never opens a device.
type LocalMedia interface {
	Tracks() []webrtc.TrackLocal
	ConfigureMediaEngine(*webrtc.MediaEngine) error
}
