package livekit

import (
	"bytes"
	"context"
	"errors"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// A server that crashes and comes back: both people are told the
// connection was lost, rejoin on their own, and see each other's
// pictures again.
func TestServerRestartRejoins(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{})
	heron.eventually("the owl's picture", 15*time.Second, func() bool { return heron.framesFrom(owl.identity) >= 10 })

	srv.Kill()
	for _, p := range []*peer{owl, heron} {
		p.eventually("the lost connection", 20*time.Second, func() bool { return count[call.ConnectionLost](p, nil) >= 1 })
	}
	before := heron.framesFrom(owl.identity)
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*peer{owl, heron} {
		p.eventually("the rejoin", 30*time.Second, func() bool {
			return count(p, func(e call.Joined) bool { return e.Rejoined }) == 1
		})
	}
	heron.eventually("the owl's picture again", 20*time.Second, func() bool { return heron.framesFrom(owl.identity) >= before+30 })
	if n := count[call.Ended](owl, nil); n != 0 {
		t.Errorf("the owl's call ended: %s", owl.describe())
	}
}

// A dropped signalling connection (the network between Ringlet and the
// server fails, the server lives on): Ringlet is told, rejoins, and the
// others' pictures come back.
func TestSignallingDropRejoins(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	proxy := newRecordingProxy(t, srv.Port())
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{via: proxy.url()})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{})
	owl.eventually("the heron's picture", 15*time.Second, func() bool { return owl.framesFrom(heron.identity) >= 10 })

	proxy.cut()
	owl.eventually("the lost connection and the rejoin", 30*time.Second, func() bool {
		return count[call.ConnectionLost](owl, nil) >= 1 && count(owl, func(e call.Joined) bool { return e.Rejoined }) == 1
	})
	before := owl.framesFrom(heron.identity)
	owl.eventually("the heron's picture again", 20*time.Second, func() bool { return owl.framesFrom(heron.identity) >= before+30 })
	heron.eventually("the owl's picture again", 20*time.Second, func() bool { return heron.framesFrom(owl.identity) >= 30 })
	if n := count[call.ConnectionLost](heron, nil); n != 0 {
		t.Errorf("the heron, whose connection stayed, lost it: %s", heron.describe())
	}
}

// A server that does not come back ends the call with a translated
// "server gone" after the outage limit.
func TestServerGoneEnds(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{listen: true, mutate: func(o *Options) { o.MaxOutage = time.Second }})
	srv.Kill()
	owl.eventually("the end", 30*time.Second, func() bool {
		return count(owl, func(e call.Ended) bool { return errors.Is(e.Err, ErrServerGone) }) == 1
	})
}

// A room that allows one person refuses the second with "the ring is
// full".
func TestRoomFull(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{MaxParticipants: 1})
	mustJoin(t, srv, "Stille Eule", peerOptions{listen: true})
	_, err := joinPeer(t, srv, "Blue Heron", peerOptions{listen: true})
	if !errors.Is(err, ErrRoomFull) {
		t.Fatalf("second join into a room for one: %v, want %v", err, ErrRoomFull)
	}
}

// liveGoroutines counts goroutines running this package's code and live
// ICE agents (one per open PeerConnection).
func liveGoroutines() (ours, agents int) {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, "ringlet/media/livekit.(*") && !strings.Contains(g, "_test.go") {
			ours++
		}
		if strings.Contains(g, "ice/v4.(*Agent).connectivityChecks") {
			agents++
		}
	}
	return ours, agents
}

// Joining and leaving again and again leaves nothing running behind.
func TestLeaveLeavesNothingRunning(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	stay := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	// The first visit may leave the one who stays with lasting state (its
	// subscriber connection's first tracks); count from after it.
	var baseOurs, baseAgents int
	for i := 0; i < 4; i++ {
		if i == 1 {
			baseOurs, baseAgents = liveGoroutines()
		}
		p, err := joinPeer(t, srv, "Red Fox", peerOptions{audioOnly: i%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		stay.eventually("the fox", 10*time.Second, func() bool {
			return count(stay, func(e call.TrackAdded) bool { return e.ParticipantID == p.identity }) >= 1
		})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := p.client.Leave(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		<-p.ended
		stay.eventually("the fox gone", 10*time.Second, func() bool {
			return count(stay, func(e call.ParticipantLeft) bool { return e.ID == p.identity }) >= 1
		})
	}
	poll.Until(t, "goroutines or ICE agents left after the visits", func() bool {
		ours, agents := liveGoroutines()
		return ours <= baseOurs && agents <= baseAgents
	})
	if n := count[call.ConnectionLost](stay, nil); n != 0 {
		t.Errorf("the one who stayed lost the connection: %s", stay.describe())
	}
}
