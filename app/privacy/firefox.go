package privacy

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// firefoxProfile is one profile listed in profiles.ini.
type firefoxProfile struct {
	Name string // the profile's name, else its folder
	Dir  string // absolute, or relative to the profiles.ini folder when Relative
	// Relative follows IsRelative=1, Firefox's default for its own profiles.
	Relative bool
}

// maxProfilesINI bounds what is read; a real profiles.ini is a few hundred
// bytes.
const maxProfilesINI = 1 << 20

// parseProfilesINI lists the profiles in a Firefox profiles.ini: every
// [ProfileN] section with a Path, and the defaults named by [Install…]
// sections. Odd input never panics; lines that make no sense are skipped.
func parseProfilesINI(data []byte) []firefoxProfile {
	if len(data) > maxProfilesINI {
		data = data[:maxProfilesINI]
	}
	var out []firefoxProfile
	seen := map[string]bool{}
	add := func(p firefoxProfile) {
		if p.Dir == "" || strings.ContainsRune(p.Dir, 0) {
			return
		}
		key := p.Dir
		if p.Relative {
			key = "rel:" + key
		}
		if seen[key] {
			return
		}
		seen[key] = true
		if p.Name == "" {
			p.Name = filepath.Base(filepath.FromSlash(p.Dir))
		}
		out = append(out, p)
	}

	type section struct {
		name string
		kv   map[string]string
	}
	var sections []section
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxProfilesINI)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		switch {
		case line == "", line[0] == ';', line[0] == '#':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			sections = append(sections, section{name: strings.TrimSpace(line[1 : len(line)-1]), kv: map[string]string{}})
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || len(sections) == 0 {
				continue
			}
			sections[len(sections)-1].kv[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	// Profile sections first: they carry the names the user knows.
	for _, s := range sections {
		if strings.HasPrefix(s.name, "Profile") {
			add(firefoxProfile{Name: s.kv["Name"], Dir: s.kv["Path"], Relative: s.kv["IsRelative"] != "0"})
		}
	}
	for _, s := range sections {
		if strings.HasPrefix(s.name, "Install") {
			// Install defaults are written relative to the profiles.ini
			// folder unless they are absolute.
			d := s.kv["Default"]
			add(firefoxProfile{Dir: d, Relative: !filepath.IsAbs(filepath.FromSlash(d))})
		}
	}
	return out
}

// checkFirefox looks for Google session cookies in every Firefox profile.
// Like checkChromium it returns nothing once ctx has ended, so that Run
// says "took too long" rather than judging the profiles seen so far.
func checkFirefox(ctx context.Context, o *runner) ([]Finding, []string) {
	const browser = "Firefox"
	var states []profileState
	var problems []Message
	found := false
	for _, root := range o.env.firefoxRoots() {
		if ctx.Err() != nil {
			return nil, nil
		}
		data, err := os.ReadFile(filepath.Join(root.Dir, "profiles.ini"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		found = true
		if err != nil {
			problems = append(problems, Message{Key: "privacy.evidence.file_unreadable", Args: map[string]any{"Browser": browser, "File": "profiles.ini"}})
			continue
		}
		for _, p := range parseProfilesINI(data) {
			if ctx.Err() != nil {
				return nil, nil
			}
			dir := filepath.FromSlash(p.Dir)
			if p.Relative {
				dir = filepath.Join(root.Dir, dir)
			}
			states = append(states, o.firefoxProfile(ctx, dir, p.Name))
		}
	}
	if !found || ctx.Err() != nil {
		return nil, nil
	}
	return chromiumFindings(chromiumBrowser{ID: "firefox", Name: browser}, states, problems)
}

func (o *runner) firefoxProfile(ctx context.Context, dir, name string) profileState {
	st := profileState{label: name}
	rows, userVersion, err := o.cookieDB(ctx, filepath.Join(dir, "cookies.sqlite"),
		"SELECT host, name, expiry FROM moz_cookies WHERE host IN "+placeholders(len(googleCookieHosts))+
			" AND name IN "+placeholders(len(googleSessionCookies)),
		append(anySlice(googleCookieHosts), anySlice(googleSessionCookies)...)...)
	switch {
	case errors.Is(err, errDBMissing):
	case err != nil:
		st.cookieIssue = err
	default:
		now := o.now()
		for _, r := range rows {
			if firefoxCookieLive(r.Expires, userVersion, now) {
				st.webSession = true
			}
		}
	}
	return st
}

// firefoxCookieLive reads moz_cookies.expiry: seconds since 1970, but
// milliseconds from schema version 16 (Firefox 142) on.
func firefoxCookieLive(expiry int64, userVersion int, now time.Time) bool {
	if userVersion >= 16 {
		return expiry > now.UnixMilli()
	}
	return expiry > now.Unix()
}
