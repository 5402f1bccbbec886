package app

import (
	"context"
	"os/exec"

	"github.com/ringlet/ringlet/app/browser"
	"github.com/ringlet/ringlet/app/privacy"
	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/devices"
)

// wireEngines fills Options with the real engines of this build: the call
// session and its preview, the check-up and the private browser. They
// live in their own packages; this file is the one seam that connects
// them to the GUI.
func wireEngines(opts *Options) {
	gate := &deviceGate{} // one camera and microphone per computer
	opts.Join = gate.join
	opts.CheckUp = systemCheckUp
	opts.RealName = systemRealName
	opts.Handoff = systemHandoff
	opts.OpenPrivate = openPrivate
	opts.OpenDefault = openDefault
	opts.ListDevices = listDevices
	opts.OpenPreview = gate.openPreview
	opts.PlayTestTone = playTestTone
	opts.SweepLeftovers = sweepLeftovers
}

// sweepLeftovers removes the browser profiles, check-up copies and font
// index folders an earlier Ringlet left behind, in this computer's temp
// folders.
func sweepLeftovers() int {
	return browser.Sweep(browser.SystemOptions()).Failed
}

// listDevices asks media/devices. Cameras are listed from the /dev tree
// by name only: nothing is opened.
func listDevices(kind DeviceKind) []DeviceInfo {
	var devs []devices.Device
	switch kind {
	case DeviceCamera:
		devs = devices.ListCameras(devices.CameraOptions{})
	case DeviceMicrophone:
		devs, _ = devices.ListMicrophones()
	case DeviceSpeaker:
		devs, _ = devices.ListSpeakers()
	}
	out := make([]DeviceInfo, 0, len(devs))
	for _, d := range devs {
		out = append(out, DeviceInfo{ID: d.ID, Label: d.Label, Default: d.Default})
	}
	return out
}

// systemHandoff builds the most private hand-off URL app/ring knows for
// the platform. The camera starts off where the platform allows it; the
// user can still turn it on in the meeting.
func systemHandoff(l ring.Link, pseudonym string, audioOnly bool) (Handoff, error) {
	h, err := ring.HandoffURL(l, ring.HandoffOptions{Pseudonym: pseudonym, AudioOnly: audioOnly})
	if err != nil {
		return Handoff{}, err
	}
	return Handoff{URL: h.URL, Protects: h.Protects, CannotProtect: h.CannotProtect, Warning: h.Warning}, nil
}

// openPrivate starts the throwaway private browser. It never falls back to
// the everyday browser by itself: that would show the user's accounts and
// keep the link in its history. When there is no private browser it says
// so (errNoPrivateBrowser), and the hand-off screen asks the user.
func openPrivate(ctx context.Context, h Handoff) (<-chan error, error) {
	return openPrivateWith(ctx, browser.SystemOptions(), h)
}

func openPrivateWith(ctx context.Context, o browser.Options, h Handoff) (<-chan error, error) {
	o.AllowDefault = false
	s, err := browser.Launch(ctx, o, h.URL, nil)
	if browser.ErrNoBrowser(err) {
		return nil, errNoPrivateBrowser
	}
	if err != nil {
		return nil, err
	}
	return s.Done(), nil
}

// openDefault opens the link in the everyday browser, after the user
// agreed to it on the hand-off screen.
func openDefault(h Handoff) error {
	return openDefaultWith(browser.SystemOptions(), h)
}

func openDefaultWith(o browser.Options, h Handoff) error {
	o.AllowDefault = true
	// The user agreed to the everyday browser because no private one was
	// found: Launch must not look again and start one nobody sees coming
	// (and nothing would close when the user leaves).
	o.LookPath = func(string) (string, error) { return "", exec.ErrNotFound }
	o.Exists = func(string) bool { return false }
	_, err := browser.Launch(context.Background(), o, h.URL, nil)
	return err
}

// systemCheckUp runs app/privacy's check-up on this computer.
func systemCheckUp(ctx context.Context, req CheckRequest) []Finding {
	po := privacy.SystemOptions()
	po.Pseudonym = req.Pseudonym
	po.AudioOnly = req.AudioOnly
	po.Ring = &privacy.RingFacts{Notice: req.Notice, Checklist: req.Checklist, Kind: req.Kind, Platform: req.Platform}
	return fromPrivacy(privacy.Run(ctx, po))
}

// fromPrivacy turns app/privacy's report into the GUI's findings.
func fromPrivacy(r privacy.Report) []Finding {
	out := make([]Finding, 0, len(r.Findings))
	for _, pf := range r.Findings {
		f := Finding{
			Check:     pf.Check,
			Title:     Msg(pf.Title),
			Text:      Msg(pf.Text),
			FixButton: Msg{Key: pf.Fix.ButtonKey, Args: pf.Fix.Args},
			FixHow:    Msg{Key: pf.Fix.HowKey, Args: pf.Fix.Args},
		}
		for _, e := range pf.Evidence {
			f.Evidence = append(f.Evidence, Msg(e))
		}
		switch pf.Status {
		case privacy.StatusOK:
			f.Status = FindingOK
		case privacy.StatusWarn:
			f.Status = FindingWarn
		case privacy.StatusInfo:
			f.Status = FindingInfo
		default:
			f.Status = FindingUnknown
		}
		switch pf.Fix.Kind {
		case privacy.FixOpenPrivateWindow:
			f.FixKind = FixOpenPrivateWindow
		case privacy.FixTurnCameraOff:
			f.FixKind = FixTurnCameraOff
		case privacy.FixPickAnotherName:
			f.FixKind = FixPickAnotherName
		case privacy.FixSignOut:
			f.FixKind = FixSignOut
		}
		out = append(out, f)
	}
	return out
}

// systemRealName is the live real-name guard of the name screen: the
// operating system account's names, compared the way app/privacy does.
func systemRealName(pseudonym string) bool {
	matched, _ := privacy.RealNameMatch(pseudonym, osRealNames())
	return matched
}
