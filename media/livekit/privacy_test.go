package livekit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	lkproto "github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/proto"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// sentRequests decodes the signalling a peer sent.
func (p *peer) sentRequests(t *testing.T) []*lkproto.SignalRequest {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*lkproto.SignalRequest
	for _, b := range p.sent {
		var req lkproto.SignalRequest
		if err := proto.Unmarshal(b, &req); err != nil {
			t.Fatalf("sent something that is not a SignalRequest: %v", err)
		}
		out = append(out, &req)
	}
	return out
}

// Sound only publishes no picture at all: no video track is announced,
// the offer has no video section, and the others get sound only.
func TestSoundOnlyPublishesNoVideo(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{audioOnly: true})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{listen: true})
	heron.eventually("the owl's sound", 15*time.Second, func() bool { return heron.audioFrom(owl.identity) >= 50 })
	for _, req := range owl.sentRequests(t) {
		if at := req.GetAddTrack(); at != nil && at.GetType() != lkproto.TrackType_AUDIO {
			t.Errorf("sound only announced a %s track", at.GetType())
		}
		if o := req.GetOffer(); o != nil && strings.Contains(o.GetSdp(), "m=video") {
			t.Error("sound only offered a video section")
		}
	}
	if n := count(heron, func(e call.TrackAdded) bool { return e.ParticipantID == owl.identity && e.Kind == call.Video }); n != 0 {
		t.Errorf("a picture arrived from a sound-only participant: %s", heron.describe())
	}
}

// What Ringlet sends the server names only the ring and carries media:
// the HTTP upgrade has no client description (the server would keep it as
// the participant's ClientInfo), the pseudonym travels only inside the
// token, every candidate is an mDNS name, and no message holds this
// computer's name, its OS or an address of it.
func TestWireCarriesNothingAboutThisComputer(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	proxy := newRecordingProxy(t, srv.Port())
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{mutate: func(o *Options) { o.ServerURL = proxy.url() }})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{})
	heron.eventually("the owl's picture", 15*time.Second, func() bool { return heron.framesFrom(owl.identity) >= 10 })
	owl.eventually("the heron's picture", 15*time.Second, func() bool { return owl.framesFrom(heron.identity) >= 10 })

	req := proxy.request(t)
	for key := range req.URL.Query() {
		switch key {
		case "protocol", "auto_subscribe", "adaptive_stream":
		default:
			t.Errorf("upgrade request carries %q", key)
		}
	}
	for key, v := range req.Header {
		switch key {
		case "Authorization", "Connection", "Upgrade", "Sec-Websocket-Key", "Sec-Websocket-Version",
			"Accept-Encoding": // Go's HTTP client, "gzip", as every browser sends it
		case "User-Agent":
			if v[0] != userAgent {
				t.Errorf("User-Agent %q", v[0])
			}
		default:
			t.Errorf("upgrade request carries header %s: %q", key, v)
		}
	}

	forbidden := forbiddenWords(t)
	kinds := map[string]int{}
	for _, r := range owl.sentRequests(t) {
		kind := strings.TrimPrefix(fmt.Sprintf("%T", r.GetMessage()), "*livekit.SignalRequest_")
		kinds[kind]++
		text := r.String()
		for _, w := range forbidden {
			if holdsWord(text, w) {
				t.Errorf("a %s message holds %q", kind, w)
			}
		}
		if tr := r.GetTrickle(); tr != nil {
			var init struct{ Candidate string }
			_ = json.Unmarshal([]byte(tr.GetCandidateInit()), &init)
			if f := strings.Fields(init.Candidate); len(f) < 5 || !strings.HasSuffix(f[4], ".local") {
				t.Errorf("candidate without an mDNS name: %q", init.Candidate)
			}
		}
	}
	for kind := range kinds {
		switch kind {
		case "AddTrack", "Offer", "Answer", "Trickle", "Ping", "PingReq", "Leave":
		default:
			t.Errorf("sent a %s message", kind)
		}
	}
	if kinds["Trickle"] == 0 {
		t.Error("no candidate was sent at all; the test saw nothing")
	}
	t.Logf("sent: %v", kinds)
}

