package ring

import (
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// redacted replaces secrets wherever a Link is printed.
const redacted = "***"

// MessageKey is the i18n key of the kind's plain-words description.
func (k Kind) MessageKey() string {
	if k == KindNative {
		return "ring.kind.native"
	}
	if k == KindPlatform {
		return "ring.kind.platform"
	}
	return "ring.kind.invalid"
}

// Canonical re-encodes the link in full, secrets included, for share links,
// QR codes and checklists. A native Janus link becomes
// ringlet://HOST[:PORT]/PATH?room=ID[&pin=PIN][&title=TEXT][&tls=0], with
// tls=0 for a ws:// endpoint; a LiveKit link becomes
// ringlet://HOST[:PORT]/PATH?livekit=ROOM[&title=TEXT][&tls=0] (PATH "/"
// for LiveKit Meet's own endpoint); a platform link is its normalised URL.
// Parse(l.Canonical()) gives l back for every link Parse returned. It is ""
// for a Link Parse could not have made.
func (l Link) Canonical() string {
	return l.encode(url.QueryEscape(l.PIN), url.QueryEscape(l.Key))
}

// String shows the link with its PIN and tokens replaced by ***.
func (l Link) String() string {
	switch l.Kind {
	case KindNative:
		return l.encode(redact(l.PIN), redact(l.Key))
	case KindPlatform:
		return redactURL(l.URL)
	}
	return "ring.Link{}"
}

// Format makes every fmt verb (%v, %+v, %s, %q, %#v …) print the redacted
// form, so a Link can never leak its secrets through fmt or a logger.
// (fmt cannot protect a Link stored in an unexported field of another
// struct: it prints such fields without calling their methods.)
func (l Link) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, l.GoString())
	case verb == 'q':
		_, _ = io.WriteString(f, strconv.Quote(l.String()))
	default:
		_, _ = io.WriteString(f, l.String())
	}
}

// LogValue makes log/slog record the redacted form too; without it slog's
// JSON handler would encode the fields, PIN included.
func (l Link) LogValue() slog.Value { return slog.StringValue(l.String()) }

// GoString is the %#v form, redacted like String.
func (l Link) GoString() string {
	return fmt.Sprintf("ring.Link{Kind:%d, Platform:%d, Endpoint:%q, Room:%d, RoomName:%q, PIN:%q, Title:%q, Key:%q, URL:%q}",
		int(l.Kind), int(l.Platform), l.Endpoint, l.Room, l.RoomName, redact(l.PIN), l.Title, redact(l.Key), redactURL(l.URL))
}

// redact is *** for a secret that is set, "" for one that is not.
func redact(secret string) string {
	if secret == "" {
		return ""
	}
	return redacted
}

// Encrypted reports whether the link carries an end-to-end key: the
// ring's server then forwards frames it cannot read.
func (l Link) Encrypted() bool { return l.Kind == KindNative && l.Key != "" }

// encode writes a native link as ringlet://… with the given, already
// escaped, PIN and end-to-end key, or a platform link's URL. The key
// goes into the fragment, which browsers never send to a server.
func (l Link) encode(pin, key string) string {
	if l.Kind == KindPlatform {
		return l.URL
	}
	if l.Kind != KindNative {
		return ""
	}
	if l.Platform == PlatformLiveKit {
		return l.encodeLiveKit()
	}
	u, err := url.Parse(l.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "wss" && u.Scheme != "ws") {
		return ""
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	var b strings.Builder
	b.WriteString("ringlet://" + u.Host + path + "?room=" + strconv.FormatUint(l.Room, 10))
	if pin != "" {
		b.WriteString("&pin=" + pin)
	}
	if l.Title != "" {
		b.WriteString("&title=" + url.QueryEscape(l.Title))
	}
	if u.Scheme == "ws" {
		b.WriteString("&tls=0")
	}
	if key != "" {
		b.WriteString("#key=" + key)
	}
	return protectEnd(b.String())
}

// Loopback reports whether a native ring's server runs on this computer
// (127.0.0.0/8, ::1, localhost). The media layer then lets ICE use
// loopback addresses, which it otherwise skips.
func (l Link) Loopback() bool {
	if l.Kind != KindNative {
		return false
	}
	u, err := url.Parse(l.Endpoint)
	if err != nil {
		return false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "localhost" {
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && addr.Unmap().IsLoopback()
}

// secretParams are query or fragment parameters that let someone join or
// act as someone: passwords, passcodes, tokens and signatures.
var secretParams = map[string]bool{
	"pwd": true, "passcode": true, "password": true, "pass": true, "p": true,
	"pin": true, "jwt": true, "token": true, "access_token": true, "tk": true,
	"sessiontoken": true, "checksum": true, "key": true, "secret": true,
	"auth": true, "sig": true, "signature": true,
}

// redactURL replaces the values of secret parameters in a URL's query and
// fragment. Every "?", "&" and "#" starts a parameter, so tokens in
// app-style fragments ("#/room?jwt=…") are caught too.
func redactURL(raw string) string {
	cut := strings.IndexAny(raw, "?#")
	if cut < 0 {
		return raw
	}
	var b strings.Builder
	b.WriteString(raw[:cut])
	rest := raw[cut:]
	for rest != "" {
		b.WriteByte(rest[0]) // the separator
		rest = rest[1:]
		end := strings.IndexAny(rest, "?&#")
		if end < 0 {
			end = len(rest)
		}
		b.WriteString(redactParam(rest[:end]))
		rest = rest[end:]
	}
	return b.String()
}

func redactParam(part string) string {
	k, _, hasValue := strings.Cut(part, "=")
	key, err := url.QueryUnescape(k)
	// A key that cannot be decoded might be any of them.
	if hasValue && (err != nil || secretParams[strings.ToLower(key)]) {
		return k + "=" + redacted
	}
	return part
}
