package app

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/browser"
	"github.com/ringlet/ringlet/app/remember"
	"github.com/ringlet/ringlet/media/call"
)

// zeroReader makes the pseudonym generator pick the first words, so
// golden images and tests are stable.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0
	}
	return len(p), nil
}

// countingReader cycles through byte values to reach every word.
type countingReader struct{ n byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}

func TestPseudonymsAreTwoFriendlyWords(t *testing.T) {
	if got := newPseudonym(zeroReader{}, "de"); got != "Stille Eule" {
		t.Errorf("de: got %q", got)
	}
	if got := newPseudonym(zeroReader{}, "en"); got != "Quiet Owl" {
		t.Errorf("en: got %q", got)
	}
	r := &countingReader{}
	for i := 0; i < 300; i++ {
		for _, l := range []string{"de", "en"} {
			name := newPseudonym(r, l)
			if w := strings.Fields(name); len(w) != 2 || !utf8.ValidString(name) {
				t.Fatalf("%s: %q is not two words", l, name)
			}
		}
	}
	if got := newPseudonym(nil, "de"); got == "" {
		t.Error("crypto/rand default gave no name")
	}
}

func TestGermanAdjectiveFollowsTheNounsGender(t *testing.T) {
	for _, n := range germanNouns {
		adj := "Still" + germanEndings[n.g]
		want := map[gender]string{masculine: "Stiller", feminine: "Stille", neuter: "Stilles"}[n.g]
		if adj != want {
			t.Errorf("%s: %q, want %q", n.word, adj, want)
		}
	}
}

func TestLooksLikeRealName(t *testing.T) {
	real := []string{"Anna-Lena Müller", "amueller"}
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Anna", true},
		{"anna lena", true},
		{"Frau Muller", true},
		{"amueller", true},
		{"Stille Eule", false},
		{"Al", false},
		{"", false},
	} {
		if got := looksLikeRealName(tc.name, real); got != tc.want {
			t.Errorf("%q: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRealNameWarningWhileTyping(t *testing.T) {
	u := newTestUI(t, "en", Options{
		Random:   zeroReader{},
		RealName: func(n string) bool { return strings.Contains(strings.ToLower(n), "anna") },
	})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	s := u.name
	if s.entry.Text != "Quiet Owl" || s.next.Disabled() || s.warning.Text != "" {
		t.Fatalf("start: %q next disabled=%v warning=%q", s.entry.Text, s.next.Disabled(), s.warning.Text)
	}
	s.entry.SetText("")
	test.Type(s.entry, "Anna")
	if !strings.Contains(s.warning.Text, "real name") || !s.next.Disabled() {
		t.Fatalf("real name: warning=%q next disabled=%v", s.warning.Text, s.next.Disabled())
	}
	test.Tap(s.another)
	if s.warning.Text != "" || s.next.Disabled() {
		t.Fatalf("after Other name: warning=%q", s.warning.Text)
	}
	s.entry.SetText("   ")
	if !s.next.Disabled() {
		t.Fatal("an empty name must not be accepted")
	}
}

// memoryRemember is a Rememberer in memory.
type memoryRemember struct {
	m     map[string]remember.Secret
	saves int
	rings []remember.Ring
}

func (r *memoryRemember) Load(id string) (remember.Secret, bool, error) {
	s, ok := r.m[id]
	return s, ok, nil
}
func (r *memoryRemember) Save(id string, s remember.Secret) error {
	r.m[id] = s
	r.saves++
	return nil
}
func (r *memoryRemember) Forget(id string) error { delete(r.m, id); return nil }

// The remembered rings, in memory as app/remember keeps them in the
// keyring (that package's own tests run against go-keyring's mock and a
// real Secret Service).
func (r *memoryRemember) Rings() ([]remember.Ring, error) { return r.rings, nil }
func (r *memoryRemember) KeepRing(k remember.Ring) error {
	kept := r.rings[:0:0]
	for _, old := range r.rings {
		if old.Link != k.Link && old.Label != k.Label {
			kept = append(kept, old)
		}
	}
	r.rings = append(kept, k)
	return nil
}
func (r *memoryRemember) ForgetRing(link string) error {
	kept := r.rings[:0:0]
	for _, old := range r.rings {
		if old.Link != link {
			kept = append(kept, old)
		}
	}
	r.rings = kept
	return nil
}
func (r *memoryRemember) ForgetAll() error {
	r.rings, r.m = nil, map[string]remember.Secret{}
	return nil
}

func TestRememberIsOptIn(t *testing.T) {
	mem := &memoryRemember{m: map[string]remember.Secret{}}
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: mem})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	if u.name.remember.Checked {
		t.Fatal("remember must start unticked")
	}
	test.Tap(u.name.next)
	if mem.saves != 0 || len(mem.m) != 0 {
		t.Fatal("a name was kept without asking")
	}

	// Second visit: tick the box.
	u.leave()
	u.showLinkStep(opening{text: nativeLink})
	test.Tap(u.link.join)
	u.name.entry.SetText("Sanfter Fuchs")
	test.Tap(u.name.remember)
	test.Tap(u.name.next)
	if len(mem.m) != 1 {
		t.Fatalf("want one remembered ring, got %d", len(mem.m))
	}
	for id, sec := range mem.m {
		if sec.Pseudonym != "Sanfter Fuchs" || sec.PIN != "" {
			t.Errorf("remembered %+v", sec)
		}
		if strings.Contains(id, "pin") {
			t.Errorf("ring identity %q holds a PIN", id)
		}
	}

	// Third visit: the name comes back when asked for, and can be
	// forgotten.
	u.leave()
	u.showLinkStep(opening{text: nativeLink})
	test.Tap(u.link.join)
	if u.name.entry.Text == "Sanfter Fuchs" {
		t.Fatal("the saved name was fetched without being asked for")
	}
	test.Tap(u.name.useSaved)
	if u.name.entry.Text != "Sanfter Fuchs" || !u.name.remember.Checked {
		t.Fatalf("remembered name not offered: %q", u.name.entry.Text)
	}
	test.Tap(u.name.forget)
	if len(mem.m) != 0 {
		t.Fatal("Forget kept the name")
	}
}

