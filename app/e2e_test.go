package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/janus"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// Every test of this package runs inside a private network namespace, so
// that the end-to-end tests can start Debian's Janus there. It needs root
// (or unprivileged user namespaces) and janus, which `make deps` installs;
// without them the package fails loudly instead of skipping.
func TestMain(m *testing.M) { janustest.Main(m) }

// realRing is a Janus ring with one other person in it, who sends the
// test picture and tone and whose chat messages arrive on chats.
type realRing struct {
	srv   *janustest.Server // nil for a LiveKit ring
	other interface{ SendChat(string) error }
	chats chan call.Chat

	mu    sync.Mutex
	hears map[string]bool // whose media the other person receives
}

// otherHears reports whether the other person receives name's media:
// Janus relays chat only to those who receive the sender.
func (r *realRing) otherHears(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hears[name]
}

const otherName = "Sanfter Fuchs"

// sharedDevices is the one gate of the test binary, as Run has one per
// process (wireEngines): the tests that join with the real devices take
// turns with them. A test's call is left in the background and may hold
// the microphone a moment after the test ended; the next test's join,
// with a gate of its own, found it "already opened" on a loaded machine.
var sharedDevices = &deviceGate{}

func startRealRing(t *testing.T, opts janustest.Options) *realRing {
	t.Helper()
	srv := janustest.StartT(t, opts)
	room := uint64(1234)
	if len(opts.Rooms) > 0 {
		room = opts.Rooms[0].ID
	}
	// The other person's media is generated (janustest.NewMedia): this
	// machine has no camera to fake it with.
	media, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	other, err := janus.Join(ctx, janus.Options{Endpoint: srv.URL(), Room: room, PIN: pinOf(opts, room), Display: otherName,
		Tracks: media.Tracks(), ConfigureMediaEngine: media.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	r := &realRing{srv: srv, other: other, chats: make(chan call.Chat, 16), hears: map[string]bool{}}
	go r.follow(other.Events())
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		other.Leave(lctx)
		media.Close()
	})
	return r
}

// startLiveKitRing is a LiveKit ring, behind a stand-in for LiveKit
// Meet's website, with the other person in room; link is the room's page.
func startLiveKitRing(t *testing.T, room string) (r *realRing, link string) {
	t.Helper()
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	media, err := janustest.NewMedia(janustest.MediaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	other, err := livekit.Join(ctx, livekit.Options{ServerURL: srv.URL(), Token: srv.TokenT(t, room, "other-person", otherName),
		Tracks: media.Tracks(), ConfigureMediaEngine: media.ConfigureMediaEngine})
	if err != nil {
		t.Fatal(err)
	}
	r = &realRing{other: other, chats: make(chan call.Chat, 16), hears: map[string]bool{}}
	go r.follow(other.Events())
	t.Cleanup(func() {
		lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer lcancel()
		_ = other.Leave(lctx)
		media.Close()
	})
	return r, meet.RoomLink(room)
}

// follow records what the other person is told: chat, and whose media
// arrives.
func (r *realRing) follow(events <-chan call.Event) {
	names := map[string]string{} // participant ID → name
	for ev := range events {
		switch e := ev.(type) {
		case call.Chat:
			r.chats <- e
		case call.ParticipantJoined:
			names[e.ID] = e.Name
		case call.TrackAdded:
			r.mu.Lock()
			r.hears[names[e.ParticipantID]] = true
			r.mu.Unlock()
		}
	}
}

// uiQueue runs the GUI's call events on the test goroutine.
type uiQueue chan func()

func queueUI(u *ui) uiQueue {
	q := make(uiQueue, 1024)
	u.onUI = func(f func()) { q <- f }
	return q
}

// until applies queued UI work until cond holds; it fails the test with
// what when poll.Until gives up. Each look applies the work queued so far
// (not what arrives meanwhile: pictures keep coming).
func (q uiQueue) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	poll.Until(t, what, func() bool {
		for n := len(q); n > 0; n-- {
			(<-q)()
		}
		return cond()
	})
}

