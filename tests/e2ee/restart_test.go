package e2ee

import (
	"testing"

	"github.com/ringlet/ringlet/internal/poll"
)

// Janus killed and started again mid-call: both rejoin (new
// PeerConnections, so the encrypting tracks are bound anew, with new
// SSRCs) and see each other again, every frame still opened.
func TestEncryptedCallSurvivesServerRestart(t *testing.T) {
	srv := encryptedRing(t, true)
	l := link(t, srv, ringKey)
	anna := join(t, srv, "Anna", l)
	ben := join(t, srv, "Ben", l)
	poll.Until(t, "Ben sees Anna", func() bool { return ben.decoded("Anna").FramesDecoded >= 10 })
	before, _ := ben.feedOf("Anna")

	srv.Kill()
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "Ben sees Anna again, under her new feed", func() bool {
		now, ok := ben.feedOf("Anna")
		return ok && now != before && ben.decoded("Anna").FramesDecoded >= 10
	})
	poll.Until(t, "Anna sees Ben again", func() bool { return anna.decoded("Ben").FramesDecoded >= 10 })
	for _, pair := range [][2]*member{{anna, ben}, {ben, anna}} {
		poll.Until(t, pair[0].name+" has a second of "+pair[1].name+"'s frames", func() bool {
			v, a := pair[0].rawOf(pair[1].name).frames()
			return len(v) >= 10 && len(a) >= 50
		})
		if st := pair[0].decoded(pair[1].name); st.FramesSealed != 0 {
			t.Errorf("%s could not open %d of %s's frames after the restart", pair[0].name, st.FramesSealed, pair[1].name)
		}
		assertAllSealed(t, pair[0].rawOf(pair[1].name))
	}
}
