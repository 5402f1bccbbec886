package capture

import "fmt"

// Error is a capture failure that the GUI and CLI translate: it carries a
// message key instead of prose, so this package never needs the catalog.
type Error struct {
	Key  string
	Args map[string]any
	Err  error // the underlying cause, for errors.Is/As; never shown raw
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Key, e.Err)
	}
	return e.Key
}

// MessageKey implements i18n.Messager.
func (e *Error) MessageKey() string { return e.Key }

// MessageArgs implements i18n.Messager.
func (e *Error) MessageArgs() map[string]any { return e.Args }

func (e *Error) Unwrap() error { return e.Err }

// Is lets callers test errors.Is(err, ErrNoCamera) without caring about the cause.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key
}

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
