package privacy

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial maps letters that do not decompose into a base letter plus
// accent to how they are usually written without them.
var foldSpecial = strings.NewReplacer(
	"ß", "ss", "ẞ", "ss", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe",
	"ø", "o", "Ø", "o", "ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "þ", "th", "Þ", "th", "ı", "i",
)

// foldUmlautSpelling makes the German spellings without umlauts equal:
// Jürgen, Juergen and Jurgen all fold to "jurgen".
var foldUmlautSpelling = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// fold reduces a word to a form in which case, accents and umlaut
// spellings no longer matter.
func fold(s string) string {
	s = foldSpecial.Replace(s)
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return foldUmlautSpelling.Replace(b.String())
}

// nameTokens splits a name into folded words. Only letters count; digits
// and punctuation separate words. Of an e-mail address only the part
// before the @ is a name.
func nameTokens(s string) []string {
	if at := strings.IndexByte(s, '@'); at >= 0 {
		s = s[:at]
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	out := make([]string, 0, len(words))
	for _, w := range words {
		if f := fold(w); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// nameParticles are too common to reveal anyone on their own.
var nameParticles = map[string]bool{
	"von": true, "van": true, "der": true, "den": true, "dem": true, "del": true, "des": true,
	"zum": true, "zur": true, "und": true, "the": true, "mrs": true, "frau": true, "herr": true,
}

// nameForms lists the forms of a name that count as revealing it: each
// word of three letters or more (not a particle), each pair of neighbouring
// words written together (in either order), and all words written
// together.
func nameForms(tokens []string) map[string]bool {
	forms := map[string]bool{}
	for i, t := range tokens {
		if len([]rune(t)) >= 3 && !nameParticles[t] {
			forms[t] = true
		}
		if i > 0 {
			// Both orders: "Mustermann, Max" is also MaxMustermann.
			forms[tokens[i-1]+t] = true
			forms[t+tokens[i-1]] = true
		}
	}
	if len(tokens) > 2 {
		forms[strings.Join(tokens, "")] = true
	}
	return forms
}

// RealNameMatch reports whether the pseudonym contains one of the known
// names (the account's full name, the login name, account names found by
// the check-up). Case, accents and umlaut spellings are ignored, whole
// words are compared (so "Eule" does not match "Euler"), the order of
// words does not matter ("Mustermann, Max" and "Max Mustermann") and
// names written together count ("MaxMustermann"). It returns the known
// name that matched, to be shown to the user and nowhere else. It is fast
// enough to run on every key press.
func RealNameMatch(pseudonym string, known []string) (matched bool, which string) {
	pseudo := nameForms(nameTokens(pseudonym))
	if len(pseudo) == 0 {
		return false, ""
	}
	for _, k := range known {
		for form := range nameForms(nameTokens(k)) {
			if pseudo[form] {
				return true, k
			}
		}
	}
	return false, ""
}

// osNames returns the names the operating system knows for the current
// user: the login name and the full name (Linux GECOS, macOS id -F,
// Windows display name). Failures leave a name out.
func (o *runner) osNames(ctx context.Context) []string {
	login := o.opts.Login
	if login == "" {
		login = o.env.get("USER")
	}
	if login == "" {
		login = o.env.get("USERNAME")
	}
	names := appendNonEmpty(nil, login)
	switch o.env.goos {
	case "windows":
		if o.opts.WindowsDisplayName != nil {
			if n, err := o.opts.WindowsDisplayName(); err == nil {
				names = appendNonEmpty(names, n)
			}
		}
	case "darwin":
		if o.opts.Command != nil {
			if out, err := o.opts.Command(ctx, "id", "-F"); err == nil {
				names = appendNonEmpty(names, string(out))
			}
		}
	default:
		if o.opts.ReadFile != nil && login != "" {
			if data, err := o.opts.ReadFile("/etc/passwd"); err == nil {
				names = appendNonEmpty(names, gecosName(string(data), login))
			}
		}
	}
	return names
}

// gecosName finds the full name of login in /etc/passwd text: the part of
// the fifth field before the first comma.
func gecosName(passwd, login string) string {
	for _, line := range strings.Split(passwd, "\n") {
		fields := strings.Split(line, ":")
		if len(fields) < 5 || fields[0] != login {
			continue
		}
		name, _, _ := strings.Cut(fields[4], ",")
		return strings.TrimSpace(name)
	}
	return ""
}

// checkRealName compares the pseudonym with every name known.
func checkRealName(pseudonym string, known []string) Finding {
	if ok, which := RealNameMatch(pseudonym, known); ok {
		return Finding{
			Check:    "name",
			Status:   StatusWarn,
			Title:    Message{Key: "privacy.name.real.title"},
			Text:     Message{Key: "privacy.name.real.text"},
			Evidence: []Message{{Key: "privacy.evidence.name_matches", Args: map[string]any{"Name": which}}},
			Fix:      Fix{Kind: FixPickAnotherName, ButtonKey: "privacy.fix.pick_another_name"},
		}
	}
	return Finding{
		Check:  "name",
		Status: StatusOK,
		Title:  Message{Key: "privacy.name.ok.title"},
		Text:   Message{Key: "privacy.name.ok.text", Args: map[string]any{"Count": len(known)}},
	}
}

// MaskEmail hides most of an e-mail address's name part, so a finding can
// say which account it means without spelling it out:
// max.mustermann@gmail.com becomes m…n@gmail.com.
func MaskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok {
		if s == "" {
			return ""
		}
		r := []rune(s)
		return string(r[0]) + "…"
	}
	r := []rune(local)
	switch {
	case len(r) == 0:
		return "…@" + domain
	case len(r) <= 2:
		return string(r[0]) + "…@" + domain
	}
	return string(r[0]) + "…" + string(r[len(r)-1]) + "@" + domain
}

// OSNames returns the login and full name of the current user as the
// operating system knows them (see Options), for checking a pseudonym
// live with RealNameMatch while the user types. Call it once per screen,
// not per key press: on macOS it runs id -F.
func OSNames(ctx context.Context, opts Options) []string {
	o := &runner{opts: opts, env: env{goos: opts.GOOS, home: opts.Home, get: opts.Env}}
	if o.env.get == nil {
		o.env.get = func(string) string { return "" }
	}
	return o.osNames(ctx)
}
