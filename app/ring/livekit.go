package ring

import (
	"net/url"
	"strconv"
	"strings"
)

// LiveKit rings are joined through the connection-details endpoint of a
// LiveKit Meet deployment (or anything that answers like it): Ringlet asks
// it, on the ring's own host and only once the person has chosen a name,
// for the LiveKit server's address and a token with that name.

// DefaultLiveKitDetailsPath is where LiveKit Meet serves connection details.
const DefaultLiveKitDetailsPath = "/api/connection-details"

// MaxLiveKitRoomBytes bounds a LiveKit room name in a link.
const MaxLiveKitRoomBytes = 128

// liveKitMeetRoom reads the room of a LiveKit Meet page, /rooms/ROOM. A
// Greenlight room (/rooms/abc-def-ghi/join) has a third segment and is
// not one. meet.livekit.io is LiveKit's hosted demo: its rings stay with
// the private browser window (it is a third party's service, not a
// group's own server).
func liveKitMeetRoom(host, path string) (string, bool) {
	if host == "meet.livekit.io" {
		return "", false
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(segs) != 2 || segs[0] != "rooms" {
		return "", false
	}
	room := segs[1]
	return room, validLiveKitRoom(room)
}

// validLiveKitRoom allows the names LiveKit Meet makes (abcd-1234) and
// what people type: letters, digits, '-', '_' and '.', nothing that would
// need escaping in a URL or could hide in one.
func validLiveKitRoom(room string) bool {
	if room == "" || len(room) > MaxLiveKitRoomBytes || room == "." || room == ".." {
		return false
	}
	for i := 0; i < len(room); i++ {
		c := room[i]
		if !isASCIILetter(c) && !('0' <= c && c <= '9') && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

// liveKitMeetLink is the native link of a LiveKit Meet room page.
func liveKitMeetLink(scheme string, host checkedHost, port, room string) Link {
	defaultPort := "443"
	if scheme == "http" {
		defaultPort = "80"
	}
	return Link{Kind: KindNative, Platform: PlatformLiveKit, RoomName: room,
		Endpoint: scheme + "://" + host.hostPort(port, defaultPort) + DefaultLiveKitDetailsPath}
}

// parseRingletLiveKit reads
// ringlet://HOST[:PORT][/PATH]?livekit=ROOM[&title=TEXT][&tls=0]: the
// connection details come from https://HOST[:PORT]/PATH (LiveKit Meet's
// /api/connection-details when no path is given).
func parseRingletLiveKit(u *url.URL, params params, host checkedHost, port string) (Link, *Error) {
	for _, key := range []string{"livekit", "title", "tls", "room", "pin"} {
		if params.count(key) > 1 {
			return Link{}, fail(KeyAmbiguous, nil)
		}
	}
	// A Janus room or PIN beside a LiveKit room: one of the two readers
	// would be wrong about where the link leads.
	if params.has("room") || params.has("pin") {
		return Link{}, fail(KeyAmbiguous, nil)
	}
	room, _ := params.get("livekit")
	if room == "" {
		return Link{}, fail(KeyMissingRoom, nil)
	}
	if !validLiveKitRoom(room) {
		return Link{}, fail(KeyBadRoom, nil)
	}
	base, path, e := ringletEndpoint(u, params, host, port, "http")
	if e != nil {
		return Link{}, e
	}
	if path == "/" {
		path = DefaultLiveKitDetailsPath
	}
	l := Link{Kind: KindNative, Platform: PlatformLiveKit, RoomName: room, Endpoint: base + path}
	if l.Title, e = titleParam(params); e != nil {
		return Link{}, e
	}
	return l, nil
}

// encodeLiveKit writes a LiveKit link in its ringlet:// form.
func (l Link) encodeLiveKit() string {
	u, err := url.Parse(l.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	path := u.EscapedPath()
	if path == DefaultLiveKitDetailsPath {
		path = "/"
	}
	var b strings.Builder
	b.WriteString("ringlet://" + u.Host + path + "?livekit=" + url.QueryEscape(l.RoomName))
	if l.Title != "" {
		b.WriteString("&title=" + url.QueryEscape(l.Title))
	}
	if u.Scheme == "http" {
		b.WriteString("&tls=0")
	}
	return protectEnd(b.String())
}

// LiveKitDetailsURL is where a LiveKit ring's connection details are
// asked for, with the room and the name the person chose. "" for other
// links.
func (l Link) LiveKitDetailsURL(name string) string {
	if l.Kind != KindNative || l.Platform != PlatformLiveKit {
		return ""
	}
	q := url.Values{}
	q.Set("roomName", l.RoomName)
	q.Set("participantName", name)
	return l.Endpoint + "?" + q.Encode()
}

// EngineKey names the engine that joins a native ring, as an i18n key.
func (l Link) EngineKey() string {
	if l.Kind != KindNative {
		return ""
	}
	if l.Platform == PlatformLiveKit {
		return "cli.engine.livekit"
	}
	return "cli.engine.janus"
}

// RoomLabel is a native ring's room as text: a Janus room number or a
// LiveKit room name.
func (l Link) RoomLabel() string {
	if l.Platform == PlatformLiveKit {
		return l.RoomName
	}
	return strconv.FormatUint(l.Room, 10)
}

// DetailsHost is the host a LiveKit ring's connection details are asked
// of, for telling the person before it happens; "" for other links.
func (l Link) DetailsHost() string {
	if l.Kind != KindNative || l.Platform != PlatformLiveKit {
		return ""
	}
	u, err := url.Parse(l.Endpoint)
	if err != nil {
		return ""
	}
	return u.Host
}
