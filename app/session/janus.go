package session

import (
	"context"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/janus"
)

// janusEngine joins Janus VideoRoom rings: the first engine behind the
// seam.
type janusEngine struct{}

func (janusEngine) VideoBitrate(ctx context.Context, link ring.Link, onWire WireFunc) int {
	info, ok := janus.LookUpRoom(ctx, link.Endpoint, link.Room, janusWire(onWire))
	if !ok {
		return 0
	}
	return int(info.Bitrate)
}

func (janusEngine) Join(ctx context.Context, req JoinRequest) (Conference, error) {
	client, err := janus.Join(ctx, janus.Options{
		Endpoint:             req.Link.Endpoint,
		Room:                 req.Link.Room,
		PIN:                  req.Link.PIN,
		Display:              req.Pseudonym,
		Tracks:               req.Media.Tracks(),
		ConfigureMediaEngine: req.Media.ConfigureMediaEngine,
		E2EE:                 req.Link.Encrypted(),
		OnWire:               janusWire(req.OnWire),
	})
	if err != nil {
		return nil, err // not a nil *Client in a non-nil interface
	}
	return client, nil
}

// janusWire passes the signalling on without janus' types.
func janusWire(onWire WireFunc) func(janus.Direction, []byte) {
	if onWire == nil {
		return nil
	}
	return func(d janus.Direction, b []byte) { onWire(d == janus.Sent, b) }
}

// chooseEngine picks the engine for the ring's link: an injected one, or
// the one the link's server speaks.
func (s *Session) chooseEngine() (Engine, error) {
	link := s.opts.Link
	if link.Kind != ring.KindNative {
		return nil, ErrNotNative
	}
	if s.engine != nil {
		return s.engine, nil
	}
	if link.Platform == ring.PlatformLiveKit {
		if link.Endpoint == "" || link.RoomName == "" {
			return nil, ErrNotNative
		}
		return liveKitEngine{}, nil
	}
	if link.Endpoint == "" || link.Room == 0 {
		return nil, ErrNotNative
	}
	return janusEngine{}, nil
}
