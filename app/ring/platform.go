package ring

import (
	"net/url"
	"regexp"
	"strings"
)

// platformLink normalises a link Ringlet hands to a private browser.
func platformLink(u *url.URL, scheme string, host checkedHost, port string) Link {
	defaultPort := "443"
	if scheme == "http" {
		defaultPort = "80"
	}
	platform := classify(host.name, u.Path)
	path := escapeLoose(u.EscapedPath())
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.WriteString(scheme + "://" + host.hostPort(port, defaultPort) + path)
	if q := cleanQuery(u.RawQuery, platform, u.Path); q != "" {
		b.WriteString("?" + q)
	}
	if f := cleanFragment(u.EscapedFragment(), platform); f != "" {
		b.WriteString("#" + f)
	}
	return Link{Kind: KindPlatform, Platform: platform, URL: protectEnd(b.String())}
}

// maxUnwrap bounds how many redirect wrappers are taken off one link.
const maxUnwrap = 2

// unwrapRedirect returns the link inside a click-tracking redirect: mail
// and search services (Outlook "Safe Links", Google, Facebook) wrap links so
// that every click goes through them first. Opening the inner link instead
// tells them nothing, and lets Ringlet see which ring it really is. The
// inner link then goes through every check on its own.
func unwrapRedirect(host string, u *url.URL) (string, bool) {
	var key string
	switch {
	case isUnder(host, "safelinks.protection.outlook.com") && (u.Path == "" || u.Path == "/"):
		key = "url"
	case (host == "www.google.com" || host == "google.com") && u.Path == "/url":
		key = "q"
		if splitParams(u.RawQuery).has("url") {
			key = "url"
		}
	case (host == "l.facebook.com" || host == "lm.facebook.com") && u.Path == "/l.php":
		key = "u"
	default:
		return "", false
	}
	inner, ok := splitParams(u.RawQuery).get(key)
	if !ok || inner == "" {
		return "", false
	}
	return inner, true
}

var (
	// Greenlight (BigBlueButton's front end) room IDs: abc-def-ghi or
	// abc-def-ghi-jkl.
	greenlightRoom = regexp.MustCompile(`^[a-z0-9]{3}(-[a-z0-9]{3}){2,3}$`)
)

// classify names the platform from host and decoded path. Hosts decide
// where the platform has its own; path patterns only where they are
// specific enough not to catch ordinary web sites (see the package doc).
func classify(host, path string) Platform {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) == 1 && segs[0] == "" {
		segs = nil
	}
	labels := strings.Split(host, ".")
	switch {
	case isUnder(host, "meet.jit.si"), isUnder(host, "8x8.vc"):
		return PlatformJitsi
	case isUnder(host, "zoom.us"), isUnder(host, "zoomgov.com"):
		return PlatformZoom
	case host == "meet.google.com":
		return PlatformMeet
	case isUnder(host, "teams.microsoft.com"), isUnder(host, "teams.live.com"),
		isUnder(host, "teams.microsoft.us"), isUnder(host, "teams.cloud.microsoft"):
		return PlatformTeams
	case host == "meet.livekit.io":
		return PlatformLiveKit
	case isUnder(host, "bigbluebutton.org"), labels[0] == "bigbluebutton" && len(labels) >= 2,
		// "bbb" alone is also a registrable name (bbb.org is not a video
		// service), so only a bbb subdomain counts.
		labels[0] == "bbb" && len(labels) >= 3:
		return PlatformBigBlueButton
	}
	lower := strings.ToLower(path)
	switch {
	case strings.HasPrefix(lower, "/bigbluebutton/api/join"), strings.HasPrefix(lower, "/html5client/join"):
		return PlatformBigBlueButton
	case len(segs) == 2 && segs[0] == "b" && greenlightRoom.MatchString(segs[1]),
		len(segs) == 3 && segs[0] == "rooms" && greenlightRoom.MatchString(segs[1]) && segs[2] == "join":
		return PlatformBigBlueButton
	case len(segs) >= 2 && segs[0] == "group" && segs[1] != "":
		return PlatformGalene
	case len(segs) == 1 && strings.Contains(host, "jitsi"):
		return PlatformJitsi
	}
	return PlatformUnknown
}

// trackingParams are added by mail tools, ad networks and social sites to
// follow who clicked. None of them is ever a meeting credential.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "igshid": true,
	"li_fat_id": true, "mc_eid": true, "mc_cid": true, "_hsenc": true, "_hsmi": true,
	"mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true, "vero_id": true,
	"vero_conv": true, "rb_clickid": true, "s_cid": true, "_ga": true, "_gl": true,
	"ref_src": true,
}

// signatureParams mark a query signed as a whole: changing any part of it
// would make the server refuse the link.
var signatureParams = map[string]bool{
	"checksum": true, "signature": true, "sig": true, "hmac": true, "x-amz-signature": true,
}

// cleanQuery drops tracking parameters, keeping the order and raw form of
// everything else.
func cleanQuery(raw string, platform Platform, path string) string {
	ps := splitParams(raw)
	if platform == PlatformBigBlueButton && strings.Contains(strings.ToLower(path), "/api/join") {
		return escapeLoose(joinRaw(ps))
	}
	for _, p := range ps {
		if signatureParams[p.key] {
			return escapeLoose(joinRaw(ps))
		}
	}
	kept := ps[:0:0]
	for _, p := range ps {
		if p.ok && isTracking(p.key, platform) {
			continue
		}
		kept = append(kept, p)
	}
	return escapeLoose(joinRaw(kept))
}

// cleanFragment drops from a Jitsi fragment the userInfo.* settings
// (display name, e-mail) that whoever made the link left in it: they name a
// person, and the hand-off sets the pseudonym itself.
func cleanFragment(raw string, platform Platform) string {
	if platform != PlatformJitsi {
		return escapeLoose(raw)
	}
	ps := splitParams(raw)
	kept := ps[:0:0]
	for _, p := range ps {
		if !strings.HasPrefix(p.key, "userinfo.") {
			kept = append(kept, p)
		}
	}
	return escapeLoose(joinRaw(kept))
}

func isTracking(key string, platform Platform) bool {
	if strings.HasPrefix(key, "utm_") || trackingParams[key] {
		return true
	}
	// A name pre-filled into a Zoom web-client link names a person; the
	// hand-off fills in the pseudonym instead.
	if platform == PlatformZoom && key == "uname" {
		return true
	}
	// authuser picks which signed-in Google account joins Meet: useless in
	// a private window, and it tells the account's position.
	return platform == PlatformMeet && key == "authuser"
}

func joinRaw(ps params) string {
	raws := make([]string, len(ps))
	for i, p := range ps {
		raws[i] = p.raw
	}
	return strings.Join(raws, "&")
}

// escapeLoose %-encodes bytes that are not allowed raw in a URL (spaces,
// quotes, <>, \, ^, `, {|}, non-ASCII), leaving valid escapes and
// everything else alone. Such a URL means the same to a browser, and no
// shell or opener can misread it.
func escapeLoose(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if allowedRaw(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func allowedRaw(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?%", c) >= 0
}
