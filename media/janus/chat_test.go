package janus

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

func TestChatThroughTheRoom(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	a := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	a.waitMedia("Blue Heron", false)
	b.waitMedia("Stille Eule", false)

	deadline := time.Now().Add(20 * time.Second)
	for {
		err := a.client.SendChat("Hallo in die Runde")
		if err == nil {
			break
		}
		if !errors.Is(err, &Error{Kind: KindChatUnavailable}) || time.Now().After(deadline) {
			t.Fatalf("send: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.waitFor("the chat message", 20*time.Second, func() bool {
		for _, e := range b.events {
			if m, ok := e.(call.Chat); ok && m.From == "Stille Eule" && m.Text == "Hallo in die Runde" {
				return true
			}
		}
		return false
	})
	if err := a.client.SendChat(strings.Repeat("x", MaxChatBytes)); !errors.Is(err, &Error{Kind: KindChatTooLong}) {
		t.Errorf("long message: %v", err)
	}

	// A raised hand travels the same way and names the feed it came from.
	if err := a.client.SetHand(true); err != nil {
		t.Fatal(err)
	}
	aID := a.client.ID()
	b.waitFor("the raised hand", 20*time.Second, func() bool {
		for _, e := range b.events {
			if h, ok := e.(call.Hand); ok && h.Name == "Stille Eule" && h.Up && feedNum(h.ParticipantID) == aID {
				return true
			}
		}
		return false
	})
	// Someone who comes in later still learns that the hand is up.
	c := mustJoin(t, srv, "Graue Reiherin", peerOptions{audioOnly: true})
	c.waitFor("the raised hand, told again to a newcomer", 30*time.Second, func() bool {
		for _, e := range c.events {
			if h, ok := e.(call.Hand); ok && h.Name == "Stille Eule" && h.Up {
				return true
			}
		}
		return false
	})
	if err := a.client.SetHand(false); err != nil {
		t.Fatal(err)
	}
	b.waitFor("the lowered hand", 20*time.Second, func() bool {
		for _, e := range b.events {
			if h, ok := e.(call.Hand); ok && !h.Up && feedNum(h.ParticipantID) == aID {
				return true
			}
		}
		return false
	})
}

func TestDecodeData(t *testing.T) {
	up, down := true, false
	tests := []struct {
		in   string
		ok   bool
		want Event
	}{
		{`{"hand":true}`, true, call.Hand{Up: up}},
		{`{"hand":false}`, true, call.Hand{Up: down}},
		// A sender's own "from" is ignored: Janus says who sent it.
		{`{"from":"Blue Heron","hand":true}`, true, call.Hand{Up: up}},
		{`{"from":"Blue Heron","text":" Hallo "}`, true, call.Chat{Text: "Hallo"}},
		{`{"text":"Hallo","hand":true}`, true, call.Chat{Text: "Hallo"}},
		{`{"text":"   ","hand":true}`, false, nil},
		{`{"text":"   "}`, false, nil},
		{`{"text":5}`, false, nil},
		{`{"hand":"yes"}`, false, nil},
		{`{}`, false, nil},
		{"\xff\xfe", false, nil},
		{`{"text":"` + strings.Repeat("x", MaxChatBytes) + `"}`, false, nil},
		{`{"text":"hi\u001b[2J\u202e there"}`, true, call.Chat{Text: "hi[2J there"}},
	}
	for _, tt := range tests {
		got, ok := decodeData([]byte(tt.in))
		if ok != tt.ok || got != tt.want {
			t.Errorf("decodeData(%.40q) = %+v, %v", tt.in, got, ok)
		}
	}
}

func FuzzDecodeChat(f *testing.F) {
	f.Add([]byte(`{"from":"Blue Heron","text":"Hallo"}`))
	f.Add([]byte(`{"text":""}`))
	f.Add([]byte(`{"hand":true}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, ok := decodeData(data)
		if !ok {
			return
		}
		if len(data) > MaxChatBytes {
			t.Fatalf("accepted %d bytes", len(data))
		}
		if m, isChat := ev.(call.Chat); isChat && (m.Text == "" || m.From != "" || m.ParticipantID != "") {
			t.Fatalf("accepted %q as %+v", data, m)
		}
	})
}
