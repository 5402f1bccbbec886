package session

// Event is something that happened in the call. The concrete types below
// arrive on Session.Events; none carries a pion type.
type Event interface{ sessionEvent() }

// StateChanged: the call moved to State.
type StateChanged struct{ State State }

// Joined: we are in the ring (again, with Rejoined, after reconnecting).
type Joined struct{ Rejoined bool }

// ParticipantJoined: someone is in the ring (or was there already).
type ParticipantJoined struct{ ID, Name string }

// ParticipantLeft: someone went.
type ParticipantLeft struct{ ID, Name string }

// MediaStarted: we receive someone's audio or video.
type MediaStarted struct {
	ParticipantID string
	Kind          MediaKind
}

// MediaStopped: someone's audio or video ended.
type MediaStopped struct {
	ParticipantID string
	Kind          MediaKind
}

// Talking: someone started or stopped talking (measured on their audio).
type Talking struct {
	ParticipantID string
	On            bool
}

// Chat: someone wrote in the chat. It is kept nowhere but in this event.
// ParticipantID is whose feed it came from (the server's word, never the
// sender's), From the name that participant is shown under.
type Chat struct{ ParticipantID, From, Text string }

// Hand: someone raised or lowered their hand.
type Hand struct {
	ParticipantID, Name string
	Up                  bool
}

// BlurChanged: the blur of the own picture failed closed (everything is
// blurred until the person is found again) or recovered. Key is an i18n
// message key.
type BlurChanged struct{ Key string }

// MessageKey implements i18n.Messager.
func (b BlurChanged) MessageKey() string { return b.Key }

// MessageArgs implements i18n.Messager.
func (b BlurChanged) MessageArgs() map[string]any { return nil }

// Recording: the ring started or stopped recording.
type Recording struct{ On bool }

// ReconnectingEvent: the connection is lost; Ringlet tries again.
type ReconnectingEvent struct{ Attempt int }

// Notice: something the person should know that does not end the call
// (for example: no speaker found). Key is an i18n message key.
type Notice struct{ Key string }

// MessageKey implements i18n.Messager.
func (n Notice) MessageKey() string { return n.Key }

// MessageArgs implements i18n.Messager.
func (n Notice) MessageArgs() map[string]any { return nil }

// LeftEvent: the call is over; Err is nil when the person left.
type LeftEvent struct{ Err error }

func (StateChanged) sessionEvent()      {}
func (Joined) sessionEvent()            {}
func (ParticipantJoined) sessionEvent() {}
func (ParticipantLeft) sessionEvent()   {}
func (MediaStarted) sessionEvent()      {}
func (MediaStopped) sessionEvent()      {}
func (Talking) sessionEvent()           {}
func (Recording) sessionEvent()         {}
func (Hand) sessionEvent()              {}
func (BlurChanged) sessionEvent()       {}
func (Chat) sessionEvent()              {}
func (ReconnectingEvent) sessionEvent() {}
func (Notice) sessionEvent()            {}
func (LeftEvent) sessionEvent()         {}
