package app

import (
	"image"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
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
	// tileViews holds each person's tile (by participant ID, selfID for
	// the user), so that changes touch one tile and not the grid.
	tileViews    map[string]*tileView
	chatDirty    bool // messages were added since the log was laid out
	onVolume     func(id, name string)
	volumeDialog dialog.Dialog // the open volume dialog, if any
	leave        *button
	panicLeave   *explainedButton
	panicHint    *widget.Label // what panic leave does, on hover and focus
}

// showCallStep builds the call screen from the flow's state.
func (u *ui) showCallStep() {
	f := u.flow
	s := &callScreen{}
	// u.call is set once the screen is whole: call events may be applied
	// meanwhile (they update the flow, which the finished screen shows).
	u.call = nil
	u.link, u.name, u.preview, u.left = nil, nil, nil, nil

	s.makeStatus()
	send := u.makeChat(s)
	u.makeCallButtons(s)
	// Tiles grow with the text size, so names stay whole.
	scale := textScale(u.prefs.get(prefTextSize))
	s.tiles = container.NewGridWrap(fyne.NewSize(200*scale, 130*scale))
	s.pictures = map[string]*canvas.Image{}
	s.onVolume = u.showVolume
	content := u.layoutCall(s, f, send)
	u.call = s
	u.show(content)
	u.installPushToTalk()
	s.update(f)
	s.showChat(f)
	u.refreshTray()
}

