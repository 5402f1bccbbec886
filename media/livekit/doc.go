// Package livekit is Ringlet's second native engine: a client for rings
// that run on a LiveKit server (the SFU behind LiveKit Meet), speaking
// LiveKit's signalling protocol (protobuf over WebSocket) with pion
// PeerConnections. Its Client is app/session's Conference: events in
// media/call's vocabulary, chat, hands, leave. FetchConnectionDetails asks
// a LiveKit Meet website for the server and a token.
//
// It does not use LiveKit's Go SDK (server-sdk-go v2.19.0) for the
// connection: the SDK builds its PeerConnections with a SettingEngine
// nobody can change (no mDNS host candidates, so raw local addresses go
// to the server), sends the OS in its ClientInfo, and uses the ICE servers
// the server hands out (by default Google's and Twilio's STUN servers).
// Nor does it link LiveKit's generated protobuf package, which is one
// package for all of LiveKit's services and made the binary 14 MB larger:
// wire.go reads and writes the dozen messages it needs, checked against
// that package in the tests. Ringlet's own client:
//
//   - the person is the token's participant name (the pseudonym); the
//     token's identity is random, chosen by whoever issued it;
//   - the ClientInfo is empty: no SDK, OS, version, browser or device;
//     the token travels in the Authorization header, not the URL;
//   - every ICE server the server names is ignored; host candidates carry
//     random mDNS names, and a candidate with an address is never sent
//     (media/rtcpriv);
//   - track and stream IDs are random per Join.
//
// One session is one WebSocket plus two PeerConnections (LiveKit's
// publisher, which Ringlet offers, and subscriber, which the server
// offers). A dropped connection, a failed ICE or a restarted server
// ends the session; the Client then joins again with the newest token,
// telling the session with call.ConnectionLost and
// call.Joined{Rejoined: true}, or ends with a message-keyed error.
//
// Chat and hands are LiveKit data packets (see data.go for the format);
// the sender is the identity the server stamps on each packet.
//
// Tests run against a real livekit-server in a private network
// namespace; see the livekittest subpackage.
package livekit