// joinRealRing walks the GUI flow into the ring, voice only and muted
// (the defaults), and waits until the other person shows with a picture.
func joinRealRing(t *testing.T, u *ui, q uiQueue, link string) {
	t.Helper()
	u.link.entry.SetText(link)
	test.Tap(u.link.join)
	test.Tap(u.preview.join)
	if u.flow == nil || u.flow.call == nil {
		t.Fatalf("did not join; the window says: %q", overlayTexts(u))
	}
	q.until(t, "the other participant did not show up with a picture", func() bool {
		p := u.flow.find(firstID(u.flow))
		return p != nil && p.name == otherName && p.video && u.call.pictures[p.id] != nil && u.call.pictures[p.id].Image != nil
	})
}

// waitUntilOtherHears waits until the other person receives the user.
func waitUntilOtherHears(t *testing.T, u *ui, q uiQueue, r *realRing) {
	t.Helper()
	name := u.flow.pseudonym
	q.until(t, "the other person never received "+name, func() bool { return r.otherHears(name) })
}

// chatBothWays sends line from the GUI and answer from the other person,
// and checks that each arrived. The GUI's line is sent again every second
// until it arrives: Janus drops data for a subscriber whose data channel
// is still opening, and nothing tells the sender when it is open (seen
// here: the first line after the other person starts receiving the user
// is lost). That gap belongs to media/janus; this test is about the GUI.
func chatBothWays(t *testing.T, u *ui, q uiQueue, r *realRing, line, answer string) {
	t.Helper()
	waitUntilOtherHears(t, u, q, r)
	sent := 0
	var got call.Chat
	var lastSent time.Time
	q.until(t, fmt.Sprintf("the other person never got the chat line (sent %d times; problem shown: %q)", sent, u.call.chatProblem.Text), func() bool {
		select {
		case got = <-r.chats:
			return true
		default:
		}
		if time.Since(lastSent) < time.Second {
			return false // the line that went out may still arrive
		}
		test.Type(u.call.chatEntry, line)
		u.call.chatEntry.OnSubmitted(u.call.chatEntry.Text)
		if u.call.chatEntry.Text == "" {
			sent++
			lastSent = time.Now()
		}
		u.call.chatEntry.SetText("")
		return false
	})
	if got.Text != line || got.From != u.flow.pseudonym {
		t.Errorf("the other person got %q from %q, want %q from %q", got.Text, got.From, line, u.flow.pseudonym)
	}
	if err := r.other.SendChat(answer); err != nil {
		t.Fatal(err)
	}
	q.until(t, "the answer never showed in the chat", func() bool {
		for _, c := range u.flow.chat {
			if c.from == otherName && c.text == answer {
				return true
			}
		}
		return false
	})
	if !strings.Contains(chatShown(u), answer) {
		t.Error("the answer is in the flow but not on the screen")
	}
}

// chatShown is the chat panel's text as it is on screen.
func chatShown(u *ui) string {
	var b strings.Builder
	for _, o := range u.call.chatLog.Objects {
		if rt, ok := o.(interface{ String() string }); ok {
			b.WriteString(rt.String())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestEndToEndJoinARealRing(t *testing.T) {
	r := startRealRing(t, janustest.Options{})
	u := newTestUI(t, "de", Options{Random: zeroReader{}, Join: sharedDevices.join})
	q := queueUI(u)
	joinRealRing(t, u, q, r.srv.Link(1234))
	chatBothWays(t, u, q, r, "Guten Abend zusammen", "Hallo, willkommen!")

	test.Tap(u.call.leave)
	if u.flow != nil || u.left == nil {
		t.Fatal("leaving did not end the visit")
	}
}

func firstID(f *flow) string {
	if len(f.participants) == 0 {
		return ""
	}
	return f.participants[0].id
}

func pinOf(opts janustest.Options, room uint64) string {
	for _, r := range opts.Rooms {
		if r.ID == room {
			return r.PIN
		}
	}
	return ""
}

// Leaving runs in the background; joining again at once must wait for
// the microphone to be let go instead of failing on it (deviceGate).
func TestEndToEndJoinAgainRightAfterLeaving(t *testing.T) {
	r := startRealRing(t, janustest.Options{})
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Join: sharedDevices.join})
	q := queueUI(u)
	joinRealRing(t, u, q, r.srv.Link(1234))
	test.Tap(u.call.leave)
	if u.left == nil {
		t.Fatal("leaving did not show the goodbye")
	}
	u.showLinkStep(opening{}) // "join another ring", at once
	joinRealRing(t, u, q, r.srv.Link(1234))
	if u.left != nil {
		t.Fatalf("the second join failed: %v", u.left.reason)
	}
	test.Tap(u.call.leave)
}
