package e2ee

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/e2ee"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

const ringKey = "Mond und Sterne über dem Fluss"

func encryptedRing(t *testing.T, require bool) *janustest.Server {
	return janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: 1234, RequireE2EE: require}}})
}

// Two Ringlet participants with the ring's key see and hear each other in
// a room that takes only encrypted publishers, and nothing the server
// forwarded was readable without the key.
func TestTwoWithTheKeySeeAndHearEachOther(t *testing.T) {
	srv := encryptedRing(t, true)
	l := link(t, srv, ringKey)
	anna := join(t, srv, "Anna", l)
	ben := join(t, srv, "Ben", l)
	for _, pair := range [][2]*member{{anna, ben}, {ben, anna}} {
		to, from := pair[0], pair[1]
		assertSeesAndHearsSealed(t, to, from)
		if len(to.told()) != 0 {
			t.Errorf("%s was told of a key mismatch: %v", to.name, to.told())
		}
	}
	for _, m := range []*member{anna, ben} {
		assertKeyNeverSent(t, m)
	}
}

// assertSeesAndHearsSealed waits until to sees and hears from, checks
// that every one of from's frames opened, and that every frame the server
// forwarded was sealed with the ring's key.
func assertSeesAndHearsSealed(t *testing.T, to, from *member) {
	t.Helper()
	poll.Until(t, to.name+" sees and hears "+from.name, func() bool {
		heard, _ := to.soundOf(from.name)
		return to.decoded(from.name).FramesDecoded >= 20 && heard >= 48000
	})
	if st := to.decoded(from.name); st.FramesSealed != 0 {
		t.Errorf("%s could not open %d of %s's frames", to.name, st.FramesSealed, from.name)
	}
	heard, js := to.soundOf(from.name)
	t.Logf("%s from %s: %d pictures decoded, %d samples of sound, %d audio packets", to.name, from.name,
		to.decoded(from.name).FramesDecoded, heard, js.Received)
	assertAllSealed(t, to.rawOf(from.name))
}

// assertAllSealed checks every frame as the server forwarded it: each
// opens with the ring's key, which an AES-GCM tag allows only for frames
// encrypted with it, so none went through in the clear.
func assertAllSealed(t *testing.T, raw *rawFrames) {
	t.Helper()
	videoFrames, audioFrames := raw.frames()
	if len(videoFrames) < 10 || len(audioFrames) < 50 {
		t.Fatalf("only %d video and %d audio frames captured", len(videoFrames), len(audioFrames))
	}
	keys, err := e2ee.PassphraseRing(ringKey)
	if err != nil {
		t.Fatal(err)
	}
	d := e2ee.NewDecryptor(keys)
	for i, f := range videoFrames {
		if _, err := d.Decrypt(nil, f, e2ee.VP8Kind(f)); err != nil {
			t.Fatalf("video frame %d of %d (%d bytes) is not sealed with the key: %v", i, len(videoFrames), len(f), err)
		}
	}
	for i, f := range audioFrames {
		if _, err := d.Decrypt(nil, f, e2ee.Opus); err != nil {
			t.Fatalf("audio frame %d of %d (%d bytes) is not sealed with the key: %v", i, len(audioFrames), len(f), err)
		}
	}
}

// assertKeyNeverSent checks every signalling message: the key is in none,
// in no form, and the publisher told Janus that its media is encrypted.
func assertKeyNeverSent(t *testing.T, m *member) {
	t.Helper()
	quoted, _ := json.Marshal(ringKey)
	saidE2EE := false
	for _, msg := range m.sent() {
		for _, form := range [][]byte{[]byte(ringKey), quoted[1 : len(quoted)-1], []byte("Mond"), []byte("Fluss")} {
			if bytes.Contains(msg, form) {
				t.Fatalf("%s sent the key to the server: %s", m.name, msg)
			}
		}
		if bytes.Contains(msg, []byte(`"e2ee":true`)) {
			saidE2EE = true
		}
	}
	if !saidE2EE {
		t.Errorf("%s never said e2ee: true", m.name)
	}
}

