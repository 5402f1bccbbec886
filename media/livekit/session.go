package livekit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/call"
)

// session is one connection to the ring: the signalling WebSocket, the
// publisher PeerConnection (ours to offer: our tracks and the data
// channels we send on) and the subscriber PeerConnection (the server's to
// offer: everyone else's tracks and data). A reconnect makes a new one.
type session struct {
	cl  *Client
	sig *signal

	pub, sub   *webrtc.PeerConnection
	reliable   *webrtc.DataChannel
	pubTrickle candidateQueue
	subTrickle candidateQueue

	failed   chan error
	failOnce sync.Once
	quit     chan struct{}
	quitOnce sync.Once
	wg       sync.WaitGroup

	mu         sync.Mutex
	selfSID    string
	identities map[string]string // participant SID → identity
	names      map[string]string // identity → name, for this session
	published  map[string]chan struct{}
	tracks     map[string]call.TrackRemoved     // track SID → announced track
	unclaimed  map[string][]*webrtc.TrackRemote // participant SID → tracks that came first
	announced  bool
	held       []call.Event // events before announce
	pingEvery  time.Duration
	pingWithin time.Duration
	heard      time.Time
}

// startSession joins the room with token and publishes our tracks.
func startSession(ctx context.Context, cl *Client, token string) (*session, error) {
	sig, err := dialSignal(ctx, cl.opts.ServerURL, token, cl.opts.OnWire)
	if err != nil {
		return nil, err
	}
	s := &session{
		cl: cl, sig: sig,
		failed:     make(chan error, 1),
		quit:       make(chan struct{}),
		identities: map[string]string{},
		names:      map[string]string{},
		published:  map[string]chan struct{}{},
		tracks:     map[string]call.TrackRemoved{},
		unclaimed:  map[string][]*webrtc.TrackRemote{},
		heard:      time.Now(),
	}
	if err := s.start(ctx); err != nil {
		s.teardown()
		return nil, err
	}
	return s, nil
}

func (s *session) start(ctx context.Context) error {
	join, err := s.awaitJoin(ctx)
	if err != nil {
		return err
	}
	s.applyJoin(join)
	if s.sub, err = s.newPeer(targetSubscriber, nil); err != nil {
		return err
	}
	s.sub.OnTrack(s.onTrack)
	s.sub.OnDataChannel(func(dc *webrtc.DataChannel) { dc.OnMessage(s.onData) })
	pubUp := make(chan struct{})
	if s.pub, err = s.newPeer(targetPublisher, pubUp); err != nil {
		return err
	}
	s.wg.Add(2)
	go s.run()
	go s.keepAlive()
	if err := s.publish(ctx); err != nil {
		return err
	}
	return s.await(ctx, pubUp)
}

// awaitJoin reads the server's first message: the join response, or a
// leave that says why we may not join.
func (s *session) awaitJoin(ctx context.Context) (*joinResponse, error) {
	select {
	case <-ctx.Done():
		return nil, wrap(ErrServerGone, ctx.Err())
	case msg, ok := <-s.sig.in:
		if !ok {
			return nil, s.sig.cause()
		}
		if msg.Join != nil {
			return msg.Join, nil
		}
		if msg.Leave != nil {
			return nil, leaveError(msg.Leave)
		}
		return nil, wrap(ErrProtocol, errors.New("first message is not a join response"))
	}
}

// leaveError sorts the server's reason for sending us away.
func leaveError(l *leave) error {
	cause := fmt.Errorf("leave: reason %d, action %d", l.Reason, l.Action)
	switch l.Reason {
	case reasonRoomDeleted, reasonRoomClosed, reasonParticipantRemoved, reasonDuplicateIdentity, reasonUserRejected:
		return wrap(ErrRemoved, cause)
	case reasonJoinFailure:
		// The server refuses the join itself; in a room that exists and
		// with a token it accepted, that is a full room.
		return wrap(ErrRoomFull, cause)
	}
	if l.Action == actionDisconnect && !l.CanReconnect && l.Reason != reasonServerShutdown {
		return wrap(ErrRemoved, cause)
	}
	return wrap(ErrServerGone, cause)
}

// applyJoin takes in who we are and who is there. The ICE servers the
// server names are ignored on purpose: by default LiveKit hands out
// Google's and Twilio's STUN servers, and Ringlet asks no one but the
// ring's own server.
func (s *session) applyJoin(j *joinResponse) {
	s.mu.Lock()
	s.selfSID = j.Self.SID
	s.pingEvery = seconds(j.PingInterval, 5)
	s.pingWithin = seconds(j.PingTimeout, 15)
	s.mu.Unlock()
	s.applyParticipants(j.Others)
}

func seconds(n int64, fallback int64) time.Duration {
	if n <= 0 || n > 300 {
		n = fallback
	}
	return time.Duration(n) * time.Second
}

