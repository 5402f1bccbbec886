package capture

import (
	"image"

	"github.com/pion/mediadevices"
)

// ReadLocally pulls picture and sound through the stream without a
// PeerConnection, for a preview that sends nothing. mediadevices' tracks
// are pull-driven: without a reader no frame is captured, so Transform,
// AudioFilter and InputLevel would never run. Each frame reaches onFrame
// (may be nil) after Transform, as the encoder would get it; it is I420
// when Options.Transform is set. The frame is shared with the capture
// loop and only valid during the call: copy what you keep.
//
// The readers stop when the stream is closed. Call ReadLocally once per
// stream; the tracks stay usable by a PeerConnection at the same time,
// but the slower reader then paces the other.
func (s *Stream) ReadLocally(onFrame func(*image.YCbCr)) {
	audioReader := s.audio.(*mediadevices.AudioTrack).NewReader(false)
	go func() {
		for {
			if _, _, err := audioReader.Read(); err != nil {
				return
			}
		}
	}()
	if s.video == nil {
		return
	}
	videoReader := s.video.(*mediadevices.VideoTrack).NewReader(false)
	go func() {
		for {
			img, _, err := videoReader.Read()
			if err != nil {
				return
			}
			if yc, ok := img.(*image.YCbCr); ok && onFrame != nil {
				onFrame(yc)
			}
		}
	}()
}
