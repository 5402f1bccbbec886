package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/remember"
	"github.com/ringlet/ringlet/app/ring"
)

// clickCounter taps as a person would and counts every tap.
type clickCounter struct{ n int }

func (c *clickCounter) tap(t *testing.T, o fyne.Tappable) {
	t.Helper()
	if b, ok := o.(fyne.Disableable); ok && b.Disabled() {
		t.Fatalf("tap %d: the button is disabled", c.n+1)
	}
	c.n++
	test.Tap(o)
}

// The newcomer's path, by taps: first time, paste a link and be in the
// ring with sound only; returning (the name remembered on opt-in), be in
// the ring again. Goals: at most 5 and 3 clicks.
func TestClicksIntoTheRing(t *testing.T) {
	mem := &memoryRemember{m: map[string]remember.Secret{}}
	calls := 0
	u := newTestUI(t, "de", Options{Random: zeroReader{}, Remember: mem,
		Join: func(_ context.Context, req JoinRequest) (Call, error) {
			if !req.AudioOnly {
				t.Error("the first visit should join with sound only")
			}
			calls++
			return newFakeCall(), nil
		}})
	u.clip.SetContent("Hallo! Unsere Runde ist am Mittwoch: " + screenshotLink)

	var first clickCounter
	first.tap(t, u.link.paste)
	first.tap(t, u.link.join)
	first.tap(t, u.ringCheck) // opting in: "remember this ring"
	first.tap(t, u.preview.join)
	if u.flow == nil || u.flow.call == nil || calls != 1 {
		t.Fatal("not in the ring after the first visit's clicks")
	}
	if len(mem.rings) != 1 || mem.rings[0].Pseudonym != "Stille Eule" || mem.rings[0].Label != "Mittwochsgruppe" {
		t.Fatalf("remembered %+v", mem.rings)
	}
	u.leave()

	// Returning, after a restart: the first screen offers the ring.
	var again clickCounter
	u.remembered = nil
	u.showLinkStep(opening{})
	if len(u.link.ringButtons) != 1 {
		t.Fatal("the remembered ring is not offered on the first screen")
	}
	again.tap(t, u.link.ringButtons[0])
	if u.name.entry.Text != "Stille Eule" {
		t.Errorf("the remembered name is not filled in: %q", u.name.entry.Text)
	}
	again.tap(t, u.preview.join)
	if u.flow == nil || u.flow.call == nil || calls != 2 {
		t.Fatal("not in the ring after the returning visit's clicks")
	}
	fmt.Printf("clicks: first=%d returning=%d\n", first.n, again.n)
	if first.n > 5 {
		t.Errorf("first visit took %d clicks, goal is at most 5", first.n)
	}
	if again.n > 3 {
		t.Errorf("returning visit took %d clicks, goal is at most 3", again.n)
	}
	u.leave()

	// Forgetting is one click each, and then nothing is offered.
	u.showLinkStep(opening{})
	test.Tap(u.link.forgetAll)
	if len(mem.rings) != 0 || u.prefs.get(prefRemembered) != "" || len(u.link.ringButtons) != 0 {
		t.Errorf("forget all kept %+v", mem.rings)
	}
}

// Nothing is remembered unless asked, and the keyring is not even asked
// at start before the user has remembered something.
func TestNoRingRememberedUnlessAsked(t *testing.T) {
	mem := &memoryRemember{m: map[string]remember.Secret{}}
	u := newTestUI(t, "en", Options{Random: zeroReader{}, Remember: mem,
		Join: func(context.Context, JoinRequest) (Call, error) { return newFakeCall(), nil }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	if u.ringCheck == nil || u.ringCheck.Checked {
		t.Fatal("remember this ring must be offered, unticked")
	}
	test.Tap(u.preview.join)
	if len(mem.rings) != 0 || mem.saves != 0 || u.prefs.get(prefRemembered) != "" {
		t.Errorf("kept without asking: %+v", mem.rings)
	}
}

// contradictions are pairs of message keys that must never be on one
// screen together: each pair once said two opposite things at once.
var contradictions = [][2]string{
	{"handoff.protects.name_prefilled", "handoff.cannot.type_name"},
	{"privacy.google.signed_in.text", "privacy.native.matters.text"},
	{"app.name.remember", "app.left.nothing_saved"},
}

// visibleTexts are the texts of every label, button and check box on the
// window, hidden ones left out.
func visibleTexts(u *ui) []string {
	var out []string
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *button:
			out = append(out, w.Text)
		case *explainedButton:
			out = append(out, w.Text)
		case *widget.Check:
			out = append(out, w.Text)
		}
	})
	return out
}

