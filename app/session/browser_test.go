package session

import (
	"context"
	"image"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// Interop as the product sends: a Session (Ringlet's own libvpx VP8
// binding, Opus, the default background blur, mDNS on) and Chromium on
// janus-demos' VideoRoom page in one ring. The browser must decode
// Ringlet's picture and sound, and Ringlet the browser's picture. (The
// janus package's interop test sends the harness' media instead.)
func TestBrowserDecodesWhatTheSessionSends(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, Bitrate: 1_000_000}}})
	var frames atomic.Int64
	s, _ := joinT(t, Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", TestPattern: true, NullSpeaker: true,
		OnFrame: func(string, *image.YCbCr) { frames.Add(1) }})

	b, err := janustest.StartBrowserRetrying(srv, 1234, "BrowserBee", 3, t.Logf)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	defer b.Close()

	var st janustest.BrowserStats
	waitUntil(t, "the browser to decode Ringlet's media", func() bool {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		st, err = b.Stats(sctx)
		return err == nil && st.FramesDecoded > 5 && st.AudioPackets > 20
	})
	if !slices.Contains(st.Feeds, "Stille Eule") {
		t.Errorf("browser's feeds %q lack Stille Eule", st.Feeds)
	}
	waitUntil(t, "Ringlet to decode the browser's picture", func() bool { return frames.Load() > 5 })
	if _, ok := s.BlurVerdict(); !ok {
		t.Error("no blur verdict although the picture went out")
	}
}
