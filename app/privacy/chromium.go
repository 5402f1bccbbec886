package privacy

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// googleSessionCookies are the cookies on .google.com that mean a Google
// account is signed in on the web. SAPISID is the one Chromium itself uses
// as its web-sign-in signal; the others travel with it.
var googleSessionCookies = []string{
	"SAPISID", "SID", "HSID", "SSID", "APISID",
	"__Secure-1PSID", "__Secure-3PSID", "__Secure-1PAPISID", "__Secure-3PAPISID",
}

// googleCookieHosts are the hosts those cookies are set for.
var googleCookieHosts = []string{".google.com", "google.com", "accounts.google.com", ".accounts.google.com"}

// chromeEpochOffset is the number of seconds between 1601-01-01 (the
// Windows FILETIME epoch Chromium uses) and 1970-01-01.
const chromeEpochOffset = 11644473600

// localState is the part of Chromium's "Local State" file Ringlet reads.
type localState struct {
	Profile struct {
		InfoCache map[string]profileInfo `json:"info_cache"`
	} `json:"profile"`
}

type profileInfo struct {
	Name      string `json:"name"`
	UserName  string `json:"user_name"`
	GaiaID    string `json:"gaia_id"`
	GaiaName  string `json:"gaia_name"`
	GaiaGiven string `json:"gaia_given_name"`
}

// preferences is the part of a profile's "Preferences" file Ringlet reads.
// google.services.last_username is left out on purpose: Chromium keeps it
// after sign-out, so it does not mean "signed in now".
type preferences struct {
	AccountInfo []struct {
		Email     string `json:"email"`
		Gaia      string `json:"gaia"`
		FullName  string `json:"full_name"`
		GivenName string `json:"given_name"`
	} `json:"account_info"`
}

// parseLocalState reads the profile list out of a Local State file. Odd
// JSON (wrong types, missing keys) gives an error, never a panic.
func parseLocalState(data []byte) (map[string]profileInfo, error) {
	var ls localState
	if err := json.Unmarshal(data, &ls); err != nil {
		return nil, err
	}
	if ls.Profile.InfoCache == nil {
		return nil, errors.New("no profile.info_cache")
	}
	return ls.Profile.InfoCache, nil
}

// profileState is what one browser profile revealed.
type profileState struct {
	label       string   // the profile's display name, else its folder
	signedIn    bool     // signed in to the browser itself
	webSession  bool     // a live Google session cookie
	account     string   // e-mail, unmasked (masked before showing)
	names       []string // account names, for the real-name guard
	cookieIssue error    // the cookie DB could not be read
}

