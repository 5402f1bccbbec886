package janus

import (
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// cutter forwards TCP to Janus and can cut every connection at once: the
// WebSocket drops while the server stays up (a flaky Wi-Fi, a NAT timeout).
type cutter struct {
	l      net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
}

func newCutter(t *testing.T, target string) *cutter {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{l: l, target: target}
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns = append(c.conns, in, out)
			c.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	t.Cleanup(func() { l.Close(); c.cut() })
	return c
}

func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.conns {
		conn.Close()
	}
	c.conns = nil
}

func (c *cutter) url() string {
	return "ws://" + c.l.Addr().String() + "/janus"
}

func TestRejoinAfterConnectionDrop(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	proxy := newCutter(t, "127.0.0.1:"+strconv.Itoa(srv.Port()))
	a := mustJoin(t, srv, "Stille Eule", peerOptions{mutate: func(o *Options) { o.Endpoint = proxy.url() }})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{})
	a.waitMedia("Blue Heron", true)
	b.waitMedia("Stille Eule", true)
	oldA := func() uint64 { b.mu.Lock(); defer b.mu.Unlock(); return b.feedOf("Stille Eule") }()

	proxy.cut()
	a.waitFor("Joined again", 60*time.Second, func() bool {
		for _, e := range a.events {
			if j, ok := e.(call.Joined); ok && j.Rejoined {
				return true
			}
		}
		return false
	})
	b.waitFor("Stille Eule back with a new feed, the old one gone", 60*time.Second, func() bool {
		n := 0
		for _, d := range b.present {
			if d == "Stille Eule" {
				n++
			}
		}
		id := b.feedOf("Stille Eule")
		return n == 1 && id != 0 && id != oldA
	})
	b.waitMedia("Stille Eule", true)
	a.waitMedia("Blue Heron", true)
	if !strings.Contains(a.describe(), "Reconnecting") {
		t.Errorf("no Reconnecting event: %s", a.describe())
	}
}
