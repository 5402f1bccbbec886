package checklist

import (
	"net/url"
	"strings"
)

// LinkHoldsKey reports whether a ring link carries an end-to-end key in
// its fragment ("#key=…", or key= beside janus= there), as app/ring reads
// it, or is a LiveKit Meet room page (/rooms/ROOM) with a fragment, which
// is its passphrase. Whoever has such a link can not only join but also
// see and hear everyone, so the handout says so beside its QR code.
func LinkHoldsKey(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	if u.Fragment != "" && isRoomPage(u.Path) {
		return true
	}
	for _, part := range strings.Split(u.EscapedFragment(), "&") {
		name, value, _ := strings.Cut(part, "=")
		if key, err := url.QueryUnescape(name); err == nil && strings.EqualFold(key, "key") && value != "" {
			return true
		}
	}
	return false
}

// isRoomPage reports a LiveKit Meet room page's path, /rooms/ROOM. It
// counts every host's, meet.livekit.io's too: its passphrase is a key in
// the QR code all the same, whether Ringlet or a browser joins.
func isRoomPage(path string) bool {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	return len(segs) == 2 && segs[0] == "rooms" && segs[1] != ""
}
