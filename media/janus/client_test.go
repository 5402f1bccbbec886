package janus

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

func TestTwoParticipantsSeeAndHearEachOther(t *testing.T) {
	// Janus either puts its candidate into its SDP (half trickle, the
	// default) or trickles it, possibly before its SDP is applied here.
	for _, tt := range []struct {
		name string
		full bool
	}{{"half trickle", false}, {"full trickle", true}} {
		t.Run(tt.name, func(t *testing.T) { twoParticipants(t, janustest.Options{FullTrickle: tt.full}) })
	}
}

func twoParticipants(t *testing.T, o janustest.Options) {
	srv := janustest.StartT(t, o)
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{})

	owl.waitFor("Blue Heron to appear", 20*time.Second, func() bool { return owl.feedOf("Blue Heron") != 0 })
	heron.waitFor("Stille Eule to appear", 20*time.Second, func() bool { return heron.feedOf("Stille Eule") != 0 })
	owl.waitMedia("Blue Heron", true)
	heron.waitMedia("Stille Eule", true)

	owl.mu.Lock()
	img := owl.stats("Blue Heron").lastFrame.Load()
	owl.mu.Unlock()
	if b := (*img).Bounds(); b.Dx() != 320 || b.Dy() != 240 {
		t.Errorf("decoded frame is %v, want 320×240", b)
	}
}

func TestJoinErrors(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{
		{ID: 1, PIN: "4711"},
		{ID: 2, Publishers: 1},
	}})
	mustJoin(t, srv, "First", peerOptions{room: 2})
	tests := []struct {
		name string
		po   peerOptions
		want error
	}{
		{"wrong pin", peerOptions{room: 1, pin: "0000"}, ErrWrongPIN},
		{"missing pin", peerOptions{room: 1}, ErrWrongPIN},
		{"no such room", peerOptions{room: 99}, ErrNoSuchRoom},
		{"room full", peerOptions{room: 2}, ErrRoomFull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := join(t, srv, "Grey Owl", tt.po)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("right pin", func(t *testing.T) {
		mustJoin(t, srv, "Grey Owl", peerOptions{room: 1, pin: "4711"})
	})
	t.Run("unauthorised", func(t *testing.T) {
		srv3 := janustest.StartT(t, janustest.Options{APISecret: "not-in-any-link"})
		_, err := join(t, srv3, "Grey Owl", peerOptions{})
		if !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("err = %v, want unauthorised", err)
		}
	})
	t.Run("server gone", func(t *testing.T) {
		srv2 := janustest.StartT(t, janustest.Options{})
		srv2.Stop()
		_, err := join(t, srv2, "Grey Owl", peerOptions{})
		if !errors.Is(err, ErrServerGone) {
			t.Fatalf("err = %v, want server gone", err)
		}
	})
}

func TestThirdLeavesAndOthersSeeIt(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	a := mustJoin(t, srv, "Quiet Owl", peerOptions{audioOnly: true})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	c := mustJoin(t, srv, "Red Fox", peerOptions{audioOnly: true})
	for _, p := range []*peer{a, b} {
		p.waitMedia("Red Fox", false)
	}
	a.mu.Lock()
	foxID := feedID(a.feedOf("Red Fox"))
	a.mu.Unlock()
	c.leave()
	for _, p := range []*peer{a, b} {
		p.waitFor("Red Fox to leave", 20*time.Second, func() bool {
			left, removed := false, false
			for _, e := range p.events {
				switch e := e.(type) {
				case call.ParticipantLeft:
					left = left || e.Name == "Red Fox"
				case call.TrackRemoved:
					removed = removed || e.ParticipantID == foxID
				}
			}
			return left && removed && p.feedOf("Red Fox") == 0
		})
	}
	// The two who stay still hear each other.
	a.mu.Lock()
	before := a.stats("Blue Heron").audioPackets.Load()
	a.mu.Unlock()
	a.waitFor("audio to go on", 20*time.Second, func() bool { return a.stats("Blue Heron").audioPackets.Load() > before+20 })
}

// Janus 1.1 tells nobody when a room starts recording; the client finds
// out from the room list and says so.
func TestRecordingIndicator(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	fast := func(o *Options) { o.RecordingPoll = 200 * time.Millisecond }
	a := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true, mutate: fast})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true, mutate: fast})
	a.waitFor("not recording", 20*time.Second, func() bool { return recording(a.events) == "off" })

	// Someone with the right to do so starts recording the room.
	c := b.client.cur
	if _, err := c.conn.request(context.Background(), map[string]any{"janus": "message",
		"body": map[string]any{"request": "enable_recording", "room": 1234, "record": true}}, c.pubHandle, false); err != nil {
		t.Fatal(err)
	}
	a.waitFor("recording", 20*time.Second, func() bool { return recording(a.events) == "on" })
}

// recording is the last recording state in events: "", "on" or "off".
func recording(events []Event) string {
	state := ""
	for _, e := range events {
		if r, ok := e.(call.Recording); ok {
			state = map[bool]string{true: "on", false: "off"}[r.On]
		}
	}
	return state
}

// The room's cap is known before joining, so the picture size can fit it;
// a room the server does not list stays unknown.
func TestLookUpRoom(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{
		{ID: 1234, Bitrate: 2_000_000},
		{ID: 77, Bitrate: 128_000},
	}})
	ctx := context.Background()
	if info, ok := LookUpRoom(ctx, srv.URL(), 1234, nil); !ok || info.Bitrate != 2_000_000 {
		t.Errorf("room 1234: %+v, %v", info, ok)
	}
	if info, ok := LookUpRoom(ctx, srv.URL(), 77, nil); !ok || info.Bitrate != 128_000 {
		t.Errorf("room 77: %+v, %v", info, ok)
	}
	if _, ok := LookUpRoom(ctx, srv.URL(), 999, nil); ok {
		t.Error("a room that does not exist was found")
	}
	srv.Stop()
	if _, ok := LookUpRoom(ctx, srv.URL(), 1234, nil); ok {
		t.Error("found a room on a server that is gone")
	}
}
