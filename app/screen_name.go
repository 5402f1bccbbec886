package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/remember"
)

// maxPseudonymRunes keeps names short enough for every tile and platform.
const maxPseudonymRunes = 40

// nameScreen is the name part of the pre-join screen: the name others
// will see, with the suggestion, the real-name guard and the opt-ins to
// remember it.
type nameScreen struct {
	entry    *widget.Entry
	another  *button
	warning  *widget.Label
	remember *widget.Check
	forget   *button
	useSaved *button
	status   *widget.Label
	// next is the screen's main button (Join, or Open for a platform
	// ring): the guard holds it back while the name will not do.
	next *button
	// why says, next to the held-back button, why it is held back.
	why *widget.Label
}

// nameSection offers a generated pseudonym and checks it against the real
// name while the user types. The keyring is touched only when the user
// asks for it (fetching a saved name, ticking "remember"): merely opening
// this screen never wakes it, so no keyring prompt can surprise anyone.
func (u *ui) nameSection(f *flow, s *nameScreen) fyne.CanvasObject {
	u.name = s
	if f.pseudonym == "" || (f.pseudonym == f.suggested && f.suggestedLang != currentLanguage()) {
		f.pseudonym = u.suggestName(f)
	}
	s.entry = widget.NewEntry()
	s.warning = para("")
	s.warning.Importance = widget.DangerImportance
	s.warning.Hide()
	s.why = widget.NewLabel("")
	s.why.Importance = widget.DangerImportance
	s.why.Hide()
	s.status = para("")
	s.another = newButton(lang.L("app.name.another"), theme.ViewRefreshIcon(), func() {
		s.entry.SetText(u.suggestName(f))
	})
	s.entry.OnChanged = func(text string) {
		if u.name == s {
			f.pseudonym = strings.TrimSpace(text)
		}
		u.checkName(text)
	}
	s.entry.OnSubmitted = func(string) {
		if s.next != nil && !s.next.Disabled() {
			s.next.OnTapped()
		}
	}
	s.entry.SetText(f.pseudonym)
	return container.NewVBox(
		bold(lang.L("app.name.title")),
		para(lang.L("app.name.intro")),
		container.NewBorder(nil, nil, nil, s.another, s.entry),
		s.warning,
	)
}

// suggestName makes up a name in the UI's language and notes it as
// Ringlet's suggestion.
func (u *ui) suggestName(f *flow) string {
	f.suggested, f.suggestedLang = newPseudonym(u.random, currentLanguage()), currentLanguage()
	return f.suggested
}

// rememberNameSection is the opt-in to keep the name for this ring, with
// "use the saved name" and "forget"; nil without a keyring.
func (u *ui) rememberNameSection(f *flow, s *nameScreen) fyne.CanvasObject {
	keyring := u.opts.Remember
	if keyring == nil {
		return nil
	}
	s.remember = widget.NewCheck(lang.L("app.name.remember"), func(on bool) { f.rememberName = on })
	s.remember.SetChecked(f.rememberName)
	s.forget = newButton(lang.L("app.name.forget"), theme.DeleteIcon(), func() {
		if err := keyring.Forget(ringIdentity(f.link)); err != nil {
			s.status.SetText(message(err))
			return
		}
		f.remembered, f.pin = false, ""
		f.rememberPIN, f.keptPIN = false, ""
		s.remember.SetChecked(false)
		s.forget.Hide()
		s.status.SetText(lang.L("app.name.forgotten"))
	})
	if !f.remembered {
		s.forget.Hide()
	}
	s.useSaved = newButton(lang.L("app.name.use_saved"), theme.HistoryIcon(), func() { u.fetchSavedName() })
	return container.NewVBox(s.remember, para(lang.L("app.name.remember_hint")),
		container.NewHBox(s.useSaved, s.forget), s.status)
}

// fetchSavedName asks the keyring for the name (and PIN) saved for this
// ring, off the UI thread: unlocking a keyring may ask the user first.
func (u *ui) fetchSavedName() {
	f, s := u.flow, u.name
	if f == nil || s == nil || u.opts.Remember == nil {
		return
	}
	s.useSaved.Disable()
	id := ringIdentity(f.link)
	u.async(func() {
		sec, ok, err := u.opts.Remember.Load(id)
		fyne.Do(func() {
			if u.flow != f || u.name != s {
				return
			}
			s.useSaved.Enable()
			switch {
			case err != nil:
				s.status.SetText(message(err))
			case !ok || (sec.Pseudonym == "" && sec.PIN == ""):
				s.status.SetText(lang.L("app.name.nothing_saved"))
			default:
				f.keptPIN, f.rememberPIN = sec.PIN, sec.PIN != ""
				if f.pin == "" {
					f.pin = sec.PIN
				}
				if sec.Pseudonym != "" {
					f.remembered, f.rememberName = true, true
					s.entry.SetText(sec.Pseudonym)
					s.remember.SetChecked(true)
				}
				s.forget.Show()
				s.status.SetText(lang.L("app.name.saved_used"))
			}
		})
	})
}

