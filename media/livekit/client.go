package livekit

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/rtcpriv"
)

// Options configure a Client. Local media is injected: this package never
// opens a camera or microphone.
type Options struct {
	// ServerURL is the LiveKit server: wss:// (or https://), plain ws://
	// only on loopback.
	ServerURL string
	// Token is the access token the ring's token endpoint handed out. It
	// holds the person's name (the pseudonym) and a random identity.
	Token string

	// Tracks are published; none joins listen-only. The caller owns them
	// and closes them after Leave has returned.
	Tracks []webrtc.TrackLocal
	// ConfigureMediaEngine registers the codecs; nil registers pion's defaults.
	ConfigureMediaEngine func(*webrtc.MediaEngine) error
	// E2EE says the Tracks are encrypted end to end (their frames in
	// livekit-client's format, see media/e2ee): each is announced with
	// encryption GCM, which tells browsers running livekit-client to
	// decrypt it. The key itself never goes to the server.
	E2EE bool

	// Network is the ICE privacy settings; Loopback is set on its own for
	// a server on loopback.
	Network rtcpriv.Network

	// RequestTimeout bounds joining and each step in it; 0 means 15 s.
	RequestTimeout time.Duration
	// Backoff between rejoin attempts grows from MinBackoff to MaxBackoff;
	// after MaxOutage without success the client ends with ErrServerGone.
	MinBackoff, MaxBackoff, MaxOutage time.Duration

	// OnWire sees every signalling message (tests check what leaves the
	// computer). Never a log.
	OnWire WireFunc
}

// Client is one participant in one LiveKit room. It implements
// app/session's Conference, and rejoins on its own when the connection
// or the server goes away.
type Client struct {
	opts   Options
	tracks []webrtc.TrackLocal
	events *call.Queue

	leaving   chan struct{}
	leaveOnce sync.Once
	superDone chan struct{}

	mu     sync.Mutex
	cur    *session
	token  string            // the newest token (the server refreshes it)
	known  map[string]string // identity → name, as told to the session
	handUp bool

	chatLimits peertext.Limits[string] // how fast each participant may send chat and hands
}

// Join connects, publishes Tracks, subscribes to everyone and returns
// once the ring is entered. The error is message-keyed (*Error).
func Join(ctx context.Context, opts Options) (*Client, error) {
	if err := validate(&opts); err != nil {
		return nil, err
	}
	cl := &Client{
		opts:      opts,
		tracks:    rtcpriv.Anonymise(opts.Tracks),
		events:    call.NewQueue(),
		leaving:   make(chan struct{}),
		superDone: make(chan struct{}),
		token:     opts.Token,
		known:     map[string]string{},
	}
	s, err := cl.connect(ctx)
	if err != nil {
		cl.events.Discard()
		return nil, err
	}
	cl.cur = s
	cl.emit(call.Joined{})
	s.announce()
	go cl.supervise()
	return cl, nil
}

func validate(o *Options) error {
	if _, err := rtcURL(o.ServerURL); err != nil {
		return err
	}
	if o.Token == "" {
		return wrap(ErrBadToken, errors.New("no token"))
	}
	o.Network.Loopback = o.Network.Loopback || rtcpriv.IsLoopbackURL(o.ServerURL)
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 15 * time.Second
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Second
	}
	if o.MaxOutage <= 0 {
		o.MaxOutage = 2 * time.Minute
	}
	return nil
}

// Events delivers what happens, in order, ending with call.Ended; then
// it is closed. Read it until it is closed.
func (cl *Client) Events() <-chan call.Event { return cl.events.Out() }

func (cl *Client) emit(e call.Event) { cl.events.Push(e) }

// connect makes one session: signalling, both PeerConnections, our
// tracks published.
func (cl *Client) connect(ctx context.Context) (*session, error) {
	ctx, cancel := context.WithTimeout(ctx, cl.opts.RequestTimeout)
	defer cancel()
	cl.mu.Lock()
	token := cl.token
	cl.mu.Unlock()
	s, err := startSession(ctx, cl, token)
	if err != nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, wrap(ErrServerGone, err)
	}
	return s, err
}

// permanent errors end the client: trying again will not help. A room
// that is full while Ringlet rejoins may have room again a moment later.
func permanent(err error) bool {
	return errors.Is(err, ErrBadToken) || errors.Is(err, ErrRemoved) || errors.Is(err, ErrInvalidOptions)
}

// supervise waits for the session to fail and rejoins with backoff.
func (cl *Client) supervise() {
	defer close(cl.superDone)
	for {
		cl.mu.Lock()
		s := cl.cur
		cl.mu.Unlock()
		var cause error
		select {
		case <-cl.leaving:
			return
		case cause = <-s.failed:
		}
		s.teardown()
		if permanent(cause) {
			cl.finish(cause)
			return
		}
		if !cl.rejoin(cause) {
			return
		}
	}
}

// rejoin tries until a new session is up (true), or gives up or is told
// to leave (false).
func (cl *Client) rejoin(cause error) bool {
	policy := call.RejoinPolicy{MinBackoff: cl.opts.MinBackoff, MaxBackoff: cl.opts.MaxBackoff, MaxOutage: cl.opts.MaxOutage, Permanent: permanent}
	var fresh *session
	err, left := call.Rejoin(policy, cause, cl.leaving, cl.emit, func(ctx context.Context) error {
		s, err := cl.connect(ctx)
		fresh = s
		return err
	})
	switch {
	case left:
		return false
	case err != nil:
		if !permanent(err) {
			err = wrap(ErrServerGone, err)
		}
		cl.finish(err)
		return false
	}
	cl.mu.Lock()
	cl.cur = fresh
	cl.mu.Unlock()
	cl.emit(call.Joined{Rejoined: true})
	fresh.announce()
	return true
}

// finish ends the client on its own (not by Leave).
func (cl *Client) finish(reason error) {
	cl.mu.Lock()
	cl.cur = nil
	cl.mu.Unlock()
	cl.forgetEveryone()
	cl.emit(call.Ended{Err: reason})
}

// Leave says goodbye to the server and returns after call.Ended. The
// caller closes its tracks after Leave returns.
func (cl *Client) Leave(ctx context.Context) error { return cl.stop(ctx, true) }

// Close leaves at once (panic leave): one leave message, not waited for,
// then everything is closed. Safe after Leave.
func (cl *Client) Close() error { return cl.stop(context.Background(), false) }

func (cl *Client) stop(ctx context.Context, polite bool) error {
	first := false
	cl.leaveOnce.Do(func() {
		first = true
		close(cl.leaving)
	})
	<-cl.superDone
	if !first {
		return nil
	}
	cl.mu.Lock()
	s := cl.cur
	cl.cur = nil
	cl.mu.Unlock()
	if s != nil {
		s.leave(ctx, polite)
		cl.forgetEveryone()
		cl.emit(call.Ended{})
	}
	return nil
}

// forgetEveryone tells the session that everyone is gone (the call ends).
func (cl *Client) forgetEveryone() {
	cl.mu.Lock()
	known := cl.known
	cl.known = map[string]string{}
	cl.mu.Unlock()
	for id, name := range known {
		cl.emit(call.ParticipantLeft{ID: id, Name: name})
	}
}

// current is the live session, nil while reconnecting.
func (cl *Client) current() *session {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	return cl.cur
}