// spyPrefs records every key written through it.
type spyPrefs struct {
	fyne.Preferences
	written map[string]bool
}

func (s *spyPrefs) note(k string)                      { s.written[k] = true }
func (s *spyPrefs) SetBool(k string, v bool)           { s.note(k); s.Preferences.SetBool(k, v) }
func (s *spyPrefs) SetBoolList(k string, v []bool)     { s.note(k); s.Preferences.SetBoolList(k, v) }
func (s *spyPrefs) SetFloat(k string, v float64)       { s.note(k); s.Preferences.SetFloat(k, v) }
func (s *spyPrefs) SetFloatList(k string, v []float64) { s.note(k); s.Preferences.SetFloatList(k, v) }
func (s *spyPrefs) SetInt(k string, v int)             { s.note(k); s.Preferences.SetInt(k, v) }
func (s *spyPrefs) SetIntList(k string, v []int)       { s.note(k); s.Preferences.SetIntList(k, v) }
func (s *spyPrefs) SetString(k string, v string)       { s.note(k); s.Preferences.SetString(k, v) }
func (s *spyPrefs) SetStringList(k string, v []string) { s.note(k); s.Preferences.SetStringList(k, v) }

// TestOnlyWhitelistedPreferencesAreWritten runs a whole visit with every
// setting changed, then checks that the preferences hold nothing but the
// whitelist, and nothing of the visit.
func TestOnlyWhitelistedPreferencesAreWritten(t *testing.T) {
	t.Setenv("LANGUAGE", "en")
	a := test.NewTempApp(t)
	spy := &spyPrefs{Preferences: a.Preferences(), written: map[string]bool{}}
	c := newFakeCall()
	u := newUI(Options{
		App: a, Preferences: spy, Random: zeroReader{},
		RealName: func(string) bool { return false },
		Join:     func(context.Context, JoinRequest) (Call, error) { return c, nil },
		CheckUp:  screenshotFindings,
	})
	u.async = func(f func()) { f() }
	u.start(nil)

	u.showSettings()
	u.settings.theme.SetSelected("High contrast")
	u.settings.textSize.SetSelected("Very large")
	u.settings.language.SetSelected("Deutsch")
	if currentLanguage() != "de" || u.link == nil || u.link.paste.Text != "Einfügen" {
		t.Fatalf("language did not switch: %s", currentLanguage())
	}

	u.link.entry.SetText(nativeLink + "&pin=4711")
	test.Tap(u.link.join)
	u.join()
	u.apply(call.Chat{From: "Sanfter Fuchs", Text: "geheim"})
	test.Type(u.call.chatEntry, "auch geheim")
	u.call.chatEntry.OnSubmitted("")
	u.leave()

	for k := range spy.written {
		if !allowedPrefs[prefKey(k)] {
			t.Errorf("preference %q is not on the whitelist", k)
		}
	}
	if len(spy.written) != 3 {
		t.Errorf("want language, theme and text size written, got %v", spy.written)
	}
	reader, ok := a.Preferences().(interface{ ReadValues(func(map[string]any)) })
	if !ok {
		t.Fatal("test preferences cannot be listed")
	}
	reader.ReadValues(func(all map[string]any) {
		for k, v := range all {
			if !allowedPrefs[prefKey(k)] {
				t.Errorf("store holds %q", k)
			}
			s, _ := v.(string)
			for _, secret := range []string{"Stille", "4711", "1234", "localhost", "geheim", "Fuchs"} {
				if strings.Contains(s, secret) {
					t.Errorf("%q holds %q", k, secret)
				}
			}
		}
	})
	applyLanguage("en")
}

