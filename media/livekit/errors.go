package livekit

import "github.com/ringlet/ringlet/internal/keyerr"

// Error is a message-keyed failure; compare with errors.Is against the
// sentinels below. The server's own words (HTTP status, leave reason)
// stay in the cause, for debugging, and never reach the screen.
type Error = keyerr.Error

// The failures a person is told about.
var (
	// ErrBadToken: the server refused the token (wrong, expired, or for
	// another room or server).
	ErrBadToken = keyerr.New("media.livekit.error.bad_token")
	// ErrRoomFull: the ring has as many people as it allows.
	ErrRoomFull = keyerr.New("media.livekit.error.room_full")
	// ErrServerGone: the server cannot be reached, or went away and did not
	// come back in time.
	ErrServerGone = keyerr.New("media.livekit.error.server_gone")
	// ErrRemoved: the server ended the ring, or took the person out of it.
	ErrRemoved = keyerr.New("media.livekit.error.removed")
	// ErrProtocol: the server sent something malformed or unexpected.
	ErrProtocol = keyerr.New("media.livekit.error.protocol")
	// ErrICEFailed: signalling worked but no media path was found.
	ErrICEFailed = keyerr.New("media.livekit.error.ice_failed")
	// ErrInvalidOptions: the caller passed an unusable server or token.
	ErrInvalidOptions = keyerr.New("media.livekit.error.invalid_options")
	// ErrChatUnavailable: the chat's data channel is not open (yet).
	ErrChatUnavailable = keyerr.New("media.livekit.error.chat_unavailable")
	// ErrChatTooLong: the message is too long to send.
	ErrChatTooLong = keyerr.New("media.livekit.error.chat_too_long")
	// ErrConnectionDetails: the ring's website did not hand out a usable
	// server address and token (see FetchConnectionDetails).
	ErrConnectionDetails = keyerr.New("media.livekit.error.connection_details")
)

func wrap(sentinel *Error, cause error) *Error { return keyerr.Wrap(sentinel.Key, cause) }