// shows tells whether the screen shows the text of key: its words up to
// the first template field, so texts with names in them count too.
func shows(texts []string, key string) bool {
	want := translate(key, nil)
	if i := strings.Index(want, "<no value>"); i >= 0 {
		want = want[:i]
	}
	want = strings.TrimSpace(want)
	if want == "" {
		return false
	}
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// Every screen, in both languages, shows no two texts that contradict
// each other.
func TestNoScreenContradictsItself(t *testing.T) {
	for _, l := range []string{"de", "en"} {
		screens := map[string]func() *ui{
			"link": func() *ui { return newTestUI(t, l, Options{Random: zeroReader{}}) },
			"join": func() *ui {
				u := newTestUI(t, l, Options{Random: zeroReader{}, CheckUp: screenshotFindings, Remember: &memoryRemember{m: map[string]remember.Secret{}}})
				u.link.entry.SetText(nativeLink)
				test.Tap(u.link.join)
				return u
			},
			"checkup": func() *ui {
				u := newTestUI(t, l, Options{Random: zeroReader{}, CheckUp: screenshotFindings})
				u.link.entry.SetText(nativeLink)
				test.Tap(u.link.join)
				u.showCheckStep()
				return u
			},
			"handoff": func() *ui {
				u := newTestUI(t, l, Options{Random: zeroReader{}, Handoff: systemHandoff})
				u.link.entry.SetText("https://meet.jit.si/Mittwochsgruppe")
				test.Tap(u.link.join)
				return u
			},
			"call muted": func() *ui {
				u, _ := joinedUI(t, l, Options{Random: zeroReader{}})
				return u
			},
			"left": func() *ui {
				u, _ := joinedUI(t, l, Options{Random: zeroReader{}})
				u.leave()
				return u
			},
		}
		for name, show := range screens {
			u := show()
			texts := visibleTexts(u)
			for _, pair := range contradictions {
				if shows(texts, pair[0]) && shows(texts, pair[1]) {
					t.Errorf("%s (%s) shows both %s and %s", name, l, pair[0], pair[1])
				}
			}
		}
	}
	applyLanguage("en")
}

// The first screen offers larger text in one click.
func TestLargerTextInOneClick(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	u.link.entry.SetText(nativeLink)
	if u.link.larger == nil {
		t.Fatal("no larger-text button on the first screen")
	}
	test.Tap(u.link.larger)
	if u.prefs.get(prefTextSize) != textLarge || u.link.entry.Text != nativeLink {
		t.Errorf("text size %q, link %q", u.prefs.get(prefTextSize), u.link.entry.Text)
	}
	if u.link.larger != nil {
		t.Error("the button stays after the text became larger")
	}
}

// Nothing is cut off at 820×600 with 1.5× text: every screen of the way
// into the ring fits the window's width (its height scrolls), in both
// languages.
func TestScreensFitAtLargerText(t *testing.T) {
	for _, l := range []string{"de", "en"} {
		t.Setenv("LANGUAGE", l)
		a := test.NewTempApp(t)
		a.Preferences().SetString(string(prefTextSize), textLarger)
		c := newFakeCall()
		u := newUI(Options{App: a, Random: zeroReader{}, RealName: func(string) bool { return false },
			CheckUp: screenshotFindings, Remember: &memoryRemember{m: map[string]remember.Secret{}},
			Join: func(context.Context, JoinRequest) (Call, error) { return c, nil }})
		u.async = func(f func()) { f() }
		u.start([]string{meetLink})
		fits := func(screen string) {
			t.Helper()
			if w := u.win.Content().MinSize().Width; w > 820 {
				t.Errorf("%s (%s) needs %.0f px at 1.5× text, more than 820", screen, l, w)
			}
		}
		fits("link")
		test.Tap(u.link.join)
		fits("hand-off")
		u.showLinkStep(opening{text: nativeLink})
		test.Tap(u.link.join)
		fits("pre-join")
		test.Tap(u.preview.withCamera)
		fits("pre-join with camera")
		u.name.entry.SetText("")
		fits("pre-join, Join held back")
		u.showCheckStep()
		fits("check-up")
		u.showJoinStep()
		u.name.entry.SetText("Stille Eule")
		test.Tap(u.preview.join)
		fits("call")
		u.leave()
		fits("left")
	}
	applyLanguage("en")
}

// The pre-join screen names the microphone its level meter listens to,
// and follows a change of microphone.
func TestPreJoinNamesTheMicrophone(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		ListDevices: func(k DeviceKind) []DeviceInfo {
			if k != DeviceMicrophone {
				return nil
			}
			return []DeviceInfo{{ID: "a", Label: "Headset"}, {ID: "b", Label: "Built-in microphone", Default: true}}
		},
		OpenPreview: func(PreviewRequest) (Preview, error) { return screenshotPreview{audioOnly: true}, nil },
	})
	u.onUI = func(f func()) { f() }
	u.previewTick = 0
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	if got := u.preview.live.micName.Text; got != "Built-in microphone" {
		t.Errorf("the meter names %q, want the system's default microphone", got)
	}
	u.preview.microphone.sel.SetSelectedIndex(1)
	if got := u.preview.live.micName.Text; got != "Headset" {
		t.Errorf("after choosing the headset the meter names %q", got)
	}
}

