package janus

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/codec/vpx"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4/pkg/media/samplebuilder"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// Every test here talks to a real Janus in a private network namespace.
func TestMain(m *testing.M) { janustest.Main(m) }

// peer is one test participant: a client plus what it received.
type peer struct {
	t      testing.TB
	name   string
	client *Client
	stream *janustest.Media

	mu       sync.Mutex
	events   []Event
	present  map[uint64]string
	changed  chan struct{}
	received map[uint64]*feedStats   // by feed
	readers  map[string]*atomic.Bool // by mid: set to stop reading a removed track
	wire     [][]byte
}

type feedStats struct {
	audioPackets, videoPackets, framesDecoded, keyframes atomic.Int64
	lastFrame                                            atomic.Pointer[image.Image]
}

type peerOptions struct {
	audioOnly        bool
	keyFrameInterval int
	pin              string
	room             uint64
	mutate           func(*Options)
}

func join(t testing.TB, srv *janustest.Server, name string, po peerOptions) (*peer, error) {
	t.Helper()
	p := &peer{t: t, name: name, present: map[uint64]string{}, changed: make(chan struct{}, 1), received: map[uint64]*feedStats{}, readers: map[string]*atomic.Bool{}}
	media, err := janustest.NewMedia(janustest.MediaOptions{AudioOnly: po.audioOnly, KeyFrameInterval: po.keyFrameInterval})
	if err != nil {
		t.Fatal(err)
	}
	p.stream = media
	room := po.room
	if room == 0 {
		room = 1234
	}
	opts := Options{
		Endpoint:             srv.URL(),
		Room:                 room,
		PIN:                  po.pin,
		Display:              name,
		Tracks:               p.stream.Tracks(),
		ConfigureMediaEngine: p.stream.ConfigureMediaEngine,
		MinBackoff:           100 * time.Millisecond,
		MaxBackoff:           time.Second,
		OnWire: func(d Direction, b []byte) {
			if d == Sent {
				p.mu.Lock()
				p.wire = append(p.wire, append([]byte(nil), b...))
				p.mu.Unlock()
			}
		},
	}
	if po.mutate != nil {
		po.mutate(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := Join(ctx, opts)
	if err != nil {
		p.stream.Close()
		return nil, err
	}
	p.client = c
	go p.consume()
	t.Cleanup(p.leave)
	return p, nil
}

func mustJoin(t testing.TB, srv *janustest.Server, name string, po peerOptions) *peer {
	t.Helper()
	p, err := join(t, srv, name, po)
	if err != nil {
		t.Fatalf("%s: join: %v", name, err)
	}
	return p
}

var leaveOnce sync.Map

func (p *peer) leave() {
	if _, done := leaveOnce.LoadOrStore(p, true); done {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.client.Leave(ctx); err != nil {
		p.t.Logf("%s: leave: %v", p.name, err)
	}
	p.stream.Close() // after the PeerConnections: see capture's package doc
}

func (p *peer) consume() {
	for e := range p.client.Events() {
		p.mu.Lock()
		p.events = append(p.events, e)
		switch e := e.(type) {
		case call.ParticipantJoined:
			p.present[feedNum(e.ID)] = e.Name
		case call.ParticipantLeft:
			delete(p.present, feedNum(e.ID))
		case call.TrackAdded:
			fs := p.received[feedNum(e.ParticipantID)]
			if fs == nil {
				fs = &feedStats{}
				p.received[feedNum(e.ParticipantID)] = fs
			}
			stop := &atomic.Bool{}
			p.readers[e.ParticipantID+e.Kind.String()] = stop
			go readTrack(e.Track, e.Kind, fs, stop)
		case call.TrackRemoved:
			if stop := p.readers[e.ParticipantID+e.Kind.String()]; stop != nil {
				stop.Store(true)
				delete(p.readers, e.ParticipantID+e.Kind.String())
			}
		}
		p.mu.Unlock()
		select {
		case p.changed <- struct{}{}:
		default:
		}
	}
}

// readTrack counts packets and, for video, puts VP8 frames together and
// decodes them with libvpx, the way the media layer will.
//
// It stops at the first packet after stop is set (the track was removed),
// as the session's readers do: Janus may hand the same track to the next
// person who comes in (see announceRecycled).
func readTrack(tr call.RemoteTrack, kind call.Kind, fs *feedStats, stop *atomic.Bool) {
	if kind == call.Audio {
		for {
			if _, _, err := tr.ReadRTP(); err != nil || stop.Load() {
				return
			}
			fs.audioPackets.Add(1)
		}
	}
	frames := make(chan []byte, 64)
	go func() {
		defer close(frames)
		sb := samplebuilder.New(128, &codecs.VP8Packet{}, 90000)
		for {
			pkt, _, err := tr.ReadRTP()
			if err != nil || stop.Load() {
				return
			}
			fs.videoPackets.Add(1)
			sb.Push(pkt)
			for s := sb.Pop(); s != nil; s = sb.Pop() {
				if len(s.Data) > 2 && s.Data[0]&1 == 0 {
					fs.keyframes.Add(1)
				}
				select {
				case frames <- s.Data:
				default:
				}
			}
		}
	}()
	r := &frameReader{frames: frames}
	dec, err := vpx.NewDecoder(r, prop.Media{})
	if err != nil {
		return
	}
	defer dec.Close()
	for {
		img, release, err := dec.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			continue // a broken frame before the first keyframe
		}
		fs.framesDecoded.Add(1)
		fs.lastFrame.Store(&img)
		release()
	}
}

type frameReader struct{ frames chan []byte }

func (r *frameReader) Read(b []byte) (int, error) {
	f, ok := <-r.frames
	if !ok {
		return 0, io.EOF
	}
	return copy(b, f), nil
}

// waitFor polls cond until it holds or the (generous) deadline passes.
func (p *peer) waitFor(what string, timeout time.Duration, cond func() bool) {
	p.t.Helper()
	deadline := time.After(timeout)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		p.mu.Lock()
		ok := cond()
		p.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-deadline:
			p.t.Fatalf("%s: timed out waiting for %s; events: %s", p.name, what, p.describe())
		case <-tick.C:
		case <-p.changed:
		}
	}
}

