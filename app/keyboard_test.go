package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestFlowByKeyboard walks link → pre-join screen → call with the
// keyboard only: typing, Enter on a field, Tab to a button, Enter on it.
func TestFlowByKeyboard(t *testing.T) {
	c0 := newFakeCall()
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		Join: func(context.Context, JoinRequest) (Call, error) { return c0, nil }})
	c := u.win.Canvas()
	if c.Focused() != u.link.entry {
		t.Fatal("the link field should have the focus at start")
	}
	test.Type(c.Focused(), nativeLink)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.flow == nil || u.flow.step != stepJoin {
		t.Fatal("Enter in the link field did not move on")
	}
	c = u.win.Canvas()
	if c.Focused() != u.preview.join {
		t.Fatalf("the pre-join screen should focus Join, has %T", c.Focused())
	}
	// Tab goes from the name field to "Other name".
	c.Focus(u.name.entry)
	test.FocusNext(c)
	if c.Focused() != u.name.another {
		t.Fatalf("Tab went to %T", c.Focused())
	}
	u.name.entry.SetText("")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.name.entry.Text != "Quiet Owl" {
		t.Fatalf("Enter on Other name gave %q", u.name.entry.Text)
	}
	// Enter in the name field joins.
	c.Focus(u.name.entry)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.flow.call == nil {
		t.Fatal("Enter in the name field did not join")
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
