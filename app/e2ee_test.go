package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/call"
)

const encryptedLink = "ringlet://localhost:8188/janus?room=1234&title=Mittwochsgruppe&tls=0#key=Mond+und+Sterne"

// encryptedCallUI joins the encrypted ring with a stand-in call (the
// engine is tested in tests/e2ee; this is what the window says).
func encryptedCallUI(t *testing.T, l string) *ui {
	t.Helper()
	return callUIWith(t, l, encryptedLink)
}

// callUIWith joins the ring of link with a stand-in call.
func callUIWith(t *testing.T, l, link string) *ui {
	t.Helper()
	c := newFakeCall()
	u := newTestUI(t, l, Options{Random: zeroReader{}, CheckUp: screenshotFindings,
		Join: func(context.Context, JoinRequest) (Call, error) { return c, nil }})
	u.link.entry.SetText(link)
	test.Tap(u.link.join)
	test.Tap(u.preview.join)
	if u.call == nil {
		t.Fatal("not in the call")
	}
	return u
}

// shownText is every label's text on the window, joined.
func shownText(u *ui) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(u.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() {
			b.WriteString(l.Text + "\n")
		}
	}
	return b.String()
}

// The link screen, the call screen and the check-up say whether the ring
// is encrypted end to end; the call screen shows the safety code.
func TestEncryptionIsSaidPlainly(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	for link, want := range map[string]string{
		encryptedLink:               "Encrypted end to end",
		nativeLink:                  "Not encrypted end to end",
		"https://meet.jit.si/Kreis": "",
		// LiveKit: a Meet page with its passphrase, the ringlet:// form
		// with a key, a Meet page without; LiveKit's hosted demo is a
		// browser's to join, and Ringlet says nothing about it.
		"https://meet.example.org/rooms/abend-runde#Mond%20und%20Sterne": "Encrypted end to end",
		"ringlet://meet.example.org/?livekit=abend-runde#key=Mond":       "Encrypted end to end",
		"https://meet.example.org/rooms/abend-runde":                     "Not encrypted end to end",
		"https://meet.livekit.io/rooms/abend-runde#Mond":                 "",
	} {
		u.link.entry.SetText(link)
		got := u.link.kind.Text
		if want == "" && strings.Contains(strings.ToLower(got), "encrypted") || !strings.Contains(got, want) {
			t.Errorf("link screen for %s says %q", link, got)
		}
	}

	u = encryptedCallUI(t, "en")
	l, err := ring.Parse(encryptedLink)
	if err != nil {
		t.Fatal(err)
	}
	code := session.SafetyCode(l)
	if shown := shownText(u); code == "" || !strings.Contains(shown, "Safety code: "+code) {
		t.Errorf("the call screen does not show the safety code %q:\n%s", code, shown)
	}
	if shown := shownText(u); strings.Contains(shown, "Mond") {
		t.Errorf("the call screen shows the key:\n%s", shown)
	}
	u.showCheckStep()
	if shown := shownText(u); !strings.Contains(shown, "cannot see or hear") || !strings.Contains(shown, "The chat is not encrypted end to end") {
		t.Errorf("the check-up does not say what it protects and what not:\n%s", shown)
	}
}

// A LiveKit Meet ring with the same passphrase has the same safety code
// on the call screen: the keys come from the passphrase alone, on either
// engine (and in livekit-client).
func TestLiveKitRingShowsTheSafetyCode(t *testing.T) {
	janusRing, err := ring.Parse(encryptedLink)
	if err != nil {
		t.Fatal(err)
	}
	u := callUIWith(t, "en", "https://meet.example.org/rooms/abend-runde#Mond%20und%20Sterne")
	code := session.SafetyCode(janusRing)
	if shown := shownText(u); code == "" || !strings.Contains(shown, "Safety code: "+code) || strings.Contains(shown, "Mond") {
		t.Errorf("the LiveKit ring's call screen does not show the safety code %q, or shows the key:\n%s", code, shown)
	}
}

func TestGoldenEncryptedRing(t *testing.T) {
	for _, l := range []string{"en", "de"} {
		u := newTestUI(t, l, Options{Random: zeroReader{}})
		u.link.entry.SetText(encryptedLink)
		capture(t, u, "link_encrypted."+l+".png")
		u = encryptedCallUI(t, l)
		capture(t, u, "call_encrypted."+l+".png")
		u.showCheckStep()
		capture(t, u, "checkup_encrypted."+l+".png")
	}
}

// A participant whose key does not match is named on the call screen, in
// words, with the name cleaned like every other name from others.
func TestKeyMismatchIsShownByName(t *testing.T) {
	u := encryptedCallUI(t, "en")
	u.apply(call.KeyMismatch{ParticipantID: "7", Name: "Carl\u202e"})
	got := u.call.notice.Text
	if !u.call.notice.Visible() || !strings.Contains(got, "The key of Carl does not match yours") || strings.Contains(got, "\u202e") {
		t.Fatalf("notice %q (shown: %v)", got, u.call.notice.Visible())
	}
}
