package app

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/app/session"
)

// fakePreview stands in for the open camera and microphone of the
// preview screen: this machine has no camera (and tests need no real one
// to check what the screen does with a picture and a level).
type fakePreview struct {
	req    PreviewRequest
	closed bool
}

func (p *fakePreview) InputLevel() float64 { return 0.4 }
func (p *fakePreview) BlurVerdict() (Msg, bool) {
	return Msg{Key: "blur.verdict.blurred"}, !p.req.AudioOnly
}
func (p *fakePreview) Close() error { p.closed = true; return nil }

// previewUI walks to the preview screen with fake preview devices.
func previewUI(t *testing.T, l string, opened *[]*fakePreview, tones *[]string, join func() (Call, error)) *ui {
	t.Helper()
	u := newTestUI(t, l, Options{Random: zeroReader{},
		OpenPreview: func(req PreviewRequest) (Preview, error) {
			p := &fakePreview{req: req}
			*opened = append(*opened, p)
			if req.OnOwnFrame != nil {
				req.OnOwnFrame(testPicture())
			}
			return p, nil
		},
		PlayTestTone: func(_ context.Context, speaker string) error { *tones = append(*tones, speaker); return nil },
		Join:         func(context.Context, JoinRequest) (Call, error) { return join() },
	})
	u.onUI = func(f func()) { f() }
	u.previewTick = 0 // the test reads the meter itself
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	return u
}

func TestPreviewTriesOutCameraMicrophoneAndSpeaker(t *testing.T) {
	var opened []*fakePreview
	var tones []string
	var openAtJoin int
	u := previewUI(t, "en", &opened, &tones, func() (Call, error) {
		for _, p := range opened {
			if !p.closed {
				openAtJoin++
			}
		}
		return newFakeCall(), nil
	})
	if len(opened) != 1 || !opened[0].req.AudioOnly || opened[0].req.OnOwnFrame != nil {
		t.Fatalf("voice only must open the microphone only: %+v", opened)
	}
	live := u.preview.live
	live.refresh()
	if live.level.Value != 0.4 {
		t.Errorf("level meter shows %v", live.level.Value)
	}
	if live.self != nil {
		t.Error("a picture box in voice only")
	}
	test.Tap(u.preview.live.tone)
	if len(tones) != 1 || tones[0] != "" || u.preview.live.toneMsg.Text == "" {
		t.Errorf("test tone: %q, %q", tones, u.preview.live.toneMsg.Text)
	}

	test.Tap(u.preview.withCamera)
	if len(opened) != 2 || !opened[0].closed || opened[1].req.AudioOnly {
		t.Fatal("choosing the camera must close the microphone-only preview and open the camera")
	}
	live = u.preview.live
	live.refresh()
	if live.self == nil || live.self.Image == nil {
		t.Fatal("the own picture is not shown")
	}
	if !live.verdict.Visible() || live.verdict.Text != "Your background is blurred." {
		t.Errorf("verdict %q", live.verdict.Text)
	}
	capture(t, u, "preview_camera.en.png")

	test.Tap(u.preview.voiceOnly)
	if !opened[1].closed || len(opened) != 3 || !opened[2].req.AudioOnly {
		t.Fatal("back to voice only must close the camera")
	}
	test.Tap(u.preview.join)
	if openAtJoin != 0 {
		t.Errorf("%d previews still open when joining", openAtJoin)
	}
	if u.call == nil {
		t.Fatal("did not join")
	}
}

func TestPanicLeaveClosesThePreview(t *testing.T) {
	var opened []*fakePreview
	var tones []string
	u := previewUI(t, "de", &opened, &tones, func() (Call, error) { return newFakeCall(), nil })
	u.panicLeave()
	if len(opened) != 1 || !opened[0].closed {
		t.Fatal("panic leave left the microphone open")
	}
}

// The preview screen against the real try-out of app/session, with the
// test picture and tone instead of hardware.
func TestRealPreviewWithTheTestPattern(t *testing.T) {
	var opened []Preview
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		OpenPreview: func(req PreviewRequest) (Preview, error) {
			p, err := openSessionPreview(req, true)
			if err == nil {
				opened = append(opened, p)
			}
			return p, err
		},
		PlayTestTone: func(ctx context.Context, _ string) error {
			return session.PlayTestTone(ctx, session.ToneOptions{Null: true})
		},
	})
	q := queueUI(u)
	u.previewTick = 0 // the test reads the meter itself
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	test.Tap(u.preview.withCamera)
	live := u.preview.live
	q.until(t, "the microphone level did not move", func() bool { live.refresh(); return live.level.Value > 0.5 })
	q.until(t, "no own picture shown", func() bool { return live.self.Image != nil && !live.waiting.Visible() })
	q.until(t, "no blur verdict shown", func() bool { live.refresh(); return live.verdict.Visible() && live.verdict.Text != "" })

	test.Tap(live.tone)
	q.until(t, "the test tone did not finish", func() bool { return live.toneMsg.Text == lang.L("app.preview.test_tone_done") })

	// Back to voice only: the camera closes, the microphone opens again
	// (which works only if the camera preview let go of it).
	test.Tap(u.preview.voiceOnly)
	if len(opened) != 3 || opened[0].(sessionPreview).HasVideo() || !opened[1].(sessionPreview).HasVideo() || opened[2].(sessionPreview).HasVideo() {
		t.Fatalf("opened %d previews, want voice only, camera, voice only", len(opened))
	}
	u.panicLeave()
}

