package session

import (
	"context"
	"image"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// joinLiveKitOther puts a second participant into a LiveKit room, through
// the same website the session asks.
func joinLiveKitOther(t testing.TB, meet *livekittest.Meet, room, name string) *otherPeer {
	t.Helper()
	m, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	link, err := ring.Parse(meet.RoomLink(room))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := livekit.FetchConnectionDetails(ctx, link.LiveKitDetailsURL(name), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := livekit.Join(ctx, livekit.Options{ServerURL: d.ServerURL, Token: d.Token, Tracks: m.Tracks(), ConfigureMediaEngine: m.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	p := &otherPeer{conf: c, media: m, names: map[string]string{}, hands: map[string]bool{}}
	go p.follow(c.Events())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.Leave(ctx)
		m.Close()
	})
	return p
}

// A LiveKit Meet link joins natively: the session asks the ring's website
// for a way in (with the room and the pseudonym, nothing else), joins the
// LiveKit server with the test pattern through the blur, and both people
// see, hear and write to each other under their names.
func TestLiveKitCallWithAnotherParticipant(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	other := joinLiveKitOther(t, meet, "abend-runde", "Blue Heron")
	link, err := ring.Parse(meet.RoomLink("abend-runde"))
	if err != nil || link.Platform != ring.PlatformLiveKit || link.Kind != ring.KindNative {
		t.Fatalf("parse: %#v, %v", link, err)
	}

	var frames, sent atomic.Int64
	s, events := joinT(t, Options{Link: link, Pseudonym: "Stille Eule", TestPattern: true, NullSpeaker: true,
		Width: 320, Height: 240, FrameRate: 15,
		Transform: func(*image.YCbCr) { sent.Add(1) },
		OnFrame:   func(string, *image.YCbCr) { frames.Add(1) }})

	waitUntil(t, "the session to see Blue Heron", func() bool {
		for _, n := range s.Participants() {
			if n == "Blue Heron" {
				return true
			}
		}
		return false
	})
	waitUntil(t, "decoded frames from Blue Heron", func() bool { return frames.Load() >= 10 })
	waitUntil(t, "Blue Heron to see and hear Stille Eule", func() bool { return other.seesAndHears("Stille Eule", 10) })
	waitUntil(t, "chat to and from Blue Heron", func() bool {
		_ = s.SendChat("Hallo, ich bin neu hier.")
		_ = other.conf.SendChat("Willkommen!")
		events.mu.Lock()
		defer events.mu.Unlock()
		for _, e := range events.events {
			if c, ok := e.(call.Chat); ok && c.From == "Blue Heron" && c.Text == "Willkommen!" {
				return true
			}
		}
		return false
	})
	waitUntil(t, "a blur verdict on the sent pictures", func() bool {
		_, ok := s.BlurVerdict()
		return ok && sent.Load() > 0
	})

	// The website was asked for exactly the room and the name.
	for _, r := range meet.Requests() {
		q := r.URL.Query()
		if q.Get("participantName") == "Stille Eule" {
			if len(q) != 2 || q.Get("roomName") != "abend-runde" {
				t.Errorf("the website was sent %v", q)
			}
			if len(r.Cookies()) != 0 || r.Header.Get("Referer") != "" || r.Header.Get("User-Agent") != "Mozilla/5.0" {
				t.Errorf("the website was sent headers %v", r.Header)
			}
			return
		}
	}
	t.Error("the website was never asked for Stille Eule")
}
