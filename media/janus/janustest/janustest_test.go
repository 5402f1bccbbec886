package janustest

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ringlet/ringlet/media/janus/localring"
)

func TestMain(m *testing.M) { Main(m) }

func TestNamespaceHasOnlyPrivateInterfaces(t *testing.T) {
	ifaces, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range ifaces {
		switch i.Name {
		case "lo", "jv0", "jv1":
		default:
			t.Errorf("unexpected interface %q: not a private namespace", i.Name)
		}
	}
	if !localring.Inside() {
		t.Errorf("%s is not up", ICEAddress)
	}
}

func TestServerAnswersAndRestarts(t *testing.T) {
	s := StartT(t, Options{Rooms: []Room{{ID: 7, PIN: "1 2"}}})
	if !strings.Contains(s.Link(7), "pin=1+2") {
		t.Errorf("link %q lacks the PIN", s.Link(7))
	}
	ping := func() {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, s.URL(), &websocket.DialOptions{Subprotocols: []string{"janus-protocol"}})
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		if err := c.Write(ctx, websocket.MessageText, []byte(`{"janus":"info","transaction":"x"}`)); err != nil {
			t.Fatal(err)
		}
		_, data, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `"server_info"`) || !strings.Contains(string(data), "videoroom") {
			t.Errorf("unexpected info reply: %.200s", data)
		}
		if strings.Contains(string(data), "libjanus_http") && strings.Contains(string(data), `"janus.transport.http"`) {
			t.Errorf("HTTP transport should be disabled")
		}
	}
	ping()
	s.Kill()
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	ping()
}
