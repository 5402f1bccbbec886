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

	b, err := janustest.StartBrowserRetrying(srv, 1234, "BrowserBee", 3, t.Logf)
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
