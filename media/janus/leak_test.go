package janus

import (
	"bytes"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// liveGoroutines counts goroutines running code of this package (client
// machinery) and live ICE agents (one per open PeerConnection).
func liveGoroutines() (ours, agents int) {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, "ringlet/media/janus.(*") && !strings.Contains(g, "_test.go") {
			ours++
		}
		if strings.Contains(g, "ice/v4.(*Agent).connectivityChecks") {
			agents++
		}
	}
	return ours, agents
}

// Joining and leaving again and again leaves nothing running behind, and
// the one who stays is not disturbed (a feed that leaves while we
// subscribe to it once made the subscriber handle unusable).
func TestNoGoroutinesLeftAfterLeave(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	stay := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	_ = stay
	count := func() (int, int) { return liveGoroutines() }
	var baseOurs, baseAgents int
	// The first visit gives the one who stays a subscriber connection,
	// which rightly lives on; count from after it.
	for i := 0; i < 5; i++ {
		if i == 1 {
			baseOurs, baseAgents = count()
		}
		// The fox leaves as soon as the one who stays knows of it,
		// often while it is still subscribing.
		visit(t, srv, stay, i%2 == 0, false)
	}
	// The one who stays may be building its subscriber connection anew
	// when the count is taken (a feed that leaves makes it rebuild), so
	// one ICE agent more than at the start is no leak; five visits that
	// each left their connections behind would show five or ten.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ours, agents := count()
		if ours <= baseOurs && agents <= baseAgents+1 {
			stay.mu.Lock()
			defer stay.mu.Unlock()
			if has[call.ConnectionLost](stay.events) {
				t.Errorf("the one who stayed had to reconnect: %s", stay.describe())
			}
			return
		}
		if time.Now().After(deadline) {
			var b bytes.Buffer
			_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
			for _, g := range strings.Split(b.String(), "\n\n") {
				if (strings.Contains(g, "ringlet/media/janus.(*") && !strings.Contains(g, "_test.go")) ||
					strings.Contains(g, "ice/v4.(*Agent).connectivityChecks") {
					t.Logf("%s", g)
				}
			}
			t.Logf("stay: %s", stay.describe())
			t.Fatalf("goroutines left behind: ours %d (was %d), ICE agents %d (was %d)", ours, baseOurs, agents, baseAgents)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// A join that fails (here: no such room) leaves nothing running either.
func TestNoGoroutinesLeftAfterAFailedJoin(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	before, _ := liveGoroutines()
	for range 5 {
		if _, err := join(t, srv, "Grey Owl", peerOptions{room: 99}); err == nil {
			t.Fatal("joined a room that does not exist")
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		ours, _ := liveGoroutines()
		if ours <= before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("failed joins left %d goroutines behind", ours-before)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
