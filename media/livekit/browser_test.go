package livekit

import (
	"context"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// Ringlet and a browser running LiveKit's own SDK in one room: each
// decodes the other's picture and hears the other's sound (the browser's
// getStats counts Ringlet's frames decoded), each knows the other by
// name, and chat goes both ways in LiveKit Meet's format.
func TestBrowserInterop(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	browser := srv.StartBrowserT(t, ctx, testRoom, "browser-heron", "Blue Heron")

	owl.eventually("the browser by name", 20*time.Second, func() bool {
		return count(owl, func(e call.ParticipantJoined) bool { return e.ID == "browser-heron" && e.Name == "Blue Heron" }) == 1
	})
	owl.eventually("30 of the browser's frames decoded", 30*time.Second, func() bool { return owl.framesFrom("browser-heron") >= 30 })
	owl.eventually("the browser's sound", 20*time.Second, func() bool { return owl.audioFrom("browser-heron") >= 50 })
	var st livekittest.BrowserStats
	owl.eventually("the browser decoding 30 of Ringlet's frames", 30*time.Second, func() bool {
		var err error
		st, err = browser.Stats(ctx)
		return err == nil && st.FramesDecoded >= 30 && st.AudioPackets >= 50
	})
	if len(st.Names) != 1 || st.Names[0] != "Stille Eule" {
		t.Errorf("the browser knows Ringlet as %q", st.Names)
	}

	if err := browser.Chat(ctx, "Willkommen!"); err != nil {
		t.Fatal(err)
	}
	owl.eventually("the browser's chat", 10*time.Second, func() bool {
		return count(owl, func(e call.Chat) bool { return e.ParticipantID == "browser-heron" && e.Text == "Willkommen!" }) == 1
	})
	if err := owl.client.SendChat("Danke!"); err != nil {
		t.Fatal(err)
	}
	owl.eventually("Ringlet's chat in the browser", 10*time.Second, func() bool {
		got, err := browser.Received(ctx)
		if err != nil {
			return false
		}
		for _, c := range got {
			if c.From == owl.identity && c.Message == "Danke!" && c.Topic == chatTopic {
				return true
			}
		}
		return false
	})
	t.Logf("browser: %+v", st)
}
