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

// A hundred joins and leaves against a real Janus, with someone staying
// in the room throughout: goroutines, file descriptors and the live heap
// must not grow beyond a small slack. The figures are logged for
// docs/bench/soak.md.
func TestSoakHundredJoinsAndLeaves(t *testing.T) {
	if testing.Short() {
		t.Skip("the soak takes a minute or two; not with -short")
	}
	srv := janustest.StartT(t, janustest.Options{})
	stay := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	var base resources
	start := time.Now()
	for i := range soakCycles {
		// The first visits warm up what rightly lives on (the one who
		// stays gets its subscriber connection, pools fill): count from
		// after them.
		if i == 5 {
			base = measureResources(t)
			start = time.Now()
		}
		soakVisit(t, srv, stay, i%2 == 0)
	}
	perVisit := time.Since(start) / (soakCycles - 5)
	var end resources
	// The one who stays may still be rebuilding its subscription after
	// the last visit: give the numbers a moment to settle.
	deadline := time.Now().Add(20 * time.Second)
	for {
		end = measureResources(t)
		if end.goroutines <= base.goroutines+soakSlackGoroutines || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
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

// The slack allowed: the one who stays may hold one subscriber
// connection more or less at the moment of counting (its ICE agent, DTLS
// and SCTP goroutines, a UDP socket or two), and the heap breathes with
// buffer pools. A leak of one goroutine or descriptor per visit would
// show 95 or more.
const (
	soakSlackGoroutines = 30
	soakSlackFDs        = 8
	soakSlackHeap       = 8 << 20
)

// soakVisit joins as a passing participant, waits until the one who
// stays sees them, and goes, politely or by closing.
func soakVisit(t *testing.T, srv *janustest.Server, stay *peer, polite bool) {
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
