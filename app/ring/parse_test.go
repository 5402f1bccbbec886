package ring

import (
	"errors"
	"strings"
	"testing"
)

func native(endpoint string, room uint64, pin, title string) Link {
	return Link{Kind: KindNative, Platform: PlatformJanus, Endpoint: endpoint, Room: room, PIN: pin, Title: title}
}

func liveKit(endpoint, room, title string) Link {
	return Link{Kind: KindNative, Platform: PlatformLiveKit, Endpoint: endpoint, RoomName: room, Title: title}
}

// LiveKit Meet room pages, and the ringlet:// form with a token endpoint,
// are native LiveKit rings; LiveKit's hosted demo stays a platform link.
func TestParseLiveKit(t *testing.T) {
	tests := []struct {
		name, in string
		want     Link
	}{
		{"meet page", "https://meet.example.org/rooms/abcd-1234",
			liveKit("https://meet.example.org/api/connection-details", "abcd-1234", "")},
		{"meet page with port and query", "https://Meet.Example.org:8443/rooms/Abend_Runde.2?utm_source=x",
			liveKit("https://meet.example.org:8443/api/connection-details", "Abend_Runde.2", "")},
		{"meet page on loopback", "http://127.0.0.1:3000/rooms/x",
			liveKit("http://127.0.0.1:3000/api/connection-details", "x", "")},
		{"ringlet default endpoint", "ringlet://meet.example.org?livekit=abcd-1234&title=Donnerstag",
			liveKit("https://meet.example.org/api/connection-details", "abcd-1234", "Donnerstag")},
		{"ringlet own endpoint", "ringlet://ring.example.org/token?livekit=r1",
			liveKit("https://ring.example.org/token", "r1", "")},
		{"ringlet loopback", "ringlet://127.0.0.1:3000/?livekit=r1&tls=0",
			liveKit("http://127.0.0.1:3000/api/connection-details", "r1", "")},
		{"hosted demo", "https://meet.livekit.io/rooms/abcd-1234",
			platform(PlatformLiveKit, "https://meet.livekit.io/rooms/abcd-1234")},
		{"greenlight is not livekit", "https://lernen.example.de/rooms/abc-def-ghi-jkl/join",
			platform(PlatformBigBlueButton, "https://lernen.example.de/rooms/abc-def-ghi-jkl/join")},
		{"encrypted room stays in the browser", "https://meet.example.org/rooms/abcd-1234#geheim",
			platform(PlatformUnknown, "https://meet.example.org/rooms/abcd-1234#geheim")},
		{"odd room name is a platform link", "https://meet.example.org/rooms/a%20b",
			platform(PlatformUnknown, "https://meet.example.org/rooms/a%20b")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("Parse(%q) =\n %#v, want\n %#v", tt.in, got, tt.want)
			}
			checkLinkInvariants(t, got)
		})
	}
	refused := []struct{ in, key string }{
		{"ringlet://meet.example.org/?livekit=", KeyMissingRoom},
		{"ringlet://meet.example.org/?livekit=a%2Fb", KeyBadRoom},
		{"ringlet://meet.example.org/?livekit=a&livekit=b", KeyAmbiguous},
		{"ringlet://meet.example.org/?livekit=a&room=1", KeyAmbiguous},
		{"ringlet://meet.example.org/?livekit=a&tls=0", KeyInsecureRemote},
		{"http://meet.example.org/rooms/x", KeyInsecureRemote},
	}
	for _, tt := range refused {
		_, err := Parse(tt.in)
		var e *Error
		if !errors.As(err, &e) || e.Key != tt.key {
			t.Errorf("Parse(%q) = %v, want %s", tt.in, err, tt.key)
		}
	}
	l, _ := Parse("ringlet://meet.example.org?livekit=abcd-1234")
	if got, want := l.LiveKitDetailsURL("Stille Eule"), "https://meet.example.org/api/connection-details?participantName=Stille+Eule&roomName=abcd-1234"; got != want {
		t.Errorf("details URL %q, want %q", got, want)
	}
}

