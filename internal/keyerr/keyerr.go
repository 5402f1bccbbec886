// Package keyerr is the one error type for failures a person is told
// about: it carries an i18n message key (and the message's arguments),
// which the GUI and the CLI translate at the edge, and the cause, for
// errors.As and debugging, which is never shown. Every package that
// returns message-keyed errors uses it (as its own Error, by alias), so
// they all match, format and unwrap the same way. It imports nothing of
// Ringlet's, so the UI-free leaves may use it too.
package keyerr

import "fmt"

// Error is a failure with a message key.
type Error struct {
	Key  string
	Args map[string]any
	// Err is the underlying cause, for errors.Is/As; never shown raw.
	Err error
}

// New returns an error for key; package-level sentinels are made with it.
func New(key string) *Error { return &Error{Key: key} }

// Wrap returns an error for key caused by err.
func Wrap(key string, err error) *Error { return &Error{Key: key, Err: err} }

// Error is the key and, when there is one, the cause: for logs at the
// developer's own machine, never for people.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Key, e.Err)
	}
	return e.Key
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches any error with the same key, so that a sentinel (a bare key)
// finds the error however it was caused: errors.Is(err, capture.ErrNoCamera).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key
}

// MessageKey implements i18n.Messager.
func (e *Error) MessageKey() string { return e.Key }

// MessageArgs implements i18n.Messager.
func (e *Error) MessageArgs() map[string]any { return e.Args }