// newPeer makes one of the two PeerConnections with the privacy
// settings; up is closed once it is connected.
func (s *session) newPeer(target uint64, up chan struct{}) (*webrtc.PeerConnection, error) {
	pc, err := newPeerConnection(s.cl.opts)
	if err != nil {
		return nil, err
	}
	pc.OnICECandidate(func(c *webrtc.ICECandidate) {
		if c == nil {
			return
		}
		init := c.ToJSON()
		if !s.cl.opts.Network.CandidateAllowed(init.Candidate) {
			return
		}
		data, _ := json.Marshal(init)
		_ = s.sig.send(request{Trickle: &trickleCandidate{CandidateInit: string(data), Target: target}})
	})
	var once sync.Once
	pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		switch st {
		case webrtc.PeerConnectionStateConnected:
			if up != nil {
				once.Do(func() { close(up) })
			}
		case webrtc.PeerConnectionStateFailed:
			s.fail(wrap(ErrICEFailed, fmt.Errorf("connection %d failed", target)))
		}
	})
	return pc, nil
}

func newPeerConnection(o Options) (*webrtc.PeerConnection, error) {
	m := &webrtc.MediaEngine{}
	configure := o.ConfigureMediaEngine
	if configure == nil {
		configure = (*webrtc.MediaEngine).RegisterDefaultCodecs
	}
	if err := configure(m); err != nil {
		return nil, wrap(ErrInvalidOptions, err)
	}
	ir := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(m, ir); err != nil {
		return nil, wrap(ErrInvalidOptions, err)
	}
	se := o.Network.SettingEngine()
	// Notice a dead server within seconds instead of pion's 25 s.
	se.SetICETimeouts(4*time.Second, 10*time.Second, 2*time.Second)
	api := webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se))
	// No ICE servers: see applyJoin.
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, wrap(ErrInvalidOptions, err)
	}
	return pc, nil
}

// publish announces each track, adds it, opens the data channels and
// offers. LiveKit wants every track announced (AddTrack) and confirmed
// before it appears in an offer.
func (s *session) publish(ctx context.Context) error {
	for _, t := range s.cl.tracks {
		if err := s.announceTrack(ctx, t); err != nil {
			return err
		}
		sender, err := s.pub.AddTransceiverFromTrack(t, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly})
		if err != nil {
			return wrap(ErrInvalidOptions, err)
		}
		// Read RTCP so that pion's interceptors (NACK, reports) and the
		// encoder's keyframe requests work.
		go func() {
			for {
				if _, _, err := sender.Sender().ReadRTCP(); err != nil {
					return
				}
			}
		}()
	}
	ordered := true
	dc, err := s.pub.CreateDataChannel("_reliable", &webrtc.DataChannelInit{Ordered: &ordered})
	if err != nil {
		return wrap(ErrInvalidOptions, err)
	}
	opened := make(chan struct{})
	dc.OnOpen(func() { close(opened) })
	dc.OnMessage(s.onData)
	s.mu.Lock()
	s.reliable = dc
	s.mu.Unlock()
	offer, err := s.pub.CreateOffer(nil)
	if err != nil {
		return wrap(ErrInvalidOptions, err)
	}
	if err := s.pub.SetLocalDescription(offer); err != nil {
		return wrap(ErrInvalidOptions, err)
	}
	if err := s.sig.send(request{Offer: &sessionDescription{Type: "offer", SDP: s.cl.opts.Network.ScrubSDP(offer.SDP)}}); err != nil {
		return err
	}
	return s.await(ctx, opened)
}

// announceTrack asks the server to accept one of our tracks.
func (s *session) announceTrack(ctx context.Context, t webrtc.TrackLocal) error {
	req := &addTrack{CID: t.ID(), Type: trackAudio, Source: sourceMicrophone}
	if t.Kind() == webrtc.RTPCodecTypeVideo {
		req.Type, req.Source = trackVideo, sourceCamera
	}
	done := make(chan struct{}, 1)
	s.mu.Lock()
	s.published[req.CID] = done
	s.mu.Unlock()
	if err := s.sig.send(request{AddTrack: req}); err != nil {
		return err
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return wrap(ErrServerGone, ctx.Err())
	case err := <-s.failed:
		s.failed <- err
		return err
	}
}

// await waits for ready, or for the session to fail, or for ctx.
func (s *session) await(ctx context.Context, ready <-chan struct{}) error {
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return wrap(ErrServerGone, ctx.Err())
	case err := <-s.failed:
		s.failed <- err // for supervise
		return err
	}
}

// run handles what the server sends, until the connection ends.
func (s *session) run() {
	defer s.wg.Done()
	for msg := range s.sig.in {
		s.mu.Lock()
		s.heard = time.Now()
		s.mu.Unlock()
		if err := s.handle(msg); err != nil {
			s.fail(err)
			return
		}
	}
	s.fail(s.sig.cause())
}

