package livekit

import (
	"github.com/pion/interceptor"
	"github.com/pion/rtcp"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// remoteTrack is one received stream; it satisfies call.RemoteTrack.
type remoteTrack struct {
	track *webrtc.TrackRemote
	pc    *webrtc.PeerConnection
}

func (t *remoteTrack) ReadRTP() (*rtp.Packet, interceptor.Attributes, error) {
	return t.track.ReadRTP()
}

// RequestKeyframe sends a PLI; the server passes it to the sender.
func (t *remoteTrack) RequestKeyframe() {
	_ = t.pc.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: uint32(t.track.SSRC())}})
}
