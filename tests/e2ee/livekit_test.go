package e2ee

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	lkproto "github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/proto"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
	"github.com/ringlet/ringlet/media/video"
)

// The LiveKit half: Ringlet sessions, joined through a LiveKit Meet link
// with the passphrase in its fragment, in a room on a real livekit-server
// (livekittest), together with Debian's Chromium running LiveKit's own
// browser SDK (npm livekit-client) keyed with the same passphrase the way
// LiveKit Meet keys it.

// liveKitRoom is the room of these tests.
const liveKitRoom = "abend-runde"

// meetLink is the LiveKit Meet page of the room as a group hands it out:
// with passphrase "" plain, otherwise with the passphrase in the fragment,
// encoded as LiveKit Meet encodes it (encodeURIComponent).
func meetLink(t *testing.T, meet *livekittest.Meet, passphrase string) ring.Link {
	t.Helper()
	text := meet.RoomLink(liveKitRoom)
	if passphrase != "" {
		text += "#" + strings.ReplaceAll(url.QueryEscape(passphrase), "+", "%20")
	}
	l, err := ring.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if l.Platform != ring.PlatformLiveKit || l.Kind != ring.KindNative || l.Key != passphrase {
		t.Fatalf("the LiveKit Meet link reads as %#v", l)
	}
	return l
}

// received is what the session took in from name: pictures decoded and
// sound packets that went into the jitter buffer (with a key, only frames
// that opened get there).
func received(s *session.Session, name string) (frames, sound uint64) {
	for _, st := range s.Stats() {
		if st.Name != name {
			continue
		}
		if st.Kind == call.Video {
			frames = st.FramesDecoded
		} else {
			sound = st.Packets
		}
	}
	return frames, sound
}

// Ringlet and a browser on LiveKit's own SDK, with the same passphrase,
// see and hear each other: Ringlet's frames open with the key before its
// decoders, and the browser, told by the server that Ringlet's tracks are
// encrypted (AddTrackRequest.encryption = GCM), decrypts them with no
// error and decodes them. The browser publishes as LiveKit Meet's room
// page does (simulcast, dynacast). The passphrase goes nowhere.
func TestLiveKitRingletAndBrowserWithThePassphrase(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	s, events, pictures := startSession(t, meetLink(t, meet, ringKey), "Stille Eule")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	browser := srv.StartMeetBrowserT(t, ctx, liveKitRoom, "browser-heron", "Blue Heron", ringKey)

	poll.Until(t, "Stille Eule sees and hears Blue Heron", func() bool {
		frames, sound := received(s, "Blue Heron")
		return frames >= 20 && sound >= 50 && pictures.Load() >= 20
	})
	var st livekittest.BrowserStats
	poll.Until(t, "Blue Heron decodes and hears Stille Eule", func() bool {
		var err error
		st, err = browser.Stats(ctx)
		return err == nil && st.FramesDecoded >= 30 && st.AudioPackets >= 50 && st.AudioEnergy > 0
	})
	if len(st.Encrypted) != 1 || st.Encrypted[0] != "Stille Eule" {
		t.Errorf("the browser takes as encrypted %q, want Stille Eule's tracks", st.Encrypted)
	}
	if st.DecryptionErrors != 0 {
		t.Errorf("the browser could not decrypt %d of Ringlet's frames", st.DecryptionErrors)
	}
	if got := events.told(); len(got) != 0 {
		t.Errorf("Stille Eule was told of a key mismatch: %+v", got)
	}
	frames, sound := received(s, "Blue Heron")
	t.Logf("Ringlet from the browser: %d pictures, %d sound packets; browser from Ringlet: %+v", frames, sound, st)
	chatsBothWays(t, ctx, s, events, browser)
	assertPassphraseNeverSent(t, events.sent(), meet.Requests())
}

// chatsBothWays: LiveKit Meet's E2EE covers picture and sound, not the
// chat (as the check-up says), and the chat goes both ways in it.
func chatsBothWays(t *testing.T, ctx context.Context, s *session.Session, events *sessionEvents, browser *livekittest.Browser) {
	t.Helper()
	if err := browser.Chat(ctx, "Willkommen!"); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the browser's chat in the session", func() bool {
		for _, c := range events.chat() {
			if c.From == "Blue Heron" && c.Text == "Willkommen!" {
				return true
			}
		}
		return false
	})
	if err := s.SendChat("Danke!"); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the session's chat in the browser", func() bool {
		got, err := browser.Received(ctx)
		for _, c := range got {
			if err == nil && c.Message == "Danke!" {
				return true
			}
		}
		return false
	})
}

