// Package rtcpriv holds the privacy rules every engine's PeerConnections
// follow, whichever server they talk to: pion's logs go nowhere, host
// addresses hide behind random mDNS names (and a candidate that would
// reveal an address is never sent), no STUN or TURN server is asked,
// loopback is used only for rings on this computer, and the capture
// library's track and stream IDs (a device path, a label) are replaced
// by random ones, which also makes the RTCP CNAME random.
//
// Both engines, media/janus and media/livekit, build on it.
package rtcpriv

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/logging"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// Network holds the ICE settings. The zero value is the private default.
type Network struct {
	// DisableMDNS signals raw host addresses. Tests only: it reveals the
	// computer's local IP addresses to the server.
	DisableMDNS bool
	// Loopback lets ICE use loopback addresses; set it only when the
	// ring's server is itself on loopback (see IsLoopbackURL).
	Loopback bool
	// IPFilter limits the local addresses ICE gathers on (tests).
	IPFilter func(net.IP) bool
}

// SettingEngine returns pion's settings for a private PeerConnection.
// The caller adds what its server needs (timeouts, DTLS role).
func (n Network) SettingEngine() webrtc.SettingEngine {
	var se webrtc.SettingEngine
	// pion's own log lines carry addresses and mDNS names.
	se.LoggerFactory = &logging.DefaultLoggerFactory{Writer: io.Discard, DefaultLogLevel: logging.LogLevelDisabled}
	if n.DisableMDNS {
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	} else {
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeQueryAndGather)
	}
	if n.Loopback {
		se.SetIncludeLoopbackCandidate(true)
	}
	if n.IPFilter != nil {
		se.SetIPFilter(n.IPFilter)
	}
	return se
}

// CandidateAllowed decides whether one of our candidates may be sent.
// With mDNS on, only a host candidate with a .local name may: if pion
// could not open its mDNS socket it silently falls back to raw
// addresses, and those must not leave this computer. The server still
// reaches us through the peer-reflexive address of our checks.
func (n Network) CandidateAllowed(cand string) bool {
	if n.DisableMDNS {
		return true
	}
	f := strings.Fields(strings.TrimPrefix(strings.TrimPrefix(cand, "a="), "candidate:"))
	// foundation component transport priority address port typ type
	if len(f) < 8 || f[6] != "typ" || f[7] != "host" {
		return false
	}
	return strings.HasSuffix(strings.ToLower(f[4]), ".local")
}

// ScrubSDP removes the candidate lines that CandidateAllowed refuses.
func (n Network) ScrubSDP(sdp string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(sdp, "\n") {
		t := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(t, "a=candidate:") && !n.CandidateAllowed(t) {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

// IsLoopbackURL reports whether a server address names this computer.
func IsLoopbackURL(server string) bool {
	u, err := url.Parse(server)
	if err != nil {
		return false
	}
	return IsLoopbackHost(u.Hostname())
}

// IsLoopbackHost reports whether host is localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// RandomID is 128 random bits in hex.
func RandomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Anonymise hides each track's ID and stream ID behind random ones (one
// random stream for all of them, so they stay in sync).
func Anonymise(tracks []webrtc.TrackLocal) []webrtc.TrackLocal {
	stream := RandomID()
	out := make([]webrtc.TrackLocal, len(tracks))
	for i, t := range tracks {
		out[i] = &anonymousTrack{TrackLocal: t, id: RandomID(), streamID: stream}
	}
	return out
}

type anonymousTrack struct {
	webrtc.TrackLocal
	id, streamID string
}

func (t *anonymousTrack) ID() string       { return t.id }
func (t *anonymousTrack) StreamID() string { return t.streamID }

// Bind hands the track a writer that never fails: mediadevices ends a
// track for good on its first write error, after which its Unbind hangs
// and a rejoin cannot bind it again. Writes fail exactly when the server
// hangs up first (on leave and on every reconnect), so failed writes are
// dropped like lost packets instead.
func (t *anonymousTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	return t.TrackLocal.Bind(forgivingContext{ctx})
}

// Unbind gives up after a while rather than hang the caller's Close: a
// stuck capture goroutine is better than a frozen app on leave.
func (t *anonymousTrack) Unbind(ctx webrtc.TrackLocalContext) error {
	done := make(chan error, 1)
	go func() { done <- t.TrackLocal.Unbind(forgivingContext{ctx}) }()
	select {
	case err := <-done:
		return err
	case <-time.After(3 * time.Second):
		return nil
	}
}

type forgivingContext struct{ webrtc.TrackLocalContext }

func (c forgivingContext) WriteStream() webrtc.TrackLocalWriter {
	return forgivingWriter{c.TrackLocalContext.WriteStream()}
}

type forgivingWriter struct{ w webrtc.TrackLocalWriter }

func (w forgivingWriter) WriteRTP(h *rtp.Header, payload []byte) (int, error) {
	if n, err := w.w.WriteRTP(h, payload); err == nil {
		return n, nil
	}
	return len(payload), nil
}

func (w forgivingWriter) Write(b []byte) (int, error) {
	if n, err := w.w.Write(b); err == nil {
		return n, nil
	}
	return len(b), nil
}
