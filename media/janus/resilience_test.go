package janus

import (
	"os/exec"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// Janus killed and started again mid-call: both clients notice, rejoin
// with the same pseudonym and hear and see each other again.
func TestRejoinAfterServerRestart(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	a := mustJoin(t, srv, "Stille Eule", peerOptions{})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{})
	a.waitMedia("Blue Heron", true)
	b.waitMedia("Stille Eule", true)
	oldB := func() uint64 { a.mu.Lock(); defer a.mu.Unlock(); return a.feedOf("Blue Heron") }()

	srv.Kill()
	for _, p := range []*peer{a, b} {
		p.waitFor("Reconnecting", 30*time.Second, func() bool { return has[call.ConnectionLost](p.events) })
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*peer{a, b} {
		p.waitFor("Joined again", 60*time.Second, func() bool {
			for _, e := range p.events {
				if j, ok := e.(call.Joined); ok && j.Rejoined {
					return true
				}
			}
			return false
		})
	}
	a.waitFor("Blue Heron with a new feed", 30*time.Second, func() bool {
		id := a.feedOf("Blue Heron")
		return id != 0 && id != oldB
	})
	a.waitMedia("Blue Heron", true)
	b.waitMedia("Stille Eule", true)
	for _, p := range []*peer{a, b} {
		if has[call.Ended](p.events) {
			t.Errorf("%s: got Left during a recoverable outage", p.name)
		}
	}
}

// The publisher makes a keyframe when asked: with the encoder's own
// keyframe timer practically off, a late subscriber can only decode if
// Janus' PLI reached the encoder, and a PLI we send later must bring
// another keyframe.
func TestKeyframeOnPictureLoss(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	a := mustJoin(t, srv, "Slow Snail", peerOptions{keyFrameInterval: 1_000_000})
	// Late Lark joins once Slow Snail's first keyframe is long gone: a
	// second of pictures after it, all deltas.
	a.waitFor("a second of pictures from Slow Snail", 30*time.Second, func() bool { return a.stream.Pictures() > 15 })
	b := mustJoin(t, srv, "Late Lark", peerOptions{audioOnly: true})
	b.waitMedia("Slow Snail", true)
	b.mu.Lock()
	fs := b.stats("Slow Snail")
	b.mu.Unlock()
	before := fs.keyframes.Load()
	if before < 1 {
		t.Fatalf("decoded frames without a keyframe?")
	}
	deadline := time.Now().Add(20 * time.Second)
	for fs.keyframes.Load() == before && time.Now().Before(deadline) {
		b.client.RequestKeyframe()
		time.Sleep(500 * time.Millisecond)
	}
	if fs.keyframes.Load() == before {
		t.Fatalf("no keyframe after PLI (still %d)", before)
	}
	_ = a
}

func has[T Event](events []Event) bool {
	for _, e := range events {
		if _, ok := e.(T); ok {
			return true
		}
	}
	return false
}

// The media path dies while signalling stays up (the namespace's veth
// link, the only ICE address, goes down for a while): the connections
// fail, the clients rejoin once the path is back, and media flows again.
func TestRejoinAfterMediaPathFailure(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	a := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	a.waitMedia("Blue Heron", false)
	b.waitMedia("Stille Eule", false)

	link := func(state string) {
		t.Helper()
		if out, err := exec.Command("ip", "link", "set", "jv0", state).CombinedOutput(); err != nil {
			t.Fatalf("ip link set jv0 %s: %v: %s", state, err, out)
		}
	}
	link("down")
	restored := false
	defer func() {
		if !restored {
			link("up")
		}
	}()
	for _, p := range []*peer{a, b} {
		p.waitFor("Reconnecting after ICE failure", 60*time.Second, func() bool { return has[call.ConnectionLost](p.events) })
	}
	link("up")
	restored = true
	for _, p := range []*peer{a, b} {
		p.waitFor("Joined again", 60*time.Second, func() bool {
			for _, e := range p.events {
				if j, ok := e.(call.Joined); ok && j.Rejoined {
					return true
				}
			}
			return false
		})
	}
	a.mu.Lock()
	before := int64(0)
	if fs := a.stats("Blue Heron"); fs != nil {
		before = fs.audioPackets.Load()
	}
	a.mu.Unlock()
	a.waitFor("audio again", 60*time.Second, func() bool {
		fs := a.stats("Blue Heron")
		return fs != nil && fs.audioPackets.Load() > before+20
	})
}

// Keepalives hold the session open past Janus' session timeout.
func TestKeepaliveHoldsTheSession(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{SessionTimeout: 2})
	a := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true, mutate: func(o *Options) { o.KeepAlive = 500 * time.Millisecond }})
	time.Sleep(5 * time.Second) // more than twice the server's timeout
	b := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	b.waitMedia("Stille Eule", false)
	a.mu.Lock()
	defer a.mu.Unlock()
	if has[call.ConnectionLost](a.events) {
		t.Errorf("the session timed out despite keepalives: %s", a.describe())
	}
}
