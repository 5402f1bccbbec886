package session

import (
	"context"

	"github.com/ringlet/ringlet/media/apm"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/blur"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
)

// callState is everything a call changes. Only the loop touches it while
// it runs; after loopDone it is final and may be read by anyone.
type callState struct {
	state    State
	over     bool // finished: whatever join opens now is closed at once
	leaving  bool // Leave or PanicLeave was asked for
	people   *roster
	tracks   map[string]*remoteTrack // by participant ID + kind
	cameraOn bool
	handUp   bool
	camLost  bool // a camera_lost notice is out and not yet answered
	micLost  bool

	cancelJoin context.CancelFunc
	stage      *blur.Stage    // nil without camera or with blur off
	echo       *apm.Processor // nil without echo cancellation
	media      LocalMedia
	capture    capture.Options
	mixer      *audio.Mixer
	e2e        *EndToEnd // nil unless the ring is encrypted end to end
	player     *audio.Player
	conf       Conference
	confEvents <-chan call.Event // nil until joined: the loop waits on it
	following  context.CancelFunc
}

func newCallState(pseudonym string) callState {
	return callState{people: newRoster(pseudonym), tracks: map[string]*remoteTrack{}, cameraOn: true}
}

// run is the loop that owns the call: it runs commands and notes one at a
// time and turns the engine's events into the session's, until finish.
func (s *Session) run() {
	defer close(s.loopDone)
	for !s.st.over {
		select {
		case f := <-s.commands:
			f()
		case f := <-s.notes:
			f()
		case e, ok := <-s.st.confEvents:
			if !ok {
				s.finish(nil) // an engine that closed without Ended
				continue
			}
			s.onEngineEvent(e)
		}
	}
}

// do runs f on the loop and waits for it. It reports false when the call
// is over and the loop gone: then f did not run.
func (s *Session) do(f func()) bool {
	done := make(chan struct{})
	select {
	case s.commands <- func() { f(); close(done) }:
		<-done
		return true
	case <-s.loopDone:
		return false
	}
}

// read runs f with the call's state: on the loop while it runs, directly
// once it has ended (the state is final then).
func (s *Session) read(f func(*callState)) {
	if !s.do(func() { f(&s.st) }) {
		f(&s.st)
	}
}

// keep hands what join has just opened to the loop (store runs there),
// unless the person left meanwhile: then it is closed again and keep
// reports false. Leave cannot close what it does not know of yet.
func (s *Session) keep(store func(*callState), closeIt func() error) bool {
	kept := false
	s.do(func() {
		if !s.st.over && !s.st.leaving {
			store(&s.st)
			kept = true
		}
	})
	if !kept {
		_ = closeIt()
	}
	return kept
}

func (s *Session) isOver() bool {
	over := true
	s.do(func() { over = s.st.over || s.st.leaving })
	return over
}

// tell emits an event from join's goroutine, in order with its steps.
func (s *Session) tell(e call.Event) { s.do(func() { s.emit(e) }) }

// post passes an event from a media goroutine (capture, mixer, blur) to
// the loop without ever blocking it for long: talking and blur changes
// are dropped when the loop is far behind; notices wait for it.
func (s *Session) post(e call.Event) {
	s.note(func() { s.emit(e) }, droppable(e))
}

func (s *Session) note(f func(), canDrop bool) {
	select {
	case s.notes <- f:
		return
	case <-s.loopDone:
		return
	default:
	}
	if canDrop {
		return
	}
	select {
	case s.notes <- f:
	case <-s.loopDone:
	}
}

func droppable(e call.Event) bool {
	switch e.(type) {
	case call.Talking, call.BlurChanged:
		return true
	}
	return false
}

func (s *Session) setState(st State) {
	if s.st.state == st || s.st.state == Left {
		return
	}
	s.st.state = st
	s.emit(call.StateChanged{State: st})
}

// emit never blocks the loop, so that the window's questions are always
// answered at once: the queue keeps every structural event and a bounded
// number of the ones others cause at will (see call.Queue).
func (s *Session) emit(e call.Event) {
	if !s.st.over {
		s.events.Push(e)
	}
}

// follow starts following the ring once the engine has joined it.
func (s *Session) follow(c *callState, conf Conference) {
	c.conf, c.confEvents = conf, conf.Events()
	var ctx context.Context
	ctx, c.following = context.WithCancel(context.Background())
	c.media.Follow(ctx, func(k call.Kind) { s.note(func() { s.deviceBack(k) }, false) })
}

// onEngineEvent turns one of the engine's events into the session's:
// people get the names they are shown under, tracks are played, and the
// engine's talking (rooms that measure it) gives way to the mixer's.
func (s *Session) onEngineEvent(e call.Event) {
	switch e := e.(type) {
	case call.Joined:
		s.setState(InCall)
		s.emit(e)
	case call.ParticipantJoined:
		s.emit(call.ParticipantJoined{ID: e.ID, Name: s.st.people.add(e.ID, e.Name)})
	case call.ParticipantLeft:
		name, ok := s.st.people.name(e.ID)
		s.st.people.remove(e.ID)
		if !ok {
			name = e.Name
		}
		s.emit(call.ParticipantLeft{ID: e.ID, Name: name})
	case call.TrackAdded:
		s.addTrack(e)
	case call.TrackRemoved:
		s.removeTrack(e.ParticipantID, e.Kind)
	case call.Chat:
		if name, ok := s.st.people.name(e.ParticipantID); ok {
			s.emit(call.Chat{ParticipantID: e.ParticipantID, From: name, Text: e.Text})
		}
	case call.Hand:
		if name, ok := s.st.people.name(e.ParticipantID); ok {
			s.emit(call.Hand{ParticipantID: e.ParticipantID, Name: name, Up: e.Up})
		}
	case call.Recording:
		s.emit(e)
	case call.ConnectionLost:
		s.setState(Reconnecting)
		s.emit(e)
	case call.Ended:
		s.finish(e.Err)
	}
}

// finish releases everything, in order, and ends the loop: the
// connection before the devices (see media/capture), the devices before
// the blur and echo canceller that their goroutines feed.
func (s *Session) finish(reason error) {
	c := &s.st
	if c.over {
		return
	}
	if c.conf != nil {
		_ = c.conf.Close() // a no-op after Leave; closes the PeerConnections otherwise
	}
	if c.following != nil {
		c.following()
	}
	for _, t := range c.tracks {
		t.cancel()
	}
	if c.player != nil {
		_ = c.player.Close()
	}
	if c.media != nil {
		_ = c.media.Close()
	}
	if c.stage != nil {
		c.stage.Close()
	}
	if c.echo != nil {
		_ = c.echo.Close()
	}
	c.tracks, c.people = map[string]*remoteTrack{}, newRoster(s.opts.Pseudonym)
	c.conf, c.media, c.player, c.confEvents = nil, nil, nil, nil
	s.setState(Left)
	s.emit(call.Ended{Err: reason}) // the queue closes after it
	c.over = true
}
