package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
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
	u.showNameStep()
	test.Tap(u.name.next)
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