func TestCloseDuringCallAsks(t *testing.T) {
	u, c := joinedUI(t, "en", Options{})
	u.onCloseRequested()
	if c.left || u.flow == nil {
		t.Fatal("closing the window left the ring without asking")
	}
	if u.win == nil || len(u.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no question shown")
	}
}

func TestJoinWithoutEngineExplains(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	u.join()
	if u.flow == nil || u.flow.call != nil || u.flow.step != stepJoin {
		t.Fatal("should be back on the preview")
	}
	if len(u.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("no explanation shown")
	}
}

func TestPlatformRingHandsOff(t *testing.T) {
	var opened Handoff
	var browserCtx context.Context
	u := newTestUI(t, "en", Options{
		OpenPrivate: func(ctx context.Context, h Handoff) (<-chan error, error) {
			opened, browserCtx = h, ctx
			return make(chan error), nil
		},
	})
	u.link.entry.SetText(meetLink)
	test.Tap(u.link.join)
	if u.flow.step != stepJoin {
		t.Fatal("not on the hand-off step")
	}
	u.showHandoffStep()
	// The primary button is the last button of the frame.
	var open interface{ Tapped(*fyne.PointEvent) }
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(interface {
			Tapped(*fyne.PointEvent)
			MinSize() fyne.Size
		}); ok && strings.Contains(labelOf(o), "private window") {
			open = b
		}
	})
	if open == nil {
		t.Fatal("no open button")
	}
	open.Tapped(&fyne.PointEvent{})
	if opened.URL != meetLink || u.flow.step != stepOpened {
		t.Fatalf("opened %q, step %v", opened.URL, u.flow.step)
	}
	// Panic leave closes the private browser too.
	u.panicLeave()
	select {
	case <-browserCtx.Done():
	default:
		t.Fatal("panic leave left the private browser open")
	}
}

// lockedRemember is a keyring that cannot be reached.
type lockedRemember struct{}

var errLocked = &remember.Error{Key: remember.KeyUnavailable}

func (lockedRemember) Load(string) (remember.Secret, bool, error) {
	return remember.Secret{}, false, errLocked
}
func (lockedRemember) Save(string, remember.Secret) error { return errLocked }
func (lockedRemember) Forget(string) error                { return errLocked }

func TestUnreachableKeyringNeverHoldsTheUserBack(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: lockedRemember{}})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	test.Tap(u.name.useSaved)
	if !strings.Contains(u.name.status.Text, "password safe") {
		t.Errorf("status %q", u.name.status.Text)
	}
	test.Tap(u.name.next)
	if u.flow.step != stepJoin {
		t.Fatal("the user was held back on the name screen")
	}
}

// saveFails loads fine but cannot save.
type saveFails struct{ memoryRemember }

func (saveFails) Save(string, remember.Secret) error { return errLocked }

