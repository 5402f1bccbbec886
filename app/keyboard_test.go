package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestFlowByKeyboard walks link → check-up → name → preview with the
// keyboard only: typing, Enter on a field, Tab to a button, Enter on it.
func TestFlowByKeyboard(t *testing.T) {
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	c := u.win.Canvas()
	if c.Focused() != u.link.entry {
		t.Fatal("the link field should have the focus at start")
	}
	test.Type(c.Focused(), nativeLink)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.flow == nil || u.flow.step != stepCheck {
		t.Fatal("Enter in the link field did not move on")
	}
	// The check-up focuses its Next button; Enter presses it.
	c = u.win.Canvas()
	if c.Focused() == nil {
		t.Fatal("nothing focused on the check-up")
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if u.flow.step != stepName {
		t.Fatal("Enter on Next did not move on")
	}
	c = u.win.Canvas()
	if c.Focused() != u.name.entry {
		t.Fatal("the name field should have the focus")
	}
	// Tab goes from the field to "Other name".
	test.FocusNext(c)
	if c.Focused() != u.name.another {
		t.Fatalf("Tab went to %T", c.Focused())
	}
	u.name.entry.SetText("")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.name.entry.Text != "Quiet Owl" {
		t.Fatalf("Enter on Other name gave %q", u.name.entry.Text)
	}
	c.Focus(u.name.entry)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.flow.step != stepPreview {
		t.Fatal("Enter in the name field did not move on")
	}
}

// The call can be run by keyboard alone: Tab reaches every control, Enter
// presses it (microphone, raise hand, leave).
func TestCallByKeyboard(t *testing.T) {
	u, call := joinedUI(t, "en", Options{})
	c := u.win.Canvas()
	reach := func(want fyne.Focusable, name string) {
		t.Helper()
		for range 60 { // more than the call screen has controls
			if c.Focused() == want {
				return
			}
			test.FocusNext(c)
		}
		t.Fatalf("Tab never reached %s", name)
	}
	reach(u.call.mute, "the microphone button")
	before := len(call.muted)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(call.muted) != before+1 || call.muted[len(call.muted)-1] {
		t.Errorf("Enter on the microphone button did not unmute: %v", call.muted)
	}
	reach(u.call.hand, "raise hand")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !u.flow.hand {
		t.Error("Enter on raise hand did not raise it")
	}
	reach(u.call.leave, "leave")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !call.left {
		t.Error("Enter on leave did not leave")
	}
}

// Someone working by keyboard must always see where the focus is: in every
// theme the focus colour is strong, not Fyne's faint default tint.
func TestFocusIsVisibleInEveryTheme(t *testing.T) {
	for _, choice := range []string{themeSystem, themeLight, themeDark, themeContrast} {
		th := newTheme(choice, textNormal)
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			_, _, _, a := th.Color(theme.ColorNameFocus, v).RGBA()
			if a < 0x8000 {
				t.Errorf("theme %q, variant %d: focus colour is only %d %% opaque", choice, v, a*100/0xffff)
			}
		}
	}
}
