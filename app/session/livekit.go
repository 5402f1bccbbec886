package session

import (
	"context"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/livekit"
)

// liveKitEngine joins LiveKit rings: it asks the ring's own website for a
// server and a token with the pseudonym (only now, after the name is
// chosen), then joins that server.
type liveKitEngine struct{}

// VideoBitrate: LiveKit says nothing about a room's bitrate before the
// join; its congestion control adapts the sender instead.
func (liveKitEngine) VideoBitrate(context.Context, ring.Link, WireFunc) int { return 0 }

func (liveKitEngine) Join(ctx context.Context, req JoinRequest) (Conference, error) {
	details, err := livekit.FetchConnectionDetails(ctx, req.Link.LiveKitDetailsURL(req.Pseudonym), req.Pseudonym, livekit.WireFunc(req.OnWire))
	if err != nil {
		return nil, err
	}
	client, err := livekit.Join(ctx, livekit.Options{
		ServerURL:            details.ServerURL,
		Token:                details.Token,
		Tracks:               req.Media.Tracks(),
		ConfigureMediaEngine: req.Media.ConfigureMediaEngine,
		OnWire:               livekit.WireFunc(req.OnWire),
	})
	if err != nil {
		return nil, err // not a nil *Client in a non-nil interface
	}
	return client, nil
}
