package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/remember"
	"github.com/ringlet/ringlet/app/ring"
)

// RingKeeper is the optional part of a Rememberer that keeps whole rings
// (link, name and, on its own opt-in, the PIN) under a label only the
// user sees, so a returning participant is in the ring in two clicks.
type RingKeeper interface {
	Rings() ([]remember.Ring, error)
	KeepRing(r remember.Ring) error
	ForgetRing(link string) error
	ForgetAll() error
}

// keeper returns the ring keeper, or nil when this build has none.
func (u *ui) keeper() RingKeeper {
	k, _ := u.opts.Remember.(RingKeeper)
	return k
}

// loadRemembered fills the link screen's list of remembered rings. The
// keyring is asked only when the user has remembered a ring before (a
// preference that names none): a keyring prompt never surprises someone
// who never asked Ringlet to remember anything.
func (u *ui) loadRemembered(s *linkScreen) {
	k := u.keeper()
	if k == nil || u.prefs.get(prefRemembered) == "" {
		return
	}
	u.async(func() {
		rings, err := k.Rings()
		fyne.Do(func() {
			if u.link != s {
				return
			}
			u.remembered = rings
			u.rebuildTray()
			s.rings.Objects = nil
			if err != nil {
				s.rings.Add(para(message(err)))
				s.rings.Show()
				s.rings.Refresh()
				return
			}
			if len(rings) == 0 {
				u.prefs.set(prefRemembered, "")
				s.rings.Refresh()
				return
			}
			s.rings.Add(bold(lang.L("app.remember.rings_title")))
			for _, r := range rings {
				b := newButton(lang.L("app.remember.join", map[string]any{"Label": r.Label}), theme.LoginIcon(), func() { u.joinRemembered(r) })
				b.Importance = widget.HighImportance
				s.rings.Add(container.NewHBox(b))
				s.ringButtons = append(s.ringButtons, b)
			}
			s.forgetAll = newButton(lang.L("app.remember.forget_all"), theme.DeleteIcon(), u.forgetAllRings)
			s.forgetAll.Importance = widget.LowImportance
			s.rings.Add(container.NewHBox(s.forgetAll))
			s.rings.Add(widget.NewSeparator())
			s.rings.Show()
			s.rings.Refresh()
		})
	})
}

// joinRemembered opens the pre-join screen for a remembered ring, with its
// name and PIN filled in: one click on Join and the user is in.
func (u *ui) joinRemembered(r remember.Ring) {
	if u.flow != nil && u.flow.call != nil {
		u.showWindow()
		return
	}
	l, err := ring.Parse(r.Link)
	if err != nil {
		u.showLinkStep(opening{err: err})
		return
	}
	f := &flow{link: l, pseudonym: r.Pseudonym, rememberRing: true, ringLabel: r.Label, keptRing: true}
	if r.PIN != "" && l.PIN == "" {
		f.pin, f.keptPIN, f.rememberPIN = r.PIN, r.PIN, true
	}
	u.flow = f
	u.showJoinStep()
}

// forgetAllRings forgets every remembered ring in one click.
func (u *ui) forgetAllRings() {
	k := u.keeper()
	if k == nil {
		return
	}
	if err := k.ForgetAll(); err != nil {
		u.notice(err)
		return
	}
	u.prefs.set(prefRemembered, "")
	u.remembered = nil
	u.rebuildTray()
	if u.flow == nil {
		u.showLinkStep(opening{})
	}
}

// rememberRingSection is the opt-in "remember this ring on this computer"
// with the label it is kept under, and "forget this ring" for a ring that
// is remembered; nil without a ring keeper.
func (u *ui) rememberRingSection(f *flow) fyne.CanvasObject {
	k := u.keeper()
	if k == nil {
		return nil
	}
	if f.ringLabel == "" {
		f.ringLabel = f.link.Title
	}
	label := widget.NewEntry()
	label.SetPlaceHolder(lang.L("app.remember.label_placeholder"))
	label.SetText(f.ringLabel)
	label.OnChanged = func(s string) { f.ringLabel = s }
	labelRow := container.NewVBox(para(lang.L("app.remember.label_hint")), label)
	check := widget.NewCheck(lang.L("app.remember.ring"), func(on bool) {
		f.rememberRing = on
		labelRow.Hidden = !on
		labelRow.Refresh()
	})
	check.SetChecked(f.rememberRing)
	labelRow.Hidden = !f.rememberRing
	box := container.NewVBox(check, labelRow)
	if f.keptRing {
		status := para("")
		var forget *button
		forget = newButton(lang.L("app.remember.forget_ring"), theme.DeleteIcon(), func() {
			if err := k.ForgetRing(f.link.Canonical()); err != nil {
				status.SetText(message(err))
				return
			}
			f.keptRing, f.rememberRing = false, false
			check.SetChecked(false)
			forget.Hide()
			status.SetText(lang.L("app.remember.forgotten"))
		})
		box.Add(container.NewHBox(forget))
		box.Add(status)
	}
	u.ringCheck = check
	return box
}

// keepRing stores the ring in the keyring if the user asked for it; a
// PIN only on its own opt-in and only once the ring accepted it. It
// reports a keyring failure, and unticks, so the next press goes on.
func (u *ui) keepRing(f *flow) error {
	k := u.keeper()
	if k == nil || !f.rememberRing {
		return nil
	}
	r := remember.Ring{Label: f.ringLabel, Link: f.link.Canonical(), Pseudonym: f.pseudonym}
	if r.Label == "" {
		r.Label = lang.L("app.remember.default_label")
	}
	if f.rememberPIN {
		r.PIN = f.keptPIN
	}
	if err := k.KeepRing(r); err != nil {
		f.rememberRing = false
		if u.ringCheck != nil {
			u.ringCheck.SetChecked(false)
		}
		return err
	}
	f.keptRing = true
	u.prefs.set(prefRemembered, "yes")
	return nil
}