func (p *peer) describe() string {
	s := ""
	for _, e := range p.events {
		switch e := e.(type) {
		case call.TrackAdded:
			s += " TrackAdded(" + p.present[feedNum(e.ParticipantID)] + "," + e.Kind.String() + ")"
		case call.ConnectionLost:
			s += fmt.Sprintf(" Reconnecting(%v)", e.Err)
		default:
			s += " " + typeName(e)
		}
	}
	return s
}

func typeName(e Event) string {
	switch e.(type) {
	case call.Joined:
		return "Joined"
	case call.ParticipantJoined:
		return "ParticipantJoined"
	case call.ParticipantLeft:
		return "ParticipantLeft"
	case call.TrackRemoved:
		return "TrackRemoved"
	case call.ConnectionLost:
		return "Reconnecting"
	case call.Ended:
		return "Left"
	case call.Recording:
		return "RecordingChanged"
	case call.Talking:
		return "Talking"
	case call.Chat:
		return "ChatMessage"
	}
	return "?"
}

// feedNum reads a participant ID of the shared vocabulary back as the
// feed ID it is in Janus.
func feedNum(id string) uint64 {
	n, _ := strconv.ParseUint(id, 10, 64)
	return n
}

// feedOf returns the feed ID under which p sees display, or 0.
func (p *peer) feedOf(display string) uint64 {
	for id, d := range p.present {
		if d == display {
			return id
		}
	}
	return 0
}

func (p *peer) stats(display string) *feedStats {
	id := p.feedOf(display)
	if id == 0 {
		return nil
	}
	return p.received[id]
}

// waitMedia waits until p has decoded video (unless audio-only) and heard
// audio from display.
func (p *peer) waitMedia(display string, video bool) {
	p.t.Helper()
	p.waitFor("media from "+display, 30*time.Second, func() bool {
		fs := p.stats(display)
		if fs == nil || fs.audioPackets.Load() < 20 {
			return false
		}
		return !video || fs.framesDecoded.Load() >= 5
	})
}
