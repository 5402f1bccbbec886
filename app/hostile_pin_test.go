package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/ringlet/ringlet/app/remember"
	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// TestHostileWrongPINIsNeverRemembered joins a real Janus room that has a
// PIN, from a link without it, with the real remember.Store. The keyring
// itself is go-keyring's in-memory mock: there is no Secret Service here.
//   - "remember this name" alone never stores the PIN;
//   - with "remember the PIN" ticked, a PIN the ring refuses is not
//     stored, the accepted one is;
//   - a remembered PIN the ring refuses (the group changed it) is dropped.
func TestHostileWrongPINIsNeverRemembered(t *testing.T) {
	const room, pin = 551122, "eule-2046"
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: room, PIN: pin, Description: "PIN-Runde"}}})
	link := srv.LinkWithoutPIN(room)
	parsed, err := ring.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	id := ringIdentity(parsed)

	keyring.MockInit()
	store := remember.New(remember.OSKeyring())
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: store, Join: sharedDevices.join})
	stored := func() remember.Secret {
		t.Helper()
		sec, _, err := store.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		return sec
	}

	// The name is remembered, the PIN's own box is not ticked.
	toPreview(t, u, link, true)
	typePIN(t, u, pin)
	test.Tap(u.preview.join)
	if u.flow == nil || u.flow.call == nil {
		t.Fatalf("the right PIN did not get in: %q", u.preview.status.Text)
	}
	if sec := stored(); sec.Pseudonym == "" || sec.PIN != "" {
		t.Errorf("remember the name only: stored %+v", sec)
	}
	leaveAndWait(t, u)

	// Both ticked, a wrong PIN first: refused, so not stored.
	toPreview(t, u, link, true)
	typePIN(t, u, "falsch-9999")
	test.Tap(u.preview.rememberPIN)
	test.Tap(u.preview.join)
	if u.flow == nil || u.flow.call != nil {
		t.Fatal("a wrong PIN got into the ring")
	}
	if sec := stored(); sec.PIN != "" {
		t.Errorf("a PIN the ring refused was remembered: %+v", sec)
	}
	// Then the right one: accepted, so stored.
	u.preview.pin.SetText(pin)
	test.Tap(u.preview.join)
	if u.flow == nil || u.flow.call == nil {
		t.Fatal("the right PIN did not get in")
	}
	if sec := stored(); sec.PIN != pin {
		t.Errorf("the accepted PIN was not remembered: %+v", sec)
	}
	leaveAndWait(t, u)

	// The group changes the PIN: the remembered one is refused and dropped.
	if err := store.Save(id, remember.Secret{Pseudonym: stored().Pseudonym, PIN: "alt-1111"}); err != nil {
		t.Fatal(err)
	}
	toPreview(t, u, link, false)
	if u.flow.pin != "alt-1111" {
		t.Fatalf("the remembered PIN was not used: %q", u.flow.pin)
	}
	test.Tap(u.preview.join)
	if u.flow == nil || u.flow.call != nil {
		t.Fatal("an old PIN got into the ring")
	}
	if sec := stored(); sec.PIN != "" || sec.Pseudonym == "" {
		t.Errorf("a refused PIN stayed remembered (or the name went with it): %+v", sec)
	}
	u.panicLeave()
}

// leaveAndWait leaves the call and waits until the session has let go of
// the microphone (the GUI's Leave does that in the background), so that
// the next visit can open it again.
func leaveAndWait(t *testing.T, u *ui) {
	t.Helper()
	sc, ok := u.flow.call.(*sessionCall)
	if !ok {
		t.Fatalf("the call is a %T, not the real session", u.flow.call)
	}
	ctx, cancel := context.WithTimeout(context.Background(), leaveTimeout)
	defer cancel()
	_ = sc.s.Leave(ctx)
	u.leave()
}

// toPreview goes from the link to the preview. fresh ticks "remember this
// name"; otherwise the saved name (and PIN) are used.
func toPreview(t *testing.T, u *ui, link string, fresh bool) {
	t.Helper()
	u.showLinkStep(opening{text: link})
	test.Tap(u.link.join)
	if fresh {
		if !u.name.remember.Checked {
			test.Tap(u.name.remember)
		}
	} else {
		test.Tap(u.name.useSaved)
	}
	if u.preview == nil || u.preview.pin == nil || u.preview.rememberPIN == nil {
		t.Fatal("no PIN field with its own remember box on the preview")
	}
}

// typePIN types a PIN into the preview's PIN field.
func typePIN(t *testing.T, u *ui, pin string) {
	t.Helper()
	u.preview.pin.SetText(pin)
}
