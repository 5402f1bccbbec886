package e2ee

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4/pkg/media/samplebuilder"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/video"
)

// Every test here talks to a real Janus in a private network namespace.
func TestMain(m *testing.M) { janustest.Main(m) }

// member is one Ringlet participant, wired the way the session wires an
// encrypted call: its own media through session.EndToEnd.Publish, the
// others' frames opened before media/video's decoder and before
// media/audio's jitter buffer. Camera and microphone are janustest.Media
// (a moving picture and a tone through the real VP8 and Opus encoders):
// the test drivers exist once per process, and here are three people.
type member struct {
	t      *testing.T
	name   string
	client conference
	media  *janustest.Media
	e2e    *session.EndToEnd // nil without a key
	wire   [][]byte          // every signalling message sent

	mu         sync.Mutex
	pictures   map[string]*video.Receiver // by participant ID
	sound      map[string]*audio.JitterBuffer
	heard      map[string]*atomic.Int64 // pulled samples that were not silence
	raw        map[string]*rawFrames    // what the server forwarded, as it came
	mismatches []call.KeyMismatch
	names      map[string]string
	chats      []string
}

// rawFrames are the whole frames of one feed before anything opens them.
type rawFrames struct {
	mu           sync.Mutex
	video, audio [][]byte
}

func (r *rawFrames) add(isVideo bool, frame []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if isVideo && len(r.video) < 400 {
		r.video = append(r.video, frame)
	} else if !isVideo && len(r.audio) < 400 {
		r.audio = append(r.audio, frame)
	}
}

func (r *rawFrames) frames() (videoFrames, audioFrames [][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.video...), append([][]byte(nil), r.audio...)
}

// link is the room's link with the given key ("" for none).
func link(t *testing.T, srv *janustest.Server, key string) ring.Link {
	t.Helper()
	l, err := ring.Parse(srv.Link(1234))
	if err != nil {
		t.Fatal(err)
	}
	l.Key = key
	return l
}

// conference is what a member needs of either engine's client.
type conference interface {
	Events() <-chan call.Event
	Leave(ctx context.Context) error
}

// join enters the Janus ring as name with the link's key, if it has one.
func join(t *testing.T, srv *janustest.Server, name string, l ring.Link) *member {
	t.Helper()
	m, published := newMember(t, name, l)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := janus.Join(ctx, janus.Options{
		Endpoint: l.Endpoint, Room: l.Room, Display: name,
		Tracks: published.Tracks(), ConfigureMediaEngine: published.ConfigureMediaEngine,
		E2EE:   l.Encrypted(),
		OnWire: func(d janus.Direction, b []byte) { m.onWire(d == janus.Sent, b) },
	})
	m.start(client, err)
	return m
}

// newMember opens a member's camera and microphone and, with a key in
// the link, wraps them so that they leave encrypted only. It returns
// what to publish.
func newMember(t *testing.T, name string, l ring.Link) (*member, call.LocalMedia) {
	t.Helper()
	m := &member{t: t, name: name, pictures: map[string]*video.Receiver{}, sound: map[string]*audio.JitterBuffer{},
		heard: map[string]*atomic.Int64{}, raw: map[string]*rawFrames{}, names: map[string]string{}}
	// No key frames but the first and those asked for (RTCP PLI/FIR): who
	// comes in later sees a picture only if the request reaches the
	// encoder through the encrypting track.
	media, err := janustest.NewMedia(janustest.MediaOptions{KeyFrameInterval: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	m.media = media
	var published call.LocalMedia = media
	if m.e2e, err = session.NewEndToEnd(l, m.tell); err != nil {
		t.Fatal(err)
	}
	if m.e2e != nil {
		if published, err = m.e2e.Publish(media); err != nil {
			t.Fatal(err)
		}
	}
	return m, published
}

// start follows the joined client's events until the test ends, or
// fails the test if the join did.
func (m *member) start(client conference, err error) {
	m.t.Helper()
	if err != nil {
		m.media.Close()
		m.t.Fatalf("%s: join: %v", m.name, err)
	}
	m.client = client
	go m.consume()
	m.t.Cleanup(m.leave)
}

// onWire keeps a signalling message the member sent.
func (m *member) onWire(sent bool, b []byte) {
	if sent {
		m.mu.Lock()
		m.wire = append(m.wire, append([]byte(nil), b...))
		m.mu.Unlock()
	}
}

// sent is every signalling message the member sent so far.
func (m *member) sent() [][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([][]byte(nil), m.wire...)
}

// tell keeps a key mismatch under the name the participant is shown
// under, as the session does.
func (m *member) tell(k call.KeyMismatch) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k.Name = m.names[k.ParticipantID]
	m.mismatches = append(m.mismatches, k)
}

func (m *member) leave() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = m.client.Leave(ctx)
	m.mu.Lock()
	for _, r := range m.pictures {
		_ = r.Close()
	}
	m.mu.Unlock()
	m.media.Close() // after the PeerConnections: see capture's package doc
}

