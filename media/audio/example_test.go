package audio_test

import (
	"context"

	"github.com/pion/webrtc/v4"
	"github.com/ringlet/ringlet/media/apm"
	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/capture"
)

// Example wires a call's audio: the others through jitter buffers into the
// mixer and the speaker, the speaker's output into echo cancellation as the
// far end, and the microphone through echo cancellation before sending.
func Example() {
	echo, err := apm.New(apm.Default)
	if err != nil {
		return // no echo cancellation: suggest headphones (apm.ErrUnavailable)
	}
	defer echo.Close()

	stream, err := capture.Open(capture.Options{AudioOnly: true, AudioFilter: echo.Process})
	if err != nil {
		return
	}
	defer stream.Close() // after the PeerConnection

	mix := audio.NewMixer(audio.MixerOptions{OnTalking: func(id string, talking bool) {
		// show who is talking
	}})
	player, err := audio.StartPlayer(audio.PlayerOptions{Fill: mix.Mix, Played: echo.FarEnd})
	if err != nil {
		player, _ = audio.StartPlayer(audio.PlayerOptions{Null: true, Fill: mix.Mix})
	}
	defer player.Close()

	// For every remote audio track (PeerConnection.OnTrack):
	onTrack := func(ctx context.Context, participant string, track *webrtc.TrackRemote) {
		jb, err := audio.NewJitterBuffer(audio.JitterOptions{})
		if err != nil {
			return
		}
		mix.Add(participant, jb)
		go func() {
			_ = audio.Receive(ctx, track, jb)
			mix.Remove(participant)
		}()
	}
	_ = onTrack
}
