package rtcpriv

import (
	"strings"
	"testing"

	"github.com/pion/webrtc/v4"
)

// Only host candidates with an mDNS name may leave, unless mDNS is off
// (tests only).
func TestCandidateAllowed(t *testing.T) {
	cases := []struct {
		cand string
		want bool
	}{
		{"candidate:1 1 udp 2130706431 0b5c7d1e-2f3a-4b5c-9d8e-1f2a3b4c5d6e.local 50000 typ host", true},
		{"a=candidate:1 1 udp 2130706431 ABC.LOCAL 50000 typ host", true},
		{"candidate:1 1 udp 2130706431 192.168.1.20 50000 typ host", false},
		{"candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host", false},
		{"candidate:1 1 udp 2130706431 fe80::1 50000 typ host", false},
		{"candidate:2 1 udp 1694498815 203.0.113.7 50000 typ srflx raddr 0.0.0.0 rport 0", false},
		{"candidate:2 1 udp 1694498815 x.local 50000 typ srflx raddr 0.0.0.0 rport 0", false},
		{"candidate:1 1 udp", false},
		{"", false},
	}
	for _, c := range cases {
		if got := (Network{}).CandidateAllowed(c.cand); got != c.want {
			t.Errorf("CandidateAllowed(%q) = %v, want %v", c.cand, got, c.want)
		}
	}
	if !(Network{DisableMDNS: true}).CandidateAllowed("candidate:1 1 udp 1 10.0.0.1 1 typ host") {
		t.Error("with mDNS off every candidate goes")
	}
	sdp := "v=0\r\na=candidate:1 1 udp 1 10.0.0.1 1 typ host\r\na=candidate:1 1 udp 1 x.local 1 typ host\r\na=end\r\n"
	if got := (Network{}).ScrubSDP(sdp); strings.Contains(got, "10.0.0.1") || !strings.Contains(got, "x.local") || !strings.HasSuffix(got, "a=end\r\n") {
		t.Errorf("ScrubSDP kept or dropped the wrong lines: %q", got)
	}
}

// Track and stream IDs are random, the same stream for all tracks of one
// call, and new for every call.
func TestAnonymise(t *testing.T) {
	track, err := webrtc.NewTrackLocalStaticRTP(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus}, "/dev/snd/pcmC0D0c", "Built-in Microphone")
	if err != nil {
		t.Fatal(err)
	}
	video, _ := webrtc.NewTrackLocalStaticRTP(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8}, "/dev/video0", "Built-in Microphone")
	a := Anonymise([]webrtc.TrackLocal{track, video})
	b := Anonymise([]webrtc.TrackLocal{track})
	for _, tr := range append(a, b...) {
		if strings.Contains(tr.ID(), "dev") || strings.Contains(tr.StreamID(), "Built-in") || len(tr.ID()) != 32 {
			t.Errorf("IDs %q / %q give the device away", tr.ID(), tr.StreamID())
		}
	}
	if a[0].StreamID() != a[1].StreamID() || a[0].StreamID() == b[0].StreamID() || a[0].ID() == b[0].ID() {
		t.Error("streams are not one per call, or repeat between calls")
	}
}

func TestIsLoopbackURL(t *testing.T) {
	for url, want := range map[string]bool{
		"ws://127.0.0.1:7880": true, "wss://localhost/rtc": true, "ws://[::1]:1": true, "ws://127.8.9.1": true,
		"wss://lk.example.org": false, "wss://10.0.0.1": false, "::": false,
	} {
		if got := IsLoopbackURL(url); got != want {
			t.Errorf("IsLoopbackURL(%q) = %v", url, got)
		}
	}
}
