package janus

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/call"
)

// Options configure a Client. Local media is injected: this package never
// opens a camera or microphone.
type Options struct {
	Endpoint string // ws:// (loopback only) or wss:// URL of the Janus API
	Room     uint64
	PIN      string
	Display  string // the pseudonym

	// Tracks are published; none joins listen-only. The caller owns them
	// and closes them after Leave has returned (closing them while a
	// PeerConnection still uses them hangs).
	Tracks []webrtc.TrackLocal
	// ConfigureMediaEngine registers the codecs; nil registers pion's defaults.
	ConfigureMediaEngine func(*webrtc.MediaEngine) error
	// E2EE says the Tracks are encrypted end to end (e2ee.go).
	E2EE bool

	Network Network

	// RequestTimeout bounds every request and the ICE connection; 0 means 10 s.
	RequestTimeout time.Duration
	// KeepAlive is the keepalive interval, well under Janus' 60 s session
	// timeout; 0 means 25 s.
	KeepAlive time.Duration
	// Backoff between rejoin attempts grows from MinBackoff to MaxBackoff;
	// after MaxOutage without success the client gives up with Left.
	MinBackoff, MaxBackoff, MaxOutage time.Duration

	// RecordingPoll is how often the room's recording flag is checked;
	// 0 means 10 s. Janus 1.1 tells nobody when recording starts, but
	// lists it with the room.
	RecordingPoll time.Duration

	// OnWire sees every message sent and received (tests check what leaves
	// the computer). It must never be wired to a log: messages hold the
	// pseudonym, room and PIN.
	OnWire func(Direction, []byte)
}

// Client is one participant in one VideoRoom. It rejoins on its own when
// the connection or the server goes away.
type Client struct {
	opts            Options
	includeLoopback bool
	tracks          []webrtc.TrackLocal
	events          *call.Queue

	leaving   chan struct{}
	leaveOnce sync.Once
	superDone chan struct{}

	mu        sync.Mutex
	cur       *attempt
	known     map[uint64]string // participants the UI was told about
	recording *bool             // last recording state told to the UI
	handUp    bool              // our raised hand, told again to newcomers

	chatLimits chatLimits // how fast each feed may send chat and hands
}

// Join connects, joins the room as a publisher, publishes Tracks and starts
// following the room's other participants. The returned error is a *Error.
func Join(ctx context.Context, opts Options) (*Client, error) {
	if err := validate(&opts); err != nil {
		return nil, err
	}
	cl := &Client{
		opts:      opts,
		tracks:    anonymise(opts.Tracks),
		events:    call.NewQueue(),
		leaving:   make(chan struct{}),
		superDone: make(chan struct{}),
		known:     map[uint64]string{},
	}
	switch opts.Network.Loopback {
	case LoopbackAlways:
		cl.includeLoopback = true
	case LoopbackAuto:
		cl.includeLoopback = isLoopbackEndpoint(opts.Endpoint)
	}
	c, err := cl.connect(ctx, false)
	if err != nil {
		cl.events.Discard()
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, &Error{Kind: KindTimeout, Err: err}
		}
		return nil, err
	}
	cl.cur = c
	go cl.supervise()
	return cl, nil
}

func validate(o *Options) error {
	u, err := url.Parse(o.Endpoint)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return &Error{Kind: KindInvalidOptions, Reason: "endpoint"}
	}
	if u.Scheme == "ws" && !isLoopbackEndpoint(o.Endpoint) {
		return &Error{Kind: KindInvalidOptions, Reason: "plain ws only for loopback"}
	}
	if o.Room == 0 || o.Display == "" {
		return &Error{Kind: KindInvalidOptions, Reason: "room and display"}
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 10 * time.Second
	}
	if o.KeepAlive <= 0 {
		o.KeepAlive = 25 * time.Second
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Second
	}
	if o.RecordingPoll <= 0 {
		o.RecordingPoll = 10 * time.Second
	}
	if o.MaxOutage <= 0 {
		o.MaxOutage = 2 * time.Minute
	}
	return nil
}

// Events delivers what happens, in order, and is closed after Left. Read
// it until it is closed.
func (cl *Client) Events() <-chan Event { return cl.events.Out() }

func (cl *Client) emit(e Event) { cl.events.Push(e) }

// permanent errors end the client instead of a retry: they will not get
// better by trying again.
func permanent(err error) bool {
	return errors.Is(err, ErrWrongPIN) || errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrInvalidOptions)
}

// supervise waits for the current call to fail and rejoins with backoff.
func (cl *Client) supervise() {
	defer close(cl.superDone)
	for {
		cl.mu.Lock()
		c := cl.cur
		cl.mu.Unlock()
		var cause error
		select {
		case <-cl.leaving:
			return
		case cause = <-c.failed:
		}
		c.teardown()
		if permanent(cause) {
			cl.finish(cause)
			return
		}
		policy := call.RejoinPolicy{MinBackoff: cl.opts.MinBackoff, MaxBackoff: cl.opts.MaxBackoff, MaxOutage: cl.opts.MaxOutage, Permanent: permanent}
		err, left := call.Rejoin(policy, cause, cl.leaving, cl.emit, func(ctx context.Context) error {
			nc, err := cl.connect(ctx, true)
			if err == nil {
				cl.mu.Lock()
				cl.cur = nc
				cl.mu.Unlock()
			}
			return err
		})
		if left {
			return
		}
		if err != nil {
			cl.finish(err)
			return
		}
	}
}

// finish ends the client on its own (not by Leave).
func (cl *Client) finish(reason error) {
	cl.mu.Lock()
	cl.cur = nil
	cl.mu.Unlock()
	cl.emit(call.Ended{Err: reason})
}

// Leave leaves the room cleanly: leave, detach, destroy, then close the
// PeerConnections. The caller closes its tracks after Leave returns.
func (cl *Client) Leave(ctx context.Context) error {
	return cl.stop(ctx, true)
}

// Close leaves at once, for a panic leave: one destroy message to the
// server without waiting for it, then everything is closed.
func (cl *Client) Close() error {
	return cl.stop(context.Background(), false)
}

func (cl *Client) stop(ctx context.Context, polite bool) error {
	first := false
	cl.leaveOnce.Do(func() {
		first = true
		close(cl.leaving)
	})
	if !first {
		<-cl.superDone
		return nil
	}
	<-cl.superDone
	cl.mu.Lock()
	c := cl.cur
	cl.cur = nil
	cl.mu.Unlock()
	var err error
	if c != nil {
		err = c.leave(ctx, polite)
		cl.emit(call.Ended{})
	}
	return err
}

// Participants returns who is in the room now (ID → display name).
func (cl *Client) Participants() map[uint64]string {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	out := make(map[uint64]string, len(cl.known))
	for id, d := range cl.known {
		out[id] = d
	}
	return out
}

// ID is our own feed ID in the current session, 0 while reconnecting.
func (cl *Client) ID() uint64 {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	if cl.cur == nil {
		return 0
	}
	return cl.cur.myID
}

// RequestKeyframe asks every remote video sender for a keyframe (after a
// decoder error, for instance).
func (cl *Client) RequestKeyframe() {
	cl.mu.Lock()
	c := cl.cur
	cl.mu.Unlock()
	if c != nil {
		c.requestKeyframes()
	}
}
