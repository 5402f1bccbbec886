package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/app/browser"
	"github.com/ringlet/ringlet/app/ring"
)

// joinTimeout bounds how long Ringlet waits for a ring to answer.
const joinTimeout = 45 * time.Second

// previewScreen is the native ring's part of the pre-join screen: camera
// or sound only, the try-out, whether to start muted, the PIN.
type previewScreen struct {
	voiceOnly, withCamera *button
	startMuted            *widget.Check
	pin                   *widget.Entry // only when the link has no PIN
	rememberPIN           *widget.Check // only with a keyring
	join                  *button
	microphone, speaker   *deviceChooser
	camera                *deviceChooser // nil until the camera is chosen
	deviceForm            *widget.Form
	status                *widget.Label
	live                  *livePreview // the try-out: picture, level, tone
}

// showJoinStep is the one screen between the link and the ring: the
// check-up's banner when something needs attention, the name, and for
// native rings camera or sound only with the try-out, start muted and
// the PIN; for platform rings what the private browser protects.
func (u *ui) showJoinStep() {
	f := u.flow
	f.step = stepJoin
	if f.link.Kind == ring.KindPlatform {
		u.showHandoffStep()
		return
	}
	if !f.cameraChosen {
		// Sound only is the default: the camera is never opened unless
		// the user asks for it. (The window's benchmark build starts with
		// its clip as the camera: benchwindow.go.)
		f.audioOnly = benchVideoFile() == ""
		f.startMuted = true
		f.cameraChosen = true
	}
	s := u.newPreviewScreen(f)
	names := &nameScreen{next: s.join}
	body := u.joinBody(f, s, names)
	back := u.joinBack(f)
	u.show(u.frame(0, u.joinTitle(f), body, back, primaryWithReason(s.join, names.why)))
	u.preview = s
	u.checkName(names.entry.Text)
	if !f.audioOnly {
		u.addCameraChooser(s)
	}
	u.followDevices(s)
	u.updatePreview(s)
	u.window().Canvas().Focus(s.join)
	u.openPreview(s)
	u.runCheckUp(f)
}

// newPreviewScreen makes the pre-join screen's own controls: sound only or
// camera, start muted, join.
func (u *ui) newPreviewScreen(f *flow) *previewScreen {
	s := &previewScreen{}
	s.status = para("")
	s.status.Importance = widget.DangerImportance
	s.voiceOnly = newButton(lang.L("app.preview.voice_only"), microphoneIcon(true), func() {
		if !f.audioOnly {
			f.audioOnly = true
			// Shown again without the picture: the camera closes.
			u.showJoinStep()
			u.window().Canvas().Focus(u.preview.voiceOnly)
		}
	})
	s.withCamera = newButton(lang.L("app.preview.with_camera"), cameraIcon(true), func() {
		if f.audioOnly {
			f.audioOnly = false
			u.showJoinStep()
			u.window().Canvas().Focus(u.preview.withCamera)
		}
	})
	s.startMuted = widget.NewCheck(lang.L("app.preview.start_muted"), func(on bool) { f.startMuted = on })
	s.startMuted.SetChecked(f.startMuted)
	s.join = newButton(lang.L("app.preview.join"), theme.LoginIcon(), u.join)
	return s
}

// joinBody arranges the pre-join screen: the check-up's banner, the name,
// sound only or camera with the try-out, start muted, the PIN, what to
// remember, and the devices.
func (u *ui) joinBody(f *flow, s *previewScreen, names *nameScreen) *fyne.Container {
	choices := container.NewGridWithColumns(2,
		container.NewVBox(s.voiceOnly, para(lang.L("app.preview.voice_only_hint"))),
		container.NewVBox(s.withCamera, para(lang.L("app.preview.with_camera_hint"))),
	)
	body := container.NewVBox(
		u.checkBanner(f),
		u.nameSection(f, names),
		widget.NewSeparator(),
		bold(lang.L("app.join.how_title")),
		choices,
	)
	if t := u.tryOutSection(s); t != nil {
		body.Add(t)
	}
	body.Add(s.startMuted)
	if f.link.PIN == "" {
		body.Add(widget.NewSeparator())
		body.Add(u.pinSection(f, s))
	}
	if r := u.rememberNameSection(f, names); r != nil {
		body.Add(widget.NewSeparator())
		body.Add(r)
	}
	if r := u.rememberRingSection(f); r != nil {
		body.Add(r)
	}
	body.Add(widget.NewSeparator())
	body.Add(u.devicesSection(s))
	body.Add(s.status)
	return body
}