func (s *session) handle(msg response) error {
	switch {
	case msg.Answer != nil:
		return s.applyAnswer(msg.Answer)
	case msg.Offer != nil:
		return s.answerOffer(msg.Offer)
	case msg.Trickle != nil:
		s.applyTrickle(msg.Trickle)
	case msg.Update != nil:
		s.applyParticipants(msg.Update)
	case msg.TrackPublished != "":
		s.mu.Lock()
		done := s.published[msg.TrackPublished]
		delete(s.published, msg.TrackPublished)
		s.mu.Unlock()
		if done != nil {
			done <- struct{}{}
		}
	case msg.Leave != nil:
		return leaveError(msg.Leave)
	case msg.RefreshToken != "":
		s.cl.mu.Lock()
		s.cl.token = msg.RefreshToken
		s.cl.mu.Unlock()
	}
	return nil
}

func (s *session) applyAnswer(d *sessionDescription) error {
	return applyRemote(s.pub, &s.pubTrickle, d, webrtc.SDPTypeAnswer)
}

// applyRemote sets the server's description of the given type on pc and
// lets the candidates that waited for it in.
func applyRemote(pc *webrtc.PeerConnection, q *candidateQueue, d *sessionDescription, typ webrtc.SDPType) error {
	if d.Type != typ.String() {
		return wrap(ErrProtocol, fmt.Errorf("%s instead of %s", d.Type, typ))
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: typ, SDP: d.SDP}); err != nil {
		return wrap(ErrProtocol, err)
	}
	q.ready(pc)
	return nil
}

// answerOffer answers the server's offer for the subscriber connection
// (everyone else's tracks and the data they send).
func (s *session) answerOffer(d *sessionDescription) error {
	if err := applyRemote(s.sub, &s.subTrickle, d, webrtc.SDPTypeOffer); err != nil {
		return err
	}
	answer, err := s.sub.CreateAnswer(nil)
	if err != nil {
		return wrap(ErrProtocol, err)
	}
	if err := s.sub.SetLocalDescription(answer); err != nil {
		return wrap(ErrProtocol, err)
	}
	return s.sig.send(request{Answer: &sessionDescription{Type: "answer", SDP: s.cl.opts.Network.ScrubSDP(answer.SDP), ID: d.ID}})
}

// applyTrickle adds a server candidate to the connection it is for.
func (s *session) applyTrickle(t *trickleCandidate) {
	var init webrtc.ICECandidateInit
	if json.Unmarshal([]byte(t.CandidateInit), &init) != nil || init.Candidate == "" {
		return
	}
	if t.Target == targetSubscriber {
		s.subTrickle.add(init)
	} else {
		s.pubTrickle.add(init)
	}
}

// keepAlive pings at the server's interval; a server that stays silent
// past its own timeout is gone.
func (s *session) keepAlive() {
	defer s.wg.Done()
	s.mu.Lock()
	every, within := s.pingEvery, s.pingWithin
	s.mu.Unlock()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-tick.C:
		}
		s.mu.Lock()
		silent := time.Since(s.heard)
		s.mu.Unlock()
		if silent > within {
			s.fail(wrap(ErrServerGone, errors.New("no pong")))
			return
		}
		now := time.Now().UnixMilli()
		_ = s.sig.send(request{Ping: now})
		_ = s.sig.send(request{PingReq: now})
	}
}

// fail ends the session with err, once; supervise takes it from there.
func (s *session) fail(err error) {
	if err == nil {
		err = wrap(ErrServerGone, errors.New("closed"))
	}
	s.failOnce.Do(func() { s.failed <- err })
}

// teardown closes the session's connections and waits for its goroutines.
// The tracks it announced are gone with it.
func (s *session) teardown() {
	s.quitOnce.Do(func() {
		close(s.quit)
		s.sig.close()
		if s.pub != nil {
			_ = s.pub.Close()
		}
		if s.sub != nil {
			_ = s.sub.Close()
		}
		s.wg.Wait()
		s.mu.Lock()
		gone := s.tracks
		s.tracks = map[string]call.TrackRemoved{}
		announced := s.announced
		s.mu.Unlock()
		if announced {
			for _, t := range gone {
				s.cl.emit(t)
			}
		}
	})
}

// leave says goodbye (politely: and gives the server a moment to take it)
// and tears down.
func (s *session) leave(ctx context.Context, polite bool) {
	_ = s.sig.send(request{Leave: &leave{Reason: reasonClientInitiated, Action: actionDisconnect}})
	if !polite {
		// A panic leave does not wait for the server's close handshake.
		s.sig.fail(wrap(ErrServerGone, errors.New("left")))
	}
	if polite {
		wait, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		select {
		case <-wait.Done():
		case <-s.failed: // the server closed the connection: it took our leave
		}
	}
	s.teardown()
}

// candidateQueue holds the server's candidates until the remote
// description they belong to is set.
type candidateQueue struct {
	mu     sync.Mutex
	pc     *webrtc.PeerConnection
	queued []webrtc.ICECandidateInit
}

func (q *candidateQueue) add(c webrtc.ICECandidateInit) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pc != nil {
		_ = q.pc.AddICECandidate(c)
		return
	}
	q.queued = append(q.queued, c)
}

func (q *candidateQueue) ready(pc *webrtc.PeerConnection) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pc != nil {
		return
	}
	q.pc = pc
	for _, c := range q.queued {
		_ = pc.AddICECandidate(c)
	}
	q.queued = nil
}
