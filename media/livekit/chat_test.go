package livekit

import (
	"encoding/json"
	"testing"
	"time"

	lkproto "github.com/livekit/protocol/livekit"
	"github.com/pion/webrtc/v4"
	"google.golang.org/protobuf/proto"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// Chat and hands arrive attributed to whoever the server says sent them.
// A participant who writes someone else's identity into the packet and a
// name into the payload is still shown as themself.
func TestChatAndHandsAttributedByServer(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{listen: true})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{listen: true})
	fox := mustJoin(t, srv, "Red Fox", peerOptions{listen: true})
	for _, p := range []*peer{owl, fox} {
		heron.eventually("everyone", 10*time.Second, func() bool {
			return count(heron, func(e call.ParticipantJoined) bool { return e.ID == p.identity }) == 1
		})
	}

	if err := owl.client.SendChat("Hallo zusammen"); err != nil {
		t.Fatal(err)
	}
	if err := owl.client.SetHand(true); err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(map[string]any{"message": "Ich bin die Eule", "from": "Stille Eule", "identity": owl.identity})
	fox.sendRaw(t, owl.identity, chatTopic, payload)

	heron.eventually("the owl's line, the owl's hand and the fox's forgery", 10*time.Second, func() bool {
		return count(heron, func(e call.Chat) bool {
			return e.ParticipantID == owl.identity && e.From == "Stille Eule" && e.Text == "Hallo zusammen"
		}) == 1 &&
			count(heron, func(e call.Hand) bool { return e.ParticipantID == owl.identity && e.Up }) == 1 &&
			count(heron, func(e call.Chat) bool { return e.Text == "Ich bin die Eule" }) == 1
	})
	if n := count(heron, func(e call.Chat) bool { return e.Text == "Ich bin die Eule" && e.ParticipantID != fox.identity }); n != 0 {
		t.Errorf("the forged line was attributed to someone other than its sender: %s", heron.describe())
	}
}

// A participant flooding the chat is cut down to the rate limit before
// anything reaches the window.
func TestChatFloodIsLimited(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{listen: true})
	fox := mustJoin(t, srv, "Red Fox", peerOptions{listen: true})
	heron.eventually("the fox", 10*time.Second, func() bool {
		return count(heron, func(e call.ParticipantJoined) bool { return e.ID == fox.identity }) == 1
	})
	const sent = 60
	for i := 0; i < sent; i++ {
		_ = fox.client.SendChat("spam")
	}
	if err := fox.client.SetHand(true); err != nil {
		t.Fatal(err)
	}
	// The hand after the flood is dropped too (same limiter), so wait for
	// the owl's line instead, sent after everything from the fox.
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{listen: true})
	heron.eventually("the owl", 10*time.Second, func() bool {
		return count(heron, func(e call.ParticipantJoined) bool { return e.ID == owl.identity }) == 1
	})
	owl.eventually("chat ready", 10*time.Second, func() bool { return owl.client.SendChat("nach dem Sturm") == nil })
	heron.eventually("the owl's line", 10*time.Second, func() bool {
		return count(heron, func(e call.Chat) bool { return e.ParticipantID == owl.identity }) >= 1
	})
	got := count(heron, func(e call.Chat) bool { return e.ParticipantID == fox.identity })
	if got == 0 || got > peertext.ChatBurst+2 {
		t.Errorf("%d of %d flooded lines reached the window, want 1..%d", got, sent, peertext.ChatBurst+2)
	}
}

// sendRaw sends a data packet as it comes, with a sender identity of the
// test's choosing: what a hostile participant's own client could do.
func (p *peer) sendRaw(t *testing.T, claimedIdentity, topic string, payload []byte) {
	t.Helper()
	pkt, err := proto.Marshal(&lkproto.DataPacket{Kind: lkproto.DataPacket_RELIABLE, ParticipantIdentity: claimedIdentity,
		Value: &lkproto.DataPacket_User{User: &lkproto.UserPacket{ParticipantIdentity: claimedIdentity, Payload: payload, Topic: &topic}}})
	if err != nil {
		t.Fatal(err)
	}
	s := p.client.current()
	s.mu.Lock()
	dc := s.reliable
	s.mu.Unlock()
	if dc.ReadyState() != webrtc.DataChannelStateOpen {
		t.Fatal("data channel not open")
	}
	if err := dc.Send(pkt); err != nil {
		t.Fatal(err)
	}
}