// A held-back button says why, beside it: Next on the first screen, Join
// while the name will not do.
func TestDisabledButtonsSayWhy(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}, RealName: func(n string) bool { return n == "Anna Muster" }})
	if !u.link.join.Disabled() || !u.link.why.Visible() || u.link.why.Text != translate("app.link.why_disabled_empty", nil) {
		t.Errorf("empty field: disabled %v, why %q", u.link.join.Disabled(), u.link.why.Text)
	}
	u.link.entry.SetText("javascript:alert(1)")
	if !u.link.why.Visible() || u.link.why.Text != translate("app.link.why_disabled_error", nil) {
		t.Errorf("bad link: why %q", u.link.why.Text)
	}
	u.link.entry.SetText(nativeLink)
	if u.link.join.Disabled() || u.link.why.Visible() {
		t.Error("a good link still holds Next back")
	}
	test.Tap(u.link.join)
	u.name.entry.SetText("Anna Muster")
	if !u.preview.join.Disabled() || !u.name.why.Visible() || u.name.why.Text == "" {
		t.Errorf("real name: join disabled %v, why %q", u.preview.join.Disabled(), u.name.why.Text)
	}
	u.name.entry.SetText("Stille Eule")
	if u.preview.join.Disabled() || u.name.why.Visible() {
		t.Error("a good name still holds Join back")
	}
}

// On a native ring the walkthrough does not call the Google and Zoom steps
// "Important" above "Not needed here": a row never contradicts itself.
func TestWalkthroughRowsDoNotContradict(t *testing.T) {
	for _, l := range []string{"de", "en"} {
		u := newTestUI(t, l, Options{Random: zeroReader{}})
		c, err := checklist.Template("self-help")
		if err != nil {
			t.Fatal(err)
		}
		link, _ := ring.Parse(nativeLink)
		u.flow = &flow{link: link, checklist: c}
		u.showCheckStep()
		required := translate("checklist.level.required", nil)
		notNeeded := 0
		for _, r := range u.check.walk.rows {
			if n := r.assessment.note; n == "app.walk.google_native" || n == "app.walk.zoom_native" {
				notNeeded++
				if strings.Contains(r.title.Text, required) {
					t.Errorf("%s: %q says %q and %q", l, r.title.Text, required, r.note.Text)
				}
			}
		}
		if notNeeded == 0 {
			t.Fatalf("%s: the template has no step that a native ring does not need", l)
		}
	}
	applyLanguage("en")
}
