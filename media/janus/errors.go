package janus

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorKind sorts what went wrong into what a person can act on.
type ErrorKind int

const (
	// KindProtocol: the server sent something malformed or unexpected.
	KindProtocol ErrorKind = iota + 1
	// KindWrongPIN: the room has a PIN and ours is missing or wrong.
	KindWrongPIN
	// KindNoSuchRoom: the room does not exist (any more).
	KindNoSuchRoom
	// KindRoomFull: the room has no free publisher place.
	KindRoomFull
	// KindUnauthorized: the server wants a token or secret we do not have.
	KindUnauthorized
	// KindServerGone: the server cannot be reached or went away.
	KindServerGone
	// KindICEFailed: signalling worked but no media path could be found.
	KindICEFailed
	// KindTimeout: the server did not answer in time.
	KindTimeout
	// KindInvalidOptions: the caller passed unusable options.
	KindInvalidOptions
	// KindRejected: the server refused a request for another reason.
	KindRejected
	// KindChatUnavailable: the chat channel is not open (yet).
	KindChatUnavailable
	// KindChatTooLong: the chat message is too long.
	KindChatTooLong
	// KindRedirected: the server tried to send Ringlet to another address.
	// Ringlet never follows: the link the person was given decides where
	// the pseudonym and PIN go, not the server.
	KindRedirected
	// KindNeedsKey: the room takes only end-to-end encrypted media and
	// the link had no key (e2ee.go).
	KindNeedsKey
)

// Error is a typed failure of the Janus client. It carries an i18n message
// key; Code and Reason are the server's own words, for debugging only.
type Error struct {
	Kind   ErrorKind
	Code   int
	Reason string
	Err    error
}

// Sentinels for errors.Is: errors.Is(err, janus.ErrWrongPIN).
var (
	ErrProtocol       = &Error{Kind: KindProtocol}
	ErrWrongPIN       = &Error{Kind: KindWrongPIN}
	ErrNoSuchRoom     = &Error{Kind: KindNoSuchRoom}
	ErrRoomFull       = &Error{Kind: KindRoomFull}
	ErrUnauthorized   = &Error{Kind: KindUnauthorized}
	ErrServerGone     = &Error{Kind: KindServerGone}
	ErrICEFailed      = &Error{Kind: KindICEFailed}
	ErrTimeout        = &Error{Kind: KindTimeout}
	ErrInvalidOptions = &Error{Kind: KindInvalidOptions}
	ErrRejected       = &Error{Kind: KindRejected}
	ErrRedirected     = &Error{Kind: KindRedirected}
	ErrNeedsKey       = &Error{Kind: KindNeedsKey}
)

func (e *Error) Error() string {
	s := "janus: " + e.MessageKey()
	if e.Code != 0 {
		s += fmt.Sprintf(" (%d %s)", e.Code, e.Reason)
	} else if e.Reason != "" {
		s += " (" + e.Reason + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches errors of the same kind, so sentinels work with errors.Is.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Kind == e.Kind && t.Code == 0 && t.Reason == "" && t.Err == nil
}

// MessageKey is the i18n key that explains the error to a person.
func (e *Error) MessageKey() string {
	switch e.Kind {
	case KindProtocol:
		return "janus.error.protocol"
	case KindWrongPIN:
		return "janus.error.wrong_pin"
	case KindNoSuchRoom:
		return "janus.error.no_such_room"
	case KindRoomFull:
		return "janus.error.room_full"
	case KindUnauthorized:
		return "janus.error.unauthorized"
	case KindServerGone:
		return "janus.error.server_gone"
	case KindICEFailed:
		return "janus.error.ice_failed"
	case KindTimeout:
		return "janus.error.timeout"
	case KindInvalidOptions:
		return "janus.error.invalid_options"
	case KindChatUnavailable:
		return "janus.error.chat_unavailable"
	case KindChatTooLong:
		return "janus.error.chat_too_long"
	case KindRedirected:
		return "janus.error.redirected"
	case KindNeedsKey:
		return "janus.error.needs_key"
	}
	return "janus.error.rejected"
}

// MessageArgs returns no data: the messages need none, and the server's
// reason may hold things that should not reach the screen.
func (e *Error) MessageArgs() map[string]any { return nil }

func newError(kind ErrorKind, err error) *Error { return &Error{Kind: kind, Err: err} }

// Janus core error codes (janus/apierror.h) that mean something to us.
const (
	coreUnauthorized       = 403
	coreUnauthorizedPlugin = 405
	coreSessionNotFound    = 458
	coreHandleNotFound     = 459
)

// VideoRoom plugin error codes (plugins/janus_videoroom.c).
const (
	roomJoinFirst      = 424
	roomNoSuchRoom     = 426
	roomPublishersFull = 432
	roomUnauthorized   = 433
	roomNoSuchFeed     = 428
	roomMissingElement = 429
	roomInvalidElement = 430
)

// coreError maps an error of the Janus core.
func coreError(code int, reason string) *Error {
	kind := KindRejected
	switch code {
	case coreUnauthorized, coreUnauthorizedPlugin:
		kind = KindUnauthorized
	case coreSessionNotFound, coreHandleNotFound:
		kind = KindServerGone
	}
	return &Error{Kind: kind, Code: code, Reason: reason}
}

// roomError maps an error of the VideoRoom plugin.
func roomError(code int, reason string) *Error {
	kind := KindRejected
	switch code {
	case roomNoSuchRoom:
		kind = KindNoSuchRoom
	case roomPublishersFull:
		kind = KindRoomFull
	case roomUnauthorized:
		kind = KindWrongPIN
		if refusedForE2EE(reason) {
			kind = KindNeedsKey
		}
	case roomMissingElement, roomInvalidElement:
		// A room with a PIN asked without one answers "Missing mandatory
		// element (pin)".
		if strings.Contains(strings.ToLower(reason), "pin") {
			kind = KindWrongPIN
		}
	}
	return &Error{Kind: kind, Code: code, Reason: reason}
}
