package livekit

import (
	"context"
	"fmt"
	"image"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
	"github.com/ringlet/ringlet/media/rtcpriv"
	"github.com/ringlet/ringlet/media/video"
)

// Every test here talks to a real livekit-server in a private network
// namespace. The camera and microphone are janustest's stand-ins (a
// moving picture and a tone through mediadevices' real VP8 and Opus
// encoders): one process cannot open the test drivers once per peer.
func TestMain(m *testing.M) { livekittest.Main(m) }

const testRoom = "quiet-circle"

// peer is one test participant: a client and what it received.
type peer struct {
	t        testing.TB
	identity string
	name     string
	client   *Client
	media    *janustest.Media

	mu      sync.Mutex
	events  []call.Event
	changed chan struct{}
	frames  map[string]*atomic.Int64 // decoded video frames by participant
	audio   map[string]*atomic.Int64 // audio packets by participant
	sent    [][]byte                 // signalling we sent
	got     [][]byte                 // signalling we received
	ended   chan struct{}
}

type peerOptions struct {
	audioOnly bool
	listen    bool // publish nothing
	token     string
	room      string // "" is testRoom
	via       string // a server address other than srv's
	mutate    func(*Options)
}

func joinPeer(t testing.TB, srv *livekittest.Server, name string, po peerOptions) (*peer, error) {
	t.Helper()
	p := &peer{t: t, identity: "id-" + rtcpriv.RandomID()[:12], name: name, changed: make(chan struct{}, 1),
		frames: map[string]*atomic.Int64{}, audio: map[string]*atomic.Int64{}, ended: make(chan struct{})}
	opts := Options{
		ServerURL:  srv.URL(),
		Token:      po.token,
		MinBackoff: 100 * time.Millisecond,
		MaxBackoff: time.Second,
		MaxOutage:  30 * time.Second,
		OnWire: func(sent bool, b []byte) {
			p.mu.Lock()
			if sent {
				p.sent = append(p.sent, append([]byte(nil), b...))
			} else {
				p.got = append(p.got, append([]byte(nil), b...))
			}
			p.mu.Unlock()
		},
	}
	if opts.Token == "" {
		room := po.room
		if room == "" {
			room = testRoom
		}
		opts.Token = srv.TokenT(t, room, p.identity, name)
	}
	if po.via != "" {
		opts.ServerURL = po.via
	}
	if !po.listen {
		m, err := janustest.NewMedia(janustest.MediaOptions{AudioOnly: po.audioOnly})
		if err != nil {
			t.Fatal(err)
		}
		p.media = m
		opts.Tracks, opts.ConfigureMediaEngine = m.Tracks(), m.ConfigureMediaEngine
	}
	if po.mutate != nil {
		po.mutate(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := Join(ctx, opts)
	if err != nil {
		if p.media != nil {
			p.media.Close()
		}
		return nil, err
	}
	p.client = cl
	go p.collect()
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		_ = cl.Leave(lctx)
		<-p.ended
		if p.media != nil {
			p.media.Close()
		}
	})
	return p, nil
}

func mustJoin(t testing.TB, srv *livekittest.Server, name string, po peerOptions) *peer {
	t.Helper()
	p, err := joinPeer(t, srv, name, po)
	if err != nil {
		t.Fatalf("%s could not join: %v", name, err)
	}
	return p
}

// collect records every event and reads every track it is given: video
// through media/video's real decoder, audio as packets.
func (p *peer) collect() {
	defer close(p.ended)
	for e := range p.client.Events() {
		if ta, ok := e.(call.TrackAdded); ok {
			p.read(ta)
		}
		p.mu.Lock()
		p.events = append(p.events, e)
		p.mu.Unlock()
		select {
		case p.changed <- struct{}{}:
		default:
		}
	}
}

func (p *peer) counter(m map[string]*atomic.Int64, id string) *atomic.Int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := m[id]
	if !ok {
		c = &atomic.Int64{}
		m[id] = c
	}
	return c
}

func (p *peer) read(ta call.TrackAdded) {
	if ta.Kind == call.Audio {
		n := p.counter(p.audio, ta.ParticipantID)
		go func() {
			for {
				if _, _, err := ta.Track.ReadRTP(); err != nil {
					return
				}
				n.Add(1)
			}
		}()
		return
	}
	n := p.counter(p.frames, ta.ParticipantID)
	rx, err := video.NewReceiver(video.ReceiveOptions{
		OnFrame:         func(*image.YCbCr) { n.Add(1) },
		RequestKeyFrame: ta.Track.RequestKeyframe,
	})
	if err != nil {
		p.t.Error(err)
		return
	}
	go func() { _ = rx.Run(context.Background(), ta.Track) }()
}

// eventually waits for cond, re-checking whenever an event arrives and
// at least every 50 ms (decoded frames come without events).
func (p *peer) eventually(what string, within time.Duration, cond func() bool) {
	p.t.Helper()
	deadline := time.After(within)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			p.t.Fatalf("%s: timed out waiting for %s; events: %s", p.name, what, p.describe())
		case <-p.changed:
		case <-tick.C:
		}
	}
}

func (p *peer) snapshot() []call.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]call.Event(nil), p.events...)
}

func (p *peer) describe() string {
	var parts []string
	for _, e := range p.snapshot() {
		parts = append(parts, fmt.Sprintf("%T%+v", e, e))
	}
	return strings.Join(parts, ", ")
}

// count returns how many events of type E satisfy match.
func count[E call.Event](p *peer, match func(E) bool) int {
	n := 0
	for _, e := range p.snapshot() {
		if x, ok := e.(E); ok && (match == nil || match(x)) {
			n++
		}
	}
	return n
}

func (p *peer) framesFrom(id string) int64 { return p.counter(p.frames, id).Load() }
func (p *peer) audioFrom(id string) int64  { return p.counter(p.audio, id).Load() }
