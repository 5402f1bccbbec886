package app

import (
	"context"
	"github.com/ringlet/ringlet/app/checklist"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/ringlet/ringlet/media/call"
)

const (
	nativeLink = "ringlet://localhost:8188/janus?room=1234&tls=0"
	meetLink   = "https://meet.google.com/abc-defg-hij"
)

// newTestUI starts the GUI on Fyne's headless test app in language l,
// with slow work made synchronous and no real-name match unless a test
// asks for one.
func newTestUI(t testing.TB, l string, opts Options) *ui {
	t.Helper()
	t.Setenv("LANGUAGE", l)
	t.Setenv("LANG", "en_US.UTF-8")
	a := test.NewTempApp(t)
	opts.App = a
	if opts.RealName == nil {
		opts.RealName = func(string) bool { return false }
	}
	u := newUI(opts)
	u.async = func(f func()) { f() }
	u.start(nil)
	return u
}

func TestJoinEnabledOnlyForValidLinks(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	s := u.link
	if !s.join.Disabled() {
		t.Fatal("Next is enabled with an empty field")
	}
	cases := []struct {
		text, kind string
		valid      bool
	}{
		{nativeLink, "Ringlet ring", true},
		{meetLink, "Google Meet", true},
		{"https://zoom.us/j/123456789?pwd=abc", "Zoom", true},
		{"https://meet.jit.si/SelbsthilfeMittwoch", "Jitsi", true},
		{"https://example.org/some/page", "unknown video service", true},
		{"javascript:alert(1)", "not a link to a ring", false},
		{"hello", "not a link to a ring", false},
	}
	for _, c := range cases {
		test.Type(s.entry, "x") // make sure OnChanged runs even for the same text
		s.entry.SetText(c.text)
		if s.join.Disabled() == c.valid {
			t.Errorf("%q: Next disabled=%v, want %v", c.text, s.join.Disabled(), !c.valid)
		}
		if !strings.Contains(s.kind.Text, c.kind) {
			t.Errorf("%q: kind %q does not say %q", c.text, s.kind.Text, c.kind)
		}
		if !c.valid && s.reason.Text == "" {
			t.Errorf("%q: no reason shown", c.text)
		}
	}
}

func TestLinkScreenInGerman(t *testing.T) {
	u := newTestUI(t, "de", Options{})
	u.link.entry.SetText("ftp://example.org/x")
	if !strings.Contains(u.link.reason.Text, "ringlet://") || !strings.Contains(u.link.kind.Text, "kein Link zu einer Runde") {
		t.Errorf("German reason: %q / %q", u.link.kind.Text, u.link.reason.Text)
	}
	u.link.entry.SetText(nativeLink)
	if !strings.Contains(u.link.kind.Text, "Ringlet verbindet Sie direkt") {
		t.Errorf("German kind: %q", u.link.kind.Text)
	}
}

func TestPasteTakesTheLinkOutOfAnInvitation(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	u.clip.SetContent("Hallo zusammen,\nhier der Link für Mittwoch: " + meetLink + " bis dann!")
	test.Tap(u.link.paste)
	if u.link.entry.Text != meetLink {
		t.Fatalf("field holds %q", u.link.entry.Text)
	}
	if u.link.join.Disabled() {
		t.Fatal("Next should be enabled")
	}
}

func TestFirstArgumentFillsTheLink(t *testing.T) {
	if o := initialLink([]string{nativeLink}); o.text != nativeLink || o.err != nil {
		t.Errorf("link argument: %+v", o)
	}
	if o := initialLink(nil); o.text != "" {
		t.Errorf("no argument: %+v", o)
	}
	o := initialLink([]string{t.TempDir() + "/missing.ring"})
	if o.err == nil || message(o.err) == "" {
		t.Errorf("missing .ring file: %+v", o)
	}
}