// assertPassphraseNeverSent checks everything the session sent (the
// connection-details request and every signalling message to the LiveKit
// server) and every request the ring's website got: the passphrase is in
// none, in no form. Both tracks were announced as encrypted.
func assertPassphraseNeverSent(t *testing.T, wire [][]byte, requests []*http.Request) {
	t.Helper()
	if n := announcedEncrypted(t, wire); n != 2 {
		t.Errorf("%d tracks announced as encrypted (GCM), want camera and microphone", n)
	}
	forms := [][]byte{[]byte(ringKey), []byte(url.QueryEscape(ringKey)), []byte(url.PathEscape(ringKey)), []byte("Mond"), []byte("Fluss")}
	for _, msg := range wire {
		for _, form := range forms {
			if bytes.Contains(msg, form) {
				t.Fatalf("the session sent the passphrase: %q", msg)
			}
		}
	}
	if len(wire) < 5 {
		t.Fatalf("only %d messages seen on the wire", len(wire))
	}
	for _, r := range requests {
		seen := r.URL.String() + " " + r.Header.Get("Referer") + " " + r.Header.Get("Cookie")
		for _, form := range forms {
			if strings.Contains(seen, string(form)) {
				t.Fatalf("the ring's website was sent the passphrase: %s", seen)
			}
		}
	}
	if len(requests) == 0 {
		t.Fatal("the ring's website was never asked")
	}
}

// A session whose link has no passphrase, in a room where the browser
// sends encrypted: nothing of the browser reaches its decoders (no
// garbled picture, no noise), and the person is told whose media is
// encrypted and that the link has no key.
func TestLiveKitWithoutThePassphraseNothingIsShown(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv.StartEncryptedBrowserT(t, ctx, liveKitRoom, "browser-heron", "Blue Heron", ringKey)
	s, events, pictures := startSession(t, meetLink(t, meet, ""), "Dora")
	poll.Until(t, "Dora is told that Blue Heron's media is encrypted", func() bool {
		got := events.told()
		return len(got) == 1 && got[0].Name == "Blue Heron" && got[0].NoKey
	})
	poll.Until(t, "Blue Heron's packets reach Dora", func() bool {
		for _, st := range s.Stats() {
			if st.Name == "Blue Heron" && st.Kind == call.Video && st.Packets >= 100 {
				return true
			}
		}
		return false
	})
	frames, sound := received(s, "Blue Heron")
	if n := pictures.Load(); n != 0 || frames != 0 || sound != 0 {
		t.Errorf("Dora got %d pictures shown, %d decoded and %d sound packets of Blue Heron's encrypted media", n, frames, sound)
	}
}

// A session with another passphrase is told that Blue Heron's key does not
// match, by name, and shows and plays nothing of Blue Heron; the browser,
// for its part, cannot decrypt the session's frames.
func TestLiveKitWrongPassphraseIsTold(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	browser := srv.StartEncryptedBrowserT(t, ctx, liveKitRoom, "browser-heron", "Blue Heron", ringKey)
	s, events, pictures := startSession(t, meetLink(t, meet, "a different passphrase"), "Carl")
	poll.Until(t, "Carl is told that Blue Heron's key does not match", func() bool {
		got := events.told()
		return len(got) == 1 && got[0].Name == "Blue Heron" && !got[0].NoKey
	})
	poll.Until(t, "the browser fails to decrypt Carl's frames", func() bool {
		st, err := browser.Stats(ctx)
		return err == nil && st.DecryptionErrors > 0
	})
	frames, sound := received(s, "Blue Heron")
	if n := pictures.Load(); n != 0 || frames != 0 || sound != 0 {
		t.Errorf("Carl got %d pictures shown, %d decoded and %d sound packets of Blue Heron with the wrong key", n, frames, sound)
	}
}

