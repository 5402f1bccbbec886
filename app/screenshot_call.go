package app

import "context"

// screenshotCall is a call that exists only on screen, for documentation
// screenshots: it connects to nothing and sends nothing.
type screenshotCall struct{ events chan CallEvent }

func newScreenshotCall() *screenshotCall { return &screenshotCall{events: make(chan CallEvent)} }

func (c *screenshotCall) Events() <-chan CallEvent { return c.events }
func (c *screenshotCall) SetMuted(bool)            {}
func (c *screenshotCall) SetCamera(bool)           {}
func (c *screenshotCall) RaiseHand(bool)           {}
func (c *screenshotCall) SendChat(string) error    { return nil }
func (c *screenshotCall) Features() CallFeatures   { return CallFeatures{Chat: true, RaiseHand: true} }
func (c *screenshotCall) Leave()                   {}
func (c *screenshotCall) PanicLeave()              {}

// script is what the screenshot shows happening in the ring.
func (c *screenshotCall) script() []CallEvent {
	return []CallEvent{
		EventJoined{},
		EventParticipantJoined{ID: "1", Name: "Sanfter Fuchs"},
		EventParticipantJoined{ID: "2", Name: "Helle Amsel", Video: true},
		EventParticipantJoined{ID: "3", Name: "Moderation"},
		EventParticipantJoined{ID: "4", Name: "Quiet Heron"},
		EventTalking{ID: "3", On: true},
		EventHand{ID: "1", Up: true},
		EventChat{From: "Moderation", Text: "Willkommen! Schön, dass Sie da sind."},
	}
}

// screenshotFindings are made-up check-up results for the screenshot.
func screenshotFindings(context.Context, CheckRequest) []Finding {
	return []Finding{
		{Status: FindingWarn, Title: Msg{Key: "app.demo_finding.google_title"}, Text: Msg{Key: "app.demo_finding.google_text"},
			FixKind: FixOpenPrivateWindow, FixButton: Msg{Key: "app.demo_finding.google_fix"}},
		{Status: FindingOK, Title: Msg{Key: "app.demo_finding.zoom_title"}},
		{Status: FindingUnknown, Title: Msg{Key: "app.demo_finding.headphones_title"}, Text: Msg{Key: "app.demo_finding.headphones_text"}},
	}
}