func TestTrayMenu(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	m := u.buildTrayMenu()
	var labels []string
	for _, it := range m.Items {
		if !it.IsSeparator {
			labels = append(labels, it.Label)
		}
	}
	want := []string{"Show Ringlet", "Join with copied link", "Turn microphone off", "Leave the ring", "Leave now and close everything", "Quit Ringlet"}
	if strings.Join(labels, "|") != strings.Join(want, "|") {
		t.Fatalf("tray items %q, want %q", labels, want)
	}
	if !m.Items[3].Disabled || !m.Items[4].Disabled {
		t.Error("Mute and Leave should be disabled outside a call")
	}
	if m.Items[5].Disabled {
		t.Error("panic leave must always be available")
	}
	if !m.Items[len(m.Items)-1].IsQuit {
		t.Error("Quit should be marked as the quit item")
	}
}

// In a call the tray's items are live and do what they say.
func TestTrayMenuInACall(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	m := u.buildTrayMenu()
	u.trayMenu = m
	mute, leave, panicLeave := m.Items[3], m.Items[4], m.Items[5]
	if mute.Disabled || leave.Disabled || panicLeave.Disabled {
		t.Fatal("call items disabled in a call")
	}
	if mute.Label != "Turn microphone on" {
		t.Errorf("muted call, tray says %q", mute.Label)
	}
	mute.Action()
	if len(c.muted) == 0 || c.muted[len(c.muted)-1] {
		t.Errorf("tray unmute did not unmute the call: %v", c.muted)
	}
	if mute.Label != "Turn microphone off" {
		t.Errorf("after unmuting, tray says %q", mute.Label)
	}
	leave.Action()
	if !c.left {
		t.Error("tray leave did not leave the call")
	}
}

// In a call, panic leave from the tray drops everything without asking.
func TestTrayPanicLeaveInACall(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	u.clip.SetContent(nativeLink)
	m := u.buildTrayMenu()
	m.Items[5].Action()
	if !c.panicked || u.flow != nil || u.clip.Content() != "" {
		t.Errorf("panicked %v, flow kept %v, clipboard %q", c.panicked, u.flow != nil, u.clip.Content())
	}
	if n := len(u.app.Driver().AllWindows()); n != 0 {
		t.Errorf("%d windows still open", n)
	}
}

// fakeCall records what the GUI asked of the call.
type fakeCall struct {
	events         chan call.Event
	muted, camera  []bool
	chats          []string
	left, panicked bool
}

func newFakeCall() *fakeCall { return &fakeCall{events: make(chan call.Event)} }

func (c *fakeCall) Events() <-chan call.Event  { return c.events }
func (c *fakeCall) SetMuted(m bool)            { c.muted = append(c.muted, m) }
func (c *fakeCall) SetCamera(on bool)          { c.camera = append(c.camera, on) }
func (c *fakeCall) RaiseHand(bool)             {}
func (c *fakeCall) SendChat(text string) error { c.chats = append(c.chats, text); return nil }
func (c *fakeCall) Features() CallFeatures     { return CallFeatures{Chat: true, RaiseHand: true} }
func (c *fakeCall) Leave()                     { c.left = true }
func (c *fakeCall) PanicLeave()                { c.panicked = true }

// joinedUI walks the whole native flow up to the call screen.
func joinedUI(t testing.TB, l string, opts Options) (*ui, *fakeCall) {
	t.Helper()
	c := newFakeCall()
	opts.Join = func(ctx context.Context, req JoinRequest) (Call, error) { return c, nil }
	u := newTestUI(t, l, opts)
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	if u.flow == nil || u.flow.step != stepJoin {
		t.Fatal("not on the pre-join screen")
	}
	test.Tap(u.preview.join)
	if u.call == nil || u.flow.call == nil {
		t.Fatal("not in the call")
	}
	return u, c
}

func TestPanicLeaveDropsEverything(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	u.clip.SetContent(nativeLink)
	u.apply(call.Chat{From: "Sanfter Fuchs", Text: "Hallo"})
	test.Tap(u.call.panicLeave)
	if !c.panicked {
		t.Error("the call was not told to panic-leave")
	}
	if u.flow != nil {
		t.Error("the visit's state was kept")
	}
	if n := len(u.app.Driver().AllWindows()); n != 0 {
		t.Errorf("%d windows still open", n)
	}
	if got := u.clip.Content(); got != "" {
		t.Errorf("clipboard still holds %q", got)
	}
}

