package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// settingsForm keeps the open settings' widgets reachable for tests.
type settingsForm struct {
	language, theme, textSize *widget.RadioGroup
}

// choice pairs a stored preference value with its label key.
type choice struct{ value, label string }

// showSettings offers language, look and text size: the only things
// Ringlet remembers between starts.
func (u *ui) showSettings() {
	w := u.window()
	langs := []choice{
		{"", lang.L("app.settings.language_system")},
		{"de", "Deutsch"},
		{"en", "English"},
	}
	themes := []choice{
		{themeSystem, lang.L("app.settings.theme_system")},
		{themeLight, lang.L("app.settings.theme_light")},
		{themeDark, lang.L("app.settings.theme_dark")},
		{themeContrast, lang.L("app.settings.theme_contrast")},
	}
	sizes := []choice{
		{textNormal, lang.L("app.settings.text_normal")},
		{textLarge, lang.L("app.settings.text_large")},
		{textLarger, lang.L("app.settings.text_larger")},
	}
	var d dialog.Dialog
	langSel := choiceRadio(langs, u.prefs.get(prefLanguage), func(v string) {
		u.prefs.set(prefLanguage, v)
		applyLanguage(v)
		d.Hide()
		u.rebuild()
	})
	themeSel := choiceRadio(themes, u.prefs.get(prefTheme), func(v string) {
		u.prefs.set(prefTheme, v)
		u.applyTheme()
	})
	sizeSel := choiceRadio(sizes, u.prefs.get(prefTextSize), func(v string) {
		u.prefs.set(prefTextSize, v)
		u.applyTheme()
	})
	// Short lists side by side, so everything fits without scrolling.
	langSel.Horizontal = true
	sizeSel.Horizontal = true
	u.settings = &settingsForm{language: langSel, theme: themeSel, textSize: sizeSel}
	form := container.NewVBox(
		bold(lang.L("app.settings.language")), langSel,
		widget.NewSeparator(),
		bold(lang.L("app.settings.theme")), themeSel,
		widget.NewSeparator(),
		bold(lang.L("app.settings.text_size")), sizeSel,
		widget.NewSeparator(),
		para(lang.L("app.settings.what_is_kept")),
	)
	d = dialog.NewCustom(lang.L("app.settings.title"), lang.L("app.settings.close"), container.NewVScroll(form), w)
	d.Resize(fyne.NewSize(460, 520))
	d.Show()
}

func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// choiceRadio is a radio group over choices; it reports the stored value,
// not the translated label.
func choiceRadio(cs []choice, current string, changed func(string)) *widget.RadioGroup {
	labels := make([]string, len(cs))
	selected := cs[0].label
	for i, c := range cs {
		labels[i] = c.label
		if c.value == current {
			selected = c.label
		}
	}
	r := widget.NewRadioGroup(labels, nil)
	r.Required = true
	r.SetSelected(selected)
	r.OnChanged = func(label string) {
		for _, c := range cs {
			if c.label == label {
				changed(c.value)
				return
			}
		}
	}
	return r
}

// rebuild shows the current step again, e.g. in a new language.
func (u *ui) rebuild() {
	if u.win == nil {
		return
	}
	if u.trayMenu != nil {
		fresh := u.buildTrayMenu()
		u.trayMenu.Items = fresh.Items
		u.refreshTray()
	}
	switch {
	case u.flow == nil && u.left != nil:
		u.showLeftStep(u.left.reason)
	case u.flow == nil && u.helper != nil:
		u.showHelperDraft(u.helper.draftState())
	case u.flow == nil:
		var o opening
		if u.link != nil {
			o = opening{text: u.link.entry.Text, checklist: u.link.checklist}
		}
		u.showLinkStep(o)
	case u.flow.call != nil:
		u.showCallStep()
	default:
		u.showStep(u.flow.step)
	}
}
