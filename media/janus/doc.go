// Package janus is a client for the Janus WebRTC Server's VideoRoom plugin:
// signalling over WebSocket (subprotocol janus-protocol) and the pion
// PeerConnections that carry media.
//
// One Client is one participant: a Janus session with a publisher handle
// (join with the pseudonym as display name, configure with our offer) and
// a single multistream subscriber handle that follows the room's
// publishers / unpublished / leaving events with update requests. The
// Client is one engine behind app/session's Conference: it speaks the
// shared vocabulary of media/call, so remote tracks come out as
// call.TrackAdded events for the media layer. The package never opens a
// camera or microphone: local tracks are injected.
//
// Privacy on the wire, by default: host candidates carry random mDNS names
// (a candidate that would reveal an address is never sent, even if pion
// could not open its mDNS socket); no STUN or TURN server is ever asked;
// track and stream IDs, and with them the CNAME, are random per Join; the
// WebSocket User-Agent says nothing about the computer. Loopback
// candidates are used only when the ring's own server is on loopback.
//
// Resilience: a dropped WebSocket, a restarted server or failed ICE make
// the client rejoin with the same pseudonym, with backoff, telling the UI
// with call.ConnectionLost and then call.Joined{Rejoined: true}. Wrong PIN, a missing
// room, a full room and similar answers come back as *Error values with
// i18n message keys. Anything malformed from the server is a typed error,
// never a panic (see FuzzDecode).
//
// Chat rides on the VideoRoom's data channel relay (SendChat,
// call.Chat) and is never stored.
//
// Tests and benchmarks run against Debian's Janus in a private network
// namespace; see the janustest subpackage.
package janus
