package app

import (
	"context"
	"image"

	"github.com/ringlet/ringlet/app/session"
)

// openPreviewDevices opens the preview screen's try-out through
// app/session: the own picture goes through the same blur as in a call,
// so the user judges what the others would see.
func openPreviewDevices(req PreviewRequest) (Preview, error) {
	return openSessionPreview(req, false)
}

// openSessionPreview is openPreviewDevices, or with testPattern the test
// picture and tone instead of camera and microphone (screenshots).
func openSessionPreview(req PreviewRequest, testPattern bool) (Preview, error) {
	opts := session.PreviewOptions{AudioOnly: req.AudioOnly, AudioDevice: req.Microphone, TestPattern: testPattern}
	if !req.AudioOnly {
		opts.VideoDevice, opts.VideoFile = req.Camera, benchVideoFile()
		if req.OnOwnFrame != nil {
			opts.OnFrame = func(f *image.YCbCr) { req.OnOwnFrame(f) }
		}
	}
	p, err := session.OpenPreview(opts)
	if err != nil {
		return nil, err
	}
	return sessionPreview{p}, nil
}

// sessionPreview turns app/session's blur verdict into a message.
type sessionPreview struct{ *session.Preview }

func (p sessionPreview) BlurVerdict() (Msg, bool) {
	v, measured := p.Preview.BlurVerdict()
	return Msg{Key: v.MessageKey(), Args: v.MessageArgs()}, measured
}

// playTestTone plays app/session's test tone on a speaker ("" = default).
func playTestTone(ctx context.Context, speaker string) error {
	return session.PlayTestTone(ctx, session.ToneOptions{Speaker: speaker})
}