// makeStatus makes what the call screen says about the ring and the own
// microphone and picture, above the tiles.
func (s *callScreen) makeStatus() {
	s.recording = widget.NewLabelWithStyle(lang.L("app.call.recording"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.recording.Importance = widget.DangerImportance
	s.reconnecting = widget.NewLabelWithStyle(lang.L("app.call.reconnecting"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.reconnecting.Importance = widget.WarningImportance
	s.notice = para("")
	s.notice.Importance = widget.WarningImportance
	s.notice.Hide()
	s.micState = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.blurVerdict = para("")
	s.blurVerdict.Hide()
}

// makeChat makes the chat's log and entry; it returns the send button.
func (u *ui) makeChat(s *callScreen) *button {
	s.chatLog = container.NewVBox()
	s.chatScroll = container.NewVScroll(s.chatLog)
	s.chatProblem = para("")
	s.chatProblem.Importance = widget.DangerImportance
	s.chatProblem.Hide()
	s.chatEntry = widget.NewEntry()
	s.chatEntry.SetPlaceHolder(lang.L("app.call.chat_placeholder"))
	s.chatEntry.OnSubmitted = func(string) { u.sendChat() }
	return newButton(lang.L("app.call.chat_send"), theme.MailSendIcon(), func() { u.sendChat() })
}

// makeCallButtons makes the buttons for talking and for leaving.
func (u *ui) makeCallButtons(s *callScreen) {
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
	// Leave is the everyday way out; it looks like one.
	s.leave = newButton(lang.L("app.call.leave"), theme.LogoutIcon(), u.leave)
	s.leave.Importance = widget.MediumImportance
	s.panicHint = widget.NewLabel(lang.L("app.call.panic_leave_hint"))
	s.panicHint.Hide()
	s.panicLeave = newExplainedButton(lang.L("app.call.panic_leave"), theme.CancelIcon(), u.panicLeave, s.panicHint)
	s.panicLeave.Importance = widget.DangerImportance
	s.pushToTalk = widget.NewCheck(lang.L("app.call.push_to_talk"), u.setPushToTalk)
	s.pushToTalk.Checked = u.flow.pushToTalk
}

// layoutCall puts the call screen together: the status on top, the tiles
// (and the chat, where the call has one) in the middle, the buttons below.
func (u *ui) layoutCall(s *callScreen, f *flow, send *button) fyne.CanvasObject {
	features := f.call.Features()
	talkButtons := []fyne.CanvasObject{s.mute, s.camera}
	if features.RaiseHand {
		talkButtons = append(talkButtons, s.hand)
	}
	top := container.NewVBox(s.recording, s.reconnecting, s.notice,
		para(lang.L("app.call.you_are", map[string]any{"Name": f.pseudonym})), encryptionBox(f.link), s.micState, s.blurVerdict)
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
	// Panic leave stands apart from Leave, on the far left, with what it
	// does said on hover and focus.
	leave := container.NewBorder(nil, s.panicHint, container.NewHBox(s.panicLeave, widget.NewSeparator()), s.leave, s.pushToTalk)
	return container.NewBorder(top, container.NewVBox(widget.NewSeparator(), talk, leave), nil, nil, s.middle)
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
		s.mute.SetIcon(microphoneIcon(false))
		s.mute.Importance = widget.WarningImportance
	default:
		s.mute.Enable()
		s.micState.SetText(lang.L("app.call.mic_is_on"))
		s.micState.Importance = widget.SuccessImportance
		s.mute.SetText(lang.L("app.call.mute"))
		s.mute.SetIcon(microphoneIcon(true))
		s.mute.Importance = widget.MediumImportance
	}
	switch {
	case f.audioOnly:
		s.camera.SetText(lang.L("app.call.camera_voice_only"))
		s.camera.SetIcon(cameraIcon(false))
		s.camera.Disable()
	case f.camera:
		s.camera.SetText(lang.L("app.call.camera_off"))
		s.camera.SetIcon(cameraIcon(true))
	default:
		s.camera.SetText(lang.L("app.call.camera_on"))
		s.camera.SetIcon(cameraIcon(false))
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
	s.syncTiles(f)
}

// syncTiles puts one tile per person into the grid. Tiles already built
// are changed in place (see tileView.set); only a newcomer, or someone
// whose picture came or went, gets a new one, and the grid itself is
// laid out again only when who is there changed.
func (s *callScreen) syncTiles(f *flow) {
	if s.tileViews == nil {
		s.tileViews = map[string]*tileView{}
	}
	own := lang.L("app.call.you", map[string]any{"Name": f.pseudonym})
	// The own tile never shows "talking": Ringlet does not measure the
	// user's own voice level on this screen yet.
	grid := []fyne.CanvasObject{s.tileFor(selfID, own, f.camera, false).obj}
	s.tileViews[selfID].set(own, false, f.hand)
	present := map[string]bool{selfID: true}
	volumes, _ := f.call.(volumeControl)
	for _, p := range f.participants {
		t := s.tileFor(p.id, p.name, p.video, volumes != nil)
		t.set(p.name, p.talking, p.hand)
		present[p.id] = true
		grid = append(grid, t.obj)
	}
	for id := range s.tileViews {
		if !present[id] {
			delete(s.tileViews, id)
			delete(s.volumeButtons, id)
			delete(s.pictures, id)
		}
	}
	if !sameObjects(s.tiles.Objects, grid) {
		s.tiles.Objects = grid
		s.tiles.Refresh()
	}
}

// tileFor returns the tile of participant id, building it when there is
// none yet or when their picture came or went.
func (s *callScreen) tileFor(id, name string, video, volume bool) *tileView {
	if t, ok := s.tileViews[id]; ok && t.video == video {
		return t
	}
	t := newTileView(name, s.picture(id, video))
	if volume {
		// A small button in the tile's corner opens that person's
		// volume; it is reachable with Tab like every other control.
		b := newButton("", theme.VolumeUpIcon(), func() { s.onVolume(id, s.tileViews[id].name.Text) })
		b.Importance = widget.LowImportance
		t.obj = container.NewStack(t.obj, container.NewBorder(nil, nil, nil, container.NewVBox(b)))
		if s.volumeButtons == nil {
			s.volumeButtons = map[string]*button{}
		}
		s.volumeButtons[id] = b
	}
	s.tileViews[id] = t
	return t
}

func sameObjects(a, b []fyne.CanvasObject) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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

// showFrame puts a participant's newest picture into their tile. Only
// that image is refreshed, never the grid or the window.
func (s *callScreen) showFrame(id string, frame image.Image) {
	if img, ok := s.pictures[id]; ok {
		img.Image = frame
		img.Refresh()
	}
}

// pictureBox is the size in pixels that a participant's picture is shown
// at, once their tile has been laid out.
func (s *callScreen) pictureBox(id string, scale float32) (image.Point, bool) {
	img, ok := s.pictures[id]
	if !ok {
		return image.Point{}, false
	}
	size := img.Size()
	box := image.Pt(int(size.Width*scale+0.5), int(size.Height*scale+0.5))
	return box, box.X > 0 && box.Y > 0
}

// showChat shows the chat of this visit: each message with its sender's
// name in bold, the user's own set apart. It lives only in the flow and
// these widgets.
func (s *callScreen) showChat(f *flow) {
	s.chatLog.Objects = nil
	for _, c := range f.chat {
		s.chatLog.Objects = append(s.chatLog.Objects, chatMessage(c))
	}
	if s.withChat != nil {
		if f.chatOpen {
			s.middle.Objects = []fyne.CanvasObject{s.withChat}
		} else {
			s.middle.Objects = []fyne.CanvasObject{s.tilesOnly}
		}
		s.middle.Refresh()
	}
	s.chatDirty = true
	s.flushChat(f)
}

// addChat keeps one more message, dropping the oldest past maxChatLines,
// and adds its line to the log without touching the others. flushChat
// shows the change.
func (s *callScreen) addChat(f *flow, line chatLine) {
	f.keepChat(line)
	s.chatLog.Objects = append(s.chatLog.Objects, chatMessage(line))
	if over := len(s.chatLog.Objects) - maxChatLines; over > 0 {
		clear(s.chatLog.Objects[:over])
		s.chatLog.Objects = s.chatLog.Objects[over:]
	}
	s.chatDirty = true
}

// flushChat lays the log out once after one or many new messages.
func (s *callScreen) flushChat(f *flow) {
	if !s.chatDirty {
		return
	}
	s.chatDirty = false
	s.showChatToggle(f)
	s.chatLog.Refresh()
	s.chatScroll.ScrollToBottom()
}

// chatMessage is one message: "Name: text", wrapped. The user's own
// stand under "You", a name nobody else can have (see app/session's
// roster), in the theme's primary colour, so that nobody can pass their
// lines off as the user's.
func chatMessage(c chatLine) *widget.RichText {
	name := &widget.TextSegment{Text: c.from + ": ", Style: widget.RichTextStyleStrong}
	if c.own {
		name.Style.ColorName = theme.ColorNamePrimary
	}
	rt := widget.NewRichText(name, &widget.TextSegment{Text: c.text, Style: widget.RichTextStyleInline})
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
	s.addChat(f, chatLine{from: lang.L("app.call.you_short"), text: text, own: true})
	s.chatProblem.Hide()
	s.chatEntry.SetText("")
	s.flushChat(f)
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
// visit lasts; events of a visit that was left are dropped. Events that
// arrive together are applied together, with one layout after them, so
// that a flood from the ring costs the window a few frames' work at most
// and Leave stays as quick as ever.
func (u *ui) listen(f *flow, c Call) {
	go func() {
		for ev := range c.Events() {
			batch := takeWaiting(c.Events(), []call.Event{ev})
			u.onUI(func() {
				if u.flow != f {
					return
				}
				for _, ev := range batch {
					if u.flow != f {
						return // the batch ended the visit
					}
					u.applyOne(ev)
				}
				u.afterEvents(f)
			})
		}
	}()
}

// maxEventBatch bounds how many events one pass on the UI thread applies.
const maxEventBatch = 64

// takeWaiting adds the events already waiting in events to batch, up to
// maxEventBatch, without waiting for more.
func takeWaiting(events <-chan call.Event, batch []call.Event) []call.Event {
	for len(batch) < maxEventBatch {
		select {
		case ev, ok := <-events:
			if !ok {
				return batch
			}
			batch = append(batch, ev)
		default:
			return batch
		}
	}
	return batch
}

// apply changes the visit's state for one event and shows it.
func (u *ui) apply(ev call.Event) {
	f := u.flow
	u.applyOne(ev)
	if u.flow == f {
		u.afterEvents(f)
	}
}

// afterEvents shows what a pass of applyOne changed.
func (u *ui) afterEvents(f *flow) {
	if f == nil || u.call == nil {
		return
	}
	u.call.flushChat(f)
}

// applyOne changes the visit's state for one event and shows the part
// of the screen it touches. Names and texts are cleaned once more here:
// the call screen shows nothing that could pass for the user's controls.
func (u *ui) applyOne(ev call.Event) {
	f := u.flow
	if f == nil {
		return
	}
	switch e := ev.(type) {
	case call.Notice:
		u.showNotice(e)
	case call.BlurChanged:
		u.showNotice(e)
	case call.KeyMismatch:
		e.Name = peertext.Name(e.Name)
		u.showNotice(e)
	case call.Chat:
		u.applyChat(f, e)
	case call.Ended:
		u.applyEnded(f, e)
	default:
		if touched, whole := f.applyToTiles(ev); touched {
			u.showTiles(f, whole)
		}
	}
}

// applyToTiles changes the people and the ring's state for one event. It
// reports whether the event touched the screen, and whether more than
// the tiles changed (the banner for recording or reconnecting).
func (f *flow) applyToTiles(ev call.Event) (touched, whole bool) {
	switch e := ev.(type) {
	case call.Joined:
		f.reconnecting = false // also after a rejoin
		return true, true
	case call.ConnectionLost:
		f.reconnecting = true
		return true, true
	case call.Recording:
		f.recording = e.On
		return true, true
	case call.ParticipantJoined:
		f.addParticipant(e.ID, peertext.Name(e.Name))
	case call.ParticipantLeft:
		f.removeParticipant(e.ID)
	case call.Talking:
		if p := f.find(e.ParticipantID); p != nil {
			p.talking = e.On
		}
	case call.Hand:
		if p := f.find(e.ParticipantID); p != nil {
			p.hand = e.Up
		}
	case call.MediaStarted:
		f.setVideo(e.ParticipantID, e.Kind, true)
	case call.MediaStopped:
		f.setVideo(e.ParticipantID, e.Kind, false)
	default:
		return false, false // states and tracks: nothing to show
	}
	return true, false
}

func (f *flow) addParticipant(id, name string) {
	if p := f.find(id); p != nil {
		p.name = name
	} else if len(f.participants) < maxTiles {
		f.participants = append(f.participants, &participant{id: id, name: name})
	}
}

func (f *flow) removeParticipant(id string) {
	for i, p := range f.participants {
		if p.id == id {
			f.participants = append(f.participants[:i], f.participants[i+1:]...)
			return
		}
	}
}

func (f *flow) setVideo(id string, kind call.Kind, on bool) {
	if p := f.find(id); p != nil && kind == call.Video {
		p.video = on
	}
}

// showTiles redraws the tiles, or the whole call screen when more changed.
func (u *ui) showTiles(f *flow, whole bool) {
	if u.call == nil {
		return
	}
	if whole {
		u.call.update(f)
		return
	}
	u.call.syncTiles(f)
}

func (u *ui) showNotice(m interface {
	MessageKey() string
	MessageArgs() map[string]any
}) {
	if u.call != nil {
		u.call.notice.SetText(translate(m.MessageKey(), m.MessageArgs()))
		u.call.notice.Show()
	}
}

func (u *ui) applyChat(f *flow, e call.Chat) {
	if !f.chatOpen {
		f.unread++
	}
	line := chatLine{from: peertext.Name(e.From), text: peertext.Chat(e.Text)}
	if u.call != nil {
		u.call.addChat(f, line)
	} else {
		f.keepChat(line)
	}
}

// applyEnded closes the visit and says why.
func (u *ui) applyEnded(f *flow, e call.Ended) {
	u.flow = nil
	if f.cancel != nil {
		f.cancel()
	}
	u.refreshTray()
	if u.win != nil {
		u.showLeftStep(e.Err)
		return
	}
	// Running in the tray with no window: say so quietly. The
	// notification names neither the ring nor anyone in it.
	u.app.SendNotification(fyne.NewNotification("Ringlet", lang.L("app.left.notification")))
}

// maxTiles bounds the people the call screen shows, whatever a server
// announces (the engine follows at most as many).
const maxTiles = 100

func (f *flow) find(id string) *participant {
	for _, p := range f.participants {
		if p.id == id {
			return p
		}
	}
	return nil
}

// frameSink hands pictures from media goroutines to the call screen. It
// keeps only the newest picture per participant, makes it at its tile's
// size in the media goroutine (tile_picture.go), lets each tile have the
// picture rate its size calls for, and paints all tiles' new pictures
// together at most tilePictureRate times a second: every paint redraws the
// whole window in Fyne, so pictures from four people arriving one by one
// must not cost four paints. A slow screen drops pictures instead of
// queueing them.
type frameSink struct {
	mu        sync.Mutex
	latest    map[string]image.Image
	boxes     map[string]image.Point // each tile's picture area in pixels, from the UI thread
	due       map[string]time.Time   // when each tile may have its next picture
	pending   bool
	lastPaint time.Time
}

func (u *ui) newFrameSink(f *flow) func(id string, frame image.Image) {
	fs := &frameSink{latest: map[string]image.Image{}, boxes: map[string]image.Point{}, due: map[string]time.Time{}}
	return func(id string, frame image.Image) {
		now := time.Now()
		box, ok := fs.admit(id, now)
		if !ok {
			return
		}
		picture := scaleForTile(frame, box)
		fs.mu.Lock()
		fs.latest[id] = picture
		if fs.pending {
			fs.mu.Unlock()
			return
		}
		fs.pending = true
		wait := fs.lastPaint.Add(time.Second / tilePictureRate).Sub(now)
		fs.mu.Unlock()
		paint := func() { u.onUI(func() { fs.paint(u, f) }) }
		if wait > 0 {
			time.AfterFunc(wait, paint)
		} else {
			paint()
		}
	}
}

// admit says whether a tile takes a picture now, and at what size. A
// little slack keeps a 15 fps stream at 15 despite jitter; a tile that
// fell far behind starts afresh instead of catching up in a burst.
func (fs *frameSink) admit(id string, now time.Time) (image.Point, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	box, ok := fs.boxes[id]
	if !ok {
		box = defaultPictureBox
	}
	every := pictureInterval(box)
	due := fs.due[id]
	if now.Before(due.Add(-every / 4)) {
		return box, false
	}
	next := due.Add(every)
	if now.After(next) {
		next = now.Add(every)
	}
	fs.due[id] = next
	return box, true
}

// paint shows the newest pictures on the UI thread, one window repaint
// for all of them, and notes each tile's size for the next pictures.
func (fs *frameSink) paint(u *ui, f *flow) {
	fs.mu.Lock()
	frames := fs.latest
	fs.latest = map[string]image.Image{}
	fs.pending = false
	fs.lastPaint = time.Now()
	fs.mu.Unlock()
	if u.flow != f || u.call == nil {
		return
	}
	scale := u.window().Canvas().Scale()
	for id, img := range frames {
		u.call.showFrame(id, img)
		if id == selfID {
			u.updateBlurVerdict()
		}
		if box, ok := u.call.pictureBox(id, scale); ok {
			fs.mu.Lock()
			fs.boxes[id] = box
			fs.mu.Unlock()
		}
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
