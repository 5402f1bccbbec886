package janus

import (
	"context"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// soakCycles is how many times the soak test joins and leaves.
const soakCycles = 100

// resources is what a long-running Ringlet could leak, one call at a time.
type resources struct {
	goroutines int
	fds        int
	heap       uint64 // live heap after a collection, bytes
}

func measureResources(t *testing.T) resources {
	t.Helper()
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return resources{goroutines: runtime.NumGoroutine(), fds: len(fds), heap: ms.HeapAlloc}
}

// settledResources measures once the numbers hold still: a visit that
// just ended is still winding down its connections for a moment, and the
// one who stays may be renewing its subscription.
func settledResources(t *testing.T) resources {
	t.Helper()
	last := measureResources(t)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		now := measureResources(t)
		if now.goroutines == last.goroutines && now.fds == last.fds {
			return now
		}
		last = now
	}
	return last
}

// A hundred joins and leaves against a real Janus, with someone staying
// in the room throughout: goroutines, file descriptors and the live heap
// must not grow beyond a small slack. The figures are logged for
// docs/bench/soak.md.
func TestSoakHundredJoinsAndLeaves(t *testing.T) {
	if testing.Short() {
		t.Skip("the soak takes a minute or two; not with -short")
	}
	srv := janustest.StartT(t, janustest.Options{})
	// The harness keeps a copy of every message a peer sends; not for
	// this one, whose heap is measured.
	stay := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true, mutate: func(o *Options) { o.OnWire = nil }})
	var base resources
	// The one who stays holds one subscriber connection, or none when
	// its last subscription was dropped (a visitor left while it
	// subscribed): a connection's worth of goroutines and sockets either
	// way. Both counts are taken while it holds one.
	settledWhileSubscribed := func() resources {
		for range 10 {
			if staySubscribed(stay) {
				break
			}
			visit(t, srv, stay, true, true)
		}
		if !staySubscribed(stay) {
			t.Fatal("the one who stays never subscribed again")
		}
		return settledResources(t)
	}
	start := time.Now()
	for i := range soakCycles {
		// The first visits warm up what rightly lives on (pools fill):
		// count from after them.
		if i == 5 {
			base = settledWhileSubscribed()
			start = time.Now()
		}
		visit(t, srv, stay, i%2 == 0, true)
	}
	perVisit := time.Since(start) / (soakCycles - 5)
	end := settledWhileSubscribed()
	t.Logf("soak: %d visits, %v each; goroutines %d → %d, file descriptors %d → %d, live heap %.1f → %.1f MB",
		soakCycles-5, perVisit.Round(time.Millisecond), base.goroutines, end.goroutines, base.fds, end.fds,
		float64(base.heap)/1e6, float64(end.heap)/1e6)
	if end.goroutines > base.goroutines+soakSlackGoroutines {
		t.Errorf("goroutines grew from %d to %d", base.goroutines, end.goroutines)
	}
	if end.fds > base.fds+soakSlackFDs {
		t.Errorf("file descriptors grew from %d to %d", base.fds, end.fds)
	}
	if end.heap > base.heap+soakSlackHeap {
		t.Errorf("the live heap grew from %d to %d bytes", base.heap, end.heap)
	}
}

// The slack allowed once the last visit has wound down: a few timers
// and readers come and go, and the heap breathes with buffer pools. A
// leak of one goroutine or descriptor per visit would show 95 or more.
const (
	soakSlackGoroutines = 5
	soakSlackFDs        = 2
	soakSlackHeap       = 8 << 20
)

// visit joins as a passing participant, waits until the one who stays
// knows of them (and, with heard, hears them), and goes, politely or by
// closing.
func visit(t *testing.T, srv *janustest.Server, stay *peer, polite, heard bool) {
	t.Helper()
	m, err := janustest.NewMedia(janustest.MediaOptions{AudioOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := Join(ctx, Options{Endpoint: srv.URL(), Room: 1234, Display: "Passing Fox", Tracks: m.Tracks(), ConfigureMediaEngine: m.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range c.Events() {
		}
	}()
	stay.waitFor("the fox", 20*time.Second, func() bool { return stay.feedOf("Passing Fox") != 0 })
	if heard {
		stay.waitMedia("Passing Fox", false)
	}
	if polite {
		err = c.Leave(ctx)
	} else {
		err = c.Close()
	}
	if err != nil {
		t.Logf("leave: %v", err)
	}
	<-drained // Events is closed after Left
	stay.waitFor("the fox to go", 20*time.Second, func() bool { return stay.feedOf("Passing Fox") == 0 })
}

func staySubscribed(p *peer) bool {
	p.client.mu.Lock()
	c := p.client.cur
	p.client.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.subPC != nil
}
