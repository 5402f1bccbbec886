package janus

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// hostileServer speaks just enough of the Janus API to get a client going
// and then misbehaves as told. A real Janus never sends broken messages,
// so this one scripted server stands in for a broken or hostile one.
func hostileServer(t *testing.T, reply func(req map[string]any) []string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"janus-protocol"}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(1 << 20)
		for {
			_, data, err := c.Read(context.Background())
			if err != nil {
				return
			}
			var req map[string]any
			if json.Unmarshal(data, &req) != nil {
				return
			}
			for _, out := range reply(req) {
				out = strings.ReplaceAll(out, "TX", req["transaction"].(string))
				if c.Write(context.Background(), websocket.MessageText, []byte(out)) != nil {
					return
				}
			}
		}
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/janus"
}

// upTo answers create and attach properly, then hands over.
func upTo(then func(req map[string]any) []string) func(map[string]any) []string {
	return func(req map[string]any) []string {
		switch req["janus"] {
		case "create":
			return []string{`{"janus":"success","transaction":"TX","data":{"id":1}}`}
		case "attach":
			return []string{`{"janus":"success","transaction":"TX","data":{"id":2}}`}
		case "keepalive", "trickle":
			return []string{`{"janus":"ack","transaction":"TX"}`}
		}
		return then(req)
	}
}

func TestHostileServer(t *testing.T) {
	tests := []struct {
		name  string
		reply func(map[string]any) []string
		want  ErrorKind
	}{
		{"not json", func(map[string]any) []string { return []string{`{"janus":`} }, KindProtocol},
		{"create without id", func(map[string]any) []string { return []string{`{"janus":"success","transaction":"TX"}`} }, KindProtocol},
		{"oversized", func(map[string]any) []string {
			return []string{`{"janus":"success","transaction":"TX","x":"` + strings.Repeat("a", MaxMessageSize) + `"}`}
		}, KindServerGone},
		{"join reply not joined", upTo(func(map[string]any) []string {
			return []string{`{"janus":"ack","transaction":"TX"}`, `{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"event"}}}`}
		}), KindProtocol},
		{"joined without id", upTo(func(map[string]any) []string {
			return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"joined","room":1}}}`}
		}), KindProtocol},
		{"answers another transaction", upTo(func(map[string]any) []string {
			return []string{`{"janus":"event","transaction":"someone-else","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"joined","id":5}}}`}
		}), KindTimeout},
		{"publisher id not a number", upTo(func(req map[string]any) []string {
			return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"joined","room":1,"id":5,"private_id":6,"publishers":[{"id":"x"}]}}}`}
		}), KindProtocol},
		{"configure without answer", upTo(func(req map[string]any) []string {
			body, _ := req["body"].(map[string]any)
			if body["request"] == "join" {
				return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"joined","room":1,"id":5,"private_id":6}}}`}
			}
			return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"event","configured":"ok"}}}`}
		}), KindProtocol},
		{"configure answer is garbage", upTo(func(req map[string]any) []string {
			body, _ := req["body"].(map[string]any)
			if body["request"] == "join" {
				return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"joined","room":1,"id":5,"private_id":6}}}`}
			}
			return []string{`{"janus":"event","transaction":"TX","sender":2,"plugindata":{"plugin":"x","data":{"videoroom":"event","configured":"ok"}},"jsep":{"type":"answer","sdp":"v=0 nonsense"}}`}
		}), KindProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := newMediaForHostile()
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c, err := Join(ctx, Options{Endpoint: hostileServer(t, tt.reply), Room: 1, Display: "Stille Eule",
				Tracks: m.Tracks(), ConfigureMediaEngine: m.ConfigureMediaEngine, RequestTimeout: time.Second})
			if err == nil {
				c.Close()
				t.Fatal("joined a broken server")
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.want {
				t.Fatalf("err = %v, want kind %d", err, tt.want)
			}
		})
	}
}

func newMediaForHostile() (*janustest.Media, error) {
	return janustest.NewMedia(janustest.MediaOptions{AudioOnly: true})
}
