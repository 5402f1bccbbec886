package e2ee

import (
	"context"
	"image"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/call"
)

// sessionEvents keeps what a session told, and what it sent the
// server in signalling.
type sessionEvents struct {
	mu         sync.Mutex
	mismatches []call.KeyMismatch
	chats      []call.Chat
	wire       [][]byte
	done       chan struct{}
}

func (e *sessionEvents) chat() []call.Chat {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]call.Chat(nil), e.chats...)
}

func (e *sessionEvents) sent() [][]byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([][]byte(nil), e.wire...)
}

func (e *sessionEvents) told() []call.KeyMismatch {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]call.KeyMismatch(nil), e.mismatches...)
}

// startSession joins the ring as the app does, with the capture layer's
// test picture and tone (encoded for real), and leaves when the test ends.
// It counts the pictures shown and keeps the key mismatches told and the
// chat received.
func startSession(t *testing.T, l ring.Link, name string) (*session.Session, *sessionEvents, *atomic.Int64) {
	t.Helper()
	pictures := &atomic.Int64{}
	events := &sessionEvents{done: make(chan struct{})}
	s := session.New(session.Options{Link: l, Pseudonym: name, TestPattern: true, NullSpeaker: true,
		Width: 320, Height: 240, FrameRate: 15, EchoCancellation: session.EchoOff,
		OnFrame: func(string, *image.YCbCr) { pictures.Add(1) },
		OnWire: func(sent bool, msg []byte) {
			if sent {
				events.mu.Lock()
				events.wire = append(events.wire, append([]byte(nil), msg...))
				events.mu.Unlock()
			}
		}})
	go func() {
		defer close(events.done)
		for e := range s.Events() {
			events.mu.Lock()
			switch e := e.(type) {
			case call.KeyMismatch:
				events.mismatches = append(events.mismatches, e)
			case call.Chat:
				events.chats = append(events.chats, e)
			}
			events.mu.Unlock()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Join(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		_ = s.Leave(lctx)
		<-events.done
	})
	return s, events, pictures
}

// The session as the app runs it (camera and microphone: the capture
// layer's test picture and tone, encoded for real), in an encrypted ring:
// it publishes encrypted (Janus lets it in under require_e2ee), decodes
// a participant with the same key, and names one with another key.
func TestSessionInAnEncryptedRing(t *testing.T) {
	srv := encryptedRing(t, true)
	l := link(t, srv, ringKey)
	s, events, pictures := startSession(t, l, "Anna")

	ben := join(t, srv, "Ben", l)
	poll.Until(t, "Anna and Ben see each other", func() bool {
		return pictures.Load() >= 20 && ben.decoded("Anna").FramesDecoded >= 20
	})
	poll.Until(t, "Ben hears Anna", func() bool { heard, _ := ben.soundOf("Anna"); return heard >= 48000 })
	assertAllSealed(t, ben.rawOf("Anna"))

	join(t, srv, "Carl", link(t, srv, "a different passphrase"))
	poll.Until(t, "Anna's session names Carl", func() bool {
		for _, k := range events.told() {
			if k.Name == "Carl" {
				return true
			}
		}
		return false
	})
	for _, k := range events.told() {
		if k.Name != "Carl" {
			t.Errorf("told of %+v, whose key matches", k)
		}
	}
	for _, st := range s.Stats() {
		if st.Name == "Carl" && st.FramesDecoded != 0 {
			t.Errorf("Anna's session decoded %d of Carl's pictures", st.FramesDecoded)
		}
	}
}

// The session without a key, in a ring that lets it in: it is told whose
// picture and sound are encrypted, and shows none of it.
func TestSessionWithoutTheKeyIsTold(t *testing.T) {
	srv := encryptedRing(t, false)
	join(t, srv, "Anna", link(t, srv, ringKey))
	_, events, pictures := startSession(t, link(t, srv, ""), "Dora")
	poll.Until(t, "Dora is told that Anna's media is encrypted", func() bool {
		got := events.told()
		return len(got) == 1 && got[0].Name == "Anna" && got[0].NoKey
	})
	if n := pictures.Load(); n != 0 {
		t.Errorf("%d of Anna's encrypted pictures were shown", n)
	}
}