func TestFailedSaveIsToldAndTheNextPressJoins(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: &saveFails{memoryRemember{m: map[string]remember.Secret{}}}})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	test.Tap(u.name.remember)
	test.Tap(u.name.next)
	if u.flow.step != stepJoin || u.name.status.Text == "" || u.name.remember.Checked {
		t.Fatalf("step %v, status %q", u.flow.step, u.name.status.Text)
	}
	test.Tap(u.name.next)
	if u.flow.step != stepJoin {
		t.Fatal("the second press should go on without remembering")
	}
}

func TestStopWaitingForASlowRing(t *testing.T) {
	c := newFakeCall()
	var joinCtx context.Context
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		Join: func(ctx context.Context, _ JoinRequest) (Call, error) { joinCtx = ctx; return c, nil }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	var pending func()
	u.async = func(f func()) { pending = f }
	u.join()
	stop, ok := u.win.Canvas().Focused().(*button)
	if !ok || !strings.Contains(stop.Text, "Stop waiting") {
		t.Fatalf("the joining screen should focus Stop waiting, has %T", u.win.Canvas().Focused())
	}
	test.Tap(stop)
	if u.flow == nil || u.flow.step != stepJoin || u.flow.pseudonym != "Quiet Owl" {
		t.Fatal("Stop waiting should go back to the preview, keeping the choices")
	}
	pending() // the engine answers late
	if joinCtx.Err() == nil {
		t.Error("the join was not cancelled")
	}
	if !c.panicked || u.flow.call != nil {
		t.Error("a call that came up after Stop waiting must be dropped")
	}
}

// The joining screen's progress bar must stop when the call screen
// replaces it: Fyne would keep animating it off screen, repainting the
// whole window at every tick (docs/bench/window.md).
func TestJoiningBarStopsWhenTheCallShows(t *testing.T) {
	c := newFakeCall()
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		Join: func(context.Context, JoinRequest) (Call, error) { return c, nil }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	var pending func()
	u.async = func(f func()) { pending = f }
	u.join()
	var bars []*widget.ProgressBarInfinite
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.ProgressBarInfinite); ok {
			bars = append(bars, b)
		}
	})
	if len(bars) != 1 || !bars[0].Running() {
		t.Fatalf("the joining screen should show one running progress bar, has %d", len(bars))
	}
	pending()
	if u.call == nil {
		t.Fatal("the call screen did not show")
	}
	if bars[0].Running() {
		t.Error("the joining screen's progress bar still runs under the call screen")
	}
}

// focusWatch is an entry that notes losing the focus.
type focusWatch struct {
	widget.Entry
	lost bool
}

func (e *focusWatch) FocusLost() { e.lost = true; e.Entry.FocusLost() }

// A field focused on a screen that is replaced must lose the focus, so
// that its cursor stops blinking off screen (Fyne would keep repainting
// the whole window for it, docs/bench/window.md).
func TestReplacedScreenLosesTheFocus(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	field := &focusWatch{}
	field.ExtendBaseWidget(field)
	u.show(field)
	u.win.Canvas().Focus(field)
	u.show(widget.NewLabel("next"))
	if !field.lost {
		t.Error("the old screen's field kept the focus")
	}
}

func TestPINTypedInIsUsedAndRememberedOnlyWhenAsked(t *testing.T) {
	mem := &memoryRemember{m: map[string]remember.Secret{}}
	var got JoinRequest
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: mem,
		Join: func(_ context.Context, req JoinRequest) (Call, error) { got = req; return newFakeCall(), nil }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	test.Tap(u.name.remember)
	var pin *widget.Entry
	var has *widget.Check
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			pin = e
		}
		if c, ok := o.(*widget.Check); ok && c.Text == lang.L("app.preview.pin") {
			has = c
		}
	})
	if has == nil || pin == nil {
		t.Fatal("no PIN check box and field for a link without PIN")
	}
	test.Tap(has)
	if u.win.Canvas().Focused() != pin {
		t.Fatal("ticking the PIN box should put the cursor into the PIN field")
	}
	if pin == nil {
		t.Fatal("no PIN field for a link without PIN")
	}
	test.Type(pin, "4711")
	test.Tap(u.preview.rememberPIN) // the PIN's own opt-in
	u.join()
	if got.Link.PIN != "4711" {
		t.Fatalf("joined with PIN %q", got.Link.PIN)
	}
	for _, sec := range mem.m {
		if sec.PIN != "4711" || sec.Pseudonym != "Quiet Owl" {
			t.Errorf("remembered %+v", sec)
		}
	}
	if len(mem.m) != 1 {
		t.Fatalf("want one remembered ring, got %d", len(mem.m))
	}
	// Next visit: the PIN comes back with the name.
	u.leave()
	u.showLinkStep(opening{text: nativeLink})
	test.Tap(u.link.join)
	test.Tap(u.name.useSaved)
	u.join()
	if got.Link.PIN != "4711" {
		t.Fatalf("remembered PIN not used: %q", got.Link.PIN)
	}
}

