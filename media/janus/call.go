package janus

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/call"
)

// attempt is one connection to the room: a Janus session with a
// publisher handle and, once there is someone to watch, one multistream
// subscriber handle. A rejoin makes a new attempt.
type attempt struct {
	cl   *Client
	conn *conn

	ctx    context.Context
	cancel context.CancelFunc
	failed chan error // first fatal problem; read by the supervisor
	work   chan func()

	pubHandle       uint64
	myID, privateID uint64
	room            uint64
	pubPC           *webrtc.PeerConnection
	pubICE          iceQueue
	chat            *webrtc.DataChannel

	mu        sync.Mutex
	subHandle uint64
	subPC     *webrtc.PeerConnection
	subICE    iceQueue
	feeds     map[uint64]publisher // others who publish, by feed ID
	streams   map[string]subStream // subscriber mid → what it carries
	tracks    map[string]shownTrack
	announced map[string]bool // mids whose track pion has handed us (see announceRecycled)
	torndown  bool
	resets    int // subscriber restarts in a row (worker only)
}

// connect makes a new session and joins the room. rejoin tells the UI
// this is not the first time.
func (cl *Client) connect(ctx context.Context, rejoin bool) (*attempt, error) {
	conn, err := dial(ctx, cl.opts.Endpoint, cl.opts.RequestTimeout, cl.opts.OnWire)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithCancel(context.Background())
	c := &attempt{
		cl: cl, conn: conn, ctx: cctx, cancel: cancel,
		failed:    make(chan error, 1),
		work:      make(chan func(), 256),
		feeds:     map[uint64]publisher{},
		streams:   map[string]subStream{},
		tracks:    map[string]shownTrack{},
		announced: map[string]bool{},
	}
	ok := false
	defer func() {
		if !ok {
			c.teardown()
		}
	}()
	go conn.keepalive(cl.opts.KeepAlive)
	go func() {
		<-conn.closed
		c.fail(conn.err())
	}()

	c.pubHandle, err = conn.attach(ctx, c.onPublisherMessage)
	if err != nil {
		return nil, err
	}
	body := map[string]any{"request": "join", "ptype": "publisher", "room": cl.opts.Room, "display": cl.opts.Display}
	if cl.opts.PIN != "" {
		body["pin"] = cl.opts.PIN
	}
	reply, err := conn.request(ctx, map[string]any{"janus": "message", "body": body}, c.pubHandle, true)
	if err != nil {
		return nil, err
	}
	if reply.room == nil || reply.room.VideoRoom != "joined" || reply.room.ID == 0 {
		return nil, &Error{Kind: KindProtocol, Reason: "join reply"}
	}
	c.myID, c.privateID, c.room = reply.room.ID, reply.room.PrivateID, reply.room.Room
	if c.room == 0 {
		c.room = cl.opts.Room
	}
	// Queue the room as it is now before any later change the handler
	// may queue. The worker starts subscribing right after Joined, while
	// we publish: the first picture of the others does not wait for our
	// own media path.
	initial := reply.room.Publishers
	var before map[uint64]bool
	if rejoin {
		before = map[uint64]bool{}
		cl.mu.Lock()
		for id := range cl.known {
			before[id] = true
		}
		cl.mu.Unlock()
	}
	c.enqueue(func() {
		if rejoin {
			c.forgetMissing(before, initial)
		}
		c.addPublishers(initial)
	})
	cl.emit(call.Joined{Description: reply.room.Description, Rejoined: rejoin})
	go c.worker()
	go c.watchRecording()
	if len(cl.tracks) > 0 {
		if err := c.publish(ctx); err != nil {
			return nil, err
		}
	}
	ok = true
	return c, nil
}

// watchRecording asks Janus for the room's recording flag now and then and
// tells the UI when it changes. Private rooms are not listed: then the
// state stays unknown and nothing is said.
func (c *attempt) watchRecording() {
	t := time.NewTicker(c.cl.opts.RecordingPoll)
	defer t.Stop()
	for {
		reply, err := c.conn.request(c.ctx, map[string]any{"janus": "message", "body": map[string]any{"request": "list"}}, c.pubHandle, false)
		if err == nil && reply.room != nil {
			for _, r := range reply.room.List {
				if r.Room != c.room {
					continue
				}
				c.cl.mu.Lock()
				changed := c.cl.recording == nil || *c.cl.recording != r.Record
				rec := r.Record
				c.cl.recording = &rec
				c.cl.mu.Unlock()
				if changed {
					c.cl.emit(call.Recording{On: rec})
				}
			}
		}
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
		}
	}
}

