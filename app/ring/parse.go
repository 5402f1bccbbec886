package ring

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what Parse reads. Real ring links are a few hundred bytes
// (Teams links, the longest seen, stay under 1 KiB); anything far larger is
// a mistake or an attack, and refusing it early keeps parsing cheap.
const (
	MaxTextBytes  = 64 << 10 // a pasted text, e.g. a whole invitation e-mail
	MaxLinkBytes  = 4096     // the link taken out of it
	MaxPINBytes   = 128
	MaxKeyBytes   = 256 // an end-to-end key (a passphrase) in a link's "#key=…"
	MaxTitleRunes = 100
	MaxRoom       = 1 << 53 // Janus room IDs stay within JavaScript's exact integers
)

// Default ports of Janus' WebSocket transport, as janus-demos' settings.js
// and janus.transport.websockets.jcfg use them.
const (
	janusWSPort  = "8188"
	janusWSSPort = "8989"
)

// Parse reads a ring link, or the first link in a pasted text, and tells
// what it is. Errors are *Error values with a message key; the package
// documentation lists what is accepted and rejected.
func Parse(s string) (Link, error) {
	l, err := parseText(s)
	if err != nil {
		return Link{}, err
	}
	return l, nil
}

func parseText(s string) (Link, *Error) {
	if len(s) > MaxTextBytes {
		return Link{}, fail(KeyTooLong, nil)
	}
	// Invisible characters at the ends (a byte-order mark from a Windows
	// clipboard, a zero-width space from a web page) are not part of any
	// link; inside a link they stay an error.
	text := strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) })
	if text == "" {
		return Link{}, fail(KeyEmpty, nil)
	}
	candidate := text
	if space := strings.IndexFunc(text, unicode.IsSpace); space >= 0 {
		if link, ok := FirstLink(text); ok {
			candidate = link
		} else {
			// No link among several words: judge the first word, so that
			// "javascript:… click here" still says why it is refused.
			candidate = text[:space]
		}
	}
	l, e := parseLink(trimWrapping(candidate), 0)
	// Escaping and IDN hosts can make the written form longer than the
	// pasted one; it must still be a link Parse takes back.
	if e == nil && len(l.Canonical()) > MaxLinkBytes {
		return Link{}, fail(KeyTooLong, nil)
	}
	return l, e
}

// parseLink checks one link. depth counts the redirect wrappers already
// taken off (see unwrapRedirect).
func parseLink(c string, depth int) (Link, *Error) {
	switch {
	case c == "":
		return Link{}, fail(KeyNotALink, nil)
	case len(c) > MaxLinkBytes:
		return Link{}, fail(KeyTooLong, nil)
	case hasControl(c):
		return Link{}, fail(KeyControlChars, nil)
	case c[0] == '-':
		return Link{}, fail(KeyOptionLike, nil)
	}
	scheme, ok := schemeOf(c)
	if !ok {
		return Link{}, fail(KeyNotALink, nil)
	}
	switch scheme {
	case "ringlet", "https", "http":
	default:
		return Link{}, fail(KeyBadScheme, map[string]any{"Scheme": scheme})
	}
	if !strings.HasPrefix(c[len(scheme)+1:], "//") {
		return Link{}, fail(KeyNotALink, nil)
	}
	u, err := url.Parse(c)
	if err != nil || u.Host == "" {
		return Link{}, fail(KeyNotALink, nil)
	}
	if u.User != nil {
		return Link{}, fail(KeyUserinfo, nil)
	}
	host, e := checkHost(u.Hostname())
	if e != nil {
		return Link{}, e
	}
	port, e := checkPort(u.Port())
	if e != nil {
		return Link{}, e
	}
	if scheme == "ringlet" {
		return parseRinglet(u, host, port)
	}
	if scheme == "http" && !host.loopback() {
		return Link{}, fail(KeyInsecureRemote, nil)
	}
	if inner, ok := unwrapRedirect(host.name, u); ok && depth < maxUnwrap {
		return parseLink(inner, depth+1)
	}
	if frag := splitParams(u.EscapedFragment()); frag.has("janus") {
		return parseFragmentForm(frag)
	}
	if isDemoPage(u.Path) {
		return parseDemoPage(u, scheme, host)
	}
	// A fragment on a LiveKit Meet page is its end-to-end encryption
	// passphrase: only the browser can join such a ring.
	if room, ok := liveKitMeetRoom(host.name, u.Path); ok && u.Fragment == "" {
		return liveKitMeetLink(scheme, host, port, room), nil
	}
	return platformLink(u, scheme, host, port), nil
}

