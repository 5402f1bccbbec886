package app

import (
	"context"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// flow is one visit to a ring, from the chosen link to leaving. It exists
// only in memory; dropping it (u.flow = nil) forgets link, pseudonym and
// chat.
type flow struct {
	link      ring.Link
	checklist *checklist.Checklist
	step      step

	pseudonym string
	// suggested is the name Ringlet made up, in suggestedLang: while the
	// user keeps it, a change of language brings a suggestion in the
	// new language.
	suggested, suggestedLang string
	pin                      string // a room PIN typed in or remembered, when the link has none
	rememberName             bool   // the user ticked "remember this name"
	remembered               bool   // the keyring holds a name for this ring
	// rememberPIN is the PIN's own opt-in ("remember the PIN too"). A
	// PIN is stored only after the ring accepted it, never before.
	rememberPIN bool
	// rememberRing: the user ticked "remember this ring on this
	// computer"; ringLabel is the name it is kept under; keptRing: the
	// keyring holds it.
	rememberRing, keptRing bool
	ringLabel              string
	keptPIN                string // the PIN the keyring holds for this ring, if any
	audioOnly              bool
	startMuted             bool
	cameraChosen           bool // the defaults for camera and mute were applied
	// The check-up's answer for this visit, shared by the pre-join
	// screen's banner and the full check-up behind "Details".
	checkStarted, checkAnswered bool
	findings                    []Finding
	// walkDone holds, by checklist step, how the user did a step Ringlet
	// could not check (a message key); in memory only, like the rest.
	walkDone map[int]string

	call   Call
	cancel context.CancelFunc
	// inNormalBrowser: a platform ring went to the everyday browser (the
	// user agreed), which Ringlet can neither watch nor clean up.
	inNormalBrowser bool

	muted, camera, hand bool
	pushToTalk          bool // the microphone sends only while the key is held
	talkKeyHeld         bool
	reconnecting        bool
	recording           bool
	participants        []*participant
	chat                []chatLine
	chatOpen            bool // the chat panel is shown
	unread              int  // chat messages that came while it was closed
}

// step is where in the flow the user is, so a screen can be rebuilt (for
// a new language) without losing anything.
type step int

const (
	stepCheck  step = iota + 2 // the full check-up (and a helper's walkthrough)
	stepJoin                   // the one pre-join screen
	stepOpened                 // a platform ring is open in the browser
)

// showStep shows one step of the flow again.
func (u *ui) showStep(s step) {
	switch s {
	case stepCheck:
		u.showCheckStep()
	case stepJoin:
		u.showJoinStep()
	case stepOpened:
		u.showOpenedStep()
	}
}

type participant struct {
	id, name string
	video    bool
	talking  bool
	hand     bool
}

// maxChatLines is how many chat messages a visit keeps: the newest, in
// memory only. A flood cannot grow the log, and each message costs the
// same however many came before.
const maxChatLines = 200

// keepChat keeps one more message, dropping the oldest past maxChatLines.
func (f *flow) keepChat(line chatLine) {
	f.chat = append(f.chat, line)
	if over := len(f.chat) - maxChatLines; over > 0 {
		f.chat = append(f.chat[:0], f.chat[over:]...)
	}
}

// chatLine is one chat message of this visit; own marks the user's.
type chatLine struct {
	from, text string
	own        bool
}

// ringIdentity names a ring for the opt-in keyring entry. It leaves out the
// PIN and any password so that the same ring keeps its entry when a PIN
// changes; remember hashes it before it reaches the keyring.
func ringIdentity(l ring.Link) string {
	if l.Kind == ring.KindNative {
		return "native|" + l.Endpoint + "|" + l.RoomLabel()
	}
	return "platform|" + l.String()
}

// Handoff is what the user sees before a platform ring opens in the
// private browser: the URL to open, and message keys for what Ringlet
// protects and what it cannot.
type Handoff struct {
	URL           string
	Protects      []string
	CannotProtect []string
	// Warning, when set, is a message key to show prominently.
	Warning string
}

// plainHandoff is used when no better hand-off builder is wired in: the
// link opens as it is, and the lists say so honestly.
func plainHandoff(l ring.Link, _ string, _ bool) (Handoff, error) {
	return Handoff{
		URL: l.URL,
		Protects: []string{
			"app.handoff.protects_private_window",
			"app.handoff.protects_no_history",
		},
		CannotProtect: []string{
			"app.handoff.cannot_name",
			"app.handoff.cannot_service_logs",
		},
	}, nil
}