// A participant with another key sees no picture and hears no sound of
// the others, not even garbage, and is told whose key does not match.
func TestWrongKeyIsToldAndNothingIsShown(t *testing.T) {
	srv := encryptedRing(t, true)
	anna := join(t, srv, "Anna", link(t, srv, ringKey))
	carl := join(t, srv, "Carl", link(t, srv, "a different passphrase"))
	poll.Until(t, "Carl is told that Anna's key does not match", func() bool {
		for _, k := range carl.told() {
			if k.Name == "Anna" {
				return true
			}
		}
		return false
	})
	poll.Until(t, "Carl's receiver has dropped Anna's frames", func() bool { return carl.decoded("Anna").FramesSealed >= 10 })
	if st := carl.decoded("Anna"); st.FramesDecoded != 0 {
		t.Errorf("Carl decoded %d of Anna's pictures with the wrong key", st.FramesDecoded)
	}
	if heard, js := carl.soundOf("Anna"); heard != 0 || js.Received != 0 {
		t.Errorf("Carl heard %d samples (%d packets) of Anna with the wrong key", heard, js.Received)
	}
	poll.Until(t, "Anna is told of Carl", func() bool { return len(anna.told()) > 0 })
	if got := anna.told(); got[0].Name != "Carl" || len(got) != 1 {
		t.Errorf("Anna was told %v", got)
	}
}

// A participant without the key (a plain link) cannot publish in a room
// that takes only encrypted media, and is told why, in words that point
// at the link; it gets nothing, so it can show or play nothing. (A room
// without require_e2ee lets it in: see the next test.)
func TestWithoutTheKeyTheRingIsClosed(t *testing.T) {
	srv := encryptedRing(t, true)
	join(t, srv, "Anna", link(t, srv, ringKey))
	media, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer media.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	l := link(t, srv, "")
	c, err := janus.Join(ctx, janus.Options{Endpoint: l.Endpoint, Room: l.Room, Display: "Dora",
		Tracks: media.Tracks(), ConfigureMediaEngine: media.ConfigureMediaEngine})
	if err == nil {
		c.Close()
		t.Fatal("a participant without the key joined a ring that requires end-to-end encryption")
	}
	if !errors.Is(err, janus.ErrNeedsKey) {
		t.Fatalf("error %v, want %v", err, janus.ErrNeedsKey)
	}
}

// In a ring whose server does not require encryption, a participant
// without the key is let in; what an encrypting participant sends is
// dropped before the decoders all the same (e2ee.SealedGuard): no
// garbage picture, no noise.
func TestWithoutTheKeyNothingGarbledIsShownOrPlayed(t *testing.T) {
	srv := encryptedRing(t, false)
	join(t, srv, "Anna", link(t, srv, ringKey))
	dora := join(t, srv, "Dora", link(t, srv, ""))
	assertNothingReachesTheDecoders(t, dora, "Anna")
}

// assertNothingReachesTheDecoders waits until m, who has no key, has a
// second of from's encrypted frames, and checks that none of them went to
// its decoders: no garbage picture, no noise.
func assertNothingReachesTheDecoders(t *testing.T, m *member, from string) {
	t.Helper()
	poll.Until(t, m.name+" has a second of "+from+"'s frames", func() bool {
		v, a := m.rawOf(from).frames()
		return len(v) >= 15 && len(a) >= 50
	})
	st := m.decoded(from)
	heard, js := m.soundOf(from)
	if st.FramesDecoded != 0 || st.FramesBroken != 0 || st.FramesSealed < 10 {
		t.Errorf("%s's decoder got %s's encrypted pictures: %+v", m.name, from, st)
	}
	if heard != 0 || js.Received != 0 {
		t.Errorf("%s played %d samples (%d packets) of %s's encrypted sound", m.name, heard, js.Received, from)
	}
}
