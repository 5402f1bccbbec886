package app

import (
	"context"
	"image"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PreviewRequest opens the devices for the preview screen only: nothing
// is sent anywhere. With AudioOnly the camera is never opened.
type PreviewRequest struct {
	AudioOnly bool
	// Camera and Microphone are device IDs; "" is the default.
	Camera, Microphone string
	// OnOwnFrame gets the own picture as it would be sent (blurred), on
	// a media goroutine; the picture is the callee's to keep.
	OnOwnFrame func(frame image.Image)
}

// Preview is the open camera and microphone of the preview screen.
type Preview interface {
	// InputLevel is the microphone's loudness, 0 (silence) to 1.
	InputLevel() float64
	// BlurVerdict says whether the picture came out blurred, once
	// measured.
	BlurVerdict() (verdict Msg, measured bool)
	Close() error
}

// levelInterval is how often the meter and the verdict are read.
const levelInterval = 100 * time.Millisecond

// livePreview is the running try-out part of the preview screen.
type livePreview struct {
	self    *canvas.Image // the own picture, with the camera chosen
	waiting *widget.Label // "the camera is starting", until a picture comes
	verdict *widget.Label
	level   *widget.ProgressBar
	micName *widget.Label // the microphone the meter listens to
	tone    *button
	toneMsg *widget.Label

	mu     sync.Mutex
	dev    Preview // nil until opened, and after closing
	closed bool
	stop   chan struct{}
	// released is closed once this preview's devices are free again
	// (closed, or never opened because opening failed or came too late).
	released chan struct{}
	frame    image.Image
	pending  bool
}

// tryOutSection (nil when this build has nothing to try) is the part of the preview where the user sees and hears
// themselves before joining: the picture as the others would see it, the
// microphone's level and a test tone for the speaker.
func (u *ui) tryOutSection(s *previewScreen) fyne.CanvasObject {
	lp := &livePreview{stop: make(chan struct{}), released: make(chan struct{})}
	s.live = lp
	lp.micName = para("")
	lp.level = widget.NewProgressBar()
	lp.level.TextFormatter = func() string { return "" }
	lp.verdict = para("")
	lp.verdict.Hide()
	lp.toneMsg = para("")
	lp.tone = newButton(lang.L("app.preview.test_tone"), theme.MediaPlayIcon(), func() { u.playTestTone(s.live) })
	// Only what this build can do is shown: no meter that never moves.
	sound := container.NewVBox()
	if u.opts.OpenPreview != nil {
		sound.Add(container.NewVBox(bold(lang.L("app.preview.mic_title")), lp.micName, lp.level, para(lang.L("app.preview.mic_hint"))))
	}
	if u.opts.PlayTestTone != nil {
		sound.Add(container.NewVBox(bold(lang.L("app.preview.speaker_title")), container.NewHBox(lp.tone), lp.toneMsg))
	}
	if u.flow.audioOnly || u.opts.OpenPreview == nil {
		switch len(sound.Objects) {
		case 0:
			return nil
		case 2:
			// Side by side: the screen stays short enough to see Join.
			return container.NewGridWithColumns(2, sound.Objects...)
		}
		return sound
	}
	lp.self = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleFastest}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
	bg.CornerRadius = 8
	lp.waiting = widget.NewLabelWithStyle(lang.L("app.preview.camera_starting"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	// A fixed box: the picture neither pushes Join off the screen nor
	// jumps when the first frame arrives.
	picture := container.NewGridWrap(fyne.NewSize(300, 200), container.NewStack(bg, container.NewCenter(lp.waiting), lp.self))
	view := container.NewVBox(bold(lang.L("app.preview.self_title")), picture, lp.verdict)
	return container.NewGridWithColumns(2, view, sound)
}

// openPreview opens camera (when chosen) and microphone for the try-out,
// off the UI thread. A preview that opens after the screen was left is
// closed at once.
func (u *ui) openPreview(s *previewScreen) {
	lp := s.live
	if lp == nil || u.opts.OpenPreview == nil {
		return
	}
	req := PreviewRequest{AudioOnly: u.flow.audioOnly}
	req.Microphone = s.microphone.chosen()
	if s.camera != nil && !req.AudioOnly {
		req.Camera = s.camera.chosen()
	}
	if !req.AudioOnly {
		req.OnOwnFrame = func(f image.Image) { u.previewFrame(lp, f) }
	}
	// A device serves one user at a time: the preview before this one
	// (voice only, before the camera was chosen) may still be opening,
	// and must have let go of the microphone before this one takes it.
	prev := u.lastPreview
	u.lastPreview = lp
	u.async(func() {
		if prev != nil {
			<-prev.released
		}
		dev, err := u.opts.OpenPreview(req)
		lp.mu.Lock()
		closed := lp.closed
		if err == nil && !closed {
			lp.dev = dev
			lp.mu.Unlock()
			if u.previewTick > 0 {
				go u.watchPreview(lp)
			}
			return
		}
		lp.mu.Unlock()
		if err == nil {
			_ = dev.Close()
		}
		close(lp.released)
		if err != nil && !closed {
			u.onUI(func() { lp.toneMsg.SetText(message(err)) })
		}
	})
}

// reopenPreview follows a change of microphone or camera on the preview
// screen: the try-out closes and opens again on the new devices, with
// the same widgets.
func (u *ui) reopenPreview(s *previewScreen) {
	if u.preview != s || s.live == nil || u.opts.OpenPreview == nil {
		return
	}
	old := s.live
	s.live = old.fresh()
	old.close()
	u.openPreview(s)
}

// fresh is a new, unopened try-out on lp's widgets, showing nothing of
// the devices before.
func (lp *livePreview) fresh() *livePreview {
	n := &livePreview{self: lp.self, waiting: lp.waiting, verdict: lp.verdict, level: lp.level, micName: lp.micName,
		tone: lp.tone, toneMsg: lp.toneMsg, stop: make(chan struct{}), released: make(chan struct{})}
	if n.self != nil {
		n.self.Image = nil
		n.self.Refresh()
		n.waiting.Show()
	}
	n.verdict.Hide()
	n.level.SetValue(0)
	return n
}

// previewFrame shows the newest own picture; a slow screen skips pictures
// instead of queueing them.
func (u *ui) previewFrame(lp *livePreview, f image.Image) {
	lp.mu.Lock()
	lp.frame = f
	if lp.pending || lp.closed {
		lp.mu.Unlock()
		return
	}
	lp.pending = true
	lp.mu.Unlock()
	u.onUI(func() {
		lp.mu.Lock()
		f, closed := lp.frame, lp.closed
		lp.pending = false
		lp.mu.Unlock()
		// A picture of a closed try-out may be of the camera before.
		if lp.self != nil && f != nil && !closed {
			lp.waiting.Hide()
			lp.self.Image = f
			lp.self.Refresh()
		}
	})
}

// watchPreview reads the level and the blur verdict until the preview
// closes.
func (u *ui) watchPreview(lp *livePreview) {
	t := time.NewTicker(u.previewTick)
	defer t.Stop()
	for {
		select {
		case <-lp.stop:
			return
		case <-t.C:
			u.onUI(func() { lp.refresh() })
		}
	}
}

// refresh shows the microphone's level and the blur verdict.
func (lp *livePreview) refresh() {
	lp.mu.Lock()
	dev := lp.dev
	lp.mu.Unlock()
	if dev == nil {
		return
	}
	lp.level.SetValue(dev.InputLevel())
	if lp.self == nil {
		return
	}
	v, measured := dev.BlurVerdict()
	if !measured {
		return
	}
	text := translate(v.Key, v.Args)
	importance := widget.SuccessImportance
	if v.Key != "blur.verdict.blurred" {
		importance = widget.DangerImportance
	}
	if lp.verdict.Text != text || lp.verdict.Importance != importance || !lp.verdict.Visible() {
		lp.verdict.Importance = importance
		lp.verdict.SetText(text)
		lp.verdict.Show()
	}
}

// close releases camera and microphone; safe to call more than once.
func (lp *livePreview) close() {
	if lp == nil {
		return
	}
	lp.mu.Lock()
	if lp.closed {
		lp.mu.Unlock()
		return
	}
	lp.closed = true
	dev := lp.dev
	lp.dev = nil
	close(lp.stop)
	lp.mu.Unlock()
	if dev != nil {
		_ = dev.Close()
		close(lp.released)
	}
}

// playTestTone plays a short tone on the chosen speaker.
func (u *ui) playTestTone(lp *livePreview) {
	s := u.preview
	if u.opts.PlayTestTone == nil || s == nil {
		return
	}
	speaker := s.speaker.chosen()
	lp.tone.Disable()
	lp.toneMsg.SetText(lang.L("app.preview.test_tone_playing"))
	u.async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := u.opts.PlayTestTone(ctx, speaker)
		u.onUI(func() {
			lp.tone.Enable()
			if err != nil {
				lp.toneMsg.SetText(message(err))
				return
			}
			lp.toneMsg.SetText(lang.L("app.preview.test_tone_done"))
		})
	})
}

// closePreview closes the try-out devices of the preview screen, if open.
func (u *ui) closePreview() {
	if u.preview != nil {
		u.preview.live.close()
	}
}
