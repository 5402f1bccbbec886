// Package session runs one call as a UI-free state machine
// (Idle → Joining → InCall → Reconnecting → Left). It owns the pseudonym and
// the ring, and speaks the one vocabulary of a call (media/call) to the GUI
// and the CLI. It imports no Fyne and names no pion type.
//
// How a call works, in one file each:
//   - conference.go: the seam. A Conference is one engine's connection to
//     a ring (media/janus' Client is one), LocalMedia the own camera and
//     microphone (media/capture's Stream, through captureMedia).
//   - session.go: Join, step by step, and Leave.
//   - loop.go: the one goroutine that owns the call's state, and how the
//     engine's events become the session's.
//   - tracks.go: what is received, played and counted.
//   - controls.go: what the person does during the call.
//   - janus.go, livekit.go: the two engines, and which link takes which.
//   - e2ee.go: end-to-end encryption, between the devices and the engine
//     on the way out and between the engine and the decoders on the way in.
//
// It also runs the try-out before joining (OpenPreview): microphone and,
// unless voice only, camera, with the picture blurred exactly as a call
// would send it, but without any connection; and the speaker's test tone
// (PlayTestTone).
package session