// countingPreview counts how many previews hold the devices at once.
type countingPreview struct {
	open *atomic.Int64
	once sync.Once
}

func (p *countingPreview) InputLevel() float64      { return 0 }
func (p *countingPreview) BlurVerdict() (Msg, bool) { return Msg{}, false }
func (p *countingPreview) Close() error             { p.once.Do(func() { p.open.Add(-1) }); return nil }

// Choosing the camera while the voice-only preview is still opening must
// not open the camera preview beside it: a device serves one user at a
// time, and the second would fail with "microphone busy".
func TestPreviewsNeverOverlap(t *testing.T) {
	var open, most, calls, returned atomic.Int64
	gate := make(chan struct{})
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		OpenPreview: func(req PreviewRequest) (Preview, error) {
			if calls.Add(1) == 1 {
				<-gate // the first preview is slow to open
			}
			n := open.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			returned.Add(1)
			return &countingPreview{open: &open}, nil
		},
	})
	q := queueUI(u)
	u.previewTick = 0
	u.link.entry.SetText(nativeLink)
	u.async = func(f func()) { go f() }
	test.Tap(u.link.join)
	test.Tap(u.preview.withCamera)
	close(gate)
	q.until(t, "the camera preview did not open", func() bool { return returned.Load() == 2 && open.Load() == 1 })
	if most.Load() != 1 {
		t.Errorf("%d previews held the devices at once", most.Load())
	}
	u.panicLeave()
	q.until(t, "panic leave left a preview open", func() bool { return open.Load() == 0 })
}

// recordingPreviews records what the preview screen asked to open.
type recordingPreviews struct {
	mu     sync.Mutex
	reqs   []PreviewRequest
	closed []bool
}

type recordedPreview struct {
	r *recordingPreviews
	i int
}

func (p recordedPreview) InputLevel() float64      { return 0 }
func (p recordedPreview) BlurVerdict() (Msg, bool) { return Msg{}, false }
func (p recordedPreview) Close() error {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	p.r.closed[p.i] = true
	return nil
}

func (r *recordingPreviews) open(req PreviewRequest) (Preview, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
	r.closed = append(r.closed, false)
	return recordedPreview{r, len(r.reqs) - 1}, nil
}

// state is the requests so far and whether all but the last are closed.
func (r *recordingPreviews) state() ([]PreviewRequest, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.closed[:max(len(r.closed)-1, 0)] {
		if !c {
			return r.reqs, false
		}
	}
	return append([]PreviewRequest(nil), r.reqs...), len(r.closed) > 0 && !r.closed[len(r.closed)-1]
}

// The try-out must show and measure the devices the call will use: the
// saved microphone once the device list is in (it comes after the
// screen), and whatever the user picks.
func TestPreviewFollowsTheChosenDevices(t *testing.T) {
	gate := make(chan struct{})
	var previews recordingPreviews
	u := newTestUI(t, "en", Options{Random: zeroReader{},
		OpenPreview: previews.open,
		ListDevices: func(k DeviceKind) []DeviceInfo {
			<-gate // the system is slow to list its devices
			switch k {
			case DeviceMicrophone:
				return []DeviceInfo{{ID: "mic-a", Label: "Built-in", Default: true}, {ID: "mic-b", Label: "Headset"}}
			case DeviceCamera:
				return []DeviceInfo{{ID: "cam-a", Label: "Camera A"}, {ID: "cam-b", Label: "Camera B"}}
			}
			return nil
		},
	})
	q := queueUI(u)
	u.previewTick = 0
	u.prefs.set(prefMicrophone, deviceToken("mic-b"))
	u.link.entry.SetText(nativeLink)
	u.async = func(f func()) { go f() }
	test.Tap(u.link.join)
	close(gate)
	q.until(t, "the preview did not move to the saved microphone", func() bool {
		reqs, ok := previews.state()
		return ok && reqs[len(reqs)-1].Microphone == "mic-b"
	})
	// The list is in now: the user picks the built-in microphone.
	u.preview.microphone.sel.SetSelectedIndex(1)
	q.until(t, "the preview did not follow the microphone picked", func() bool {
		reqs, ok := previews.state()
		return ok && reqs[len(reqs)-1].Microphone == "mic-a"
	})

	test.Tap(u.preview.withCamera)
	q.until(t, "no camera menu", func() bool {
		reqs, ok := previews.state()
		return ok && !reqs[len(reqs)-1].AudioOnly && len(u.preview.camera.devices) == 2
	})
	u.preview.camera.sel.SetSelectedIndex(2)
	q.until(t, "the preview did not follow the camera picked", func() bool {
		reqs, ok := previews.state()
		return ok && reqs[len(reqs)-1].Camera == "cam-b" && reqs[len(reqs)-1].Microphone == "mic-a"
	})
	u.panicLeave()
	q.until(t, "panic leave left a preview open", func() bool {
		previews.mu.Lock()
		defer previews.mu.Unlock()
		return previews.closed[len(previews.closed)-1]
	})
}