// followDevices makes the try-out follow the device menus: it shows and
// measures the devices the call will use, and names the microphone it
// listens to.
func (u *ui) followDevices(s *previewScreen) {
	s.microphone.onChange = func() { u.reopenPreview(s) }
	if s.live != nil {
		s.microphone.onNamed = func(name string) { s.live.micName.SetText(name) }
		s.microphone.named()
	}
	if s.camera != nil {
		s.camera.onChange = func() { u.reopenPreview(s) }
	}
}

// pinSection is the room PIN, for a link without one: some groups send
// it separately. Most rings have none, so the field stays out of sight
// until the user says they got one.
func (u *ui) pinSection(f *flow, s *previewScreen) fyne.CanvasObject {
	s.pin = widget.NewPasswordEntry()
	s.pin.SetPlaceHolder(lang.L("app.preview.pin_placeholder"))
	s.pin.SetText(f.pin)
	s.pin.OnChanged = func(p string) { f.pin = strings.TrimSpace(p) }
	s.pin.OnSubmitted = func(string) { s.join.OnTapped() }
	pinBox := container.NewVBox(para(lang.L("app.preview.pin_hint")), s.pin)
	if u.opts.Remember != nil {
		s.rememberPIN = widget.NewCheck(lang.L("app.preview.remember_pin"), func(on bool) { f.rememberPIN = on })
		s.rememberPIN.SetChecked(f.rememberPIN)
		pinBox.Add(s.rememberPIN)
		pinBox.Add(para(lang.L("app.preview.remember_pin_hint")))
	}
	has := widget.NewCheck(lang.L("app.preview.pin"), func(on bool) {
		if on {
			pinBox.Show()
			u.window().Canvas().Focus(s.pin)
			return
		}
		pinBox.Hide()
		s.pin.SetText("")
	})
	if f.pin == "" {
		pinBox.Hide()
	} else {
		has.SetChecked(true)
	}
	return container.NewVBox(has, pinBox)
}

// joinBack leads back to where the user came from: the helper's
// walkthrough, or the link.
func (u *ui) joinBack(f *flow) func() {
	if f.checklist != nil && len(f.checklist.Steps) > 0 {
		return u.showCheckStep
	}
	return func() { u.flow = nil; u.showLinkStep(opening{text: f.link.Canonical(), checklist: f.checklist}) }
}

// joinTitle names the screen after the ring when the link has a title.
func (u *ui) joinTitle(f *flow) string {
	if f.link.Title != "" {
		return lang.L("app.join.title_ring", map[string]any{"Title": f.link.Title})
	}
	return lang.L("app.join.title")
}

// updatePreview marks the chosen camera option. Both choices look the
// same size: voice only is an equal choice, not a hidden option.
func (u *ui) updatePreview(s *previewScreen) {
	if u.flow.audioOnly {
		s.voiceOnly.Importance = widget.HighImportance
		s.withCamera.Importance = widget.MediumImportance
		s.voiceOnly.SetIcon(theme.RadioButtonCheckedIcon())
		s.withCamera.SetIcon(theme.RadioButtonIcon())
	} else {
		s.voiceOnly.Importance = widget.MediumImportance
		s.withCamera.Importance = widget.HighImportance
		s.voiceOnly.SetIcon(theme.RadioButtonIcon())
		s.withCamera.SetIcon(theme.RadioButtonCheckedIcon())
	}
	s.voiceOnly.Refresh()
	s.withCamera.Refresh()
}

