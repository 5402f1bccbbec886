package janus

import (
	"net"
	"sync"
	"time"

	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/media/rtcpriv"
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

func isLoopbackEndpoint(endpoint string) bool { return rtcpriv.IsLoopbackURL(endpoint) }

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
	// The shared privacy rules (media/rtcpriv): logs nowhere, mDNS names,
	// loopback only for loopback rings.
	se := cl.private().SettingEngine()
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

// anonymise hides the capture library's track and stream IDs (which may
// be a device path or label) behind random ones; see rtcpriv.Anonymise.
func anonymise(tracks []webrtc.TrackLocal) []webrtc.TrackLocal { return rtcpriv.Anonymise(tracks) }

// private is the client's ICE settings in media/rtcpriv's terms.
func (cl *Client) private() rtcpriv.Network {
	return rtcpriv.Network{DisableMDNS: cl.opts.Network.DisableMDNS, Loopback: cl.includeLoopback, IPFilter: cl.opts.Network.IPFilter}
}

// candidateAllowed decides whether one of our candidates may be sent:
// only mDNS host candidates (rtcpriv.Network.CandidateAllowed).
func (cl *Client) candidateAllowed(cand string) bool { return cl.private().CandidateAllowed(cand) }

// scrubSDP removes candidate lines that must not be sent.
func (cl *Client) scrubSDP(sdp string) string { return cl.private().ScrubSDP(sdp) }

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