// announcedEncrypted reads the signalling sent with LiveKit's own types
// and counts the tracks announced with encryption GCM; it fails the test
// on a track announced without.
func announcedEncrypted(t *testing.T, wire [][]byte) int {
	t.Helper()
	n := 0
	for _, msg := range wire {
		if bytes.HasPrefix(msg, []byte("GET ")) {
			continue // the connection-details request
		}
		var req lkproto.SignalRequest
		if err := proto.Unmarshal(msg, &req); err != nil {
			t.Fatalf("signalling that is not a SignalRequest: %v", err)
		}
		if add := req.GetAddTrack(); add != nil {
			if add.Encryption != lkproto.Encryption_GCM {
				t.Errorf("track %s (%v) announced with encryption %v", add.Cid, add.Type, add.Encryption)
			}
			n++
		}
	}
	return n
}

// joinLiveKit enters the LiveKit ring as name through the link's website,
// as the session's LiveKit engine does, with the link's key if it has one.
func joinLiveKit(t *testing.T, name string, l ring.Link) *member {
	t.Helper()
	m, published := newMember(t, name, l)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d, err := livekit.FetchConnectionDetails(ctx, l.LiveKitDetailsURL(name), name, m.onWire)
	if err != nil {
		m.media.Close()
		t.Fatal(err)
	}
	client, err := livekit.Join(ctx, livekit.Options{ServerURL: d.ServerURL, Token: d.Token,
		Tracks: published.Tracks(), ConfigureMediaEngine: published.ConfigureMediaEngine,
		E2EE: l.Encrypted(), OnWire: m.onWire})
	m.start(client, err)
	return m
}

// Two Ringlet participants with the passphrase in a LiveKit room see and
// hear each other, and every frame the server forwarded opens only with
// the key: nothing went through in the clear. A third without the
// passphrase gets those frames but hands none to its decoders.
func TestLiveKitTwoRingletsWithThePassphrase(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	l := meetLink(t, meet, ringKey)
	anna := joinLiveKit(t, "Anna", l)
	ben := joinLiveKit(t, "Ben", l)
	dora := joinLiveKit(t, "Dora", meetLink(t, meet, ""))
	for _, pair := range [][2]*member{{anna, ben}, {ben, anna}} {
		to, from := pair[0], pair[1]
		assertSeesAndHearsSealed(t, to, from)
		if n := announcedEncrypted(t, from.sent()); n != 2 {
			t.Errorf("%s announced %d tracks as encrypted, want 2", from.name, n)
		}
	}
	assertNothingReachesTheDecoders(t, dora, "Anna")
	assertAllSealed(t, dora.rawOf("Ben"))
}

// The LiveKit server killed and started again mid-call: both rejoin on
// their own, announce their tracks as encrypted again, and every picture
// on the new tracks still opens with the key.
func TestLiveKitEncryptedCallSurvivesServerRestart(t *testing.T) {
	srv := livekittest.StartT(t, livekittest.Options{})
	l := meetLink(t, srv.MeetT(t), ringKey)
	anna := joinLiveKit(t, "Anna", l)
	ben := joinLiveKit(t, "Ben", l)
	poll.Until(t, "Ben sees Anna", func() bool { return ben.decoded("Anna").FramesDecoded >= 10 })
	poll.Until(t, "Anna sees Ben", func() bool { return anna.decoded("Ben").FramesDecoded >= 10 })
	before := map[*member]*video.Receiver{ben: ben.receiverOf("Anna"), anna: anna.receiverOf("Ben")}

	srv.Kill()
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]*member{{anna, ben}, {ben, anna}} {
		to, from := pair[0], pair[1]
		poll.Until(t, to.name+" sees "+from.name+" again, on a new track", func() bool {
			r := to.receiverOf(from.name)
			return r != nil && r != before[to] && r.Stats().FramesDecoded >= 10
		})
		if st := to.decoded(from.name); st.FramesSealed != 0 {
			t.Errorf("%s could not open %d of %s's frames after the restart", to.name, st.FramesSealed, from.name)
		}
		if n := announcedEncrypted(t, from.sent()); n < 4 {
			t.Errorf("%s announced %d tracks as encrypted, want its two again after the rejoin", from.name, n)
		}
	}
}
