package app

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// The end-to-end test joins a real Janus from Debian, in a private network
// namespace, through the GUI's own join path (app/session, blur, events).
// It needs root (or user namespaces) and janus, so it runs only with
// RINGLET_E2E=1; everything else in this package runs anywhere.
func TestMain(m *testing.M) {
	if os.Getenv("RINGLET_E2E") == "1" {
		janustest.Main(m)
		return
	}
	os.Exit(m.Run())
}

func TestEndToEndJoinARealRing(t *testing.T) {
	if os.Getenv("RINGLET_E2E") != "1" {
		t.Skip("set RINGLET_E2E=1 (needs root and Debian's janus) to join a real ring")
	}
	srv := janustest.StartT(t, janustest.Options{})

	// Someone is in the ring already, sending the test picture and tone.
	media, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	other, err := janus.Join(ctx, janus.Options{Endpoint: srv.URL(), Room: 1234, Display: "Sanfter Fuchs",
		Tracks: media.Tracks(), ConfigureMediaEngine: media.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range other.Events() {
		}
	}()
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		other.Leave(lctx)
		media.Close()
	})

	u := newTestUI(t, "de", Options{Random: zeroReader{}, Join: joinNative})
	queue := make(chan func(), 1024)
	u.onUI = func(f func()) { queue <- f }
	u.link.entry.SetText(srv.Link(1234))
	test.Tap(u.link.join)
	u.showNameStep()
	test.Tap(u.name.next)
	u.join() // voice only, muted: the defaults
	if u.flow == nil || u.flow.call == nil {
		t.Fatal("did not join")
	}

	// Apply the call's events on this goroutine until the other person
	// is there with a picture.
	deadline := time.After(60 * time.Second)
	for {
		if p := u.flow.find(firstID(u.flow)); p != nil && p.name == "Sanfter Fuchs" && p.video && u.call.pictures[p.id] != nil && u.call.pictures[p.id].Image != nil {
			break
		}
		select {
		case f := <-queue:
			f()
		case <-deadline:
			t.Fatalf("the other participant did not show up with a picture (participants: %d)", len(u.flow.participants))
		}
	}
	test.Tap(u.call.leave)
	if u.flow != nil || u.left == nil {
		t.Fatal("leaving did not end the visit")
	}
}

func firstID(f *flow) string {
	if len(f.participants) == 0 {
		return ""
	}
	return f.participants[0].id
}
