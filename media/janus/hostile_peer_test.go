package janus

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// sendRaw sends bytes on p's data channel as a hostile client would,
// retrying while the channel opens.
func (p *peer) sendRaw(raw string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := p.client.sendData([]byte(raw))
		if err == nil {
			return
		}
		if !errors.Is(err, &Error{Kind: KindChatUnavailable}) || time.Now().After(deadline) {
			p.t.Fatalf("%s: send: %v", p.name, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *peer) chats() []call.Chat {
	var out []call.Chat
	for _, e := range p.events {
		if m, ok := e.(call.Chat); ok {
			out = append(out, m)
		}
	}
	return out
}

// A participant writes a chat line that claims to come from someone
// else. Through a real Janus, the line must be attributed to the feed it
// came from, whatever the message says.
func TestHostileForgedSenderIsIgnored(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	victim := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true})
	troll := mustJoin(t, srv, "Troll", peerOptions{audioOnly: true})
	reader := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	reader.waitMedia("Troll", false)
	reader.waitMedia("Stille Eule", false)

	troll.sendRaw(`{"from":"Stille Eule","text":"Ich bin die Leitung. Schreibt mir eure Adressen."}`)
	troll.sendRaw(`{"from":"Stille Eule","hand":true}`)
	reader.waitFor("the forged line", 20*time.Second, func() bool { return len(reader.chats()) > 0 })
	reader.waitFor("the forged hand", 20*time.Second, func() bool {
		for _, e := range reader.events {
			if _, ok := e.(call.Hand); ok {
				return true
			}
		}
		return false
	})
	reader.mu.Lock()
	defer reader.mu.Unlock()
	trollID, victimID := troll.client.ID(), victim.client.ID()
	for _, m := range reader.chats() {
		if feedNum(m.ParticipantID) != trollID || m.From != "Troll" {
			t.Errorf("chat line attributed to feed %s %q, want the troll's feed %d", m.ParticipantID, m.From, trollID)
		}
	}
	for _, e := range reader.events {
		if h, ok := e.(call.Hand); ok && (feedNum(h.ParticipantID) != trollID || feedNum(h.ParticipantID) == victimID) {
			t.Errorf("hand attributed to feed %s %q, want the troll's feed %d", h.ParticipantID, h.Name, trollID)
		}
	}
}

// A participant floods the chat. What reaches the others is cut down to
// the per-feed rate, and someone else's line still gets through.
func TestHostileChatFloodIsRateLimited(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	troll := mustJoin(t, srv, "Troll", peerOptions{audioOnly: true})
	friend := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true})
	reader := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	reader.waitMedia("Troll", false)
	reader.waitMedia("Stille Eule", false)

	troll.sendRaw(`{"text":"warm-up"}`)
	reader.waitFor("the first line", 20*time.Second, func() bool { return len(reader.chats()) > 0 })
	const flood = 400
	start := time.Now()
	for i := range flood {
		troll.sendRaw(fmt.Sprintf(`{"text":"spam %d"}`, i))
	}
	friend.sendRaw(`{"text":"Hallo zusammen"}`)
	reader.waitFor("the friend's line", 20*time.Second, func() bool {
		for _, m := range reader.chats() {
			if m.Text == "Hallo zusammen" {
				return true
			}
		}
		return false
	})
	// The count is over a window of time, and the limit follows the
	// window's length: this pause widens the window to take in whatever of
	// the flood is still on its way, which can only raise the limit.
	time.Sleep(500 * time.Millisecond)
	elapsed := time.Since(start)
	reader.mu.Lock()
	fromTroll := 0
	for _, m := range reader.chats() {
		if feedNum(m.ParticipantID) == troll.client.ID() {
			fromTroll++
		}
	}
	reader.mu.Unlock()
	limit := chatBurst + int(elapsed.Seconds()*chatRate) + 2
	t.Logf("%d of %d flood lines came through in %v (limit %d)", fromTroll, flood+1, elapsed.Round(time.Millisecond), limit)
	if fromTroll > limit {
		t.Fatalf("%d flood lines reached the reader, want at most %d", fromTroll, limit)
	}
}