func (m *member) consume() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for e := range m.client.Events() {
		switch e := e.(type) {
		case call.ParticipantJoined:
			m.mu.Lock()
			m.names[e.ID] = e.Name
			m.mu.Unlock()
		case call.ParticipantLeft:
			m.mu.Lock()
			delete(m.names, e.ID)
			m.mu.Unlock()
		case call.TrackAdded:
			m.receive(ctx, e)
		case call.Chat:
			m.mu.Lock()
			m.chats = append(m.chats, e.Text)
			m.mu.Unlock()
		}
	}
}

// receive plays one track as the session does, after a tee that keeps
// the frames as the server forwarded them.
func (m *member) receive(ctx context.Context, e call.TrackAdded) {
	feed := e.ParticipantID
	m.mu.Lock()
	raw := m.raw[feed]
	if raw == nil {
		raw = &rawFrames{}
		m.raw[feed] = raw
	}
	m.mu.Unlock()
	if e.Kind == call.Video {
		opts := video.ReceiveOptions{RequestKeyFrame: e.Track.RequestKeyframe}
		if m.e2e != nil {
			opts.Decrypt = m.e2e.VideoOpener(feed)
		}
		r, err := video.NewReceiver(opts)
		if err != nil {
			m.t.Error(err)
			return
		}
		m.mu.Lock()
		m.pictures[feed] = r
		m.mu.Unlock()
		go func() { _ = r.Run(ctx, &tee{src: e.Track, raw: raw, video: true}) }()
		return
	}
	jb, err := audio.NewJitterBuffer(audio.JitterOptions{})
	if err != nil {
		m.t.Error(err)
		return
	}
	heard := &atomic.Int64{}
	m.mu.Lock()
	m.sound[feed], m.heard[feed] = jb, heard
	m.mu.Unlock()
	src := &tee{src: e.Track, raw: raw}
	go func() {
		if m.e2e != nil {
			_ = audio.ReceiveEncrypted(ctx, src, jb, m.e2e.AudioOpener(feed))
		} else {
			_ = audio.Receive(ctx, src, jb)
		}
	}()
	go listen(ctx, jb, heard)
}

// listen plays the jitter buffer out at its own pace, as the mixer does,
// and counts the samples that carry sound (the tone), not silence.
func listen(ctx context.Context, jb *audio.JitterBuffer, heard *atomic.Int64) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	out := make([]float32, 960)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		n := jb.Pull(out)
		if n > 0 && capture.Level(out[:n]) > 0.1 {
			heard.Add(int64(n))
		}
	}
}

// tee hands packets on and keeps the frames they make up, before anything
// opens them: what the server forwarded.
type tee struct {
	src   call.RemoteTrack
	raw   *rawFrames
	video bool
	sb    *samplebuilder.SampleBuilder
}

func (t *tee) ReadRTP() (*rtp.Packet, interceptor.Attributes, error) {
	pkt, attr, err := t.src.ReadRTP()
	if err != nil {
		return nil, nil, err
	}
	if !t.video {
		t.raw.add(false, append([]byte(nil), pkt.Payload...))
		return pkt, attr, nil
	}
	if t.sb == nil {
		t.sb = samplebuilder.New(128, &codecs.VP8Packet{}, 90000)
	}
	t.sb.Push(pkt.Clone())
	for s := t.sb.Pop(); s != nil; s = t.sb.Pop() {
		t.raw.add(true, s.Data)
	}
	return pkt, attr, nil
}

func (m *member) feedOf(name string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, n := range m.names {
		if n == name {
			return id, true
		}
	}
	return "", false
}

// decoded is how many pictures from name were decoded.
func (m *member) decoded(name string) video.Stats {
	if r := m.receiverOf(name); r != nil {
		return r.Stats()
	}
	return video.Stats{}
}

// receiverOf is the picture receiver of name's newest video track, nil
// before there is one.
func (m *member) receiverOf(name string) *video.Receiver {
	feed, ok := m.feedOf(name)
	if !ok {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.pictures[feed]
}

// soundOf is how many samples of sound from name were played, and what the
// jitter buffer took in.
func (m *member) soundOf(name string) (int64, audio.JitterStats) {
	feed, ok := m.feedOf(name)
	if !ok {
		return 0, audio.JitterStats{}
	}
	m.mu.Lock()
	jb, heard := m.sound[feed], m.heard[feed]
	m.mu.Unlock()
	if jb == nil {
		return 0, audio.JitterStats{}
	}
	return heard.Load(), jb.Stats()
}

func (m *member) rawOf(name string) *rawFrames {
	feed, _ := m.feedOf(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.raw[feed]; r != nil {
		return r
	}
	return &rawFrames{}
}

func (m *member) told() []call.KeyMismatch {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]call.KeyMismatch(nil), m.mismatches...)
}