// join starts the call and shows the call screen as soon as the engine
// answers.
func (u *ui) join() {
	f := u.flow
	if f == nil || !u.keepName() {
		return
	}
	if u.opts.Join == nil {
		u.showJoinError(errNoNativeJoin)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), joinTimeout)
	f.cancel = cancel
	link := f.link
	if link.PIN == "" && f.pin != "" {
		// The PIN is remembered (if asked) only once the ring accepted
		// it: see keepPIN.
		link.PIN = f.pin
	}
	req := JoinRequest{Link: link, Pseudonym: f.pseudonym, AudioOnly: f.audioOnly, StartMuted: f.startMuted,
		OnFrame: u.newFrameSink(f)}
	if p := u.preview; p != nil {
		req.Microphone, req.Speaker = p.microphone.chosen(), p.speaker.chosen()
		if p.camera != nil && !f.audioOnly {
			req.Camera = p.camera.chosen()
		}
	}
	stop := newButton(lang.L("app.joining.cancel"), theme.CancelIcon(), func() {
		// Stop waiting: the engine's join is cancelled, and a call that
		// still comes up is dropped (see below).
		cancel()
		u.flow = &flow{link: f.link, checklist: f.checklist, pseudonym: f.pseudonym, pin: f.pin,
			audioOnly: f.audioOnly, startMuted: f.startMuted, cameraChosen: true,
			rememberName: f.rememberName, remembered: f.remembered, rememberPIN: f.rememberPIN, keptPIN: f.keptPIN,
			checkStarted: f.checkStarted, checkAnswered: f.checkAnswered, findings: f.findings}
		u.showJoinStep()
	})
	waiting := widget.NewProgressBarInfinite()
	u.show(u.frame(0, lang.L("app.joining.title"), container.NewVBox(
		para(lang.L("app.joining.text")), waiting, container.NewHBox(stop),
	), nil, nil))
	u.stopOnLeave = append(u.stopOnLeave, waiting.Stop)
	u.window().Canvas().Focus(stop)
	u.async(func() {
		c, err := u.opts.Join(ctx, req)
		fyne.Do(func() {
			if u.flow != f {
				// The user left (or panicked) while joining.
				if c != nil {
					c.PanicLeave()
				}
				return
			}
			if err != nil {
				u.dropRefusedPIN(f, err)
				u.showJoinError(err)
				return
			}
			u.keepPIN(f)
			if f.keptRing && f.rememberPIN && f.pin != "" {
				// The PIN the ring just accepted joins the remembered
				// ring; a keyring failure keeps nothing new.
				_ = u.keepRing(f)
			}
			f.call = c
			// The chat starts open: its "nothing is saved" note is
			// part of the welcome.
			f.chatOpen = c.Features().Chat
			f.muted = req.StartMuted
			f.camera = !req.AudioOnly
			// The screen first, then the events: an event must never
			// meet a call screen still being built.
			u.showCallStep()
			u.listen(f, c)
		})
	})
}

// showJoinError goes back to the pre-join screen with the reason in plain
// words.
func (u *ui) showJoinError(err error) {
	u.showJoinStep()
	if u.flow == nil {
		return
	}
	body := container.NewVBox(para(message(err)), para(lang.L("app.error.what_next")))
	d := dialog.NewCustom(lang.L("app.error.title"), lang.L("app.error.ok"), body, u.window())
	// Wrapped text needs a width to wrap at; the dialog would otherwise
	// be as narrow as its button.
	d.Resize(fyne.NewSize(520, 320))
	d.Show()
}

// showHandoffStep is the pre-join screen for platform rings: the banner,
// the name, what Ringlet protects and what it cannot, and the button
// that opens the private browser.
func (u *ui) showHandoffStep() {
	f := u.flow
	build := u.opts.Handoff
	if build == nil {
		build = plainHandoff
	}
	// Built for the lists here, and again when opening: the name may
	// change on this screen and is filled into the link where possible.
	h, err := build(f.link, f.pseudonym, true)
	status := para("")
	status.Importance = widget.DangerImportance
	protects := container.NewVBox()
	for _, k := range h.Protects {
		protects.Add(container.NewBorder(nil, nil, container.NewVBox(statusIcon(FindingOK)), nil, para(translate(k, nil))))
	}
	cannot := container.NewVBox()
	for _, k := range h.CannotProtect {
		cannot.Add(container.NewBorder(nil, nil, container.NewVBox(statusIcon(FindingWarn)), nil, para(translate(k, nil))))
	}
	open := newButton(lang.L("app.handoff.open"), theme.ComputerIcon(), nil)
	open.OnTapped = func() {
		if !u.keepName() {
			return
		}
		h, err := build(f.link, f.pseudonym, true)
		if err != nil {
			status.SetText(message(err))
			return
		}
		u.openHandoff(f, h, status)
	}
	names := &nameScreen{next: open}
	service := lang.L(f.link.Platform.MessageKey())
	body := container.NewVBox(u.checkBanner(f), u.nameSection(f, names), widget.NewSeparator(),
		para(lang.L("app.handoff.intro", map[string]any{"Service": service})))
	if h.Warning != "" {
		warn := para(translate(h.Warning, nil))
		warn.Importance = widget.WarningImportance
		body.Add(warn)
	}
	body.Objects = append(body.Objects,
		bold(lang.L("app.handoff.protects_title")), protects,
		bold(lang.L("app.handoff.cannot_title")), cannot,
	)
	if r := u.rememberNameSection(f, names); r != nil {
		body.Add(widget.NewSeparator())
		body.Add(r)
	}
	if r := u.rememberRingSection(f); r != nil {
		body.Add(r)
	}
	body.Add(status)
	body.Refresh()
	back := u.joinBack(f)
	u.show(u.frame(0, u.joinTitle(f), body, back, primaryWithReason(open, names.why)))
	u.checkName(names.entry.Text)
	if err != nil {
		status.SetText(message(err))
		open.Disable()
	}
	u.window().Canvas().Focus(open)
	u.runCheckUp(f)
}