// realNameMatch asks the configured guard, or compares with the OS
// account's names.
func (u *ui) realNameMatch(name string) bool {
	if u.opts.RealName != nil {
		return u.opts.RealName(name)
	}
	return looksLikeRealName(name, osRealNames())
}

// checkName is the live real-name guard: it warns, and holds the main
// button back, while the name looks like the user's own.
func (u *ui) checkName(text string) {
	s := u.name
	if s == nil {
		return
	}
	name := strings.TrimSpace(text)
	switch {
	case name == "":
		s.warning.SetText(lang.L("app.name.empty"))
	case len([]rune(name)) > maxPseudonymRunes:
		s.warning.SetText(lang.L("app.name.too_long", map[string]any{"Max": maxPseudonymRunes}))
	case u.realNameMatch(name):
		s.warning.SetText(lang.L("app.name.real_name"))
	default:
		s.warning.SetText("")
	}
	if s.warning.Text == "" {
		s.warning.Hide()
		s.why.Hide()
		if s.next != nil {
			s.next.Enable()
		}
		return
	}
	s.warning.Show()
	// A held-back button says why, right beside it.
	s.why.SetText(lang.L("app.join.why_disabled_name"))
	s.why.Show()
	if s.next != nil {
		s.next.Disable()
	}
}

// keepName keeps the name for this visit and stores it in the keyring
// only if the user asked for it. It returns false when storing failed:
// the user is told and the box unticked, and pressing again goes on
// without.
func (u *ui) keepName() bool {
	f, s := u.flow, u.name
	if f == nil {
		return false
	}
	if s == nil {
		return true
	}
	f.pseudonym = strings.TrimSpace(s.entry.Text)
	if err := u.keepRing(f); err != nil {
		s.status.SetText(message(err))
		return false
	}
	f.pseudonym = strings.TrimSpace(s.entry.Text)
	if s.remember != nil {
		id := ringIdentity(f.link)
		switch {
		case f.rememberName:
			// Only the name is decided here. A PIN typed in earlier may be
			// wrong; the one the keyring already holds stays.
			if err := u.opts.Remember.Save(id, remember.Secret{Pseudonym: f.pseudonym, PIN: f.keptPIN}); err != nil {
				// Say so and untick: pressing Next again joins without.
				f.rememberName = false
				s.remember.SetChecked(false)
				s.status.SetText(message(err))
				return false
			}
			f.remembered = true
		case f.remembered:
			// Unticking means "do not keep it": the earlier name goes,
			// a PIN kept on its own opt-in stays. If that fails the user
			// is told, but not held back.
			if err := u.opts.Remember.Save(id, remember.Secret{PIN: f.keptPIN}); err == nil {
				f.remembered = false
			}
		}
	}
	return true
}

// keepPIN stores or drops the PIN typed in for this ring, now that the
// ring accepted it: stored only when the user ticked "remember the PIN",
// removed when they unticked it. A link that carries its own PIN has
// nothing to remember.
func (u *ui) keepPIN(f *flow) {
	if u.opts.Remember == nil || f.link.PIN != "" {
		return
	}
	want := ""
	if f.rememberPIN {
		want = f.pin
	}
	if want == f.keptPIN {
		return
	}
	u.savePIN(f, want)
}

// dropRefusedPIN forgets a remembered PIN the ring refused: the group has
// changed it, and a wrong PIN must not come back next time.
func (u *ui) dropRefusedPIN(f *flow, err error) {
	if u.opts.Remember == nil || f.keptPIN == "" || f.pin != f.keptPIN || !isWrongPIN(err) {
		return
	}
	u.savePIN(f, "")
}

// savePIN replaces the remembered PIN, keeping the name if it is
// remembered. A keyring that cannot be reached keeps nothing new, which
// is the safe side; the join itself is not held back for it.
func (u *ui) savePIN(f *flow, pin string) {
	sec := remember.Secret{PIN: pin}
	if f.rememberName {
		sec.Pseudonym = f.pseudonym
	}
	if err := u.opts.Remember.Save(ringIdentity(f.link), sec); err == nil {
		f.keptPIN = pin
	}
}

// isWrongPIN recognises the engine's "wrong PIN" answer by its message
// key (app does not import the engines' error types).
func isWrongPIN(err error) bool {
	var keyed interface{ MessageKey() string }
	return errors.As(err, &keyed) && keyed.MessageKey() == wrongPINKey
}

// wrongPINKey is the message key of a ring refusing the PIN.
const wrongPINKey = "janus.error.wrong_pin"
