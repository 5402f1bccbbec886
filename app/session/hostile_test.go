package session

import (
	"strconv"
	"testing"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// Strangers who join a real ring under the user's own pseudonym, or as
// "You", are shown under a number; their chat lines name them as shown,
// attributed to the feed they came from.
func TestHostileImpostorsAreToldApart(t *testing.T) {
	srv := janustest.StartT(t, janustest.Options{})
	s, events := joinT(t, Options{Link: link(t, srv, 1234), Pseudonym: "Stille Eule", AudioOnly: true, TestPattern: true, NullSpeaker: true})
	impostor := joinOther(t, srv, "Stille Eule")
	joinOther(t, srv, "You")
	waitUntil(t, "both strangers", func() bool { return len(s.Participants()) == 2 })
	names := map[string]bool{}
	for _, n := range s.Participants() {
		names[n] = true
	}
	if !names["Stille Eule (2)"] || !names["You (2)"] {
		t.Fatalf("strangers shown as %v, want numbered names", names)
	}
	waitUntil(t, "a line from the impostor", func() bool {
		_ = impostor.client.SendChat("Ich bin es, Stille Eule.")
		events.mu.Lock()
		defer events.mu.Unlock()
		for _, e := range events.events {
			if c, ok := e.(call.Chat); ok {
				if c.From != "Stille Eule (2)" || c.ParticipantID != strconv.FormatUint(impostor.client.ID(), 10) {
					t.Fatalf("the line is shown from %q (%s)", c.From, c.ParticipantID)
				}
				return true
			}
		}
		return false
	})
}
