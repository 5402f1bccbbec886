// The shared contract of package ring (documented in doc.go).

package ring

import "github.com/ringlet/ringlet/internal/keyerr"

// Kind says whether Ringlet joins a ring itself or hands it to a browser.
type Kind int

const (
	// KindNative rings run on a server Ringlet joins itself: a Janus
	// VideoRoom (PlatformJanus) or a LiveKit server (PlatformLiveKit).
	KindNative Kind = iota + 1
	// KindPlatform rings are opened in a throwaway private browser window.
	KindPlatform
)

// Platform names the meeting service behind a link.
type Platform int

const (
	PlatformUnknown Platform = iota
	PlatformJanus
	PlatformJitsi
	PlatformZoom
	PlatformMeet
	PlatformTeams
	PlatformBigBlueButton
	PlatformGalene
	PlatformLiveKit
)

// MessageKey is the i18n key of the platform's plain-words name.
func (p Platform) MessageKey() string {
	switch p {
	case PlatformJanus:
		return "ring.platform.janus"
	case PlatformJitsi:
		return "ring.platform.jitsi"
	case PlatformZoom:
		return "ring.platform.zoom"
	case PlatformMeet:
		return "ring.platform.meet"
	case PlatformTeams:
		return "ring.platform.teams"
	case PlatformBigBlueButton:
		return "ring.platform.bigbluebutton"
	case PlatformGalene:
		return "ring.platform.galene"
	case PlatformLiveKit:
		return "ring.platform.livekit"
	}
	return "ring.platform.unknown"
}

// Link is a parsed ring link. It keeps only what joining needs.
type Link struct {
	Kind     Kind
	Platform Platform

	// Native rings. Endpoint is the Janus WebSocket URL, or a LiveKit
	// ring's connection-details URL (https://HOST/api/connection-details);
	// ws:// and http:// only for loopback hosts.
	Endpoint string
	Room     uint64 // Janus
	RoomName string // LiveKit
	PIN      string
	Title    string
	// Key is the end-to-end encryption passphrase from the link's
	// "#key=…" part. Browsers never send a fragment to a server, and
	// Ringlet never sends this anywhere: it only derives frame keys.
	Key string

	// Platform rings: the normalised URL handed to the private browser.
	URL string
}

// Error is a typed parse or validation failure. Key is an i18n message key,
// Args fills its template.
type Error = keyerr.Error
