package janus

import (
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// Janus gives a newcomer the m-lines someone who left used before, with
// the same mid and SSRC, so the subscriber's SDP does not change. Those
// who stayed must still see and hear whoever comes next, again and again.
func TestNewcomerAfterSomeoneLeftIsSeenAndHeard(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	stay := mustJoin(t, srv, "Blue Heron", peerOptions{audioOnly: true})
	for visit := range 3 {
		fox := mustJoin(t, srv, "Passing Fox", peerOptions{})
		stay.waitMedia("Passing Fox", true)
		fox.leave()
		stay.waitFor("the fox to go", 20*time.Second, func() bool { return stay.feedOf("Passing Fox") == 0 })
		t.Logf("visit %d seen and heard", visit+1)
	}
}