// countingRemember counts keyring calls.
type countingRemember struct{ calls int }

func (c *countingRemember) Load(string) (remember.Secret, bool, error) {
	c.calls++
	return remember.Secret{}, false, nil
}
func (c *countingRemember) Save(string, remember.Secret) error { c.calls++; return nil }
func (c *countingRemember) Forget(string) error                { c.calls++; return nil }

func TestKeyringIsNotTouchedUnlessAsked(t *testing.T) {
	kr := &countingRemember{}
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: kr})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	if kr.calls != 0 {
		t.Fatalf("the keyring was used %d times without being asked", kr.calls)
	}
}

// Without a private browser the normal one opens only after the user was
// told what it keeps and shows, and agreed.
func TestNoPrivateBrowserAsksBeforeTheNormalBrowser(t *testing.T) {
	var inNormal []string
	u := newTestUI(t, "en", Options{
		OpenPrivate: func(context.Context, Handoff) (<-chan error, error) { return nil, errNoPrivateBrowser },
		OpenDefault: func(h Handoff) error { inNormal = append(inNormal, h.URL); return nil },
	})
	u.link.entry.SetText(meetLink)
	test.Tap(u.link.join)
	tapOpen := func() {
		t.Helper()
		var open *button
		walk(u.win.Content(), func(o fyne.CanvasObject) {
			if labelOf(o) == "Open private window" {
				open = o.(*button)
			}
		})
		if open == nil {
			t.Fatal("no open button")
		}
		test.Tap(open)
	}

	tapOpen()
	ask := u.askDefault
	if ask == nil || len(u.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("the user was not asked")
	}
	if len(inNormal) != 0 {
		t.Fatal("the normal browser opened before the user agreed")
	}
	if u.win.Canvas().Focused() != ask.cancel {
		t.Error("the safe answer (don't open) must have the focus")
	}
	// The question says plainly what the normal browser keeps and shows.
	text := lang.L("app.handoff.default_text")
	if !strings.Contains(text, "history") || !strings.Contains(text, "signed in") {
		t.Errorf("the warning does not say what is at stake: %q", text)
	}
	test.Tap(ask.cancel)
	if len(inNormal) != 0 || u.flow.step != stepJoin || len(u.win.Canvas().Overlays().List()) != 0 {
		t.Fatal("\"Don't open\" opened something or left the hand-off screen")
	}

	tapOpen()
	test.Tap(u.askDefault.open)
	if len(inNormal) != 1 || inNormal[0] != meetLink {
		t.Fatalf("opened %q in the normal browser", inNormal)
	}
	if u.flow.step != stepOpened || !u.flow.inNormalBrowser {
		t.Fatal("not on the opened step")
	}
	// The opened screen keeps reminding: not private, close it yourself.
	var texts []string
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, translate(browser.KeyDefaultBrowser, nil)) || !strings.Contains(all, "close the browser tab yourself") {
		t.Errorf("the opened screen does not warn:\n%s", all)
	}
}

// Without OpenDefault Ringlet never offers the normal browser.
func TestNoPrivateBrowserWithoutFallbackOnlyExplains(t *testing.T) {
	u := newTestUI(t, "en", Options{})
	u.link.entry.SetText(meetLink)
	test.Tap(u.link.join)
	var open *button
	var status *widget.Label
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if labelOf(o) == "Open private window" {
			open = o.(*button)
		}
	})
	test.Tap(open)
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance && l.Text != "" {
			status = l
		}
	})
	if u.askDefault != nil || status == nil || status.Text != message(errNoPrivateBrowser) {
		t.Errorf("asked %v, status %v", u.askDefault != nil, status)
	}
}
