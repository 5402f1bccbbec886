package app

// The made-up content of the documentation screenshots (screenshot.go, a
// build with -tags screenshots), which the tests use as well. Nothing in
// the product build reaches it, so the linker leaves it out of the
// binary (cmd/ringlet's TestProductBinaryHasNoScreenshotHook checks).

import (
	"context"
	"image"
	"image/color"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
)

// screenshotLink is a made-up ring on this computer, used only to show the
// screens for documentation.
const screenshotLink = "ringlet://localhost:8188/janus?room=1234&title=Mittwochsgruppe&tls=0"

// screenshotCall is a call that exists only on screen, for documentation
// screenshots: it connects to nothing and sends nothing.
type screenshotCall struct{ events chan call.Event }

func newScreenshotCall() *screenshotCall { return &screenshotCall{events: make(chan call.Event)} }

func (c *screenshotCall) Events() <-chan call.Event { return c.events }
func (c *screenshotCall) SetMuted(bool)             {}
func (c *screenshotCall) SetCamera(bool)            {}
func (c *screenshotCall) RaiseHand(bool)            {}
func (c *screenshotCall) SendChat(string) error     { return nil }
func (c *screenshotCall) Features() CallFeatures    { return CallFeatures{Chat: true, RaiseHand: true} }
func (c *screenshotCall) Leave()                    {}
func (c *screenshotCall) SetVolume(string, float64) {}
func (c *screenshotCall) Volume(string) float64     { return 1 }
func (c *screenshotCall) PanicLeave()               {}

// script is what the screenshot shows happening in the ring.
func (c *screenshotCall) script() []call.Event {
	return []call.Event{
		call.Joined{},
		call.ParticipantJoined{ID: "1", Name: "Sanfter Fuchs"},
		call.ParticipantJoined{ID: "2", Name: "Helle Amsel"},
		call.MediaStarted{ParticipantID: "2", Kind: call.Video},
		call.ParticipantJoined{ID: "3", Name: "Moderation"},
		call.ParticipantJoined{ID: "4", Name: "Quiet Heron"},
		call.Talking{ParticipantID: "3", On: true},
		call.Hand{ParticipantID: "1", Up: true},
		call.Chat{From: "Moderation", Text: "Willkommen! Schön, dass Sie da sind."},
	}
}

// screenshotFindings are made-up check-up results for the screenshot.
func screenshotFindings(_ context.Context, req CheckRequest) []Finding {
	google := Finding{Check: "google.firefox", Status: FindingWarn, Title: Msg{Key: "app.demo_finding.google_title"}, Text: Msg{Key: "app.demo_finding.google_text"},
		FixKind: FixOpenPrivateWindow, FixButton: Msg{Key: "app.demo_finding.google_fix"}}
	switch {
	case req.Kind == ring.KindNative:
		// As the real check-up weighs it: nothing goes to Google here.
		google.Status, google.Text, google.FixKind = FindingInfo, Msg{Key: "privacy.account.native.text"}, ""
	case req.Kind == ring.KindPlatform && req.Platform != ring.PlatformMeet:
		google.Status, google.Text, google.FixKind = FindingInfo, Msg{Key: "privacy.account.not_here.text"}, ""
	}
	return []Finding{
		google,
		{Status: FindingOK, Title: Msg{Key: "app.demo_finding.zoom_title"}},
		{Status: FindingUnknown, Title: Msg{Key: "app.demo_finding.headphones_title"}, Text: Msg{Key: "app.demo_finding.headphones_text"}},
	}
}

// screenshotPreview is a preview that opens nothing: a made-up level and,
// with the camera chosen, a made-up soft picture with the verdict
// "blurred". It is only for documentation screenshots.
type screenshotPreview struct{ audioOnly bool }

func openScreenshotPreview(req PreviewRequest) (Preview, error) {
	if req.OnOwnFrame != nil {
		req.OnOwnFrame(screenshotPicture())
	}
	return screenshotPreview{audioOnly: req.AudioOnly}, nil
}

func (screenshotPreview) InputLevel() float64 { return 0.45 }
func (p screenshotPreview) BlurVerdict() (Msg, bool) {
	return Msg{Key: "blur.verdict.blurred"}, !p.audioOnly
}
func (screenshotPreview) Close() error { return nil }

// screenshotPicture is a soft made-up picture: a head-and-shoulders
// shape in front of a blurry background.
func screenshotPicture() image.Image {
	const w, h = 320, 240
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: uint8(90 + x/6), G: uint8(110 + y/5), B: 150, A: 255}
			dx, dy := float64(x-w/2), float64(y-95)
			head := dx*dx/(45*45)+dy*dy/(55*55) < 1
			sx, sy := float64(x-w/2), float64(y-260)
			shoulders := sx*sx/(120*120)+sy*sy/(90*90) < 1
			if head {
				c = color.RGBA{R: 214, G: 170, B: 140, A: 255}
			} else if shoulders {
				c = color.RGBA{R: 60, G: 80, B: 110, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// playScreenshotTone plays nothing.
func playScreenshotTone(context.Context, string) error { return nil }
