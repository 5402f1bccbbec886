package app

import (
	"context"
	"image"
	"sync"
	"time"

	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/call"
)

// leaveTimeout bounds the polite goodbye; after it the call is dropped.
const leaveTimeout = 5 * time.Second

// sessionCall adapts app/session to the call screen: it turns session
// events into the GUI's and keeps the slow leaving off the UI thread. The
// session itself blurs the user's own picture.
type sessionCall struct {
	s      *session.Session
	events chan call.Event
	quit   chan struct{} // closed when nobody reads events any more
	once   sync.Once
	// released is closed when the session has ended and let go of camera
	// and microphone (see deviceGate).
	released chan struct{}
}

// joinNative joins a native ring through app/session. With the camera on,
// the session blurs every picture before it leaves; if the blur cannot
// start, the join fails rather than sending a sharp picture.
func joinNative(ctx context.Context, req JoinRequest) (Call, error) {
	c, err := joinSession(ctx, req)
	if err != nil {
		return nil, err // not a nil *sessionCall in a non-nil Call
	}
	return c, nil
}

func joinSession(ctx context.Context, req JoinRequest) (*sessionCall, error) {
	c := &sessionCall{events: make(chan call.Event, 64), quit: make(chan struct{}), released: make(chan struct{})}
	opts := session.Options{
		Link:          req.Link,
		Pseudonym:     req.Pseudonym,
		AudioOnly:     req.AudioOnly,
		StartMuted:    req.StartMuted,
		AudioDevice:   req.Microphone,
		SpeakerDevice: req.Speaker,
	}
	if !req.AudioOnly {
		opts.VideoDevice = req.Camera
	}
	if !req.AudioOnly && req.OnFrame != nil {
		// The session calls this after the blur: the self-view shows the
		// picture exactly as it goes out, at the tiles' rate. The capture
		// loop reuses f; OnFrame makes its tile-sized copy before it
		// returns (newFrameSink), so no full-size copy is needed here.
		gate := session.RateGate(tilePictureRate)
		opts.Transform = func(f *image.YCbCr) {
			if gate() {
				req.OnFrame(selfID, f)
			}
		}
	}
	// A tile is small and software drawing is dear: 15 pictures a second
	// look smooth there and halve the copying and drawing.
	opts.MaxPictureRate = tilePictureRate
	if req.OnFrame != nil {
		opts.OnFrame = func(id string, f *image.YCbCr) { req.OnFrame(id, f) }
	}
	if clip := benchVideoFile(); clip != "" && !req.AudioOnly {
		opts.VideoFile = clip
	}
	watch := benchWatch(&opts)
	c.s = session.New(opts)
	watch(c.s)
	go c.forward()
	if err := c.s.Join(ctx); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// tilePictureRate is how many pictures a second a tile is given.
const tilePictureRate = 15

// forward passes the session's events on, in the same vocabulary, until
// the session closes them. It exists so that the window's own notices
// (a camera that will not open again) join the same stream.
func (c *sessionCall) forward() {
	defer close(c.released) // the session closes its events after releasing everything
	defer close(c.events)
	for ev := range c.s.Events() {
		select {
		case c.events <- ev:
		case <-c.quit:
			// Nobody listens any more (panic leave, failed join): keep
			// draining so the session can finish.
		}
	}
}

func (c *sessionCall) stop() { c.once.Do(func() { close(c.quit) }) }

func (c *sessionCall) Events() <-chan call.Event { return c.events }

// Features: chat and raised hands ride on the VideoRoom's data channel
// (app/session).
func (c *sessionCall) Features() CallFeatures { return CallFeatures{Chat: true, RaiseHand: true} }

func (c *sessionCall) SetMuted(m bool) { c.s.SetMuted(m) }

// SetCamera closes or reopens the camera; when it cannot be reopened the
// person is told, and the others keep seeing the black picture.
func (c *sessionCall) SetCamera(on bool) {
	go func() {
		if err := c.s.SetCamera(on); err != nil {
			select {
			case c.events <- call.Notice{Key: "app.call.camera_failed"}:
			case <-c.quit:
			}
		}
	}()
}

func (c *sessionCall) RaiseHand(up bool)              { _ = c.s.SetHand(up) }
func (c *sessionCall) SendChat(t string) error        { return c.s.SendChat(t) }
func (c *sessionCall) SetPushToTalk(on bool)          { c.s.SetPushToTalk(on) }
func (c *sessionCall) PushToTalk(pressed bool)        { c.s.PushToTalk(pressed) }
func (c *sessionCall) SetVolume(id string, v float64) { c.s.SetVolume(id, v) }
func (c *sessionCall) Volume(id string) float64       { return c.s.Volume(id) }

func (c *sessionCall) Leave() {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), leaveTimeout)
		defer cancel()
		_ = c.s.Leave(ctx)
	}()
}

func (c *sessionCall) PanicLeave() {
	c.stop()
	go c.s.PanicLeave()
}

// BlurVerdict reports whether the pictures that went out were blurred.
func (c *sessionCall) BlurVerdict() (Msg, bool) {
	v, ok := c.s.BlurVerdict()
	if !ok {
		return Msg{}, false
	}
	return Msg{Key: v.MessageKey()}, true
}