// fail records the first fatal problem of this call.
func (c *attempt) fail(err error) {
	select {
	case c.failed <- err:
	default:
	}
}

func (c *attempt) enqueue(f func()) {
	select {
	case c.work <- f:
	case <-c.ctx.Done():
	default:
		c.fail(&Error{Kind: KindProtocol, Reason: "event flood"})
	}
}

// worker runs room changes one at a time: a subscriber update must be
// answered before the next one starts.
func (c *attempt) worker() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case f := <-c.work:
			f()
		}
	}
}

// trickle sends our candidates to one handle.
func (c *attempt) trickle(pc *webrtc.PeerConnection, handle func() uint64) {
	pc.OnICECandidate(func(cand *webrtc.ICECandidate) {
		h := handle()
		if h == 0 {
			return
		}
		if cand == nil {
			_ = c.conn.send(c.ctx, map[string]any{"janus": "trickle", "candidate": map[string]any{"completed": true}}, h)
			return
		}
		init := cand.ToJSON()
		if !c.cl.candidateAllowed(init.Candidate) {
			return
		}
		_ = c.conn.send(c.ctx, map[string]any{"janus": "trickle", "candidate": init}, h)
	})
}

func (c *attempt) watchState(pc *webrtc.PeerConnection, connected chan<- struct{}) {
	var once sync.Once
	pc.OnConnectionStateChange(func(s webrtc.PeerConnectionState) {
		switch s {
		case webrtc.PeerConnectionStateConnected:
			if connected != nil {
				once.Do(func() { close(connected) })
			}
		case webrtc.PeerConnectionStateFailed:
			c.fail(&Error{Kind: KindICEFailed})
		}
	})
}

