package main

import (
	"context"
	"image"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/i18n"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/video"
)

// The demo's ring works: a listener joining the printed link sees the test
// participant and decodes its picture. (The window itself is app's to
// test; here the demo runs with --no-gui.)
func TestDemoRingHasATestParticipant(t *testing.T) {
	var out, errb syncBuffer
	c := &cli{stdout: &out, stderr: &errb, catalog: i18n.MustLoad(), lang: "en"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- runDemo(ctx, c, []string{"--no-gui", "--port", "0"}) }()

	linkRE := regexp.MustCompile(`ringlet://\S+`)
	deadline := time.Now().Add(60 * time.Second)
	for !regexp.MustCompile(`Demo Badger.*is in the ring`).MatchString(out.String()) {
		select {
		case code := <-done:
			t.Fatalf("demo ended with %d: %s %s", code, out.String(), errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo did not come up: %s %s", out.String(), errb.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	link, err := ring.Parse(linkRE.FindString(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	jctx, jcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer jcancel()
	// A listener: no tracks of its own.
	listener, err := janus.Join(jctx, janus.Options{Endpoint: link.Endpoint, Room: link.Room, PIN: link.PIN, Display: "Listener"})
	if err != nil {
		t.Fatal(err)
	}
	var frames atomic.Int64
	var from atomic.Value
	go func() {
		for e := range listener.Events() {
			if e, ok := e.(janus.TrackAdded); ok && e.Kind.String() == "video" {
				from.Store(e.Display)
				r, err := video.NewReceiver(video.ReceiveOptions{OnFrame: func(*image.YCbCr) { frames.Add(1) }, RequestKeyFrame: listener.RequestKeyframe})
				if err == nil {
					go r.Run(context.Background(), e.Track)
				}
			}
		}
	}()
	for frames.Load() < 5 {
		if time.Now().After(deadline) {
			t.Fatal("no picture from the demo participant")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if from.Load() != "Demo Badger" {
		t.Errorf("picture from %v", from.Load())
	}
	lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer lcancel()
	listener.Leave(lctx)
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("demo exit %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop")
	}
}
