package video

import (
	"context"
	"image"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"
	"github.com/ringlet/ringlet/media/capture"
)

// TestReceiveFromAPeer sends capture's test pattern through two in-process
// PeerConnections and decodes what arrives on the *webrtc.TrackRemote.
func TestReceiveFromAPeer(t *testing.T) {
	stream, err := capture.Open(capture.Options{TestPattern: true, Width: 320, Height: 240})
	if err != nil {
		t.Fatal(err)
	}
	newPC := func() *webrtc.PeerConnection {
		m := &webrtc.MediaEngine{}
		if err := stream.ConfigureMediaEngine(m); err != nil {
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
	var frames, keyAsks atomic.Int64
	enough := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runDone := make(chan error, 1)
	receiver.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		if tr.Kind() != webrtc.RTPCodecTypeVideo {
			return
		}
		r, err := NewReceiver(ReceiveOptions{
			OnFrame: func(img *image.YCbCr) {
				if img.Rect.Dx() == 320 && img.Rect.Dy() == 240 && frames.Add(1) == 20 {
					close(enough)
				}
			},
			RequestKeyFrame: func() {
				keyAsks.Add(1)
				_ = receiver.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: uint32(tr.SSRC())}})
			},
		})
		if err != nil {
			runDone <- err
			return
		}
		go func() { runDone <- r.Run(ctx, tr) }()
	})
	connect(t, sender, receiver)
	select {
	case <-enough:
	case err := <-runDone:
		t.Fatalf("receiver stopped early: %v", err)
	case <-time.After(20 * time.Second): // a bound for a stuck test, not a speed assertion
		t.Fatalf("only %d frames decoded", frames.Load())
	}
	cancel()
	_ = sender.Close()
	_ = receiver.Close()
	_ = stream.Close()
}

func connect(t *testing.T, a, b *webrtc.PeerConnection) {
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
