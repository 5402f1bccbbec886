package privacy

// Status says how one check went.
type Status int

const (
	// StatusOK means the check found nothing that could reveal the user.
	StatusOK Status = iota
	// StatusCantCheck means the check could not look (a locked or broken
	// file, a missing measurement); it is never silently treated as OK.
	StatusCantCheck
	// StatusWarn means something could reveal the user.
	StatusWarn
	// StatusInfo is a fact worth showing that nothing here could have
	// checked, such as the privacy notice of a ring opened without its
	// helper's checklist. It counts like OK in Worst: the user can do
	// nothing on this computer to make it go away, so it must not make a
	// clean check-up look uncertain. (Added last so the other values stay
	// as they were.)
	StatusInfo
)

// String is the stable name used in machine-readable output.
func (s Status) String() string {
	switch s {
	case StatusOK:
		return "ok"
	case StatusWarn:
		return "warn"
	case StatusInfo:
		return "info"
	}
	return "cant_check"
}

// severity orders statuses for Worst: warn over can't check over OK and
// info.
func (s Status) severity() int {
	switch s {
	case StatusWarn:
		return 2
	case StatusCantCheck:
		return 1
	}
	return 0
}

// FixKind names the one-click repair the GUI offers for a finding.
type FixKind int

const (
	FixNone FixKind = iota
	// FixOpenPrivateWindow: open the ring in Ringlet's throwaway private
	// browser instead of the everyday browser.
	FixOpenPrivateWindow
	// FixTurnCameraOff: join audio-only.
	FixTurnCameraOff
	// FixPickAnotherName: go back to the name step.
	FixPickAnotherName
	// FixSignOut: the user signs out by hand; Fix.HowKey explains how.
	FixSignOut
	// FixBlurBackground: switch background blur on.
	FixBlurBackground
)

// String is the stable name used in machine-readable output.
func (k FixKind) String() string {
	switch k {
	case FixOpenPrivateWindow:
		return "open_private_window"
	case FixTurnCameraOff:
		return "turn_camera_off"
	case FixPickAnotherName:
		return "pick_another_name"
	case FixSignOut:
		return "sign_out"
	case FixBlurBackground:
		return "blur_background"
	}
	return ""
}

// Fix is a repair the user can make. ButtonKey labels the button; HowKey,
// when set, explains steps the user has to take by hand.
type Fix struct {
	Kind      FixKind
	ButtonKey string
	HowKey    string
	Args      map[string]any
}

// Message is a message key with its template data; it implements
// i18n.Messager without importing it.
type Message struct {
	Key  string
	Args map[string]any
}

// MessageKey returns the i18n key.
func (m Message) MessageKey() string { return m.Key }

// MessageArgs returns the template data.
func (m Message) MessageArgs() map[string]any { return m.Args }

// Finding is one result of the check-up. Titles, texts and evidence are
// message keys; the evidence may name accounts and is meant for the user's
// eyes only: it is never logged or written anywhere.
type Finding struct {
	// Check is a stable identifier of the check, such as "google.chrome".
	Check    string
	Status   Status
	Title    Message
	Text     Message
	Evidence []Message
	Fix      Fix
}

// MessageKey returns the finding's title key, so a finding can be
// translated like any other typed message.
func (f Finding) MessageKey() string { return f.Title.Key }

// MessageArgs returns the title's template data.
func (f Finding) MessageArgs() map[string]any { return f.Title.Args }

// Report is the whole check-up.
type Report struct {
	Findings []Finding
}

// Worst returns the most serious status in the report; an empty report,
// or one with only OK and informational findings, is OK.
func (r Report) Worst() Status {
	worst := StatusOK
	for _, f := range r.Findings {
		if f.Status.severity() > worst.severity() {
			worst = f.Status
		}
	}
	return worst
}