// Participants with 50 KB display names, terminal escapes and bidi
// overrides. Janus passes the names on (in the 0.8 MB list of
// publishers a newcomer gets); what reaches Ringlet's events is cleaned
// and bounded.
func TestHostileHugeNamesAreCut(t *testing.T) {
	const trolls = 15
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, Publishers: trolls + 2}}})
	for i := range trolls {
		name := fmt.Sprintf("T%02d\x1b]52;c;ZXZpbA==\x07\u202e", i) + strings.Repeat("Ä", 25_000)
		mustJoin(t, srv, name, peerOptions{audioOnly: true})
	}
	var biggest atomic.Int64
	reader := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true, mutate: func(o *Options) {
		o.OnWire = func(d Direction, b []byte) {
			if d == Received && int64(len(b)) > biggest.Load() {
				biggest.Store(int64(len(b)))
			}
		}
	}})
	reader.waitFor("every troll", 60*time.Second, func() bool { return len(reader.present) == trolls })
	t.Logf("largest message from Janus: %d bytes", biggest.Load())
	if biggest.Load() < 700_000 {
		t.Fatalf("Janus sent at most %d bytes at once; the test wants the 0.8 MB list of publishers", biggest.Load())
	}
	reader.mu.Lock()
	defer reader.mu.Unlock()
	for _, e := range reader.events {
		var name string
		switch e := e.(type) {
		case call.ParticipantJoined:
			name = e.Name // the only event that carries a name from Janus
		default:
			continue
		}
		if n := utf8.RuneCountInString(name); n > peertext.MaxNameRunes {
			t.Fatalf("a name of %d letters reached the events", n)
		}
		if strings.ContainsAny(name, "\x1b\x07\u202e") {
			t.Fatalf("controls reached the events: %q", name)
		}
	}
}

// A server that answers the WebSocket handshake with a redirect to a
// plain http:// host would receive the pseudonym and the PIN in clear
// text. Ringlet never follows, and the other host hears nothing.
func TestHostileRedirectIsRefused(t *testing.T) {
	var contacted atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		contacted.Add(1)
		http.Error(w, "no", http.StatusTeapot)
	}))
	defer elsewhere.Close()
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+"/janus?room=1234&pin=4711", code)
		}))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		c, err := Join(ctx, Options{Endpoint: "ws" + strings.TrimPrefix(redirector.URL, "http") + "/janus", Room: 1234, PIN: "4711", Display: "Stille Eule"})
		cancel()
		redirector.Close()
		if err == nil {
			c.Close()
			t.Fatalf("%d: joined through a redirect", code)
		}
		if !errors.Is(err, ErrRedirected) {
			t.Errorf("%d: err = %v, want ErrRedirected", code, err)
		}
	}
	if n := contacted.Load(); n != 0 {
		t.Fatalf("the redirect target was contacted %d times", n)
	}
}

// A server that announces a thousand publishers gets the first MaxFeeds
// followed; the rest are not turned into tiles.
func TestHostileFeedsAreBounded(t *testing.T) {
	var pubs []string
	for i := range 1000 {
		pubs = append(pubs, fmt.Sprintf(`{"id":%d,"display":"P%d"}`, 100+i, i))
	}
	endpoint := hostileServer(t, upTo(func(req map[string]any) []string {
		body, _ := req["body"].(map[string]any)
		switch {
		case body["request"] == "join" && body["ptype"] == "publisher":
			return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"joined","room":1,"id":5,"private_id":6,"publishers":[` + strings.Join(pubs, ",") + `]}}}`}
		case body["request"] == "join":
			return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"event","error_code":428,"error":"no such feed"}}}`}
		}
		return []string{`{"janus":"success","transaction":"TX"}`}
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := Join(ctx, Options{Endpoint: endpoint, Room: 1, Display: "Stille Eule", RequestTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	seen := 0
	timeout := time.After(3 * time.Second)
	for done := false; !done; {
		select {
		case e := <-c.Events():
			if _, ok := e.(call.ParticipantJoined); ok {
				seen++
			}
		case <-timeout:
			done = true
		}
	}
	if seen != MaxFeeds {
		t.Fatalf("%d participants followed, want %d", seen, MaxFeeds)
	}
}

// The data channel that Janus sees, and that older Janus versions passed
// on to everyone, is labelled as janus.js labels its own: nothing in it
// says which app a person uses.
func TestHostileDataChannelSaysNothingOfRinglet(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	p := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true})
	p.client.mu.Lock()
	c := p.client.cur
	p.client.mu.Unlock()
	c.mu.Lock()
	dc := c.chat
	c.mu.Unlock()
	if dc == nil {
		t.Fatal("no data channel")
	}
	for _, label := range []string{dc.Label(), dc.Protocol()} {
		if strings.Contains(strings.ToLower(label), "ringlet") {
			t.Fatalf("the data channel says %q", label)
		}
	}
	if dc.Label() != "JanusDataChannel" {
		t.Errorf("label %q, want janus.js's JanusDataChannel", dc.Label())
	}
}
