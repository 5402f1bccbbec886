package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/janus"
)

// janusReplay is a replaying publisher in a Janus VideoRoom.
type janusReplay struct{ *janus.Client }

func joinJanusReplay(ctx context.Context, link ring.Link, name string, track webrtc.TrackLocal) (replayConn, error) {
	client, err := janus.Join(ctx, janus.Options{
		Endpoint: link.Endpoint, Room: link.Room, PIN: link.PIN, Display: name,
		Tracks: []webrtc.TrackLocal{track}, ConfigureMediaEngine: capture.ConfigureMediaEngine,
	})
	if err != nil {
		return nil, err
	}
	return janusReplay{client}, nil
}

func (r janusReplay) watch(ctx context.Context, out io.Writer) {
	go func() {
		for range r.Events() {
		}
	}()
	tellComings(ctx, r.Client, out)
}

// tellComings prints "someone is here" for each participant that comes,
// by the count of janus' participant list.
func tellComings(ctx context.Context, client *janus.Client, out io.Writer) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	seen := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for n := len(client.Participants()); seen < n; seen++ {
			fmt.Fprintln(out, "someone is here")
		}
	}
}