func platform(p Platform, url string) Link {
	return Link{Kind: KindPlatform, Platform: p, URL: url}
}

func TestParseNativeForms(t *testing.T) {
	tests := []struct {
		name, in string
		want     Link
	}{
		{"ringlet full", "ringlet://janus.example.org:8989/janus?room=1234&pin=geheim&title=Mittwochsrunde",
			native("wss://janus.example.org:8989/janus", 1234, "geheim", "Mittwochsrunde")},
		{"ringlet without path", "ringlet://janus.example.org?room=7",
			native("wss://janus.example.org/", 7, "", "")},
		{"ringlet default port dropped", "ringlet://janus.example.org:443/?room=7",
			native("wss://janus.example.org/", 7, "", "")},
		{"ringlet port leading zeros", "ringlet://janus.example.org:08989/?room=7",
			native("wss://janus.example.org:8989/", 7, "", "")},
		{"ringlet upper case scheme and host", "RINGLET://Janus.Example.ORG/ws?room=7",
			native("wss://janus.example.org/ws", 7, "", "")},
		{"ringlet trailing dot host", "ringlet://janus.example.org./?room=7",
			native("wss://janus.example.org/", 7, "", "")},
		{"ringlet tls=1 is the default", "ringlet://janus.example.org/?room=7&tls=1",
			native("wss://janus.example.org/", 7, "", "")},
		{"ringlet loopback ws", "ringlet://127.0.0.1:8188?room=1234&tls=0",
			native("ws://127.0.0.1:8188/", 1234, "", "")},
		{"ringlet loopback 127/8", "ringlet://127.0.0.2:8188/?room=1234&tls=0",
			native("ws://127.0.0.2:8188/", 1234, "", "")},
		{"ringlet localhost ws", "ringlet://LOCALHOST:8188/?room=1&tls=0",
			native("ws://localhost:8188/", 1, "", "")},
		{"ringlet ipv6 loopback ws", "ringlet://[::1]:8188/?room=1&tls=0",
			native("ws://[::1]:8188/", 1, "", "")},
		{"ringlet ipv6 normalised", "ringlet://[2001:DB8:0:0::1]:8989/?room=1",
			native("wss://[2001:db8::1]:8989/", 1, "", "")},
		{"ringlet IDN host to xn--", "ringlet://selbsthilfe-münchen.de/ws?room=3",
			native("wss://xn--selbsthilfe-mnchen-y6b.de/ws", 3, "", "")},
		{"room at the limit 2^53", "ringlet://janus.example.org/?room=9007199254740992",
			native("wss://janus.example.org/", 1<<53, "", "")},
		{"room leading zeros", "ringlet://janus.example.org/?room=0042",
			native("wss://janus.example.org/", 42, "", "")},
		{"empty pin is no pin", "ringlet://janus.example.org/?room=5&pin=",
			native("wss://janus.example.org/", 5, "", "")},
		{"pin and title decoded", "ringlet://janus.example.org/?room=5&pin=a%26b+c&title=Stille%20Runde%20%C3%BCber+Mittag",
			native("wss://janus.example.org/", 5, "a&b c", "Stille Runde über Mittag")},
		{"title whitespace collapsed", "ringlet://janus.example.org/?room=5&title=++Runde+%09+am++Abend+",
			native("wss://janus.example.org/", 5, "", "Runde am Abend")},
		{"unknown and tracking params dropped", "ringlet://janus.example.org/?utm_source=mail&room=5&x=1#frag",
			native("wss://janus.example.org/", 5, "", "")},
		{"param keys any case", "ringlet://janus.example.org/?ROOM=5&Pin=1",
			native("wss://janus.example.org/", 5, "1", "")},
		{"fragment form", "https://gruppe.example.org/beitreten#janus=wss://janus.example.org/ws&room=42&pin=x",
			native("wss://janus.example.org/ws", 42, "x", "")},
		{"fragment form encoded endpoint and title", "https://gruppe.example.org/#janus=wss%3A%2F%2Fjanus.example.org%3A8989%2F&room=42&title=Montag",
			native("wss://janus.example.org:8989/", 42, "", "Montag")},
		{"fragment form loopback ws", "https://gruppe.example.org/#janus=ws://127.0.0.1:8188&room=1",
			native("ws://127.0.0.1:8188/", 1, "", "")},
		{"fragment form on loopback http page", "http://localhost:8000/#janus=ws://localhost:8188/&room=1",
			native("ws://localhost:8188/", 1, "", "")},
		{"demo page https", "https://janus.example.org/demos/videoroomtest.html?room=1234",
			native("wss://janus.example.org:8989/", 1234, "", "")},
		{"demo page videoroom.html", "https://janus.example.org/videoroom.html?room=1234&pin=p1",
			native("wss://janus.example.org:8989/", 1234, "p1", "")},
		{"demo page port ignored like settings.js", "https://janus.example.org:8443/videoroomtest.html?room=9",
			native("wss://janus.example.org:8989/", 9, "", "")},
		{"demo page loopback http", "http://127.0.0.2:8000/videoroomtest.html?room=1234",
			native("ws://127.0.0.2:8188/", 1234, "", "")},
		{"pasted in an e-mail", "Liebe Runde,\n\nhier der Link: <ringlet://janus.example.org/?room=12&pin=7>.\nBis Mittwoch!",
			native("wss://janus.example.org/", 12, "7", "")},
		{"surrounding whitespace", "  \t ringlet://janus.example.org/?room=12\n",
			native("wss://janus.example.org/", 12, "", "")},
		{"byte-order mark and zero-width space at the ends", "\ufeffringlet://janus.example.org/?room=12\u200b",
			native("wss://janus.example.org/", 12, "", "")},
		{"German quotes", "„ringlet://janus.example.org/?room=12“",
			native("wss://janus.example.org/", 12, "", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %#v\nwant %#v", got.Canonical(), tt.want.Canonical())
			}
			// In this table every loopback ring uses ws:// and no other does.
			if got.Loopback() != strings.HasPrefix(tt.want.Endpoint, "ws://") {
				t.Errorf("Loopback() = %v for %s", got.Loopback(), got.Endpoint)
			}
		})
	}
}

