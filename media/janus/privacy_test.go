package janus

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/user"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// What the client sends shows no local address, hostname, user name or
// device name: host candidates carry random mDNS names, and the CNAME and
// stream IDs are random per session.
func TestNothingIdentifyingOnTheWire(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	a := mustJoin(t, srv, "Stille Eule", peerOptions{})
	b := mustJoin(t, srv, "Blue Heron", peerOptions{})
	a.waitMedia("Blue Heron", true)
	b.waitMedia("Stille Eule", true)

	forbidden := []string{"127.0.0.2", "pattern", "tone", "VideoTest", "AudioTest"}
	if h, err := os.Hostname(); err == nil && h != "" {
		forbidden = append(forbidden, h)
	}
	if u, err := user.Current(); err == nil {
		forbidden = append(forbidden, u.Username)
		if u.Name != "" {
			forbidden = append(forbidden, u.Name)
		}
	}
	cnames := map[string]bool{}
	cnameRE := regexp.MustCompile(`cname:(\S+)`)
	for _, p := range []*peer{a, b} {
		p.mu.Lock()
		wire := p.wire
		p.mu.Unlock()
		mdns := 0
		for _, raw := range wire {
			var m struct {
				Janus     string `json:"janus"`
				JSEP      *jsep  `json:"jsep"`
				Candidate struct {
					Candidate string `json:"candidate"`
				} `json:"candidate"`
			}
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			for _, f := range forbidden {
				if strings.Contains(text, `"`+f+`"`) || strings.Contains(text, " "+f+" ") || (len(f) > 4 && strings.Contains(text, f)) {
					t.Errorf("%s sent %q: %.300s", p.name, f, text)
				}
			}
			if c := m.Candidate.Candidate; c != "" {
				f := strings.Fields(c)
				if len(f) < 8 || !strings.HasSuffix(f[4], ".local") {
					t.Errorf("%s sent a candidate without an mDNS name: %s", p.name, c)
				} else {
					mdns++
				}
			}
			if m.JSEP != nil {
				for _, l := range strings.Split(m.JSEP.SDP, "\n") {
					if strings.HasPrefix(l, "a=candidate:") && !strings.Contains(l, ".local") {
						t.Errorf("%s put a raw candidate into its SDP: %s", p.name, l)
					}
				}
				for _, cn := range cnameRE.FindAllStringSubmatch(m.JSEP.SDP, -1) {
					if len(cn[1]) < 16 {
						t.Errorf("CNAME %q is not random enough", cn[1])
					}
					cnames[p.name+"/"+cn[1]] = true
				}
			}
		}
		if mdns == 0 {
			t.Errorf("%s sent no mDNS candidate at all", p.name)
		}
	}
	seen := map[string]string{}
	for k := range cnames {
		who, cn, _ := strings.Cut(k, "/")
		if other, dup := seen[cn]; dup && other != who {
			t.Errorf("%s and %s share the CNAME %s", who, other, cn)
		}
		seen[cn] = who
	}
	if len(seen) == 0 {
		t.Errorf("no CNAME found in the offers")
	}
}

func TestGenericUserAgent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("User-Agent")
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"janus-protocol"}})
		if err != nil {
			return
		}
		c.Close(websocket.StatusNormalClosure, "")
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), 5*time.Second, nil)
	if err == nil {
		t.Fatal("a server that closes at once should fail the dial")
	}
	if ua := <-got; ua != userAgent {
		t.Errorf("User-Agent %q, want %q", ua, userAgent)
	}
}

func TestLoopbackCandidatesOnlyForLoopbackRings(t *testing.T) {
	tests := []struct {
		endpoint string
		want     bool
	}{
		{"ws://127.0.0.1:8188/janus", true},
		{"ws://localhost:8188/", true},
		{"ws://[::1]:8188/", true},
		{"wss://ring.example.org/janus", false},
		{"wss://10.0.0.1/janus", false},
		{"::bad", false},
	}
	for _, tt := range tests {
		if got := isLoopbackEndpoint(tt.endpoint); got != tt.want {
			t.Errorf("isLoopbackEndpoint(%q) = %v", tt.endpoint, got)
		}
	}
}
