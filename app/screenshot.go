//go:build screenshots

// The screenshot hook exists only in a documentation build (go build -tags
// screenshots, scripts/screenshots.sh): the product binary reads no such
// variable and has none of this (screenshot_off.go).

package app

import (
	"os"
	"strings"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// showScreenshotHook shows the screen RINGLET_SCREENSHOT_SCREEN names, if
// it names one.
func showScreenshotHook(u *ui) {
	if screen := os.Getenv("RINGLET_SCREENSHOT_SCREEN"); screen != "" {
		u.showForScreenshot(screen)
	}
}

// screenshotKey is a made-up end-to-end key: "SCREEN-encrypted" shows
// SCREEN for an encrypted ring.
const screenshotKey = "#key=Mond+und+Sterne"

// showForScreenshot jumps to one screen with made-up content, for
// scripts/screenshots.sh (env RINGLET_SCREENSHOT_SCREEN). It only changes
// what is shown: nothing is joined, opened, checked or stored.
func (u *ui) showForScreenshot(screen string) {
	text := screenshotLink
	if base, ok := strings.CutSuffix(screen, "-encrypted"); ok {
		screen, text = base, screenshotLink+screenshotKey
	}
	link, err := ring.Parse(text)
	if err != nil {
		return
	}
	switch screen {
	case "link":
		u.showLinkStep(opening{text: text})
		return
	case "link-error":
		u.showLinkStep(opening{text: "javascript:alert(1)"})
		return
	}
	u.opts.Join = nil
	u.opts.OpenPrivate = nil
	u.opts.OpenDefault = nil
	u.opts.Remember = nil
	u.opts.OpenPreview = openScreenshotPreview
	u.opts.PlayTestTone = playScreenshotTone
	u.flow = &flow{link: link, pseudonym: newPseudonym(u.random, currentLanguage())}
	switch screen {
	case "checkup":
		u.opts.CheckUp = screenshotFindings
		u.showCheckStep()
	case "walkthrough":
		// A newcomer who opened the helper's checklist: the built-in
		// checks judged from the (made-up) check-up, their own steps to tick.
		if c, err := checklist.Template("self-help"); err == nil {
			c.Ring.Name, c.Ring.Link = "Mittwochsgruppe", screenshotLink
			u.flow.checklist = c
		}
		u.opts.CheckUp = screenshotFindings
		u.showCheckStep()
	case "join", "name", "preview":
		// The pre-join screen, with a finding in the banner.
		u.opts.CheckUp = screenshotFindings
		u.showJoinStep()
	case "preview-camera":
		u.flow.audioOnly, u.flow.cameraChosen = false, true
		u.flow.startMuted = true
		u.showJoinStep()
	case "preview-live":
		// The real try-out of app/session, fed by the test picture and
		// tone instead of camera and microphone: what the blur really
		// makes of a captured picture, and the meter really measuring.
		u.opts.OpenPreview = func(req PreviewRequest) (Preview, error) { return openSessionPreview(req, true) }
		u.flow.audioOnly, u.flow.cameraChosen = false, true
		u.flow.startMuted = true
		u.showJoinStep()
	case "handoff":
		meet, _ := ring.Parse("https://meet.jit.si/Mittwochsgruppe")
		u.flow.link = meet
		u.showJoinStep()
	case "call":
		c := newScreenshotCall()
		u.flow.call = c
		u.flow.muted = true
		u.flow.audioOnly = true
		u.flow.chatOpen = true
		u.showCallStep()
		for _, ev := range c.script() {
			u.apply(ev)
		}
		u.call.showFrame("2", screenshotPicture())
	case "left":
		u.flow = nil
		u.showLeftStep(nil)
	case "helper":
		u.showHelperStep()
		u.helper.name.SetText("Mittwochsgruppe")
	}
}