// publish sends our tracks: configure with an offer, apply the answer,
// wait until media flows.
func (c *attempt) publish(ctx context.Context) error {
	pc, err := c.cl.newPeerConnection()
	if err != nil {
		return err
	}
	if !c.keepPeer(pc, &c.pubPC) {
		return &Error{Kind: KindServerGone, Reason: "closed"}
	}
	for _, t := range c.cl.tracks {
		if _, err := pc.AddTransceiverFromTrack(t, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}); err != nil {
			return newError(KindInvalidOptions, err)
		}
	}
	// Chat goes through the VideoRoom's data channel relay: Janus passes
	// what we publish on it to everyone who subscribes to our feed.
	dc, err := pc.CreateDataChannel(chatLabel, nil)
	if err != nil {
		return newError(KindInvalidOptions, err)
	}
	c.mu.Lock()
	c.chat = dc
	c.mu.Unlock()
	connected := make(chan struct{})
	c.watchState(pc, connected)
	c.trickle(pc, func() uint64 { return c.pubHandle })
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		return newError(KindInvalidOptions, err)
	}
	if err := pc.SetLocalDescription(offer); err != nil {
		return newError(KindInvalidOptions, err)
	}
	body := map[string]any{"request": "configure", "audio": true, "video": true}
	reply, err := c.conn.request(ctx, map[string]any{"janus": "message", "body": body,
		"jsep": publishJSEP(c.cl.scrubSDP(offer.SDP), c.cl.opts.E2EE)}, c.pubHandle, true)
	if err != nil {
		return err
	}
	if reply.JSEP == nil || reply.JSEP.Type != "answer" {
		return &Error{Kind: KindProtocol, Reason: "configure without answer"}
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: reply.JSEP.SDP}); err != nil {
		return &Error{Kind: KindProtocol, Err: err}
	}
	c.pubICE.setReady(pc)
	timer := time.NewTimer(c.cl.opts.RequestTimeout)
	defer timer.Stop()
	select {
	case <-connected:
		return nil
	case err := <-c.failed:
		c.fail(err)
		return err
	case <-timer.C:
		return &Error{Kind: KindICEFailed}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// onPublisherMessage handles what Janus tells our publisher handle without
// being asked. It runs on the reader and must not block.
func (c *attempt) onPublisherMessage(m *message) {
	switch m.Janus {
	case "trickle":
		cands, _ := m.candidates()
		c.pubICE.add(cands)
	case "hangup":
		c.fail(&Error{Kind: KindICEFailed, Reason: "hangup"})
	case "event":
		r := m.room
		if r == nil {
			return
		}
		if r.VideoRoom == "destroyed" {
			c.fail(&Error{Kind: KindNoSuchRoom})
			return
		}
		if r.Record != nil {
			rec := *r.Record
			c.cl.mu.Lock()
			changed := c.cl.recording == nil || *c.cl.recording != rec
			c.cl.recording = &rec
			c.cl.mu.Unlock()
			if changed {
				c.cl.emit(call.Recording{On: rec})
			}
		}
		if len(r.Publishers) > 0 {
			pubs := r.Publishers
			c.enqueue(func() { c.addPublishers(pubs) })
		}
		if r.Unpublished.Set && !r.Unpublished.OK && r.Unpublished.ID != 0 {
			id := r.Unpublished.ID
			c.enqueue(func() { c.removeFeed(id) })
		}
		if r.Leaving.Set && !r.Leaving.OK && r.Leaving.ID != 0 {
			id := r.Leaving.ID
			c.enqueue(func() { c.removeFeed(id) })
		}
	}
	if m.room != nil && (m.room.VideoRoom == "talking" || m.room.VideoRoom == "stopped-talking") {
		id := m.room.ID
		talking := m.room.VideoRoom == "talking"
		c.mu.Lock()
		_, ok := c.feeds[id]
		c.mu.Unlock()
		if ok {
			c.cl.emit(call.Talking{ParticipantID: feedID(id), On: talking})
		}
	}
}

// forgetMissing tells the UI that people known before a rejoin are gone
// (after a server restart everyone has a new feed ID).
func (c *attempt) forgetMissing(before map[uint64]bool, now []publisher) {
	present := map[uint64]bool{}
	for _, p := range now {
		present[p.ID] = true
	}
	c.cl.mu.Lock()
	var gone []call.ParticipantLeft
	for id, d := range c.cl.known {
		if before[id] && !present[id] {
			gone = append(gone, call.ParticipantLeft{ID: feedID(id), Name: d})
			delete(c.cl.known, id)
		}
	}
	c.cl.mu.Unlock()
	for _, g := range gone {
		c.cl.emit(g)
	}
}

func (c *attempt) addPublishers(pubs []publisher) {
	var fresh []uint64
	c.mu.Lock()
	for _, p := range pubs {
		if p.ID == 0 || p.ID == c.myID {
			continue
		}
		if _, ok := c.feeds[p.ID]; ok {
			continue
		}
		if len(c.feeds) >= MaxFeeds {
			break // a room this full is a server that lies; the rest stay unseen
		}
		c.feeds[p.ID] = p
		fresh = append(fresh, p.ID)
	}
	c.mu.Unlock()
	if len(fresh) == 0 {
		return
	}
	for _, id := range fresh {
		c.mu.Lock()
		p := c.feeds[id]
		c.mu.Unlock()
		c.cl.mu.Lock()
		_, seen := c.cl.known[id]
		c.cl.known[id] = p.Display
		c.cl.mu.Unlock()
		if !seen {
			c.cl.emit(call.ParticipantJoined{ID: feedID(id), Name: p.Display})
			c.cl.announceHand()
		}
	}
	if err := c.subscribe(fresh); err != nil {
		c.fail(err)
	}
}

func (c *attempt) removeFeed(id uint64) {
	// Janus itself drops a gone feed's streams from our subscription and
	// sends an updated offer (onSubscriberMessage), so nothing to ask here.
	c.mu.Lock()
	delete(c.feeds, id)
	var removed []shownTrack
	for mid, t := range c.tracks {
		if t.feed == id {
			removed = append(removed, t)
			delete(c.tracks, mid)
		}
	}
	c.mu.Unlock()
	for _, t := range removed {
		c.cl.emit(t.removed())
	}
	c.cl.mu.Lock()
	display, known := c.cl.known[id]
	delete(c.cl.known, id)
	c.cl.mu.Unlock()
	c.cl.chatLimits.forget(id)
	if known {
		c.cl.emit(call.ParticipantLeft{ID: feedID(id), Name: display})
	}
	c.mu.Lock()
	resubscribe := c.subHandle == 0 && len(c.feeds) > 0
	c.mu.Unlock()
	if resubscribe {
		if err := c.subscribe(nil); err != nil {
			c.fail(err)
		}
	}
}

// subscribe adds feeds to our one subscriber handle, creating it first.
func (c *attempt) subscribe(feeds []uint64) error {
	c.mu.Lock()
	handle := c.subHandle
	if handle == 0 {
		// A new subscriber takes everyone who publishes now, so that
		// nobody is missed after a reset.
		feeds = feeds[:0:0]
		for id := range c.feeds {
			feeds = append(feeds, id)
		}
	}
	c.mu.Unlock()
	if len(feeds) == 0 {
		return nil
	}
	streams := make([]map[string]any, len(feeds))
	for i, id := range feeds {
		streams[i] = map[string]any{"feed": id}
	}
	fresh := handle == 0
	var reply *message
	var err error
	if fresh {
		var left bool
		reply, left, err = c.joinAsSubscriber(streams)
		if left {
			return nil // left while subscribing: nothing more to do
		}
	} else {
		reply, err = c.conn.request(c.ctx, map[string]any{"janus": "message",
			"body": map[string]any{"request": "update", "subscribe": streams}}, handle, true)
	}
	if err != nil {
		return c.subscribeFailed(fresh, err)
	}
	if err := c.applyOffer(reply); err != nil {
		return err
	}
	c.resets = 0
	return nil
}

// joinAsSubscriber attaches our one subscriber handle, makes its
// PeerConnection and asks Janus for streams. left reports a call torn
// down meanwhile.
func (c *attempt) joinAsSubscriber(streams []map[string]any) (reply *message, left bool, err error) {
	handle, err := c.conn.attach(c.ctx, c.onSubscriberMessage)
	if err != nil {
		return nil, false, err
	}
	pc, err := c.cl.newPeerConnection()
	if err != nil {
		return nil, false, err
	}
	c.watchState(pc, nil)
	c.trickle(pc, func() uint64 { return handle })
	pc.OnTrack(func(t *webrtc.TrackRemote, r *webrtc.RTPReceiver) { c.onTrack(pc, t, r) })
	// Janus opens one channel per publisher, labelled with its feed ID,
	// and relays that publisher's data on it (see onChat).
	pc.OnDataChannel(func(dc *webrtc.DataChannel) {
		label := dc.Label()
		dc.OnMessage(func(m webrtc.DataChannelMessage) { c.onChat(label, m) })
	})
	// Janus relays data to a subscriber only once the association is
	// up, and it never starts one itself: we do, with a channel of our
	// own that carries nothing.
	_, _ = pc.CreateDataChannel(chatLabel, nil)
	if !c.keepPeer(pc, &c.subPC) {
		return nil, true, nil
	}
	c.mu.Lock()
	c.subHandle = handle
	c.mu.Unlock()
	body := map[string]any{"request": "join", "ptype": "subscriber", "room": c.room, "private_id": c.privateID, "streams": streams}
	if c.cl.opts.PIN != "" {
		body["pin"] = c.cl.opts.PIN
	}
	reply, err = c.conn.request(c.ctx, map[string]any{"janus": "message", "body": body}, handle, true)
	return reply, false, err
}

// subscribeFailed decides what a failed subscription means: most often a
// feed that left while we asked for it, which is no failure at all.
func (c *attempt) subscribeFailed(fresh bool, err error) error {
	var e *Error
	code := 0
	if errors.As(err, &e) {
		code = e.Code
	}
	switch {
	case fresh && code != 0:
		// The subscriber join failed (typically: a feed left
		// meanwhile). Janus now has an attached but unjoined handle
		// that refuses updates: drop it. The pending leave of that
		// feed subscribes again to whoever is left (removeFeed).
		c.dropSubscriber()
		return nil
	case code == roomNoSuchFeed:
		return nil // the feed left while we asked for it
	case code == roomJoinFirst:
		c.dropSubscriber()
		c.resets++
		if c.resets > 3 {
			return &Error{Kind: KindProtocol, Reason: "subscriber keeps failing"}
		}
		return c.subscribe(nil)
	}
	return err
}

// keepPeer stores a new PeerConnection in *slot, unless the call has been
// torn down meanwhile (a Leave or Close while the worker subscribes):
// then teardown has already closed what it knew of, so pc is closed here
// and false returned. Without this, such a connection lived on with its
// ICE agent and sockets after the call was over.
func (c *attempt) keepPeer(pc *webrtc.PeerConnection, slot **webrtc.PeerConnection) bool {
	c.mu.Lock()
	if c.torndown {
		c.mu.Unlock()
		_ = pc.Close()
		return false
	}
	*slot = pc
	c.mu.Unlock()
	return true
}

// dropSubscriber forgets the subscriber handle and its PeerConnection;
// the next subscribe starts a new one.
func (c *attempt) dropSubscriber() {
	c.mu.Lock()
	handle, pc := c.subHandle, c.subPC
	c.subHandle, c.subPC = 0, nil
	c.streams = map[string]subStream{}
	removed := make([]shownTrack, 0, len(c.tracks))
	for _, t := range c.tracks {
		removed = append(removed, t)
	}
	c.tracks = map[string]shownTrack{}
	c.subICE = iceQueue{}
	c.announced = map[string]bool{}
	c.mu.Unlock()
	for _, t := range removed {
		c.cl.emit(t.removed())
	}
	if handle != 0 {
		_ = c.conn.send(c.ctx, map[string]any{"janus": "detach"}, handle)
	}
	if pc != nil {
		_ = pc.Close()
	}
}

// onSubscriberMessage: trickles, and offers Janus sends on its own when a
// feed we watch goes away.
func (c *attempt) onSubscriberMessage(m *message) {
	c.mu.Lock()
	current := m.Sender == c.subHandle
	c.mu.Unlock()
	if !current {
		return // a handle we have dropped (resetSubscriber)
	}
	switch m.Janus {
	case "trickle":
		cands, _ := m.candidates()
		c.subICE.add(cands)
	case "hangup":
		c.fail(&Error{Kind: KindICEFailed, Reason: "hangup"})
	case "event":
		if m.JSEP != nil && m.JSEP.Type == "offer" {
			c.enqueue(func() {
				if err := c.applyOffer(m); err != nil {
					c.fail(err)
				}
			})
		}
	}
}

// applyOffer answers a subscriber offer and starts (or resumes) receiving.
func (c *attempt) applyOffer(m *message) error {
	if m == nil || m.JSEP == nil {
		return nil // an update that changed nothing
	}
	if m.JSEP.Type != "offer" {
		return &Error{Kind: KindProtocol, Reason: "subscriber jsep is not an offer"}
	}
	c.mu.Lock()
	pc, handle := c.subPC, c.subHandle
	var removed []shownTrack
	if m.room != nil && m.room.Streams != nil {
		next := map[string]subStream{}
		for _, s := range m.room.Streams {
			if s.Active == nil || *s.Active {
				next[s.Mid] = s
			}
		}
		for mid, t := range c.tracks {
			if s, ok := next[mid]; !ok || s.FeedID != t.feed {
				removed = append(removed, t)
				delete(c.tracks, mid)
			}
		}
		c.streams = next
	}
	c.mu.Unlock()
	for _, t := range removed {
		c.cl.emit(t.removed())
	}
	if pc == nil {
		return &Error{Kind: KindProtocol, Reason: "offer before subscribe"}
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: m.JSEP.SDP}); err != nil {
		return &Error{Kind: KindProtocol, Err: err}
	}
	c.subICE.setReady(pc)
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		return &Error{Kind: KindProtocol, Err: err}
	}
	if err := pc.SetLocalDescription(answer); err != nil {
		return &Error{Kind: KindProtocol, Err: err}
	}
	_, err = c.conn.request(c.ctx, map[string]any{"janus": "message", "body": map[string]any{"request": "start"},
		"jsep": map[string]any{"type": "answer", "sdp": c.cl.scrubSDP(answer.SDP)}}, handle, true)
	if err == nil {
		c.announceRecycled(pc)
	}
	return err
}

