package janus

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// Interop with a real browser: Chromium on janus-demos' VideoRoom page and
// Ringlet in the same room each receive the other's audio and video.
func TestBrowserInterop(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, Bitrate: 1_000_000}}})
	ringlet := mustJoin(t, srv, "Stille Eule", peerOptions{})

	var b *janustest.Browser
	var err error
	// One page load in ~20 stalls in the demo's own start-up: try again.
	for attempt := 1; attempt <= 3; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		b, err = janustest.StartBrowser(ctx, srv, 1234, "BrowserBee")
		cancel()
		if err == nil {
			break
		}
		t.Logf("browser attempt %d: %v", attempt, err)
	}
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	defer b.Close()

	ringlet.waitMedia("BrowserBee", true)

	deadline := time.Now().Add(60 * time.Second)
	var st janustest.BrowserStats
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		st, err = b.Stats(ctx)
		cancel()
		if err == nil && st.FramesDecoded > 5 && st.AudioPackets > 20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("browser did not receive Ringlet's media: %+v, %v", st, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !slices.Contains(st.Feeds, "Stille Eule") {
		t.Errorf("browser's feeds %q lack Stille Eule", st.Feeds)
	}
}
