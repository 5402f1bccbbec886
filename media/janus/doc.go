// Package janus is a client for the Janus WebRTC Server's VideoRoom plugin:
// signalling over WebSocket and the pion PeerConnections that carry media.
package janus