// announceRecycled tells the UI about streams that Janus moved to an
// m-line that carried someone else before. Janus recycles a free m-line
// with the same mid and SSRC, so the SDP does not change and pion never
// fires OnTrack again: the newcomer's media flows on the track already
// there. Without this, whoever joined after someone had left was never
// seen or heard by those who stayed.
func (c *attempt) announceRecycled(pc *webrtc.PeerConnection) {
	var added []call.TrackAdded
	c.mu.Lock()
	for _, tr := range pc.GetTransceivers() {
		mid, r := tr.Mid(), tr.Receiver()
		s, active := c.streams[mid]
		_, shown := c.tracks[mid]
		if !active || shown || r == nil || !c.announced[mid] || s.FeedID == 0 {
			continue
		}
		track := r.Track()
		if track == nil {
			continue
		}
		c.tracks[mid] = shownTrack{feed: s.FeedID, kind: kindOf(track.Kind())}
		added = append(added, call.TrackAdded{ParticipantID: feedID(s.FeedID), Kind: kindOf(track.Kind()), Track: remoteTrack{track, pc}})
	}
	c.mu.Unlock()
	for _, a := range added {
		c.cl.emit(a)
	}
}

func (c *attempt) onTrack(pc *webrtc.PeerConnection, t *webrtc.TrackRemote, r *webrtc.RTPReceiver) {
	mid := ""
	for _, tr := range pc.GetTransceivers() {
		if tr.Receiver() == r {
			mid = tr.Mid()
			break
		}
	}
	c.mu.Lock()
	if c.torndown {
		c.mu.Unlock()
		return
	}
	s := c.streams[mid]
	if prev, ok := c.tracks[mid]; ok && prev.feed == s.FeedID && c.announced[mid] {
		// announceRecycled was first; pion found the track after all.
		c.mu.Unlock()
		return
	}
	c.tracks[mid] = shownTrack{feed: s.FeedID, kind: kindOf(t.Kind())}
	c.announced[mid] = true
	c.mu.Unlock()
	c.cl.emit(call.TrackAdded{ParticipantID: feedID(s.FeedID), Kind: kindOf(t.Kind()), Track: remoteTrack{t, pc}})
}

