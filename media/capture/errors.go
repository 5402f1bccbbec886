package capture

import "github.com/ringlet/ringlet/internal/keyerr"

// Error is a capture failure that the GUI and CLI translate: it carries a
// message key instead of prose, so this package never needs the catalog.
type Error = keyerr.Error

// Sentinels for errors.Is.
var (
	ErrNoCamera     = &Error{Key: "media.capture.no_camera"}
	ErrNoMicrophone = &Error{Key: "media.capture.no_microphone"}
	ErrBadSize      = &Error{Key: "media.capture.bad_size"}
	ErrCameraFailed = &Error{Key: "media.capture.camera_failed"}
	ErrMicFailed    = &Error{Key: "media.capture.microphone_failed"}
	ErrCodec        = &Error{Key: "media.capture.codec_failed"}
)

func wrap(sentinel *Error, cause error) *Error {
	return &Error{Key: sentinel.Key, Err: cause}
}