// forbiddenWords: this computer's name, its OS, the pseudonym (which must
// travel only inside the token) and every address of this computer.
func forbiddenWords(t *testing.T) []string {
	words := []string{runtime.GOOS, "Stille Eule", "mediadevices", "pion"}
	if h, err := os.Hostname(); err == nil && h != "" {
		words = append(words, h)
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok {
			words = append(words, ipn.IP.String())
		}
	}
	return words
}

// recordingProxy passes TCP connections to the server, keeps the HTTP
// request that opened the first WebSocket, and can cut every connection
// at once (a network drop).
type recordingProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	head  []byte
	conns []net.Conn
}

// cut drops every connection through the proxy.
func (p *recordingProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func newRecordingProxy(t *testing.T, port int) *recordingProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &recordingProxy{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pass(c, port)
		}
	}()
	return p
}

func (p *recordingProxy) url() string { return "ws://" + p.ln.Addr().String() }

func (p *recordingProxy) pass(c net.Conn, port int) {
	defer c.Close()
	up, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return
	}
	defer up.Close()
	p.mu.Lock()
	p.conns = append(p.conns, c, up)
	p.mu.Unlock()
	br := bufio.NewReader(c)
	var head bytes.Buffer
	for {
		line, err := br.ReadString('\n')
		head.WriteString(line)
		if err != nil || line == "\r\n" {
			break
		}
	}
	p.mu.Lock()
	if p.head == nil {
		p.head = head.Bytes()
	}
	p.mu.Unlock()
	if _, err := up.Write(head.Bytes()); err != nil {
		return
	}
	go func() { _, _ = io.Copy(c, up); c.Close() }()
	_, _ = io.Copy(up, br)
}

func (p *recordingProxy) request(t *testing.T) *http.Request {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(p.head)))
	if err != nil {
		t.Fatalf("no upgrade request recorded: %v", err)
	}
	return req
}

// The server names a STUN server (LiveKit's default would be Google's and
// Twilio's); Ringlet never asks it. The test's STUN server is a UDP port
// it listens on: by the time pictures flow both ways, gathering is long
// over, and any request would have arrived.
func TestServersICEServersAreIgnored(t *testing.T) {
	stun, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer stun.Close()
	var asked atomic.Int64
	go func() {
		buf := make([]byte, 1500)
		for {
			if _, _, err := stun.ReadFrom(buf); err != nil {
				return
			}
			asked.Add(1)
		}
	}()
	srv := livekittest.StartT(t, livekittest.Options{STUN: stun.LocalAddr().String()})
	owl := mustJoin(t, srv, "Stille Eule", peerOptions{})
	heron := mustJoin(t, srv, "Blue Heron", peerOptions{})
	heron.eventually("the owl's picture", 15*time.Second, func() bool { return heron.framesFrom(owl.identity) >= 10 })
	owl.eventually("the heron's picture", 15*time.Second, func() bool { return owl.framesFrom(heron.identity) >= 10 })

	named := false
	owl.mu.Lock()
	for _, b := range owl.got {
		var resp lkproto.SignalResponse
		if proto.Unmarshal(b, &resp) == nil {
			for _, s := range resp.GetJoin().GetIceServers() {
				for _, u := range s.GetUrls() {
					named = named || strings.Contains(u, stun.LocalAddr().String())
				}
			}
		}
	}
	owl.mu.Unlock()
	if !named {
		t.Fatal("the server did not name the test's STUN server; the test proves nothing")
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("the STUN server the server named got %d packets", n)
	}
}

// holdsWord reports whether text holds w as a word of its own, not as a
// piece of a longer one: a short host name ("vm") turns up by chance in
// the random ICE credentials and IDs of any SDP.
func holdsWord(text, w string) bool {
	return regexp.MustCompile(`(?i)(^|[^a-z0-9])` + regexp.QuoteMeta(w) + `([^a-z0-9]|$)`).MatchString(text)
}
