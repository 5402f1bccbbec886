package janus

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/logging"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

// LoopbackMode says whether ICE may use loopback addresses.
type LoopbackMode int

const (
	// LoopbackAuto uses loopback addresses only when the ring's server is
	// itself on a loopback address (a local demo or test ring).
	LoopbackAuto LoopbackMode = iota
	// LoopbackNever never uses them.
	LoopbackNever
	// LoopbackAlways always uses them.
	LoopbackAlways
)

// Network holds the ICE settings. The zero value is the private default:
// host addresses hidden behind random mDNS names, loopback only for
// loopback rings, no STUN or TURN servers, so nothing but the ring's own
// server ever learns about this computer.
type Network struct {
	// DisableMDNS signals raw host addresses. Tests only: it reveals the
	// computer's local IP addresses to the server.
	DisableMDNS bool
	Loopback    LoopbackMode
	// IPFilter limits the local addresses ICE gathers on (tests).
	IPFilter func(net.IP) bool
	// NetworkTypes limits the candidate types; nil means UDP over IPv4 and IPv6.
	NetworkTypes []webrtc.NetworkType
}

func isLoopbackEndpoint(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newPeerConnection builds a PeerConnection with the privacy settings and
// the caller's codecs.
func (cl *Client) newPeerConnection() (*webrtc.PeerConnection, error) {
	m := &webrtc.MediaEngine{}
	if cl.opts.ConfigureMediaEngine != nil {
		if err := cl.opts.ConfigureMediaEngine(m); err != nil {
			return nil, newError(KindInvalidOptions, err)
		}
	} else if err := m.RegisterDefaultCodecs(); err != nil {
		return nil, newError(KindInvalidOptions, err)
	}
	ir := &interceptor.Registry{}
	if err := webrtc.RegisterDefaultInterceptors(m, ir); err != nil {
		return nil, newError(KindInvalidOptions, err)
	}
	var se webrtc.SettingEngine
	// pion's own log lines carry addresses and mDNS names; Ringlet's logs
	// must not identify anyone, so they go nowhere.
	se.LoggerFactory = &logging.DefaultLoggerFactory{Writer: io.Discard, DefaultLogLevel: logging.LogLevelDisabled}
	if cl.opts.Network.DisableMDNS {
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	} else {
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeQueryAndGather)
	}
	if cl.includeLoopback {
		se.SetIncludeLoopbackCandidate(true)
	}
	if cl.opts.Network.IPFilter != nil {
		se.SetIPFilter(cl.opts.Network.IPFilter)
	}
	if len(cl.opts.Network.NetworkTypes) > 0 {
		se.SetNetworkTypes(cl.opts.Network.NetworkTypes)
	}
	// As answerer (subscriber) wait for Janus to start DTLS: when we start
	// it, our first hello often arrives before Janus has finished ICE, is
	// dropped, and is only repeated after pion's 1 s retransmission timer.
	if err := se.SetAnsweringDTLSRole(webrtc.DTLSRoleServer); err != nil {
		return nil, newError(KindInvalidOptions, err)
	}
	// Notice a dead server within seconds instead of pion's 25 s.
	se.SetICETimeouts(4*time.Second, 10*time.Second, 2*time.Second)
	api := webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithInterceptorRegistry(ir), webrtc.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, newError(KindInvalidOptions, err)
	}
	return pc, nil
}

// anonymousTrack hides the capture library's track and stream IDs (which
// may be a device path or label) behind random ones. The stream ID is also
// what pion puts into the CNAME.
type anonymousTrack struct {
	webrtc.TrackLocal
	id, streamID string
}

func (t *anonymousTrack) ID() string       { return t.id }
func (t *anonymousTrack) StreamID() string { return t.streamID }

// Bind hands the track a writer that never fails. mediadevices ends a
// track for good on its first write error, and then both its Unbind hangs
// (nobody takes the stop signal any more) and a rejoin cannot bind it
// again. Writes fail exactly when Janus hangs up first, which it does on
// leave and on every reconnect, so failed writes are dropped like lost
// packets instead.
func (t *anonymousTrack) Bind(ctx webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	return t.TrackLocal.Bind(forgivingContext{ctx})
}

// Unbind gives up after a while rather than hanging the caller's Close:
// a stuck capture goroutine is better than a frozen app on leave.
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

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func anonymise(tracks []webrtc.TrackLocal) []webrtc.TrackLocal {
	stream := randomID()
	out := make([]webrtc.TrackLocal, len(tracks))
	for i, t := range tracks {
		out[i] = &anonymousTrack{TrackLocal: t, id: randomID(), streamID: stream}
	}
	return out
}

// candidateAllowed decides whether one of our candidates may be sent. With
// mDNS on, a host candidate must carry a .local name: if pion could not
// open its mDNS socket it silently falls back to raw addresses, and those
// must not leave this computer. The server still reaches us through the
// peer-reflexive address of our connectivity checks.
func (cl *Client) candidateAllowed(cand string) bool {
	if cl.opts.Network.DisableMDNS {
		return true
	}
	f := strings.Fields(strings.TrimPrefix(cand, "a="))
	// candidate:foundation component transport priority address port typ type
	if len(f) < 8 {
		return false
	}
	return strings.HasSuffix(strings.ToLower(f[4]), ".local")
}

// scrubSDP removes candidate lines that must not be sent.
func (cl *Client) scrubSDP(sdp string) string {
	lines := strings.SplitAfter(sdp, "\n")
	var b strings.Builder
	for _, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(t, "a=candidate:") && !cl.candidateAllowed(t) {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

// iceQueue holds remote candidates until the remote description is set:
// Janus may trickle before its offer or answer is applied.
type iceQueue struct {
	mu     sync.Mutex
	pc     *webrtc.PeerConnection
	ready  bool
	queued []webrtc.ICECandidateInit
}

func (q *iceQueue) add(cands []candidate) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, c := range cands {
		if c.Completed || c.Candidate == "" {
			continue
		}
		init := webrtc.ICECandidateInit{Candidate: c.Candidate, SDPMid: c.SDPMid, SDPMLineIndex: c.SDPMLineIndex}
		if q.ready && q.pc != nil {
			_ = q.pc.AddICECandidate(init)
		} else {
			q.queued = append(q.queued, init)
		}
	}
}

func (q *iceQueue) setReady(pc *webrtc.PeerConnection) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pc, q.ready = pc, true
	for _, init := range q.queued {
		_ = pc.AddICECandidate(init)
	}
	q.queued = nil
}