// checkChromium inspects every profile of one Chromium-family browser.
// Once ctx has ended it gives up at the next step and returns nothing: a
// verdict over the profiles seen so far would be a partial OK, and Run
// reports the check as "took too long" instead.
func checkChromium(ctx context.Context, o *runner, b chromiumBrowser) ([]Finding, []string) {
	var states []profileState
	var problems []Message
	found := false
	for _, root := range b.Roots {
		if ctx.Err() != nil {
			return nil, nil
		}
		data, err := os.ReadFile(filepath.Join(root.Dir, "Local State"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		found = true
		if err != nil {
			problems = append(problems, Message{Key: "privacy.evidence.file_unreadable", Args: map[string]any{"Browser": b.Name, "File": "Local State"}})
			continue
		}
		cache, err := parseLocalState(data)
		if err != nil {
			problems = append(problems, Message{Key: "privacy.evidence.file_broken", Args: map[string]any{"Browser": b.Name, "File": "Local State"}})
			cache = profilesFromFolders(root.Dir)
		}
		dirs := make([]string, 0, len(cache))
		for dir := range cache {
			dirs = append(dirs, dir)
		}
		sort.Strings(dirs)
		for _, dir := range dirs {
			if ctx.Err() != nil {
				return nil, nil
			}
			if !safeProfileDir(dir) {
				continue
			}
			states = append(states, o.chromiumProfile(ctx, filepath.Join(root.Dir, dir), dir, cache[dir]))
		}
	}
	if !found || ctx.Err() != nil {
		return nil, nil
	}
	return chromiumFindings(b, states, problems)
}

// safeProfileDir keeps a hostile Local State from steering reads outside
// the browser's folder.
func safeProfileDir(dir string) bool {
	return dir != "" && dir != "." && dir != ".." && !strings.ContainsAny(dir, `/\`) && !strings.ContainsRune(dir, 0)
}

// profilesFromFolders finds profiles by their usual folder names when
// Local State cannot be read.
func profilesFromFolders(root string) map[string]profileInfo {
	out := map[string]profileInfo{}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.IsDir() && (e.Name() == "Default" || strings.HasPrefix(e.Name(), "Profile ")) {
			out[e.Name()] = profileInfo{}
		}
	}
	return out
}

func (o *runner) chromiumProfile(ctx context.Context, dir, folder string, info profileInfo) profileState {
	st := profileState{label: info.Name}
	if st.label == "" {
		st.label = folder
	}
	if info.GaiaID != "" || info.UserName != "" {
		st.signedIn = true
		st.account = info.UserName
	}
	st.names = appendNonEmpty(st.names, info.GaiaName, info.GaiaGiven)
	if st.signedIn {
		st.names = appendNonEmpty(st.names, info.UserName)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "Preferences")); err == nil {
		var p preferences
		if json.Unmarshal(data, &p) == nil {
			for _, a := range p.AccountInfo {
				st.names = appendNonEmpty(st.names, a.FullName, a.GivenName, a.Email)
				if st.account == "" && a.Email != "" {
					st.account = a.Email
				}
			}
		}
	}

	cookies := filepath.Join(dir, "Network", "Cookies")
	if _, err := os.Stat(cookies); err != nil {
		cookies = filepath.Join(dir, "Cookies") // before Chromium 96
	}
	rows, _, err := o.cookieDB(ctx, cookies,
		"SELECT host_key, name, expires_utc FROM cookies WHERE host_key IN "+placeholders(len(googleCookieHosts))+
			" AND name IN "+placeholders(len(googleSessionCookies)),
		append(anySlice(googleCookieHosts), anySlice(googleSessionCookies)...)...)
	switch {
	case errors.Is(err, errDBMissing):
	case err != nil:
		st.cookieIssue = err
	default:
		now := o.now()
		for _, r := range rows {
			if chromeCookieLive(r.Expires, now) {
				st.webSession = true
			}
		}
	}
	return st
}

// chromeCookieLive reads expires_utc (microseconds since 1601; 0 is a
// session cookie, which is alive while it is stored).
func chromeCookieLive(expiresUTC int64, now time.Time) bool {
	if expiresUTC == 0 {
		return true
	}
	unix := expiresUTC/1_000_000 - chromeEpochOffset
	return unix > now.Unix()
}

func chromiumFindings(b chromiumBrowser, states []profileState, problems []Message) ([]Finding, []string) {
	var names []string
	var evidence []Message
	warn := false
	for _, st := range states {
		names = append(names, st.names...)
		args := map[string]any{"Browser": b.Name, "Profile": st.label, "Account": MaskEmail(st.account)}
		switch {
		case st.signedIn:
			warn = true
			evidence = append(evidence, Message{Key: "privacy.evidence.browser_signed_in", Args: args})
		case st.webSession:
			warn = true
			evidence = append(evidence, Message{Key: "privacy.evidence.web_signed_in", Args: args})
		}
		if st.cookieIssue != nil {
			problems = append(problems, dbEvidence(st.cookieIssue, b.Name, st.label, "Cookies"))
		}
	}
	f := Finding{Check: "google." + b.ID}
	args := map[string]any{"Browser": b.Name}
	switch {
	case warn:
		f.Status = StatusWarn
		f.Title = Message{Key: "privacy.google.signed_in.title", Args: args}
		f.Text = Message{Key: "privacy.google.signed_in.text", Args: args}
		f.Fix = Fix{Kind: FixOpenPrivateWindow, ButtonKey: "privacy.fix.open_private_window", HowKey: "privacy.fix.sign_out_google", Args: args}
	case len(problems) > 0:
		f.Status = StatusCantCheck
		f.Title = Message{Key: "privacy.google.cant_check.title", Args: args}
		f.Text = Message{Key: "privacy.google.cant_check.text", Args: args}
		f.Fix = Fix{Kind: FixOpenPrivateWindow, ButtonKey: "privacy.fix.open_private_window", Args: args}
	default:
		f.Status = StatusOK
		f.Title = Message{Key: "privacy.google.ok.title", Args: args}
		f.Text = Message{Key: "privacy.google.ok.text", Args: args}
	}
	f.Evidence = append(evidence, problems...)
	return []Finding{f}, names
}

func placeholders(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func appendNonEmpty(list []string, vs ...string) []string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	return list
}
