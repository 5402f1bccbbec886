package livekit

import (
	"bytes"
	"reflect"
	"testing"

	lkproto "github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/proto"
)

// Every request Ringlet writes reads back, with LiveKit's own generated
// types, as the message it means.
func TestRequestsReadBackWithLiveKitsTypes(t *testing.T) {
	cases := []struct {
		req  request
		want *lkproto.SignalRequest
	}{
		{request{Offer: &sessionDescription{Type: "offer", SDP: "v=0\r\n"}},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_Offer{Offer: &lkproto.SessionDescription{Type: "offer", Sdp: "v=0\r\n"}}}},
		{request{Answer: &sessionDescription{Type: "answer", SDP: "v=0\r\n", ID: 7}},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_Answer{Answer: &lkproto.SessionDescription{Type: "answer", Sdp: "v=0\r\n", Id: 7}}}},
		{request{Trickle: &trickleCandidate{CandidateInit: `{"candidate":"c"}`, Target: targetSubscriber}},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_Trickle{Trickle: &lkproto.TrickleRequest{CandidateInit: `{"candidate":"c"}`, Target: lkproto.SignalTarget_SUBSCRIBER}}}},
		{request{AddTrack: &addTrack{CID: "abc", Type: trackVideo, Source: sourceCamera}},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_AddTrack{AddTrack: &lkproto.AddTrackRequest{Cid: "abc", Type: lkproto.TrackType_VIDEO, Source: lkproto.TrackSource_CAMERA}}}},
		{request{AddTrack: &addTrack{CID: "abc", Type: trackAudio, Source: sourceMicrophone}},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_AddTrack{AddTrack: &lkproto.AddTrackRequest{Cid: "abc", Type: lkproto.TrackType_AUDIO, Source: lkproto.TrackSource_MICROPHONE}}}},
		{request{Leave: &leave{Reason: reasonClientInitiated, Action: actionDisconnect}},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_Leave{Leave: &lkproto.LeaveRequest{Reason: lkproto.DisconnectReason_CLIENT_INITIATED, Action: lkproto.LeaveRequest_DISCONNECT}}}},
		{request{Ping: 1234567},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_Ping{Ping: 1234567}}},
		{request{PingReq: 1234567},
			&lkproto.SignalRequest{Message: &lkproto.SignalRequest_PingReq{PingReq: &lkproto.Ping{Timestamp: 1234567}}}},
	}
	for _, c := range cases {
		var got lkproto.SignalRequest
		if err := proto.Unmarshal(c.req.marshal(), &got); err != nil {
			t.Fatalf("%+v: %v", c.req, err)
		}
		if !proto.Equal(&got, c.want) {
			t.Errorf("%+v reads back as %v, want %v", c.req, &got, c.want)
		}
	}
	topic := chatTopic
	var dp lkproto.DataPacket
	if err := proto.Unmarshal(userPacket{Topic: topic, Payload: []byte("x")}.marshal(), &dp); err != nil {
		t.Fatal(err)
	}
	want := &lkproto.DataPacket{Value: &lkproto.DataPacket_User{User: &lkproto.UserPacket{Payload: []byte("x"), Topic: &topic}}}
	if !proto.Equal(&dp, want) {
		t.Errorf("data packet reads back as %v", &dp)
	}
}

// FuzzUnmarshalResponse: whatever the server sends, Ringlet's decoder
// never panics, and where LiveKit's generated code reads a message, Ringlet
// reads the same values from the fields it uses.
func FuzzUnmarshalResponse(f *testing.F) {
	seed := func(m *lkproto.SignalResponse) {
		b, _ := proto.Marshal(m)
		f.Add(b)
	}
	p := &lkproto.ParticipantInfo{Sid: "PA_1", Identity: "id-1", Name: "Stille Eule", State: lkproto.ParticipantInfo_ACTIVE,
		Tracks: []*lkproto.TrackInfo{{Sid: "TR_1", Type: lkproto.TrackType_VIDEO}}}
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_Join{Join: &lkproto.JoinResponse{
		Participant: &lkproto.ParticipantInfo{Sid: "PA_0", Identity: "me"}, OtherParticipants: []*lkproto.ParticipantInfo{p},
		IceServers: []*lkproto.ICEServer{{Urls: []string{"stun:stun.l.google.com:19302"}}}, PingTimeout: 15, PingInterval: 5}}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_Offer{Offer: &lkproto.SessionDescription{Type: "offer", Sdp: "v=0", Id: 3}}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_Trickle{Trickle: &lkproto.TrickleRequest{CandidateInit: "{}", Target: lkproto.SignalTarget_SUBSCRIBER}}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_Update{Update: &lkproto.ParticipantUpdate{Participants: []*lkproto.ParticipantInfo{p}}}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_TrackPublished{TrackPublished: &lkproto.TrackPublishedResponse{Cid: "c", Track: &lkproto.TrackInfo{Sid: "TR_2"}}}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_Leave{Leave: &lkproto.LeaveRequest{Reason: lkproto.DisconnectReason_ROOM_DELETED, CanReconnect: true}}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_RefreshToken{RefreshToken: "a.b.c"}})
	seed(&lkproto.SignalResponse{Message: &lkproto.SignalResponse_Pong{Pong: 99}})
	f.Add([]byte{0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := unmarshalResponse(b)
		var want lkproto.SignalResponse
		if proto.Unmarshal(b, &want) != nil || err != nil {
			return // both may refuse; Ringlet may refuse more (a malformed field it skips)
		}
		// Compare on what LiveKit's server writes: each field once, in
		// order. Protobuf merges a message that comes twice, and Ringlet
		// keeps the last; a server does not send either.
		if canon, _ := (proto.MarshalOptions{Deterministic: true}).Marshal(&want); !bytes.Equal(canon, b) {
			return
		}
		if j := want.GetJoin(); j != nil && got.Join != nil {
			same(t, "self", got.Join.Self, participantOf(j.GetParticipant()))
			var others []participant
			for _, o := range j.GetOtherParticipants() {
				others = append(others, participantOf(o))
			}
			same(t, "others", got.Join.Others, others)
			same(t, "ping", [2]int64{got.Join.PingTimeout, got.Join.PingInterval}, [2]int64{int64(j.GetPingTimeout()), int64(j.GetPingInterval())})
		}
		if o := want.GetOffer(); o != nil && got.Offer != nil {
			same(t, "offer", *got.Offer, sessionDescription{Type: o.GetType(), SDP: o.GetSdp(), ID: o.GetId()})
		}
		if u := want.GetUpdate(); u != nil {
			var ps []participant
			for _, p := range u.GetParticipants() {
				ps = append(ps, participantOf(p))
			}
			same(t, "update", got.Update, ps)
		}
		if l := want.GetLeave(); l != nil && got.Leave != nil {
			same(t, "leave", *got.Leave, leave{CanReconnect: l.GetCanReconnect(), Reason: uint64(l.GetReason()), Action: uint64(l.GetAction())})
		}
	})
}

func participantOf(p *lkproto.ParticipantInfo) participant {
	out := participant{SID: p.GetSid(), Identity: p.GetIdentity(), Name: p.GetName(), State: uint64(p.GetState())}
	for _, tr := range p.GetTracks() {
		out.Tracks = append(out.Tracks, tr.GetSid())
	}
	return out
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: Ringlet read %+v, LiveKit's types %+v", what, got, want)
	}
}
