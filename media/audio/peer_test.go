package audio

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
	"github.com/ringlet/ringlet/media/capture"
)

// TestHearAPeer sends capture's test tone (mediadevices' audiotest, 480 Hz,
// encoded by its libopus encoder) through two in-process PeerConnections,
// and plays what arrives through the jitter buffer, the mixer and a real
// miniaudio device on the null backend.
func TestHearAPeer(t *testing.T) {
	stream, err := capture.Open(capture.Options{TestPattern: true, AudioOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	newPC := func() *webrtc.PeerConnection {
		m := &webrtc.MediaEngine{}
		if err := capture.ConfigureMediaEngine(m); err != nil {
			t.Fatal(err)
		}
		se := webrtc.SettingEngine{}
		se.SetIncludeLoopbackCandidate(true)
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
		se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
		se.SetInterfaceFilter(func(name string) bool { return name == "lo" })
		pc, err := webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithSettingEngine(se)).NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		return pc
	}
	sender, receiver := newPC(), newPC()
	for _, tr := range stream.Tracks() {
		if _, err := sender.AddTrack(tr); err != nil {
			t.Fatal(err)
		}
	}
	mix := NewMixer(MixerOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	receiver.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		jb, err := NewJitterBuffer(JitterOptions{})
		if err != nil {
			t.Error(err)
			return
		}
		mix.Add("remote", jb)
		go func() { _ = Receive(ctx, tr, jb) }()
	})

	var mu sync.Mutex
	var heard []float32
	enough := make(chan struct{})
	player, err := StartPlayer(PlayerOptions{Null: true, Fill: mix.Mix, Played: func(s []float32) {
		mu.Lock()
		defer mu.Unlock()
		if Level(s) > 0 || len(heard) > 0 {
			heard = append(heard, s...)
		}
		if len(heard) >= 2*SampleRate && len(heard)-len(s) < 2*SampleRate {
			close(enough)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	connectPeers(t, sender, receiver)
	select {
	case <-enough:
	case <-time.After(20 * time.Second): // a bound for a stuck test, not a speed assertion
		t.Fatal("heard less than two seconds of audio")
	}
	_ = player.Close()
	cancel()
	_ = sender.Close()
	_ = receiver.Close()
	_ = stream.Close()

	// The tone must come through clean in some stretch of 0.4 s after
	// the start. On a loaded machine packets come late and the jitter
	// buffer hides gaps now and then (real life does that too); a broken
	// path would never give a clean stretch at all.
	mu.Lock()
	var f, share float64
	for start := SampleRate / 5; start+2*SampleRate/5 <= len(heard) && start < 2*SampleRate; start += SampleRate / 5 {
		f, share = dominantFrequency(heard[start : start+2*SampleRate/5])
		t.Logf("from %.1f s: %.0f Hz holding %.0f%% of the power", float64(start)/SampleRate, f, share*100)
		if math.Abs(f-480) <= 5 && share >= 0.7 {
			break
		}
	}
	mu.Unlock()
	t.Logf("talking: %v", mix.TalkingIDs())
	if math.Abs(f-480) > 5 || share < 0.7 {
		t.Errorf("heard %.0f Hz (%.0f%%), want the test tone's 480 Hz", f, share*100)
	}
	if player.SamplesPlayed() < SampleRate {
		t.Errorf("player played only %d samples", player.SamplesPlayed())
	}
}

func connectPeers(t *testing.T, a, b *webrtc.PeerConnection) {
	t.Helper()
	offer, err := a.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := webrtc.GatheringCompletePromise(a)
	if err := a.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-g
	if err := b.SetRemoteDescription(*a.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	answer, err := b.CreateAnswer(nil)
	if err != nil {
		t.Fatal(err)
	}
	g = webrtc.GatheringCompletePromise(b)
	if err := b.SetLocalDescription(answer); err != nil {
		t.Fatal(err)
	}
	<-g
	if err := a.SetRemoteDescription(*b.LocalDescription()); err != nil {
		t.Fatal(err)
	}
}
