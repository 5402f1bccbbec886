package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/livekit"
)

// liveKitReplay is a replaying publisher in a LiveKit room. It joins with
// Ringlet's own engine, as `ringlet join` does: the ring's website hands
// out the server and a token for the name, then the client publishes the
// track (video only) and subscribes to everyone.
type liveKitReplay struct{ *livekit.Client }

func joinLiveKitReplay(ctx context.Context, link ring.Link, name string, track webrtc.TrackLocal) (replayConn, error) {
	details, err := livekit.FetchConnectionDetails(ctx, link.LiveKitDetailsURL(name), name, nil)
	if err != nil {
		return nil, err
	}
	client, err := livekit.Join(ctx, livekit.Options{
		ServerURL: details.ServerURL, Token: details.Token,
		Tracks: []webrtc.TrackLocal{track}, ConfigureMediaEngine: capture.ConfigureMediaEngine,
	})
	if err != nil {
		return nil, err
	}
	return liveKitReplay{client}, nil
}

// watch reads the client's events until they end, after Leave or when
// the ring is lost for good (said on stderr: the harness's round is then
// short of a publisher).
func (r liveKitReplay) watch(_ context.Context, out io.Writer) {
	for e := range r.Events() {
		switch e := e.(type) {
		case call.ParticipantJoined:
			fmt.Fprintln(out, "someone is here")
		case call.TrackAdded:
			go discardRTP(e.Track)
		case call.Ended:
			if e.Err != nil {
				fmt.Fprintln(os.Stderr, "replay: out of the ring:", e.Err)
			}
		}
	}
}

// discardRTP reads a received track and drops it, without decoding: the
// reads let pion's interceptors send the server receiver reports and
// transport feedback, as any participant's do, at almost no cost.
func discardRTP(t call.RemoteTrack) {
	for {
		if _, _, err := t.ReadRTP(); err != nil {
			return
		}
	}
}
