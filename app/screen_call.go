package app

import (
	"image"
	"image/color"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxChatRunes keeps one chat message to a readable size.
const maxChatRunes = 1000

// pushToTalkKey, held down with push-to-talk on, lets the user speak.
const pushToTalkKey = fyne.KeySpace

// callScreen is step 5: the people in the ring and the controls.
type callScreen struct {
	micState     *widget.Label
	blurVerdict  *widget.Label // how the own picture looked when it went out
	recording    *widget.Label
	reconnecting *widget.Label
	tiles        *fyne.Container
	chatLog      *fyne.Container
	chatScroll   *container.Scroll
	chatEntry    *widget.Entry
	chatProblem  *widget.Label
	// chatToggle opens and closes the chat panel; while it is closed it
	// counts the messages that came in.
	chatToggle *button
	// middle shows either the tiles alone or tiles and chat side by side.
	middle              *fyne.Container
	tilesOnly, withChat fyne.CanvasObject
	notice              *widget.Label
	// pictures holds one image per participant with video (and selfID),
	// kept across updates so that new frames only swap the picture.
	pictures   map[string]*canvas.Image
	mute       *button
	pushToTalk *widget.Check
	camera     *button
	hand       *button
	// volumeButtons opens a participant's volume (by participant ID),
	// when the call can change it; onVolume shows the volume dialog.
	volumeButtons map[string]*button
	onVolume      func(id, name string)
	volumeDialog  dialog.Dialog // the open volume dialog, if any
	leave         *button
	panicLeave    *button
}

// showCallStep builds the call screen from the flow's state.
func (u *ui) showCallStep() {
	f := u.flow
	s := &callScreen{}
	u.call = s
	u.link, u.name, u.preview, u.left = nil, nil, nil, nil

	s.recording = widget.NewLabelWithStyle(lang.L("app.call.recording"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.recording.Importance = widget.DangerImportance
	s.reconnecting = widget.NewLabelWithStyle(lang.L("app.call.reconnecting"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.reconnecting.Importance = widget.WarningImportance
	// Tiles grow with the text size, so names stay whole.
	scale := textScale(u.prefs.get(prefTextSize))
	s.tiles = container.NewGridWrap(fyne.NewSize(200*scale, 130*scale))
	s.chatLog = container.NewVBox()
	s.chatScroll = container.NewVScroll(s.chatLog)
	s.pictures = map[string]*canvas.Image{}
	s.chatProblem = para("")
	s.chatProblem.Importance = widget.DangerImportance
	s.chatProblem.Hide()
	s.notice = para("")
	s.notice.Importance = widget.WarningImportance
	s.notice.Hide()
	s.chatEntry = widget.NewEntry()
	s.chatEntry.SetPlaceHolder(lang.L("app.call.chat_placeholder"))
	send := newButton(lang.L("app.call.chat_send"), theme.MailSendIcon(), func() { u.sendChat() })
	s.chatEntry.OnSubmitted = func(string) { u.sendChat() }

	s.mute = newButton("", nil, func() { u.setMuted(!u.flow.muted) })
	s.camera = newButton("", nil, func() {
		if f := u.flow; f != nil && f.call != nil && !f.audioOnly {
			f.camera = !f.camera
			f.call.SetCamera(f.camera)
			s.update(f)
		}
	})
	s.hand = newButton("", nil, func() {
		if f := u.flow; f != nil && f.call != nil {
			f.hand = !f.hand
			f.call.RaiseHand(f.hand)
			s.update(f)
		}
	})
	s.leave = newButton(lang.L("app.call.leave"), theme.LogoutIcon(), u.leave)
	s.leave.Importance = widget.DangerImportance
	s.panicLeave = newButton(lang.L("app.call.panic_leave"), theme.CancelIcon(), u.panicLeave)
	s.panicLeave.Importance = widget.DangerImportance

	s.onVolume = u.showVolume
	s.micState = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.blurVerdict = para("")
	s.blurVerdict.Hide()
	features := f.call.Features()
	talkButtons := []fyne.CanvasObject{s.mute, s.camera}
	if features.RaiseHand {
		talkButtons = append(talkButtons, s.hand)
	}
	top := container.NewVBox(s.recording, s.reconnecting, s.notice,
		para(lang.L("app.call.you_are", map[string]any{"Name": f.pseudonym})), s.micState, s.blurVerdict)
	s.tilesOnly = container.NewVScroll(s.tiles)
	s.middle = container.NewStack(s.tilesOnly)
	if features.Chat {
		chat := container.NewBorder(bold(lang.L("app.call.chat_title")),
			container.NewVBox(para(lang.L("app.call.chat_hint")), s.chatProblem, container.NewBorder(nil, nil, nil, send, s.chatEntry)),
			nil, nil, s.chatScroll)
		split := container.NewHSplit(s.tilesOnly, chat)
		split.Offset = 0.62
		s.withChat = split
		s.chatToggle = newButton("", theme.MailComposeIcon(), func() { u.setChatOpen(!u.flow.chatOpen) })
		talkButtons = append(talkButtons, s.chatToggle)
	}
	// The buttons for talking sit in one row of equal cells (two rows
	// with large text, so that every label stays whole); leaving has its
	// own row, on the right, apart from them.
	columns := len(talkButtons)
	if textScale(u.prefs.get(prefTextSize)) > 1 {
		columns = 2
	}
	talk := container.NewGridWithColumns(columns, talkButtons...)
	s.pushToTalk = widget.NewCheck(lang.L("app.call.push_to_talk"), u.setPushToTalk)
	s.pushToTalk.Checked = f.pushToTalk
	leave := container.NewBorder(nil, nil, nil, container.NewHBox(s.leave, s.panicLeave), s.pushToTalk)
	content := container.NewBorder(top, container.NewVBox(widget.NewSeparator(), talk, leave), nil, nil, s.middle)
	u.show(content)
	u.installPushToTalk()
	s.update(f)
	s.showChat(f)
	u.refreshTray()
}

// setChatOpen shows or hides the chat panel. Opening it puts the cursor
// into the message field and marks every message as read.
func (u *ui) setChatOpen(open bool) {
	f, s := u.flow, u.call
	if f == nil || s == nil || s.withChat == nil {
		return
	}
	f.chatOpen = open
	if open {
		f.unread = 0
		s.middle.Objects = []fyne.CanvasObject{s.withChat}
	} else {
		s.middle.Objects = []fyne.CanvasObject{s.tilesOnly}
	}
	s.middle.Refresh()
	s.showChatToggle(f)
	if open {
		s.chatScroll.ScrollToBottom()
		u.window().Canvas().Focus(s.chatEntry)
	}
}

// showChatToggle names what the chat button does, and how many messages
// wait unread while the panel is closed.
func (s *callScreen) showChatToggle(f *flow) {
	if s.chatToggle == nil {
		return
	}
	switch {
	case f.chatOpen:
		s.chatToggle.SetText(lang.L("app.call.chat_close"))
		s.chatToggle.Importance = widget.MediumImportance
	case f.unread > 0:
		s.chatToggle.SetText(lang.L("app.call.chat_unread", map[string]any{"Count": f.unread}))
		s.chatToggle.Importance = widget.HighImportance
	default:
		s.chatToggle.SetText(lang.L("app.call.chat_open"))
		s.chatToggle.Importance = widget.MediumImportance
	}
	s.chatToggle.Refresh()
}

// update shows the flow's state on the screen.
func (s *callScreen) update(f *flow) {
	if f == nil {
		return
	}
	switch {
	case f.pushToTalk:
		if f.talkKeyHeld {
			s.micState.SetText(lang.L("app.call.mic_is_on"))
			s.micState.Importance = widget.SuccessImportance
		} else {
			s.micState.SetText(lang.L("app.call.push_to_talk_waiting"))
			s.micState.Importance = widget.WarningImportance
		}
		s.mute.Disable()
	case f.muted:
		s.mute.Enable()
		s.micState.SetText(lang.L("app.call.mic_is_off"))
		s.micState.Importance = widget.WarningImportance
		s.mute.SetText(lang.L("app.call.unmute"))
		s.mute.SetIcon(theme.VolumeMuteIcon())
		s.mute.Importance = widget.WarningImportance
	default:
		s.mute.Enable()
		s.micState.SetText(lang.L("app.call.mic_is_on"))
		s.micState.Importance = widget.SuccessImportance
		s.mute.SetText(lang.L("app.call.mute"))
		s.mute.SetIcon(theme.VolumeUpIcon())
		s.mute.Importance = widget.MediumImportance
	}
	switch {
	case f.audioOnly:
		s.camera.SetText(lang.L("app.call.camera_voice_only"))
		s.camera.SetIcon(theme.VisibilityOffIcon())
		s.camera.Disable()
	case f.camera:
		s.camera.SetText(lang.L("app.call.camera_off"))
		s.camera.SetIcon(theme.VisibilityOffIcon())
	default:
		s.camera.SetText(lang.L("app.call.camera_on"))
		s.camera.SetIcon(theme.VisibilityIcon())
	}
	if f.hand {
		s.hand.SetText(lang.L("app.call.lower_hand"))
		s.hand.Importance = widget.HighImportance
	} else {
		s.hand.SetText(lang.L("app.call.raise_hand"))
		s.hand.Importance = widget.MediumImportance
	}
	s.hand.Refresh()
	s.mute.Refresh()
	s.micState.Refresh()
	if f.recording {
		s.recording.Show()
	} else {
		s.recording.Hide()
	}
	if f.reconnecting {
		s.reconnecting.Show()
	} else {
		s.reconnecting.Hide()
	}
	s.tiles.Objects = nil
	s.volumeButtons = map[string]*button{}
	// The own tile never shows "talking": Ringlet does not measure the
	// user's own voice level on this screen yet.
	s.tiles.Add(tile(lang.L("app.call.you", map[string]any{"Name": f.pseudonym}), s.picture(selfID, f.camera), false, f.hand))
	volumes, _ := f.call.(volumeControl)
	for _, p := range f.participants {
		t := tile(p.name, s.picture(p.id, p.video), p.talking, p.hand)
		if volumes != nil {
			// A small button in the tile's corner opens that person's
			// volume; it is reachable with Tab like every other control.
			id, name := p.id, p.name
			b := newButton("", theme.VolumeUpIcon(), func() { s.onVolume(id, name) })
			b.Importance = widget.LowImportance
			t = container.NewStack(t, container.NewBorder(nil, nil, nil, container.NewVBox(b)))
			s.volumeButtons[id] = b
		}
		s.tiles.Add(t)
	}
	s.tiles.Refresh()
}

// picture returns the kept image of a participant with video, or nil.
func (s *callScreen) picture(id string, video bool) *canvas.Image {
	if !video {
		return nil
	}
	img, ok := s.pictures[id]
	if !ok {
		img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleFastest}
		s.pictures[id] = img
	}
	return img
}

// showVolume lets the user make one person louder or quieter, for this
// call only (nothing is kept). The slider answers the arrow keys.
func (u *ui) showVolume(id, name string) {
	f := u.flow
	if f == nil || u.call == nil {
		return
	}
	vc, ok := f.call.(volumeControl)
	if !ok {
		return
	}
	percent := widget.NewLabel("")
	show := func(v float64) {
		percent.SetText(lang.L("app.call.volume_percent", map[string]any{"Percent": int(v*100 + 0.5)}))
	}
	slider := widget.NewSlider(0, 2)
	slider.Step = 0.1
	slider.Value = vc.Volume(id)
	show(slider.Value)
	slider.OnChanged = func(v float64) {
		if u.flow == f {
			vc.SetVolume(id, v)
		}
		show(v)
	}
	body := container.NewVBox(para(lang.L("app.call.volume_text", map[string]any{"Name": name})), slider, percent)
	d := dialog.NewCustom(lang.L("app.call.volume_title"), lang.L("app.call.volume_done"), body, u.window())
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	u.window().Canvas().Focus(slider)
	u.call.volumeDialog = d
}

// showFrame puts a participant's newest picture into their tile.
func (s *callScreen) showFrame(id string, frame image.Image) {
	if img, ok := s.pictures[id]; ok {
		img.Image = frame
		img.Refresh()
	}
}

// tile is one person: their picture or a name card, a frame that lights
// up while they talk, and a note when their hand is raised.
func tile(name string, picture *canvas.Image, talking, hand bool) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	bg.CornerRadius = 8
	if talking {
		bg.StrokeColor = theme.Color(theme.ColorNameSuccess)
		bg.StrokeWidth = 4
	}
	label := widget.NewLabelWithStyle(name, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	label.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{layout.NewSpacer(), widget.NewIcon(theme.AccountIcon()), label}
	if talking {
		parts = append(parts, widget.NewLabelWithStyle(lang.L("app.call.talking"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true}))
	}
	if hand {
		parts = append(parts, widget.NewLabelWithStyle(lang.L("app.call.hand_raised"), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	parts = append(parts, layout.NewSpacer())
	if picture != nil {
		// The name sits on a dark strip so it stays readable on any picture.
		caption := container.NewVBox(label)
		for _, p := range parts[3:] {
			if _, spacer := p.(*layout.Spacer); !spacer {
				caption.Add(p)
			}
		}
		strip := canvas.NewRectangle(color.NRGBA{A: 0xa0})
		bottom := container.NewStack(strip, caption)
		return container.NewStack(bg, container.NewPadded(picture), container.NewBorder(nil, bottom, nil, nil))
	}
	return container.NewStack(bg, container.NewVBox(parts...))
}

// showChat shows the chat of this visit: each message with its sender's
// pseudonym in bold. It lives only in the flow and these widgets.
func (s *callScreen) showChat(f *flow) {
	s.chatLog.Objects = nil
	for _, c := range f.chat {
		s.chatLog.Add(chatMessage(c.from, c.text))
	}
	if s.withChat != nil {
		if f.chatOpen {
			s.middle.Objects = []fyne.CanvasObject{s.withChat}
		} else {
			s.middle.Objects = []fyne.CanvasObject{s.tilesOnly}
		}
		s.middle.Refresh()
	}
	s.showChatToggle(f)
	s.chatLog.Refresh()
	s.chatScroll.ScrollToBottom()
}

// chatMessage is one line of chat: "Name: text", wrapped.
func chatMessage(from, text string) fyne.CanvasObject {
	rt := widget.NewRichText(
		&widget.TextSegment{Text: from + ": ", Style: widget.RichTextStyleStrong},
		&widget.TextSegment{Text: text, Style: widget.RichTextStyleInline},
	)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// sendChat sends the typed message; it exists only in memory.
func (u *ui) sendChat() {
	f, s := u.flow, u.call
	if f == nil || f.call == nil || s == nil {
		return
	}
	text := strings.TrimSpace(s.chatEntry.Text)
	if text == "" {
		return
	}
	if r := []rune(text); len(r) > maxChatRunes {
		text = string(r[:maxChatRunes])
	}
	if err := f.call.SendChat(text); err != nil {
		s.chatProblem.SetText(message(err))
		s.chatProblem.Show()
		return
	}
	f.chat = append(f.chat, chatLine{from: lang.L("app.call.you_short"), text: text})
	s.chatProblem.Hide()
	s.chatEntry.SetText("")
	s.showChat(f)
}

// installPushToTalk sends the space bar's presses to pushToTalkKey. The
// canvas hears every key, so the key only counts while nothing has the
// keyboard focus: in the chat field or on a button, the space bar keeps
// its usual meaning.
func (u *ui) installPushToTalk() {
	dc, ok := u.window().Canvas().(desktop.Canvas)
	if !ok {
		return
	}
	dc.SetOnKeyDown(func(e *fyne.KeyEvent) {
		if e.Name == pushToTalkKey {
			u.pushToTalkKey(true)
		}
	})
	dc.SetOnKeyUp(func(e *fyne.KeyEvent) {
		if e.Name == pushToTalkKey {
			u.pushToTalkKey(false)
		}
	})
}

// pushToTalkKey opens the microphone while the key is held, when the user
// turned push-to-talk on.
func (u *ui) pushToTalkKey(down bool) {
	f := u.flow
	if f == nil || f.call == nil || !f.pushToTalk || down == f.talkKeyHeld {
		return
	}
	if down && u.win != nil && u.win.Canvas().Focused() != nil {
		return
	}
	f.talkKeyHeld = down
	if pt, ok := f.call.(pushToTalker); ok {
		pt.PushToTalk(down)
	} else {
		f.call.SetMuted(!down)
	}
	if u.call != nil {
		u.call.update(f)
	}
}

// setPushToTalk turns push-to-talk on or off. On, the microphone sends
// only while the space bar is held; the keyboard focus is cleared so that
// the space bar does not also press the focused control.
func (u *ui) setPushToTalk(on bool) {
	f := u.flow
	if f == nil || f.call == nil || f.pushToTalk == on {
		return
	}
	f.pushToTalk, f.talkKeyHeld = on, false
	if pt, ok := f.call.(pushToTalker); ok {
		pt.SetPushToTalk(on)
		if !on {
			f.call.SetMuted(f.muted)
		}
	} else {
		f.call.SetMuted(on || f.muted)
	}
	if on && u.win != nil {
		u.win.Canvas().Unfocus()
	}
	if u.call != nil {
		u.call.update(f)
	}
}

// listen applies the call's events on the UI thread for as long as this
// visit lasts; events of a visit that was left are dropped.
func (u *ui) listen(f *flow, c Call) {
	go func() {
		for ev := range c.Events() {
			u.onUI(func() {
				if u.flow == f {
					u.apply(ev)
				}
			})
		}
	}()
}

// apply changes the visit's state for one event and shows it.
func (u *ui) apply(ev CallEvent) {
	f := u.flow
	if f == nil {
		return
	}
	switch e := ev.(type) {
	case EventJoined:
		f.reconnecting = false
	case EventParticipantJoined:
		if p := f.find(e.ID); p != nil {
			p.name, p.video = e.Name, e.Video
		} else {
			f.participants = append(f.participants, &participant{id: e.ID, name: e.Name, video: e.Video})
		}
	case EventParticipantLeft:
		for i, p := range f.participants {
			if p.id == e.ID {
				f.participants = append(f.participants[:i], f.participants[i+1:]...)
				break
			}
		}
	case EventTalking:
		if p := f.find(e.ID); p != nil {
			p.talking = e.On
		}
	case EventHand:
		if p := f.find(e.ID); p != nil {
			p.hand = e.Up
		}
	case EventVideo:
		if p := f.find(e.ID); p != nil {
			p.video = e.On
		}
	case EventNotice:
		if u.call != nil {
			u.call.notice.SetText(translate(e.Msg.Key, e.Msg.Args))
			u.call.notice.Show()
		}
		return
	case EventRecording:
		f.recording = e.On
	case EventReconnecting:
		f.reconnecting = true
	case EventReconnected:
		f.reconnecting = false
	case EventChat:
		f.chat = append(f.chat, chatLine{from: e.From, text: e.Text})
		if !f.chatOpen {
			f.unread++
		}
		if u.call != nil {
			u.call.showChat(f)
		}
		return
	case EventLeft:
		u.flow = nil
		if f.cancel != nil {
			f.cancel()
		}
		u.refreshTray()
		if u.win != nil {
			u.showLeftStep(e.Err)
		} else {
			// Running in the tray with no window: say so quietly. The
			// notification names neither the ring nor anyone in it.
			u.app.SendNotification(fyne.NewNotification("Ringlet", lang.L("app.left.notification")))
		}
		return
	}
	if u.call != nil {
		u.call.update(f)
	}
}

func (f *flow) find(id string) *participant {
	for _, p := range f.participants {
		if p.id == id {
			return p
		}
	}
	return nil
}

// frameSink hands pictures from media goroutines to the call screen. It
// keeps only the newest picture per participant and asks the UI thread
// for one paint at a time, so a slow screen drops pictures instead of
// queueing them.
type frameSink struct {
	mu      sync.Mutex
	latest  map[string]image.Image
	pending bool
}

func (u *ui) newFrameSink(f *flow) func(id string, frame image.Image) {
	fs := &frameSink{latest: map[string]image.Image{}}
	return func(id string, frame image.Image) {
		fs.mu.Lock()
		fs.latest[id] = frame
		if fs.pending {
			fs.mu.Unlock()
			return
		}
		fs.pending = true
		fs.mu.Unlock()
		u.onUI(func() {
			fs.mu.Lock()
			frames := fs.latest
			fs.latest = map[string]image.Image{}
			fs.pending = false
			fs.mu.Unlock()
			if u.flow != f || u.call == nil {
				return
			}
			for id, img := range frames {
				u.call.showFrame(id, img)
				if id == selfID {
					u.updateBlurVerdict()
				}
			}
		})
	}
}

// updateBlurVerdict shows whether the own picture went out blurred, as
// measured by the blur stage. A sharp background is shown as a warning
// next to the camera button that turns it off.
func (u *ui) updateBlurVerdict() {
	f, s := u.flow, u.call
	if f == nil || f.call == nil || s == nil {
		return
	}
	br, ok := f.call.(blurReporter)
	if !ok || !f.camera {
		s.blurVerdict.Hide()
		return
	}
	v, measured := br.BlurVerdict()
	if !measured {
		return
	}
	text := translate(v.Key, v.Args)
	importance := widget.SuccessImportance
	if v.Key != "blur.verdict.blurred" {
		importance = widget.DangerImportance
	}
	if s.blurVerdict.Text != text || s.blurVerdict.Importance != importance {
		s.blurVerdict.Importance = importance
		s.blurVerdict.SetText(text)
	}
	s.blurVerdict.Show()
}