func (c *attempt) requestKeyframes() {
	c.mu.Lock()
	pc := c.subPC
	c.mu.Unlock()
	if pc == nil {
		return
	}
	for _, r := range pc.GetReceivers() {
		for _, t := range r.Tracks() {
			if t.Kind() == webrtc.RTPCodecTypeVideo {
				_ = pc.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: uint32(t.SSRC())}})
			}
		}
	}
}

// leave says goodbye to the server and closes everything. polite waits for
// each answer briefly; a panic leave sends one destroy and goes. The
// PeerConnections are closed right after "leave", before Janus' own
// hangup can race with our closing them.
func (c *attempt) leave(ctx context.Context, polite bool) error {
	var err error
	if polite {
		step := func(body map[string]any, handle uint64, event bool) {
			sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			if _, e := c.conn.request(sctx, body, handle, event); e != nil && err == nil {
				err = e
			}
		}
		step(map[string]any{"janus": "message", "body": map[string]any{"request": "leave"}}, c.pubHandle, true)
		c.closePeers()
		c.mu.Lock()
		sub := c.subHandle
		c.mu.Unlock()
		if sub != 0 {
			step(map[string]any{"janus": "detach"}, sub, false)
		}
		step(map[string]any{"janus": "detach"}, c.pubHandle, false)
		step(map[string]any{"janus": "destroy"}, 0, false)
	} else {
		_ = c.conn.send(ctx, map[string]any{"janus": "destroy"}, 0)
	}
	c.teardown()
	return err
}

func (c *attempt) closePeers() {
	c.mu.Lock()
	pub, sub := c.pubPC, c.subPC
	c.pubPC, c.subPC = nil, nil
	c.mu.Unlock()
	if sub != nil {
		_ = sub.Close()
	}
	if pub != nil {
		_ = pub.Close()
	}
}

// teardown closes the socket and the PeerConnections (never the caller's
// tracks) and reports the remote tracks as gone.
func (c *attempt) teardown() {
	c.mu.Lock()
	if c.torndown {
		c.mu.Unlock()
		return
	}
	c.torndown = true
	removed := make([]shownTrack, 0, len(c.tracks))
	for _, t := range c.tracks {
		removed = append(removed, t)
	}
	c.tracks = map[string]shownTrack{}
	c.mu.Unlock()
	c.cancel()
	c.conn.close(&Error{Kind: KindServerGone, Reason: "closed"})
	c.closePeers()
	for _, t := range removed {
		c.cl.emit(t.removed())
	}
}
