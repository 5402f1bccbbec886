package call

// Event is something that happened in the call. An engine sends the ones
// marked "engine"; app/session turns TrackAdded and TrackRemoved into
// MediaStarted and MediaStopped, and adds the ones marked "session".
// Participant IDs are the engine's own, as text; names are the ones the
// session shows people under (an engine sends the name the participant
// chose, already cleaned of controls).
type Event interface{ callEvent() }

// Joined (engine): we are in the ring (again, with Rejoined, after a
// ConnectionLost). Description is the room's own, as the server has it.
type Joined struct {
	Rejoined    bool
	Description string
}

// ParticipantJoined (engine): someone is in the ring (or was already).
type ParticipantJoined struct{ ID, Name string }

// ParticipantLeft (engine): someone went.
type ParticipantLeft struct{ ID, Name string }

// TrackAdded (engine): someone's audio or video arrives on Track.
type TrackAdded struct {
	ParticipantID string
	Kind          Kind
	Track         RemoteTrack
}

// TrackRemoved (engine): someone's audio or video ended.
type TrackRemoved struct {
	ParticipantID string
	Kind          Kind
}

// Talking (engine or session): someone started or stopped talking. The
// session measures it on the sound it plays, and drops the engine's.
type Talking struct {
	ParticipantID string
	On            bool
}

// Chat (engine): someone wrote. It is kept nowhere but in this event.
// ParticipantID is whose it is by the server's word, never the sender's;
// From is the name that participant is shown under (set by the session).
type Chat struct{ ParticipantID, From, Text string }

// Hand (engine): someone raised or lowered their hand. Name is set by the
// session, like Chat's From.
type Hand struct {
	ParticipantID, Name string
	Up                  bool
}

// Recording (engine): the ring started or stopped recording.
type Recording struct{ On bool }

// ConnectionLost (engine): the connection is gone; the engine tries
// again (Attempt counts from 1) until Joined with Rejoined, or Ended.
type ConnectionLost struct {
	Attempt int
	Err     error
}

// Ended (engine, last): the call is over. Err is nil when the person
// left, a message-keyed error otherwise.
type Ended struct{ Err error }

// StateChanged (session): the call moved to State.
type StateChanged struct{ State State }

// MediaStarted (session): someone's audio or video is being played.
type MediaStarted struct {
	ParticipantID string
	Kind          Kind
}

// MediaStopped (session): someone's audio or video ended.
type MediaStopped struct {
	ParticipantID string
	Kind          Kind
}

// Notice (session or window): something the person should know that
// does not end the call (no speaker found, the camera is back). Key is an
// i18n key, Args fill its template.
type Notice struct {
	Key  string
	Args map[string]any
}

// MessageKey implements i18n.Messager.
func (n Notice) MessageKey() string { return n.Key }

// MessageArgs implements i18n.Messager.
func (n Notice) MessageArgs() map[string]any { return n.Args }

// BlurChanged (session): the blur of the own picture failed closed
// (everything is blurred until the person is found again) or recovered.
// Key is an i18n message key.
type BlurChanged struct{ Key string }

// MessageKey implements i18n.Messager.
func (b BlurChanged) MessageKey() string { return b.Key }

// MessageArgs implements i18n.Messager.
func (b BlurChanged) MessageArgs() map[string]any { return nil }

func (Joined) callEvent()            {}
func (ParticipantJoined) callEvent() {}
func (ParticipantLeft) callEvent()   {}
func (TrackAdded) callEvent()        {}
func (TrackRemoved) callEvent()      {}
func (Talking) callEvent()           {}
func (Chat) callEvent()              {}
func (Hand) callEvent()              {}
func (Recording) callEvent()         {}
func (ConnectionLost) callEvent()    {}
func (Ended) callEvent()             {}
func (StateChanged) callEvent()      {}
func (MediaStarted) callEvent()      {}
func (MediaStopped) callEvent()      {}
func (Notice) callEvent()            {}
func (BlurChanged) callEvent()       {}