// openHandoff opens the private browser window for the hand-off, or asks
// about the normal browser when there is none.
func (u *ui) openHandoff(f *flow, h Handoff, status *widget.Label) {
	if u.opts.OpenPrivate == nil {
		u.noPrivateBrowser(h, status)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done, err := u.opts.OpenPrivate(ctx, h)
	if err != nil {
		cancel()
		if errors.Is(err, errNoPrivateBrowser) {
			u.noPrivateBrowser(h, status)
			return
		}
		status.SetText(message(err))
		return
	}
	// Leaving (or panic leaving) cancels ctx, which closes the window.
	u.trackBrowser(f, cancel, done)
	u.showOpenedStep()
}

// noPrivateBrowser is the hand-off without a private browser: the user is
// told plainly what the normal browser would keep and show, and it opens
// only if they say so. Without OpenDefault only the reason is shown.
func (u *ui) noPrivateBrowser(h Handoff, status *widget.Label) {
	if u.opts.OpenDefault == nil {
		status.SetText(message(errNoPrivateBrowser))
		return
	}
	f := u.flow
	ask := &defaultBrowserAsk{}
	u.askDefault = ask
	ask.open = newButton(lang.L("app.handoff.default_open"), theme.WarningIcon(), func() {
		ask.dialog.Hide()
		u.askDefault = nil
		if u.flow != f {
			return
		}
		if err := u.opts.OpenDefault(h); err != nil {
			status.SetText(message(err))
			return
		}
		f.inNormalBrowser = true
		u.showOpenedStep()
	})
	ask.open.Importance = widget.WarningImportance
	// Not opening is the safe answer, so it is the one in focus.
	ask.cancel = newButton(lang.L("app.handoff.default_cancel"), theme.CancelIcon(), func() {
		ask.dialog.Hide()
		u.askDefault = nil
	})
	ask.cancel.Importance = widget.HighImportance
	body := container.NewVBox(
		para(lang.L("app.handoff.default_text")),
		para(lang.L("app.handoff.default_safer")),
	)
	ask.dialog = dialog.NewCustomWithoutButtons(lang.L("app.handoff.default_title"), body, u.window())
	ask.dialog.SetButtons([]fyne.CanvasObject{ask.open, ask.cancel})
	// Wrapped text needs a width to wrap at.
	ask.dialog.Resize(fyne.NewSize(560, 360))
	ask.dialog.Show()
	u.window().Canvas().Focus(ask.cancel)
}

// defaultBrowserAsk is the question whether to use the normal browser,
// kept so tests can answer it.
type defaultBrowserAsk struct {
	dialog       *dialog.CustomDialog
	open, cancel *button
}

// showOpenedStep tells the user where the ring is now and how to end it.
// In the normal browser (not private) Ringlet can neither notice the end
// nor clean up, and the user is reminded of what that browser keeps.
func (u *ui) showOpenedStep() {
	f := u.flow
	f.step = stepOpened
	done := newButton(lang.L("app.opened.done"), theme.ConfirmIcon(), u.leave)
	body := container.NewVBox()
	if !f.inNormalBrowser {
		body.Add(para(lang.L("app.opened.text", map[string]any{"Name": f.pseudonym})))
		body.Add(para(lang.L("app.opened.close_hint")))
	} else {
		body.Add(para(lang.L("app.opened.default_text", map[string]any{"Name": f.pseudonym})))
		warn := para(translate(browser.KeyDefaultBrowser, nil))
		warn.Importance = widget.WarningImportance
		body.Add(warn)
		body.Add(para(lang.L("app.opened.default_close_hint")))
	}
	u.show(u.frame(0, lang.L("app.opened.title"), body, nil, done))
}
