package livekit

import (
	"encoding/json"
	"os/exec"
	"sync/atomic"
	"testing"
	"time"

	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// sdkAddress is an address of the private namespace only.
const sdkAddress = "10.77.0.1"

// Ringlet and LiveKit's own Go SDK (server-sdk-go v2.19.0, a test-only
// dependency) in one room: each receives the other's picture, and chat
// goes both ways, attributed by the server.
func TestGoSDKInterop(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	// The SDK gathers no loopback candidates (and nobody can tell it to):
	// it gets a private address on the namespace's veth.
	if out, err := exec.Command("ip", "addr", "replace", sdkAddress+"/32", "dev", "jv0").CombinedOutput(); err != nil {
		t.Fatalf("ip addr: %v: %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("ip", "addr", "del", sdkAddress+"/32", "dev", "jv0").Run() })
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{})

	var fromOwl atomic.Int64
	var owlChat atomic.Value
	cb := lksdk.NewRoomCallback()
	cb.OnTrackSubscribed = func(track *webrtc.TrackRemote, _ *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
		if rp.Identity() != owl.identity || track.Kind() != webrtc.RTPCodecTypeVideo {
			return
		}
		go func() {
			for {
				if _, _, err := track.ReadRTP(); err != nil {
					return
				}
				fromOwl.Add(1)
			}
		}()
	}
	cb.OnDataPacket = func(data lksdk.DataPacket, params lksdk.DataReceiveParams) {
		if u, ok := data.(*lksdk.UserDataPacket); ok && params.SenderIdentity == owl.identity && u.Topic == chatTopic {
			var m chatPayload
			if json.Unmarshal(u.Payload, &m) == nil {
				owlChat.Store(m.Message)
			}
		}
	}
	room, err := lksdk.ConnectToRoomWithToken(srv.URL(), srv.TokenT(t, testRoom, "sdk-heron", "Blue Heron"), cb)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(room.Disconnect)
	media, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { media.Close() })
	for _, tr := range media.Tracks() {
		if _, err := room.LocalParticipant.PublishTrack(tr, &lksdk.TrackPublicationOptions{Name: tr.Kind().String()}); err != nil {
			t.Fatal(err)
		}
	}

	owl.eventually("30 of the SDK's frames decoded", 30*time.Second, func() bool { return owl.framesFrom("sdk-heron") >= 30 })
	owl.eventually("the SDK's picture reaching it", 20*time.Second, func() bool { return fromOwl.Load() >= 100 })
	body, _ := json.Marshal(chatPayload{ID: "1", Timestamp: 1, Message: "Willkommen!"})
	if err := room.LocalParticipant.PublishDataPacket(lksdk.UserData(body), lksdk.WithDataPublishTopic(chatTopic), lksdk.WithDataPublishReliable(true)); err != nil {
		t.Fatal(err)
	}
	owl.eventually("the SDK's chat", 10*time.Second, func() bool {
		return count(owl, func(e call.Chat) bool {
			return e.ParticipantID == "sdk-heron" && e.From == "Blue Heron" && e.Text == "Willkommen!"
		}) == 1
	})
	owl.eventually("Ringlet's chat at the SDK", 10*time.Second, func() bool {
		_ = owl.client.SendChat("Danke!")
		return owlChat.Load() == "Danke!"
	})
}
