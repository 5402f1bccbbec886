package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// TestHostileGUIRecoversFromJanusRestart is in a real ring through the GUI
// when the server dies (Janus killed) and comes back (Janus restarted on
// the same port with the same rooms): the call screen must say it is
// reconnecting, then be back in the ring, under the same pseudonym, with
// a newcomer after the restart seeing and hearing the user under that
// name and the user seeing the newcomer.
func TestHostileGUIRecoversFromJanusRestart(t *testing.T) {
	r := startRealRing(t, janustest.Options{})
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Join: sharedDevices.join})
	q := queueUI(u)
	joinRealRing(t, u, q, r.srv.Link(1234))
	f, pseudonym := u.flow, u.flow.pseudonym

	r.srv.Kill()
	q.until(t, "the call screen never said it is reconnecting", func() bool {
		return f.reconnecting && u.call != nil && u.call.reconnecting.Visible()
	})
	if u.flow != f || f.call == nil {
		t.Fatal("losing the server ended the visit")
	}
	if err := r.srv.Restart(); err != nil {
		t.Fatal(err)
	}
	q.until(t, "the call screen never came back from reconnecting", func() bool {
		return !f.reconnecting && u.call != nil && !u.call.reconnecting.Visible()
	})

	const newcomer = "Blauer Reiher"
	hears := joinAfterRestart(t, r.srv, newcomer)
	q.until(t, "the newcomer never received "+pseudonym, func() bool { return hears(pseudonym) })
	q.until(t, "the GUI never showed the newcomer", func() bool {
		for _, p := range f.participants {
			if p.name == newcomer {
				return true
			}
		}
		return false
	})
	if u.flow != f || f.pseudonym != pseudonym {
		t.Errorf("after the restart the visit is %p under %q, want %p under %q", u.flow, f.pseudonym, f, pseudonym)
	}
	test.Tap(u.call.leave)
	if u.flow != nil {
		t.Fatal("leaving did not end the visit")
	}
}

// joinAfterRestart lets another person (generated media) join room 1234
// and returns whether they receive a given name's media.
func joinAfterRestart(t *testing.T, srv *janustest.Server, name string) func(string) bool {
	t.Helper()
	media, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := janus.Join(ctx, janus.Options{Endpoint: srv.URL(), Room: 1234, Display: name,
		Tracks: media.Tracks(), ConfigureMediaEngine: media.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	heard := map[string]bool{}
	go func() {
		names := map[string]string{} // participant ID → name
		for ev := range c.Events() {
			switch e := ev.(type) {
			case call.ParticipantJoined:
				names[e.ID] = e.Name
			case call.TrackAdded:
				mu.Lock()
				heard[names[e.ParticipantID]] = true
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		c.Leave(lctx)
		media.Close()
	})
	return func(n string) bool {
		mu.Lock()
		defer mu.Unlock()
		return heard[n]
	}
}
