package livekit

import (
	"fmt"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// A ring that outgrows one server: two LiveKit nodes and Redis, with a
// room on each node, and people connecting through either node (the
// other node relays their signalling). Everyone sees everyone in their
// room. Then the node with the second room dies: people whose signalling
// went through it reconnect through the survivor and their room (on the
// survivor) goes on; people of the dead node's room are told the
// connection was lost and rejoin their room, which the survivor takes
// over.
func TestClusterNodeDies(t *testing.T) {
	c := livekittest.StartClusterT(t)
	c.CreateRoom(t, 0, "ring-on-a")
	c.CreateRoom(t, 1, "ring-on-b")
	for i, room := range []string{"ring-on-a", "ring-on-b"} {
		if got := c.NodeOf(t, room); got != i {
			t.Fatalf("%s lives on node %d, want %d", room, got, i)
		}
	}
	srv := c.Nodes[0] // any node mints tokens: they share the keys
	join := func(name, room string, via int) *peer {
		return mustJoin(t, srv, name, peerOptions{room: room, via: c.Via(t, via)})
	}
	owl, heron := join("Stille Eule", "ring-on-a", 0), join("Blue Heron", "ring-on-a", 1)
	fox, crow := join("Red Fox", "ring-on-b", 1), join("Black Crow", "ring-on-b", 0)
	pairs := [][2]*peer{{owl, heron}, {heron, owl}, {fox, crow}, {crow, fox}}
	for _, pr := range pairs {
		pr[0].eventually(fmt.Sprintf("30 frames of %s", pr[1].name), 20*time.Second, func() bool { return pr[0].framesFrom(pr[1].identity) >= 30 })
	}
	for _, p := range []*peer{owl, heron} {
		if n := count(p, func(e call.ParticipantJoined) bool { return e.ID == fox.identity || e.ID == crow.identity }); n != 0 {
			t.Errorf("%s sees people of the other room", p.name)
		}
	}

	before := map[*peer]int64{}
	for _, pr := range pairs {
		before[pr[0]] = pr[0].framesFrom(pr[1].identity)
	}
	c.Nodes[1].Kill()

	// Through the dead node: the connection is lost, then rejoined.
	for _, p := range []*peer{heron, fox, crow} {
		p.eventually("the rejoin", 40*time.Second, func() bool {
			return count[call.ConnectionLost](p, nil) >= 1 && count(p, func(e call.Joined) bool { return e.Rejoined }) >= 1
		})
	}
	for _, pr := range pairs {
		pr[0].eventually(fmt.Sprintf("%s's picture again", pr[1].name), 30*time.Second, func() bool {
			return pr[0].framesFrom(pr[1].identity) >= before[pr[0]]+30
		})
	}
	if got := c.NodeOf(t, "ring-on-b"); got != 0 {
		t.Errorf("the dead node's room lives on node %d now, want 0", got)
	}
	// The owl's signalling and room were on the survivor all along.
	if n := count[call.ConnectionLost](owl, nil); n != 0 {
		t.Errorf("the owl, on the surviving node, lost the connection: %s", owl.describe())
	}
	for _, p := range []*peer{owl, heron, fox, crow} {
		if n := count[call.Ended](p, nil); n != 0 {
			t.Errorf("%s's call ended: %s", p.name, p.describe())
		}
	}
}