// A checklist share link carries the ring link and PIN inside: it goes too.
func TestPanicLeaveClearsACopiedChecklistLink(t *testing.T) {
	c, err := checklist.Template("self-help")
	if err != nil {
		t.Fatal(err)
	}
	c.Ring.Link, c.Ring.Name = nativeLink, "Dienstagsrunde"
	share, err := checklist.ShareLink(c, "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := joinedUI(t, "en", Options{})
	u.clip.SetContent("Hier unsere Checkliste: " + share)
	u.panicLeave()
	if got := u.clip.Content(); got != "" {
		t.Errorf("clipboard still holds %q", got)
	}
}

func TestPanicLeaveKeepsAnUnrelatedClipboard(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	u.clip.SetContent("shopping list: milk")
	u.panicLeave()
	if got := u.clip.Content(); got != "shopping list: milk" {
		t.Errorf("clipboard changed to %q", got)
	}
}

func TestCallEventsAndControls(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	if !u.flow.muted || len(u.flow.participants) != 0 {
		t.Fatal("should start muted and alone")
	}
	u.apply(call.ParticipantJoined{ID: "1", Name: "Sanfter Fuchs"})
	u.apply(call.Talking{ParticipantID: "1", On: true})
	u.apply(call.Recording{On: true})
	u.apply(call.ConnectionLost{})
	if !u.call.recording.Visible() || !u.call.reconnecting.Visible() {
		t.Error("recording and reconnecting must show")
	}
	if len(u.call.tiles.Objects) != 2 {
		t.Errorf("want 2 tiles, got %d", len(u.call.tiles.Objects))
	}
	u.apply(call.Joined{Rejoined: true})
	if u.call.reconnecting.Visible() {
		t.Error("reconnecting still shown")
	}
	test.Tap(u.call.mute)
	if len(c.muted) == 0 || c.muted[len(c.muted)-1] {
		t.Error("unmute did not reach the call")
	}
	if !u.call.camera.Disabled() {
		t.Error("voice only: the camera button must stay off")
	}
	test.Type(u.call.chatEntry, "Guten Abend")
	u.call.chatEntry.OnSubmitted(u.call.chatEntry.Text)
	if len(c.chats) != 1 || c.chats[0] != "Guten Abend" {
		t.Errorf("chat sent: %q", c.chats)
	}
	u.apply(call.ParticipantLeft{ID: "1"})
	if len(u.call.tiles.Objects) != 1 {
		t.Errorf("want 1 tile, got %d", len(u.call.tiles.Objects))
	}
	test.Tap(u.call.leave)
	if !c.left || u.flow != nil || u.left == nil {
		t.Fatal("leave did not end the visit")
	}
}

func TestLeftScreenOffersToClearTheClipboard(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	u.clip.SetContent(meetLink)
	u.leave()
	if u.left.clearClip == nil {
		t.Fatal("no offer to clear the clipboard")
	}
	test.Tap(u.left.clearClip)
	if u.clip.Content() != "" {
		t.Error("clipboard not cleared")
	}
}

func TestLeftEventShowsTheReason(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	u.apply(call.Ended{Err: errNoNativeJoin})
	if u.flow != nil || u.left == nil {
		t.Fatal("the visit did not end")
	}
}

var _ fyne.Clipboard = test.NewClipboard()

func TestNoSessionBusWithoutARunningOne(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if hasSessionBus() {
		t.Error("no bus runs, yet one was reported (or started)")
	}
}

func TestTrayJoinFromClipboardAndShow(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	u.clip.SetContent("Link für heute: " + meetLink)
	u.joinFromClipboard()
	if u.link == nil || u.link.entry.Text != meetLink || u.link.join.Disabled() {
		t.Fatal("Join with copied link should fill in the link")
	}
	u.closeWindow()
	if u.win != nil {
		t.Fatal("window still there")
	}
	u.showWindow()
	if u.win == nil || u.link == nil {
		t.Fatal("Show should bring back a window with the link screen")
	}
}

// blurringCall is a fake call with a camera whose pictures went out sharp.
type blurringCall struct {
	*fakeCall
	verdict string
}

func (c blurringCall) BlurVerdict() (Msg, bool) { return Msg{Key: c.verdict}, true }

func TestSharpBackgroundIsShownAsAWarning(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	c := blurringCall{fakeCall: newFakeCall(), verdict: "blur.verdict.not_blurred"}
	u.opts.Join = func(context.Context, JoinRequest) (Call, error) { return c, nil }
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	u.flow.audioOnly = false
	u.join()
	u.call.showFrame(selfID, nil)
	u.updateBlurVerdict()
	if !u.call.blurVerdict.Visible() || !strings.Contains(u.call.blurVerdict.Text, "NOT blurred") {
		t.Fatalf("verdict %q", u.call.blurVerdict.Text)
	}
	test.Tap(u.call.camera) // turn the camera off
	u.updateBlurVerdict()
	if u.call.blurVerdict.Visible() {
		t.Error("no verdict without a picture")
	}
	if len(c.camera) != 1 || c.camera[0] {
		t.Errorf("camera off did not reach the call: %v", c.camera)
	}
}

func TestLanguageOverrideWorksUnderTheCLocale(t *testing.T) {
	t.Setenv("LC_ALL", "C")
	t.Setenv("LANGUAGE", "")
	applyLanguage("de")
	defer applyLanguage("en")
	if got := lang.L("app.link.paste"); got != "Einfügen" {
		t.Fatalf("LC_ALL=C: got %q", got)
	}
}

func TestChatPanelCountsUnreadWhileClosed(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	if !u.flow.chatOpen {
		t.Fatal("the chat should start open")
	}
	test.Tap(u.call.chatToggle)
	if u.flow.chatOpen || u.call.middle.Objects[0] != u.call.tilesOnly {
		t.Fatal("closing the chat did not hide it")
	}
	u.apply(call.Chat{From: "Sanfter Fuchs", Text: "Hallo"})
	u.apply(call.Chat{From: "Sanfter Fuchs", Text: "Ist jemand da?"})
	if got := u.call.chatToggle.Text; got != "Chat: 2 new" {
		t.Errorf("closed chat button says %q", got)
	}
	if u.call.chatToggle.Importance != widget.HighImportance {
		t.Error("unread messages must stand out")
	}
	// Keyboard: Enter on the focused button opens the chat and puts the
	// cursor into the message field.
	u.win.Canvas().Focus(u.call.chatToggle)
	u.call.chatToggle.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !u.flow.chatOpen || u.flow.unread != 0 || u.win.Canvas().Focused() != u.call.chatEntry {
		t.Fatal("opening the chat by keyboard did not show it with the cursor in the field")
	}
	if got := u.call.chatToggle.Text; got != "Close chat" {
		t.Errorf("open chat button says %q", got)
	}
	test.Type(u.call.chatEntry, "Ja, hier")
	u.call.chatEntry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(c.chats) != 1 || c.chats[0] != "Ja, hier" {
		t.Errorf("sent: %q", c.chats)
	}
	shown := ""
	for _, o := range u.call.chatLog.Objects {
		shown += o.(*widget.RichText).String() + "\n"
	}
	if shown != "Sanfter Fuchs: Hallo\nSanfter Fuchs: Ist jemand da?\nYou: Ja, hier\n" {
		t.Errorf("chat shows %q", shown)
	}
	u.leave()
	if u.flow != nil || u.call != nil {
		t.Error("the chat outlived the visit")
	}
}

// gatingCall is a call that gates the microphone itself for push-to-talk.
type gatingCall struct {
	*fakeCall
	ptt     []bool
	pressed []bool
}

func (c *gatingCall) SetPushToTalk(on bool)   { c.ptt = append(c.ptt, on) }
func (c *gatingCall) PushToTalk(pressed bool) { c.pressed = append(c.pressed, pressed) }

func TestPushToTalkOnTheSpaceBar(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	u.pushToTalkKey(true)
	if len(c.muted) != 0 {
		t.Fatal("the space bar opened the microphone with push-to-talk off")
	}
	u.win.Canvas().Focus(u.call.pushToTalk)
	test.Tap(u.call.pushToTalk)
	if !u.flow.pushToTalk || u.win.Canvas().Focused() != nil {
		t.Fatal("turning push-to-talk on must clear the focus, so the space bar only talks")
	}
	if !u.call.mute.Disabled() || u.call.micState.Text != "Hold the space bar to speak. Right now nobody hears you." {
		t.Errorf("mic state %q", u.call.micState.Text)
	}
	u.pushToTalkKey(true)
	if got := c.muted[len(c.muted)-1]; got || u.call.micState.Text != "Your microphone is on. The others hear you." {
		t.Errorf("holding the key: muted=%v, %q", got, u.call.micState.Text)
	}
	u.pushToTalkKey(false)
	if !c.muted[len(c.muted)-1] {
		t.Error("letting go did not close the microphone")
	}
	// Typing a space in the chat is not talking.
	u.win.Canvas().Focus(u.call.chatEntry)
	n := len(c.muted)
	u.pushToTalkKey(true)
	if len(c.muted) != n {
		t.Error("a space typed in the chat opened the microphone")
	}
	u.setPushToTalk(false)
	if u.call.mute.Disabled() || !c.muted[len(c.muted)-1] {
		t.Error("turning push-to-talk off must go back to the mute button's state (muted)")
	}
}

func TestPushToTalkThroughTheSession(t *testing.T) {
	g := &gatingCall{fakeCall: newFakeCall()}
	u := newTestUI(t, "en", Options{Join: func(context.Context, JoinRequest) (Call, error) { return g, nil }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	u.join()
	u.setPushToTalk(true)
	u.pushToTalkKey(true)
	u.pushToTalkKey(false)
	if len(g.ptt) != 1 || !g.ptt[0] || len(g.pressed) != 2 || !g.pressed[0] || g.pressed[1] {
		t.Errorf("session was asked: ptt %v, pressed %v", g.ptt, g.pressed)
	}
}

// loudnessCall is a call that plays each person at their own volume.
type loudnessCall struct {
	*fakeCall
	volumes map[string]float64
}

func (c *loudnessCall) SetVolume(id string, v float64) { c.volumes[id] = v }
func (c *loudnessCall) Volume(id string) float64 {
	if v, ok := c.volumes[id]; ok {
		return v
	}
	return 1
}

func TestVolumePerParticipant(t *testing.T) {
	c := &loudnessCall{fakeCall: newFakeCall(), volumes: map[string]float64{}}
	u := newTestUI(t, "en", Options{Join: func(context.Context, JoinRequest) (Call, error) { return c, nil }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	u.join()
	u.apply(call.ParticipantJoined{ID: "7", Name: "Sanfter Fuchs"})
	b := u.call.volumeButtons["7"]
	if b == nil {
		t.Fatal("no volume button on the tile")
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	slider, ok := u.win.Canvas().Focused().(*widget.Slider)
	if !ok || slider.Value != 1 {
		t.Fatal("the volume dialog did not open with the slider focused at 100 %")
	}
	slider.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if v := c.volumes["7"]; v < 0.85 || v > 0.95 {
		t.Errorf("arrow left set the volume to %v", v)
	}
	// A call without volumes shows no button.
	u2, _ := joinedUI(t, "en", Options{})
	u2.apply(call.ParticipantJoined{ID: "7", Name: "Sanfter Fuchs"})
	if len(u2.call.volumeButtons) != 0 {
		t.Error("volume button without volume control")
	}
}

// goneClipboard is the clipboard once the window system has shut down:
// touching it is what crashed a SIGTERM that came during Quit.
type goneClipboard struct{ touched bool }

func (c *goneClipboard) Content() string   { c.touched = true; return "" }
func (c *goneClipboard) SetContent(string) { c.touched = true }

// A second way out while Ringlet is already quitting (a SIGTERM during
// Quit, the panic hotkey) does nothing: the window system may be gone.
func TestSecondQuitTouchesNothing(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	u.quit()
	if !c.panicked {
		t.Fatal("quitting did not drop the call")
	}
	gone := &goneClipboard{}
	u.clip = gone
	u.quit()
	u.panicLeave()
	if gone.touched {
		t.Error("a second quit reached for the clipboard after the window system was gone")
	}
}
