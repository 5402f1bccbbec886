package livekit

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// Two people join: each is told of the other under the name in the
// other's token, and each decodes the other's picture and hears packets
// of the other's sound.
func TestJoinPublishReceive(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{})

	heron.eventually("the owl by name", 10*time.Second, func() bool {
		return count(heron, func(e call.ParticipantJoined) bool { return e.ID == owl.identity && e.Name == "Stille Eule" }) == 1
	})
	owl.eventually("the heron by name", 10*time.Second, func() bool {
		return count(owl, func(e call.ParticipantJoined) bool { return e.ID == heron.identity && e.Name == "Blue Heron" }) == 1
	})
	heron.eventually("30 of the owl's frames decoded", 20*time.Second, func() bool { return heron.framesFrom(owl.identity) >= 30 })
	owl.eventually("30 of the heron's frames decoded", 20*time.Second, func() bool { return owl.framesFrom(heron.identity) >= 30 })
	heron.eventually("the owl's sound", 10*time.Second, func() bool { return heron.audioFrom(owl.identity) >= 50 })
	if n := count[call.Joined](owl, nil); n != 1 {
		t.Errorf("owl: %d Joined events, want 1", n)
	}
}

// A token signed with another secret is refused with a translated error.
func TestWrongToken(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	bad, err := livekittest.TokenWith("devkey", "not-the-secret-not-the-secret-0123", testRoom, "someone", "Stille Eule")
	if err != nil {
		t.Fatal(err)
	}
	_, err = joinPeer(t, srv, "Stille Eule", peerOptions{listen: true, token: bad})
	if !errors.Is(err, ErrBadToken) {
		t.Fatalf("join with a wrong token: %v, want %v", err, ErrBadToken)
	}
}

// The token the demo's website mints by hand (localserver.Token, without
// LiveKit's library) is one the server accepts, with the name in it.
func TestHandMintedToken(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	token, err := srv.Server.Token(testRoom, "hand-minted", "Stille Eule")
	if err != nil {
		t.Fatal(err)
	}
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{listen: true})
	mustJoin(t, srv, "ignored", peerOptions{listen: true, token: token})
	heron.eventually("the owl by the name in the hand-minted token", 10*time.Second, func() bool {
		return count(heron, func(e call.ParticipantJoined) bool { return e.ID == "hand-minted" && e.Name == "Stille Eule" }) == 1
	})
}

// A ring's website that puts another name into the token than the one the
// person chose (a real name from an account, say) is refused before
// anything is sent to the LiveKit server; the honest one is taken.
func TestConnectionDetailsMustCarryTheChosenName(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	for _, tc := range []struct {
		tokenName string
		ok        bool
	}{{"Stille Eule", true}, {"Jana Muster", false}} {
		site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = json.NewEncoder(w).Encode(map[string]string{"serverUrl": srv.URL(),
				"participantToken": srv.TokenT(t, r.URL.Query().Get("roomName"), "someone", tc.tokenName)})
		}))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := FetchConnectionDetails(ctx, site.URL+"/api/connection-details?roomName=r&participantName=Stille+Eule", "Stille Eule", nil)
		cancel()
		site.Close()
		if tc.ok && err != nil {
			t.Errorf("token for %q: %v", tc.tokenName, err)
		}
		if !tc.ok && !errors.Is(err, ErrConnectionDetails) {
			t.Errorf("token for %q: %v, want %v", tc.tokenName, err, ErrConnectionDetails)
		}
	}
}
