package janus

import (
	"strconv"

	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/call"
)

// Event is something that happened in the ring, in the vocabulary every
// engine shares (media/call). The Client sends call.Joined,
// ParticipantJoined, ParticipantLeft, TrackAdded, TrackRemoved, Talking
// (rooms with audio levels), Chat, Hand, Recording, ConnectionLost and,
// last, Ended. Participant IDs are feed IDs in decimal.
type Event = call.Event

// feedID is how a feed ID is written in the shared vocabulary.
func feedID(feed uint64) string { return strconv.FormatUint(feed, 10) }

// kindOf maps pion's codec type to the shared vocabulary's.
func kindOf(t webrtc.RTPCodecType) call.Kind {
	if t == webrtc.RTPCodecTypeVideo {
		return call.Video
	}
	return call.Audio
}

// remoteTrack is a received track; a key frame request goes to its sender
// through the subscriber PeerConnection that carries it.
type remoteTrack struct {
	*webrtc.TrackRemote
	pc *webrtc.PeerConnection
}

func (t remoteTrack) RequestKeyframe() {
	_ = t.pc.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: uint32(t.SSRC())}})
}

// shownTrack is a track the UI was told of, so that it can be told when
// it ends.
type shownTrack struct {
	feed uint64
	kind call.Kind
}

func (t shownTrack) removed() call.TrackRemoved {
	return call.TrackRemoved{ParticipantID: feedID(t.feed), Kind: t.kind}
}
