package janus

import (
	"errors"
	"strings"
	"testing"
	"time"

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
			if m, ok := e.(ChatMessage); ok && m.From == "Stille Eule" && m.Text == "Hallo in die Runde" {
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
			if h, ok := e.(HandChanged); ok && h.From == "Stille Eule" && h.Up && h.FeedID == aID {
				return true
			}
		}
		return false
	})
	// Someone who comes in later still learns that the hand is up.
	c := mustJoin(t, srv, "Graue Reiherin", peerOptions{audioOnly: true})
	c.waitFor("the raised hand, told again to a newcomer", 30*time.Second, func() bool {
		for _, e := range c.events {
			if h, ok := e.(HandChanged); ok && h.From == "Stille Eule" && h.Up {
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
			if h, ok := e.(HandChanged); ok && !h.Up && h.FeedID == aID {
				return true
			}
		}
		return false
	})
}

func TestDecodeHand(t *testing.T) {
	up, down := true, false
	tests := []struct {
		in   string
		ok   bool
		want HandChanged
	}{
		{`{"from":"Blue Heron","hand":true}`, true, HandChanged{From: "Blue Heron", Up: up}},
		{`{"from":"Blue Heron","hand":false}`, true, HandChanged{From: "Blue Heron", Up: down}},
		{`{"from":"Blue Heron","text":"Hallo"}`, false, HandChanged{}},
		{`{"from":"Blue Heron","text":"Hallo","hand":true}`, false, HandChanged{}},
		{`{"from":"","hand":true}`, false, HandChanged{}},
		{`{"from":"a","hand":"yes"}`, false, HandChanged{}},
	}
	for _, tt := range tests {
		got, ok := decodeHand([]byte(tt.in))
		if ok != tt.ok || got != tt.want {
			t.Errorf("decodeHand(%.40q) = %+v, %v", tt.in, got, ok)
		}
		if _, isChat := decodeChat([]byte(tt.in)); isChat && ok {
			t.Errorf("%q decodes as both chat and hand", tt.in)
		}
	}
}

func TestDecodeChat(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want ChatMessage
	}{
		{`{"from":"Blue Heron","text":" Hallo "}`, true, ChatMessage{From: "Blue Heron", Text: "Hallo"}},
		{`{"from":"","text":"x"}`, false, ChatMessage{}},
		{`{"from":"a","text":"   "}`, false, ChatMessage{}},
		{`{"from":"a","text":5}`, false, ChatMessage{}},
		{"\xff\xfe", false, ChatMessage{}},
		{`{"from":"a","text":"` + strings.Repeat("x", MaxChatBytes) + `"}`, false, ChatMessage{}},
	}
	for _, tt := range tests {
		got, ok := decodeChat([]byte(tt.in))
		if ok != tt.ok || got != tt.want {
			t.Errorf("decodeChat(%.40q) = %+v, %v", tt.in, got, ok)
		}
	}
}

func FuzzDecodeChat(f *testing.F) {
	f.Add([]byte(`{"from":"Blue Heron","text":"Hallo"}`))
	f.Add([]byte(`{"from":"a","text":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, ok := decodeChat(data)
		if ok && (m.From == "" || m.Text == "" || len(data) > MaxChatBytes) {
			t.Fatalf("accepted %q as %+v", data, m)
		}
	})
}