// schemeOf returns the lower-cased scheme of c, if c starts with one.
func schemeOf(c string) (string, bool) {
	i := strings.IndexByte(c, ':')
	if i <= 0 || i > 32 {
		return "", false
	}
	for j := 0; j < i; j++ {
		ch := c[j]
		if isASCIILetter(ch) || j > 0 && ('0' <= ch && ch <= '9' || ch == '+' || ch == '-' || ch == '.') {
			continue
		}
		return "", false
	}
	return strings.ToLower(c[:i]), true
}

// parseRinglet reads ringlet://HOST[:PORT]/PATH?room=ID[&pin][&title][&tls=0].
func parseRinglet(u *url.URL, host checkedHost, port string) (Link, *Error) {
	params := splitParams(u.RawQuery)
	if params.has("livekit") {
		return parseRingletLiveKit(u, params, host, port)
	}
	l, e := nativeParams(params)
	if e != nil {
		return Link{}, e
	}
	base, path, e := ringletEndpoint(u, params, host, port, "ws")
	if e != nil {
		return Link{}, e
	}
	l.Endpoint = base + path
	if l.Key, e = parseKey(splitParams(u.EscapedFragment())); e != nil {
		return Link{}, e
	}
	return l, nil
}

// ringletEndpoint reads where a ringlet:// link leads: the secure form of
// scheme (wss, https) on HOST[:PORT], or with tls=0, allowed on loopback
// only, the plain one; and the link's path.
func ringletEndpoint(u *url.URL, params params, host checkedHost, port, scheme string) (base, path string, e *Error) {
	secure, defaultPort := scheme+"s", "443"
	if tls, ok := params.get("tls"); ok {
		switch tls {
		case "1":
		case "0":
			if !host.loopback() {
				return "", "", fail(KeyInsecureRemote, nil)
			}
			secure, defaultPort = scheme, "80"
		default:
			return "", "", fail(KeyBadEndpoint, nil)
		}
	}
	if path, e = endpointPath(u); e != nil {
		return "", "", e
	}
	return secure + "://" + host.hostPort(port, defaultPort), path, nil
}

// parseFragmentForm reads https://HOST/ANY#janus=wss://…&room=ID[&pin][&title].
func parseFragmentForm(frag params) (Link, *Error) {
	l, e := nativeParams(frag)
	if e != nil {
		return Link{}, e
	}
	raw, _ := frag.get("janus")
	if l.Endpoint, e = checkEndpoint(raw); e != nil {
		return Link{}, e
	}
	if l.Key, e = parseKey(frag); e != nil {
		return Link{}, e
	}
	return l, nil
}

// checkEndpoint validates a Janus WebSocket URL given inside a link.
func checkEndpoint(raw string) (string, *Error) {
	if hasControl(raw) {
		return "", fail(KeyControlChars, nil)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return "", fail(KeyBadEndpoint, nil)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "wss" && scheme != "ws" {
		return "", fail(KeyBadEndpoint, nil)
	}
	if u.User != nil {
		return "", fail(KeyUserinfo, nil)
	}
	// Janus takes its tokens in messages, not in the URL: a query or
	// fragment here is either a mistake or something smuggled along.
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fail(KeyBadEndpoint, nil)
	}
	host, e := checkHost(u.Hostname())
	if e != nil {
		return "", e
	}
	port, e := checkPort(u.Port())
	if e != nil {
		return "", e
	}
	defaultPort := "443"
	if scheme == "ws" {
		if !host.loopback() {
			return "", fail(KeyInsecureRemote, nil)
		}
		defaultPort = "80"
	}
	path, e := endpointPath(u)
	if e != nil {
		return "", e
	}
	return scheme + "://" + host.hostPort(port, defaultPort) + path, nil
}

// endpointPath returns the escaped path of a signalling URL, "/" when it
// is empty. Dot segments are refused: they would make the same endpoint
// look different, or climb out of the path the link names.
func endpointPath(u *url.URL) (string, *Error) {
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return "", fail(KeyBadEndpoint, nil)
		}
	}
	path := escapeLoose(u.EscapedPath())
	if path == "" {
		path = "/"
	}
	return path, nil
}

// isDemoPage reports janus-demos' VideoRoom pages.
func isDemoPage(path string) bool {
	page := strings.ToLower(path[strings.LastIndexByte(path, '/')+1:])
	return page == "videoroom.html" || page == "videoroomtest.html"
}

