// Package ring understands ring links: it parses, validates and classifies
// what a participant pastes, and builds the most private hand-off URL for
// platforms Ringlet cannot join natively. It has no UI and no media: its
// errors carry message keys that the edges (GUI, CLI) translate.
//
// # What Parse accepts
//
// Parse takes a link or a whole pasted text (an invitation e-mail, a chat
// message). Surrounding whitespace is trimmed; if the text has more than one
// word, the first http, https or ringlet URL in it is used (see FirstLink).
// A single word is used as it is, after removing wrapping <>, quotes,
// brackets and trailing sentence punctuation.
//
// Native Janus rings (Kind == KindNative, Platform == PlatformJanus), joined
// by Ringlet itself on a Janus VideoRoom:
//
//   - ringlet://HOST[:PORT]/PATH?room=ID[&pin=PIN][&title=TEXT][&tls=0]
//     Signalling goes to wss://HOST[:PORT]/PATH. tls=0 asks for plain
//     ws://HOST[:PORT]/PATH and is accepted only when HOST is a loopback
//     host (127.0.0.0/8, ::1, localhost): that is how test rings and the
//     demo ring on this computer are written. tls=1 is the default.
//   - https://HOST/ANY#janus=wss://…&room=ID[&pin=PIN][&title=TEXT]
//     The same parameters in the fragment, which browsers never send to the
//     web server, so a group's join page can give one link to browser users
//     and to Ringlet. The janus value must be wss://, or ws:// to a loopback
//     host, without user name, query or fragment.
//   - https://HOST/…/videoroom.html?room=ID[&pin=PIN] and
//     https://HOST/…/videoroomtest.html?room=ID[&pin=PIN], the pages of
//     janus-demos. The endpoint is derived as janus-demos' settings.js
//     suggests for the WebSocket transport: ws://HOST:8188/ for an http://
//     page (allowed only for loopback hosts) and wss://HOST:8989/ (Janus'
//     default wss_port) for an https:// page; the page's own port is
//     ignored, as settings.js uses window.location.hostname. Debian's copy of
//     settings.js points at the HTTP long-poll transport (ports 8088/8089);
//     Ringlet speaks only the WebSocket transport, so it uses the WebSocket
//     ports instead. A server with other ports needs a ringlet:// link.
//
// Native LiveKit rings (Kind == KindNative, Platform == PlatformLiveKit),
// joined by Ringlet itself on a LiveKit server whose address and token the
// ring's own website hands out (see Link.LiveKitDetailsURL):
//
//   - https://HOST[:PORT]/rooms/ROOM, the room page of a LiveKit Meet
//     deployment. Endpoint is https://HOST[:PORT]/api/connection-details.
//     meet.livekit.io (LiveKit's hosted demo) is a platform link instead,
//     and so is a page with a fragment (LiveKit Meet's end-to-end
//     encryption passphrase, which Ringlet does not speak yet);
//     /rooms/ABC-DEF-GHI/join stays Greenlight's.
//   - ringlet://HOST[:PORT][/PATH]?livekit=ROOM[&title=TEXT][&tls=0]: the
//     connection details come from https://HOST[:PORT]/PATH, or LiveKit
//     Meet's /api/connection-details when PATH is empty; tls=0 (loopback
//     only) asks for http://. A room or pin parameter beside livekit is
//     refused as ambiguous.
//
// LiveKit room names are 1 to MaxLiveKitRoomBytes ASCII letters, digits,
// '-', '_' and '.'; a /rooms/ page with any other name is a platform link.
//
// Each native Janus form may carry an end-to-end key in its fragment:
// ringlet://…?room=ID#key=PASSPHRASE, …#janus=…&room=ID&key=PASSPHRASE,
// …/videoroom.html?room=ID#key=PASSPHRASE. The ring is then encrypted end
// to end (Link.Key, Link.Encrypted): frames are encrypted with keys
// derived from the passphrase, in LiveKit's E2EE frame format, so the
// server forwards what it cannot read. The key is never sent anywhere;
// in a fragment, a browser does not send it to the web server either. It
// is any text without control characters, at most MaxKeyBytes.
//
// Room IDs are decimal numbers from 1 to 2^53 (Janus' upper bound, the
// largest integer JavaScript clients can hold). An empty pin counts as no
// PIN. A title is trimmed, its inner whitespace collapsed, and cut to
// MaxTitleRunes. Unknown parameters are dropped; a parameter given twice is
// rejected, since another program might read the other value.
//
// Click-tracking wrappers are taken off first: an Outlook "Safe Links"
// URL (*.safelinks.protection.outlook.com/?url=…), a Google redirect
// (google.com/url?q=…) or a Facebook one (l.facebook.com/l.php?u=…) is
// replaced by the link inside it, which is then checked like any other, so
// joining does not tell the wrapper's owner about the click.
//
// # Platform links
//
// Every other https link (and http only to a loopback host) is a platform
// link (Kind == KindPlatform) for the hand-off to a private browser window.
// Its Platform is recognised like this:
//
//   - Jitsi: meet.jit.si, 8x8.vc and their subdomains; self-hosted Jitsi only
//     when a host label contains "jitsi" and the path is a single room name.
//     Other self-hosted Jitsi servers (often meet.example.org) are
//     PlatformUnknown, because "meet.*" hosts run many different services.
//   - Zoom: zoom.us, zoomgov.com and their subdomains (/j/ID, /wc/join/ID,
//     /my/NAME and the rest).
//   - Google Meet: meet.google.com.
//   - Teams: teams.microsoft.com, teams.live.com, teams.microsoft.us,
//     teams.cloud.microsoft and their subdomains.
//   - BigBlueButton: hosts bigbluebutton.* and bbb.*.* (a first label
//     "bbb" only below a registrable domain, since bbb.org is not a video
//     service), hosts under bigbluebutton.org, or on any host the BigBlueButton join
//     paths /bigbluebutton/api/join and /html5client/join, and the Greenlight
//     room paths /b/UID and /rooms/UID/join where UID looks like
//     abc-def-ghi(-jkl). Plainer paths such as /b/… or /rooms/… alone are
//     used by too many other sites to mean BigBlueButton.
//   - Galène: any host with the path /group/NAME/ (Galène's group pages).
//   - LiveKit Meet: meet.livekit.io (other LiveKit Meet hosts are native,
//     see above).
//   - anything else: PlatformUnknown, still a valid link for the hand-off.
//
// A platform link's URL is normalised: scheme and host lower-case (IDN hosts
// in their xn-- form, so the browser goes exactly where the link was
// checked), default port removed, and well-known tracking parameters
// (utm_*, fbclid, gclid, mc_eid, …) and Google Meet's account selector
// authuser removed, and so are names someone pre-filled into the link
// (Zoom's uname, Jitsi's #userInfo.displayName and #userInfo.email), since
// they name a person and the hand-off sets the pseudonym. Meeting
// credentials (Zoom pwd and tk, Jitsi jwt, Teams context and p, LiveKit
// token, …) are always kept. The query of a signed
// link (a BigBlueButton api/join link, or any link with a checksum or
// signature parameter) is kept exactly as it is, since removing anything
// would break its signature. The order of parameters is never changed.
//
// # What Parse rejects
//
// Every rejection is an *Error with its own message key (the Key* constants):
// empty input; input over MaxTextBytes or a link over MaxLinkBytes; control,
// invisible or invalid characters (also when percent-encoded in a PIN or
// title); anything starting with "-", which an opener could read as an
// option; schemes other than https, http and ringlet (javascript:, file:,
// data:, ws: …); a user name or password in the URL (zoom.us@evil.example);
// malformed hosts and ports, numeric-looking hosts (2130706433, 0x7f.1),
// the addresses 0.0.0.0 and :: and multicast addresses;
// look-alike hosts: a label mixing alphabets (Latin with Cyrillic or Greek),
// a label written in another alphabet with only Latin-looking letters, or a
// host whose "skeleton" (accents removed, confusable letters such as
// Cyrillic о, digit 0 or "rn" mapped to what they look like) equals a known
// platform domain it is not; plain http:// or ws:// to a host that is not
// loopback; and, for native links, a missing, non-numeric, zero or too
// large room, a too long PIN, an empty, too long or broken end-to-end key,
// or a bad endpoint.
//
// # Using a Link
//
// String, Format, GoString and LogValue never show a PIN, an end-to-end key or a platform
// link's passwords and tokens (pwd, p, jwt, token, tk, password, checksum
// …), so a Link passed to fmt, log or log/slog cannot leak them. Canonical returns the full
// link, secrets included, for share links, QR codes and checklists: a
// ringlet:// link for native rings (whatever form was pasted), the
// normalised URL for platform rings; Parse(l.Canonical()) == l. A last
// character that sentence punctuation trimming would cut ("…title=Runde.")
// is %-encoded so the link survives being pasted into a sentence.
//
// Loopback tells the media layer that a native ring's server runs on this
// computer, so that it lets ICE use loopback addresses.
//
// FirstLink takes the first link out of pasted text (Paste, "join from
// clipboard"); LooksLikeRingLink tells whether a clipboard still holds a
// ring link that should be cleared.
package ring