func TestParsePlatformForms(t *testing.T) {
	tests := []struct {
		name, in string
		want     Link
	}{
		{"jitsi", "https://meet.jit.si/SelbsthilfeKreis",
			platform(PlatformJitsi, "https://meet.jit.si/SelbsthilfeKreis")},
		{"jitsi jwt kept, fbclid dropped, config fragment kept",
			"https://meet.jit.si/Kreis?jwt=eyJ.abc.def&fbclid=IwAR1#config.startWithVideoMuted=true",
			platform(PlatformJitsi, "https://meet.jit.si/Kreis?jwt=eyJ.abc.def#config.startWithVideoMuted=true")},
		{"jitsi names in the fragment dropped, config kept",
			"https://meet.jit.si/Kreis#userInfo.displayName=%22Max%20Mustermann%22&config.prejoinConfig.enabled=false&userInfo.email=%22max%40example.org%22",
			platform(PlatformJitsi, "https://meet.jit.si/Kreis#config.prejoinConfig.enabled=false")},
		{"zoom pre-filled name dropped", "https://zoom.us/wc/join/85512345678?pwd=x&uname=Max+Mustermann",
			platform(PlatformZoom, "https://zoom.us/wc/join/85512345678?pwd=x")},
		{"8x8", "https://8x8.vc/vpaas-magic-cookie-abc/Room", platform(PlatformJitsi, "https://8x8.vc/vpaas-magic-cookie-abc/Room")},
		{"self-hosted jitsi by host label", "https://jitsi.example.org/MyRoom", platform(PlatformJitsi, "https://jitsi.example.org/MyRoom")},
		{"jitsi-like host but deeper path is unknown", "https://jitsi.example.org/a/b", platform(PlatformUnknown, "https://jitsi.example.org/a/b")},
		{"meet.* host is unknown", "https://meet.example.org/MyRoom", platform(PlatformUnknown, "https://meet.example.org/MyRoom")},
		{"zoom /j with pwd, utm dropped", "https://us02web.zoom.us/j/85512345678?pwd=abcDEF&utm_source=newsletter&utm_medium=mail",
			platform(PlatformZoom, "https://us02web.zoom.us/j/85512345678?pwd=abcDEF")},
		{"zoom web client", "https://zoom.us/wc/join/85512345678?pwd=x", platform(PlatformZoom, "https://zoom.us/wc/join/85512345678?pwd=x")},
		{"zoom personal link", "https://example.zoom.us/my/selbsthilfe", platform(PlatformZoom, "https://example.zoom.us/my/selbsthilfe")},
		{"zoomgov", "https://www.zoomgov.com/j/1611234567?pwd=a", platform(PlatformZoom, "https://www.zoomgov.com/j/1611234567?pwd=a")},
		{"meet authuser dropped", "https://meet.google.com/abc-defg-hij?authuser=1&hs=122",
			platform(PlatformMeet, "https://meet.google.com/abc-defg-hij?hs=122")},
		{"teams meetup-join context kept",
			"https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE%40thread.v2/0?context=%7b%22Tid%22%3a%22a1%22%2c%22Oid%22%3a%22b2%22%7d&utm_campaign=x",
			platform(PlatformTeams, "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE%40thread.v2/0?context=%7b%22Tid%22%3a%22a1%22%2c%22Oid%22%3a%22b2%22%7d")},
		{"teams live", "https://teams.live.com/meet/9876543210?p=AbCdEf", platform(PlatformTeams, "https://teams.live.com/meet/9876543210?p=AbCdEf")},
		{"teams new domain", "https://teams.cloud.microsoft/meet/123?p=x", platform(PlatformTeams, "https://teams.cloud.microsoft/meet/123?p=x")},
		{"bbb greenlight v2", "https://lernen.example.de/b/abc-def-ghi", platform(PlatformBigBlueButton, "https://lernen.example.de/b/abc-def-ghi")},
		{"bbb greenlight v3", "https://lernen.example.de/rooms/abc-def-ghi-jkl/join", platform(PlatformBigBlueButton, "https://lernen.example.de/rooms/abc-def-ghi-jkl/join")},
		{"bbb host label", "https://bbb.uni-beispiel.de/anything", platform(PlatformBigBlueButton, "https://bbb.uni-beispiel.de/anything")},
		{"bbb signed api join left untouched",
			"https://bbb.example.org/bigbluebutton/api/join?fullName=x&meetingID=1&password=p&utm_source=q&checksum=abc",
			platform(PlatformBigBlueButton, "https://bbb.example.org/bigbluebutton/api/join?fullName=x&meetingID=1&password=p&utm_source=q&checksum=abc")},
		{"plain /b/ path is not bbb", "https://blog.example.org/b/my-post", platform(PlatformUnknown, "https://blog.example.org/b/my-post")},
		{"bigbluebutton host", "https://bigbluebutton.de/raum", platform(PlatformBigBlueButton, "https://bigbluebutton.de/raum")},
		{"bbb.org is not bbb", "https://www.bbb.org/us/", platform(PlatformUnknown, "https://www.bbb.org/us/")},
		{"galene", "https://galene.example.org:8443/group/selbsthilfe/", platform(PlatformGalene, "https://galene.example.org:8443/group/selbsthilfe/")},
		{"livekit meet", "https://meet.livekit.io/rooms/abcd-1234", platform(PlatformLiveKit, "https://meet.livekit.io/rooms/abcd-1234")},
		{"unknown https", "https://video.example.org/raum/42?utm_source=x&ref=y",
			platform(PlatformUnknown, "https://video.example.org/raum/42?ref=y")},
		{"unknown signed query kept", "https://video.example.org/j?room=1&utm_source=x&signature=abc",
			platform(PlatformUnknown, "https://video.example.org/j?room=1&utm_source=x&signature=abc")},
		{"loopback http allowed", "http://localhost:8000/room", platform(PlatformUnknown, "http://localhost:8000/room")},
		{"normalised scheme host default port empty path", "HTTPS://Meet.JIT.si:443", platform(PlatformJitsi, "https://meet.jit.si/")},
		{"IDN host sent as xn--", "https://selbsthilfe-münchen.de/runde", platform(PlatformUnknown, "https://xn--selbsthilfe-mnchen-y6b.de/runde")},
		{"fullwidth letters mapped like browsers do", "https://ｍｅｅｔ.jit.si/Raum", platform(PlatformJitsi, "https://meet.jit.si/Raum")},
		{"unsafe raw characters escaped", "https://video.example.org/a|b?x=\"y\"&z=ä", platform(PlatformUnknown, "https://video.example.org/a%7Cb?x=%22y%22&z=%C3%A4")},
		{"zoom invitation e-mail",
			"Thomas lädt Sie zu einem Zoom-Meeting ein.\n\nZoom-Meeting beitreten\nhttps://us06web.zoom.us/j/81234567890?pwd=QWERTY.1\n\nMeeting-ID: 812 3456 7890\nKenncode: 123456",
			platform(PlatformZoom, "https://us06web.zoom.us/j/81234567890?pwd=QWERTY.1")},
		{"outlook safe links unwrapped",
			"https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fus02web.zoom.us%2Fj%2F85512345678%3Fpwd%3DabcDEF&data=05%7C01%7Cx%40example.org&sdata=abc&reserved=0",
			platform(PlatformZoom, "https://us02web.zoom.us/j/85512345678?pwd=abcDEF")},
		{"google redirect unwrapped", "https://www.google.com/url?sa=t&url=https%3A%2F%2Fmeet.jit.si%2FKreis&usg=x",
			platform(PlatformJitsi, "https://meet.jit.si/Kreis")},
		{"facebook redirect unwrapped", "https://l.facebook.com/l.php?u=https%3A%2F%2Fmeet.jit.si%2FKreis&h=AT0",
			platform(PlatformJitsi, "https://meet.jit.si/Kreis")},
		{"google page that is not a redirect", "https://www.google.com/search?q=https%3A%2F%2Fmeet.jit.si%2FKreis",
			platform(PlatformUnknown, "https://www.google.com/search?q=https%3A%2F%2Fmeet.jit.si%2FKreis")},
		{"markdown link", "[Hier beitreten](https://meet.jit.si/Kreis)", platform(PlatformJitsi, "https://meet.jit.si/Kreis")},
		{"sentence punctuation", "Link: https://meet.jit.si/Kreis.", platform(PlatformJitsi, "https://meet.jit.si/Kreis")},
		{"parenthesised", "(https://de.wikipedia.org/wiki/Foo_(Bar))", platform(PlatformUnknown, "https://de.wikipedia.org/wiki/Foo_(Bar)")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %d %s\nwant %d %s", got.Platform, got.Canonical(), tt.want.Platform, tt.want.URL)
			}
			if got.Loopback() {
				t.Error("a platform link is never Loopback")
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", KeyEmpty},
		{"only whitespace", " \n\t ", KeyEmpty},
		{"only invisible characters", "\ufeff\u200b", KeyEmpty},
		{"too long text", "https://meet.jit.si/" + strings.Repeat("a", MaxTextBytes), KeyTooLong},
		{"too long link", "https://meet.jit.si/" + strings.Repeat("a", MaxLinkBytes), KeyTooLong},
		{"link that outgrows the limit when escaped", "https://a.example.org/" + strings.Repeat("ä", MaxLinkBytes/3), KeyTooLong},
		{"no link in words", "Hallo, wann ist die Runde?", KeyNotALink},
		{"bare word", "Raum1234", KeyNotALink},
		{"bare host", "meet.jit.si/Kreis", KeyNotALink},
		{"only brackets", "<>", KeyNotALink},
		{"opaque https", "https:meet.jit.si/Kreis", KeyNotALink},
		{"no host", "https:///path", KeyNotALink},
		{"broken escape in path", "https://meet.jit.si/%zz", KeyNotALink},
		{"javascript", "javascript:alert(document.cookie)", KeyBadScheme},
		{"javascript among words", "javascript:alert(1) hier klicken", KeyBadScheme},
		{"file", "file:///etc/passwd", KeyBadScheme},
		{"data", "data:text/html,<script>alert(1)</script>", KeyBadScheme},
		{"ws is not a link form", "wss://janus.example.org/?room=1", KeyBadScheme},
		{"zoommtg", "zoommtg://zoom.us/join?confno=123", KeyBadScheme},
		{"safe link around javascript", "https://eur01.safelinks.protection.outlook.com/?url=javascript%3Aalert(1)", KeyBadScheme},
		{"safe link around a look-alike", "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fz%D0%BE%D0%BEm.us%2Fj%2F1", KeyLookalikeHost},
		{"redirect around plain http", "https://www.google.com/url?q=http%3A%2F%2Fmeet.jit.si%2Fx", KeyInsecureRemote},
		{"redirect around a dash", "https://www.google.com/url?q=-x", KeyOptionLike},
		{"userinfo", "https://zoom.us@evil.example/j/1", KeyUserinfo},
		{"userinfo with password", "ringlet://user:pw@janus.example.org/?room=1", KeyUserinfo},
		{"empty userinfo", "https://@meet.jit.si/x", KeyUserinfo},
		{"userinfo in endpoint", "https://g.example.org/#janus=wss://a@janus.example.org/&room=1", KeyUserinfo},
		{"cyrillic o in zoom", "https://zооm.us/j/1", KeyLookalikeHost},
		{"punycode cyrillic zoom", "https://xn--zm-fmca.us/j/1", KeyLookalikeHost},
		{"cyrillic a in subdomain of example", "https://pаypal.example.org/", KeyLookalikeHost},
		{"all-cyrillic latin look-alike label", "https://аррӏе.example.org/", KeyLookalikeHost},
		{"greek omicron in google", "https://meet.gοogle.com/abc-defg-hij", KeyLookalikeHost},
		{"digit zero for o", "https://z00m.us/j/1", KeyLookalikeHost},
		{"rn for m", "https://zoorn.us/j/1", KeyLookalikeHost},
		{"umlaut zoom", "https://zöom.us/j/1", KeyLookalikeHost},
		{"look-alike endpoint", "https://g.example.org/#janus=wss://jаnus.example.org/&room=1", KeyLookalikeHost},
		{"numeric host", "https://2130706433/", KeyBadHost},
		{"hex host", "https://0x7f000001/", KeyBadHost},
		{"short ipv4", "https://127.1/", KeyBadHost},
		{"unspecified ipv4", "https://0.0.0.0:8000/", KeyBadHost},
		{"unspecified ipv6", "ringlet://[::]:8188/?room=1&tls=0", KeyBadHost},
		{"multicast", "https://224.0.0.1/", KeyBadHost},
		{"ipv6 zone", "https://[fe80::1%25eth0]/", KeyBadHost},
		{"underscore host", "https://a_b.example.org/", KeyBadHost},
		{"port zero", "https://meet.jit.si:0/x", KeyBadHost},
		{"port too large", "https://meet.jit.si:70000/x", KeyBadHost},
		{"bad punycode", "https://xn--zz.example.org/", KeyBadHost},
		{"http remote", "http://meet.jit.si/Kreis", KeyInsecureRemote},
		{"http demo page remote", "http://janus.example.org/videoroomtest.html?room=1", KeyInsecureRemote},
		{"ringlet tls=0 remote", "ringlet://janus.example.org/?room=1&tls=0", KeyInsecureRemote},
		{"ws endpoint remote", "https://g.example.org/#janus=ws://janus.example.org/&room=1", KeyInsecureRemote},
		{"ws endpoint looks local but is not", "https://g.example.org/#janus=ws://localhost.example.org/&room=1", KeyInsecureRemote},
		{"missing room", "ringlet://janus.example.org/ws", KeyMissingRoom},
		{"empty room", "ringlet://janus.example.org/?room=", KeyMissingRoom},
		{"fragment without room", "https://g.example.org/#janus=wss://janus.example.org/", KeyMissingRoom},
		{"demo page without room", "https://janus.example.org/videoroomtest.html", KeyMissingRoom},
		{"room zero", "ringlet://janus.example.org/?room=0", KeyBadRoom},
		{"room above 2^53", "ringlet://janus.example.org/?room=9007199254740993", KeyBadRoom},
		{"room overflow", "ringlet://janus.example.org/?room=99999999999999999999999", KeyBadRoom},
		{"room not numeric", "ringlet://janus.example.org/?room=abc", KeyBadRoom},
		{"room negative", "ringlet://janus.example.org/?room=-1", KeyBadRoom},
		{"room plus", "ringlet://janus.example.org/?room=%2B1", KeyBadRoom},
		{"room broken escape", "ringlet://janus.example.org/?room=%zz", KeyBadRoom},
		{"pin too long", "ringlet://janus.example.org/?room=1&pin=" + strings.Repeat("x", MaxPINBytes+1), KeyBadPIN},
		{"tls odd value", "ringlet://127.0.0.1/?room=1&tls=no", KeyBadEndpoint},
		{"endpoint https", "https://g.example.org/#janus=https://janus.example.org/janus&room=1", KeyBadEndpoint},
		{"endpoint with query", "https://g.example.org/#janus=wss://janus.example.org/%3Ftoken%3Dx&room=1", KeyBadEndpoint},
		{"endpoint empty", "https://g.example.org/#janus=&room=1", KeyBadEndpoint},
		{"endpoint dot segments", "ringlet://janus.example.org/a/../b?room=1", KeyBadEndpoint},
		{"duplicate room", "ringlet://janus.example.org/?room=1&room=2", KeyAmbiguous},
		{"duplicate pin other case", "ringlet://janus.example.org/?room=1&pin=a&PIN=b", KeyAmbiguous},
		{"duplicate janus", "https://g.example.org/#janus=wss://a.example.org/&janus=wss://b.example.org/&room=1", KeyAmbiguous},
		{"option like", "-https://meet.jit.si/x", KeyOptionLike},
		{"option like flag", "--remote-debugging-port=9222", KeyOptionLike},
		{"option like among words", "--help bitte", KeyOptionLike},
		{"nul byte", "https://meet.jit.si/a\x00b", KeyControlChars},
		{"escape sequence", "https://meet.jit.si/a\x1b[31m", KeyControlChars},
		{"zero width space", "https://meet.jit.si/Kre\u200bis", KeyControlChars},
		{"bidi override", "https://meet.jit.si/\u202eevil", KeyControlChars},
		{"invalid utf-8", "https://meet.jit.si/\xff", KeyControlChars},
		{"encoded control in pin", "ringlet://janus.example.org/?room=1&pin=a%00b", KeyControlChars},
		{"encoded bidi in title", "ringlet://janus.example.org/?room=1&title=%E2%80%AEabc", KeyControlChars},
		{"invalid utf-8 in title", "ringlet://janus.example.org/?room=1&title=%FF", KeyControlChars},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("accepted as %v, want %s", got, tt.key)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *ring.Error", err)
			}
			if e.MessageKey() != tt.key {
				t.Errorf("key %s, want %s", e.MessageKey(), tt.key)
			}
			if got != (Link{}) {
				t.Errorf("a rejected link returned %#v", got)
			}
		})
	}
}

func TestErrorArgsNeverHoldTheLink(t *testing.T) {
	_, err := Parse("javascript:alert('geheim')")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatal(err)
	}
	if e.Args["Scheme"] != "javascript" || len(e.Args) != 1 {
		t.Errorf("args %v", e.Args)
	}
	if strings.Contains(err.Error(), "geheim") {
		t.Errorf("Error() leaks input: %s", err)
	}
}

func TestTitleIsCut(t *testing.T) {
	l, err := Parse("ringlet://janus.example.org/?room=1&title=" + strings.Repeat("%C3%BC", MaxTitleRunes+20))
	if err != nil {
		t.Fatal(err)
	}
	if l.Title != strings.Repeat("ü", MaxTitleRunes) {
		t.Errorf("title %q", l.Title)
	}
}
