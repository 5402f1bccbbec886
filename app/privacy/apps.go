package privacy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
)

// zoomAccountFolder matches Zoom's per-account data folders: a 22-character
// account ID followed by its XMPP domain.
var zoomAccountFolder = regexp.MustCompile(`^[A-Za-z0-9_-]{22}@xmpp\.zoom\.us$`)

// checkZoom reports whether the Zoom desktop client has been used with an
// account. The folders can outlive a sign-out, so the wording claims no
// more than that; names live only in encrypted databases, which Ringlet
// does not try to open.
func checkZoom(_ context.Context, o *runner) []Finding {
	installed := false
	accounts := 0
	for _, root := range o.env.zoomDataDirs() {
		entries, err := os.ReadDir(root.Dir)
		if err != nil {
			continue
		}
		installed = true
		for _, e := range entries {
			if e.IsDir() && zoomAccountFolder.MatchString(e.Name()) {
				accounts++
			}
		}
		// client.config names the last account in a section such as
		// [emoji.recent.<id>@xmpp.zoom.us]; only its presence is used.
		if accounts == 0 {
			if data, err := os.ReadFile(filepath.Join(root.Dir, "client.config")); err == nil && bytes.Contains(data, []byte("@xmpp.zoom.us")) {
				accounts = 1
			}
		}
	}
	if !installed {
		return nil
	}
	if accounts == 0 {
		return []Finding{{
			Check:  "zoom",
			Status: StatusOK,
			Title:  Message{Key: "privacy.zoom.ok.title"},
			Text:   Message{Key: "privacy.zoom.ok.text"},
		}}
	}
	return []Finding{{
		Check:    "zoom",
		Status:   StatusWarn,
		Title:    Message{Key: "privacy.zoom.used.title"},
		Text:     Message{Key: "privacy.zoom.used.text"},
		Evidence: []Message{{Key: "privacy.evidence.zoom_accounts", Args: map[string]any{"Count": accounts}}},
		Fix:      Fix{Kind: FixOpenPrivateWindow, ButtonKey: "privacy.fix.open_private_window", HowKey: "privacy.fix.sign_out_zoom"},
	}}
}

// checkTeams looks at the Teams desktop clients: classic Teams writes
// isLoggedOut to desktop-config.json; new Teams only shows that it has
// been set up.
//
// On macOS the same Electron app keeps desktop-config.json under
// Application Support, and new Teams lives in the sandbox container of its
// bundle ID com.microsoft.teams2 (both inferred from the Windows layout and
// the bundle ID, not confirmed on a Mac).
func checkTeams(_ context.Context, o *runner) []Finding {
	var classic, newTeams string
	switch o.env.goos {
	case "windows":
		classic = filepath.Join(o.env.roamingAppData(), "Microsoft", "Teams", "desktop-config.json")
		newTeams = filepath.Join(o.env.localAppData(), "Packages", "MSTeams_8wekyb3d8bbwe", "LocalCache", "Microsoft", "MSTeams")
	case "darwin":
		classic = o.env.macSupport("Microsoft", "Teams", "desktop-config.json")
		newTeams = filepath.Join(o.env.home, "Library", "Containers", "com.microsoft.teams2")
	default:
		return nil
	}
	fix := Fix{Kind: FixOpenPrivateWindow, ButtonKey: "privacy.fix.open_private_window", HowKey: "privacy.fix.sign_out_teams"}

	if data, err := os.ReadFile(classic); err == nil {
		var cfg struct {
			IsLoggedOut *bool `json:"isLoggedOut"`
		}
		switch {
		case json.Unmarshal(data, &cfg) != nil || cfg.IsLoggedOut == nil:
			return []Finding{{Check: "teams", Status: StatusCantCheck,
				Title: Message{Key: "privacy.teams.cant_check.title"}, Text: Message{Key: "privacy.teams.cant_check.text"},
				Evidence: []Message{{Key: "privacy.evidence.file_broken", Args: map[string]any{"Browser": "Microsoft Teams", "File": "desktop-config.json"}}}}}
		case !*cfg.IsLoggedOut:
			return []Finding{{Check: "teams", Status: StatusWarn,
				Title: Message{Key: "privacy.teams.signed_in.title"}, Text: Message{Key: "privacy.teams.signed_in.text"}, Fix: fix}}
		}
		return []Finding{{Check: "teams", Status: StatusOK,
			Title: Message{Key: "privacy.teams.ok.title"}, Text: Message{Key: "privacy.teams.ok.text"}}}
	} else if !errors.Is(err, os.ErrNotExist) {
		return []Finding{{Check: "teams", Status: StatusCantCheck,
			Title: Message{Key: "privacy.teams.cant_check.title"}, Text: Message{Key: "privacy.teams.cant_check.text"}}}
	}
	if fi, err := os.Stat(newTeams); err == nil && fi.IsDir() {
		return []Finding{{Check: "teams", Status: StatusWarn,
			Title: Message{Key: "privacy.teams.used.title"}, Text: Message{Key: "privacy.teams.used.text"}, Fix: fix}}
	}
	return nil
}