// parseDemoPage reads https://HOST/…/videoroom(test).html?room=ID and
// derives the WebSocket endpoint the way settings.js suggests for it.
func parseDemoPage(u *url.URL, scheme string, host checkedHost) (Link, *Error) {
	l, e := nativeParams(splitParams(u.RawQuery))
	if e != nil {
		return Link{}, e
	}
	if scheme == "http" {
		l.Endpoint = "ws://" + host.hostPort(janusWSPort, "80") + "/"
	} else {
		l.Endpoint = "wss://" + host.hostPort(janusWSSPort, "443") + "/"
	}
	if l.Key, e = parseKey(splitParams(u.EscapedFragment())); e != nil {
		return Link{}, e
	}
	return l, nil
}

// parseKey reads the end-to-end key from a link's fragment ("#key=…"),
// "" when there is none. It is a passphrase, as LiveKit Meet's links
// carry one: any text without control characters, at most MaxKeyBytes.
func parseKey(frag params) (string, *Error) {
	switch frag.count("key") {
	case 0:
		return "", nil
	case 1:
	default:
		return "", fail(KeyAmbiguous, nil)
	}
	key, _ := frag.get("key")
	if key == "" || len(key) > MaxKeyBytes || !utf8.ValidString(key) || hasControl(key) {
		return "", fail(KeyBadKey, map[string]any{"Max": MaxKeyBytes})
	}
	return key, nil
}

// nativeParams reads room, pin and title. The caller sets the endpoint.
func nativeParams(p params) (Link, *Error) {
	for _, key := range []string{"room", "pin", "title", "tls", "janus", "livekit"} {
		if p.count(key) > 1 {
			return Link{}, fail(KeyAmbiguous, nil)
		}
	}
	l := Link{Kind: KindNative, Platform: PlatformJanus}
	room, ok := p.get("room")
	if !ok || room == "" {
		return Link{}, fail(KeyMissingRoom, nil)
	}
	var e *Error
	if l.Room, e = parseRoom(room); e != nil {
		return Link{}, e
	}
	if pin, ok := p.get("pin"); ok {
		if hasControl(pin) {
			return Link{}, fail(KeyControlChars, nil)
		}
		if len(pin) > MaxPINBytes {
			return Link{}, fail(KeyBadPIN, map[string]any{"Max": MaxPINBytes})
		}
		l.PIN = pin
	}
	if l.Title, e = titleParam(p); e != nil {
		return Link{}, e
	}
	return l, nil
}

// titleParam reads the optional title. Tabs and line breaks are only
// spacing: tidyTitle turns them into plain spaces before the check.
func titleParam(p params) (string, *Error) {
	title, ok := p.get("title")
	if !ok {
		return "", nil
	}
	tidy := tidyTitle(title)
	if !utf8.ValidString(title) || hasControl(tidy) {
		return "", fail(KeyControlChars, nil)
	}
	return tidy, nil
}

func parseRoom(s string) (uint64, *Error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fail(KeyBadRoom, nil)
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 || n > MaxRoom {
		return 0, fail(KeyBadRoom, nil)
	}
	return n, nil
}

// tidyTitle collapses whitespace and cuts a title to MaxTitleRunes, so a
// link cannot push the rest of the window aside.
func tidyTitle(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= MaxTitleRunes {
		return s
	}
	runes := []rune(s)[:MaxTitleRunes]
	return strings.TrimSpace(string(runes))
}

// param is one key=value pair of a query or fragment, in its raw form and
// decoded. ok is false when the pair has broken %-escapes.
type param struct {
	raw        string
	key, value string
	ok         bool
}

type params []param

// splitParams splits at "&" only: ";" is not a separator for Go, browsers
// or Janus, and treating it as one would let two readers disagree.
func splitParams(raw string) params {
	if raw == "" {
		return nil
	}
	parts := strings.Split(raw, "&")
	ps := make(params, 0, len(parts))
	for _, part := range parts {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		ps = append(ps, param{raw: part, key: strings.ToLower(key), value: value, ok: err1 == nil && err2 == nil})
	}
	return ps
}

func (ps params) count(key string) int {
	n := 0
	for _, p := range ps {
		if p.key == key {
			n++
		}
	}
	return n
}

// has reports a key even when its value is broken, so that a broken
// native link is reported as such instead of passing as a platform link.
func (ps params) has(key string) bool { return ps.count(key) > 0 }

// get returns the decoded value of key. A broken value reads as one
// containing a control character, which the callers refuse.
func (ps params) get(key string) (string, bool) {
	for _, p := range ps {
		if p.key == key {
			if !p.ok {
				return "\x00", true
			}
			return p.value, true
		}
	}
	return "", false
}
