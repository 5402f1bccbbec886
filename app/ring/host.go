package ring

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// checkedHost is a host that passed every check.
type checkedHost struct {
	// name is lower-case ASCII: the xn-- form of an IDN, an IPv4 address,
	// or an IPv6 address without brackets.
	name string
	ip   netip.Addr // valid when the host is an IP literal
}

// loopback reports whether the host is this computer: 127.0.0.0/8, ::1
// (also IPv4-mapped) or localhost.
func (h checkedHost) loopback() bool {
	if h.ip.IsValid() {
		return h.ip.Unmap().IsLoopback()
	}
	return h.name == "localhost"
}

// hostPort writes the host for a URL, leaving out the scheme's default port
// so that equal addresses always look equal.
func (h checkedHost) hostPort(port, defaultPort string) string {
	name := h.name
	if h.ip.IsValid() && h.ip.Is6() {
		name = "[" + name + "]"
	}
	if port == "" || port == defaultPort {
		return name
	}
	return name + ":" + port
}

// hostProfile maps a host the way browsers look it up (lower case, width
// folding, NFC) and rejects what no registered domain can contain.
var hostProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
	idna.StrictDomainName(true),
	idna.Transitional(false),
)

// checkHost validates the host part of a URL (without brackets or port).
func checkHost(raw string) (checkedHost, *Error) {
	// url.Parse decodes %-escapes in hosts, so broken UTF-8 can arrive
	// here; the IDNA mapping would silently turn it into U+FFFD.
	if raw == "" || !utf8.ValidString(raw) {
		return checkedHost{}, fail(KeyBadHost, nil)
	}
	if strings.ContainsRune(raw, ':') {
		addr, err := netip.ParseAddr(raw)
		// A zone (fe80::1%eth0) names an interface of this computer:
		// no ring link has a reason to carry one.
		if err != nil || !addr.Is6() || addr.Zone() != "" || !usableAddr(addr) {
			return checkedHost{}, fail(KeyBadHost, nil)
		}
		return checkedHost{name: addr.String(), ip: addr}, nil
	}
	if addr, err := netip.ParseAddr(raw); err == nil && addr.Is4() {
		if !usableAddr(addr) {
			return checkedHost{}, fail(KeyBadHost, nil)
		}
		return checkedHost{name: addr.String(), ip: addr}, nil
	}
	name := strings.TrimSuffix(raw, ".")
	ascii, err := hostProfile.ToASCII(name)
	if err != nil || ascii == "" {
		return checkedHost{}, fail(KeyBadHost, nil)
	}
	labels := strings.Split(ascii, ".")
	for _, label := range labels {
		if label == "" {
			return checkedHost{}, fail(KeyBadHost, nil)
		}
	}
	// Browsers read a host whose last label is a number (2130706433,
	// 0x7f.1, 127.1) as an IPv4 address; no domain ends like that, so such
	// a host can only be meant to confuse.
	if numericLabel(labels[len(labels)-1]) {
		return checkedHost{}, fail(KeyBadHost, nil)
	}
	if err := checkLookalike(ascii); err != nil {
		return checkedHost{}, err
	}
	return checkedHost{name: ascii}, nil
}

// usableAddr refuses addresses no server has: 0.0.0.0 and :: (which
// reach this computer in roundabout ways) and multicast groups.
func usableAddr(addr netip.Addr) bool {
	addr = addr.Unmap()
	return !addr.IsUnspecified() && !addr.IsMulticast()
}

func numericLabel(label string) bool {
	digits, isDigit := label, func(c byte) bool { return '0' <= c && c <= '9' }
	if strings.HasPrefix(label, "0x") {
		digits = label[2:]
		isDigit = func(c byte) bool {
			return '0' <= c && c <= '9' || 'a' <= c && c <= 'f'
		}
		if digits == "" {
			return true
		}
	}
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return false
		}
	}
	return digits != ""
}

// checkPort validates a URL port and returns it without leading zeros.
func checkPort(raw string) (string, *Error) {
	if raw == "" {
		return "", nil
	}
	n, err := strconv.ParseUint(raw, 10, 16)
	if err != nil || n == 0 || len(raw) > 5 {
		return "", fail(KeyBadHost, nil)
	}
	return strconv.FormatUint(n, 10), nil
}

// isUnder reports whether host is domain or one of its subdomains.
func isUnder(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// impersonatedDomains are the registrable domains of the platforms
// Ringlet knows: a host that looks like one of them without being it is
// treated as a forgery.
var impersonatedDomains = []string{
	"zoom.us", "zoomgov.com",
	"jit.si", "8x8.vc",
	"google.com",
	"microsoft.com", "live.com", "microsoft.us", "cloud.microsoft",
	"livekit.io",
	"bigbluebutton.org",
}

var impersonatedSkeletons = func() []string {
	s := make([]string, len(impersonatedDomains))
	for i, d := range impersonatedDomains {
		s[i] = skeleton(d)
	}
	return s
}()

// checkLookalike rejects hosts built to pass for another: labels that mix
// alphabets, labels in another alphabet made only of Latin-looking letters,
// and hosts whose skeleton is a known platform domain they are not.
func checkLookalike(ascii string) *Error {
	display := ascii
	if strings.Contains(ascii, "xn--") {
		u, err := idna.Punycode.ToUnicode(ascii)
		if err != nil {
			return fail(KeyBadHost, nil)
		}
		display = u
		for _, label := range strings.Split(u, ".") {
			if isASCII(label) {
				continue
			}
			if mixesScripts(label) || onlyLatinLookalikes(label) {
				return fail(KeyLookalikeHost, nil)
			}
		}
	}
	for _, d := range impersonatedDomains {
		if isUnder(ascii, d) {
			return nil
		}
	}
	skel := skeleton(display)
	for _, sd := range impersonatedSkeletons {
		if skel == sd || strings.HasSuffix(skel, "."+sd) {
			return fail(KeyLookalikeHost, nil)
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// scriptOf names the Unicode script of r, or "" for characters every
// script uses (digits, hyphen, combining marks).
func scriptOf(r rune) string {
	if r < utf8.RuneSelf {
		if unicode.IsLetter(r) {
			return "Latin"
		}
		return ""
	}
	if unicode.In(r, unicode.Common, unicode.Inherited) {
		return ""
	}
	for name, table := range unicode.Scripts {
		if unicode.Is(table, r) {
			return name
		}
	}
	return "Unknown"
}

// compatibleScripts are the mixes UTS #39 calls "highly restrictive":
// Japanese, Chinese and Korean writing mix Han with their own scripts and
// with Latin. Any other mix (Latin with Cyrillic, Greek…) is a warning sign.
var compatibleScripts = []map[string]bool{
	{"Latin": true, "Han": true, "Hiragana": true, "Katakana": true},
	{"Latin": true, "Han": true, "Bopomofo": true},
	{"Latin": true, "Han": true, "Hangul": true},
}

func mixesScripts(label string) bool {
	seen := map[string]bool{}
	for _, r := range label {
		if s := scriptOf(r); s != "" {
			seen[s] = true
		}
	}
	if len(seen) <= 1 {
		return false
	}
	for _, allowed := range compatibleScripts {
		fits := true
		for s := range seen {
			if !allowed[s] {
				fits = false
				break
			}
		}
		if fits {
			return false
		}
	}
	return true
}

// onlyLatinLookalikes reports a label written wholly in another alphabet
// whose every letter looks like a Latin one (Cyrillic "раураl"): it reads
// as a Latin name, which is the point of such a label.
func onlyLatinLookalikes(label string) bool {
	letters := 0
	for _, r := range norm.NFD.String(label) {
		if unicode.Is(unicode.Mn, r) || !unicode.IsLetter(r) {
			continue
		}
		if r < utf8.RuneSelf {
			return false
		}
		if _, ok := confusables[r]; !ok {
			return false
		}
		letters++
	}
	return letters > 0
}

// confusables maps characters to the Latin letter they are mistaken for.
// It is a small hand-picked subset of Unicode's confusables for the letters
// that matter in the domains above; accents are removed separately.
var confusables = map[rune]string{
	// Cyrillic
	'а': "a", 'е': "e", 'о': "o", 'р': "p", 'с': "c", 'у': "y", 'х': "x",
	'ѕ': "s", 'і': "i", 'ј': "j", 'ԁ': "d", 'ӏ': "l", 'һ': "h", 'ԛ': "q",
	'ԝ': "w", 'ь': "b", 'ѵ': "v", 'к': "k", 'ɡ': "g",
	// Greek
	'α': "a", 'ο': "o", 'ρ': "p", 'ν': "v", 'ι': "i", 'κ': "k", 'υ': "u",
	'χ': "x", 'γ': "y", 'ϲ': "c", 'ϳ': "j",
	// Armenian
	'օ': "o", 'ս': "u", 'հ': "h", 'ո': "n", 'ց': "g", 'զ': "q",
	// Latin letters without a decomposition
	'ı': "i", 'ɩ': "i", 'ɑ': "a", 'ł': "l", 'đ': "d", 'ø': "o", 'ħ': "h",
	// Digits read as letters
	'0': "o", '1': "l",
}

// skeleton folds a host to what it looks like: accents removed, confusable
// characters replaced by their Latin look-alike, "rn" read as "m" and "vv"
// as "w". Two hosts with the same skeleton are easy to mistake for each
// other.
func skeleton(host string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(host)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if s, ok := confusables[r]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(r)
	}
	return lookalikePairs.Replace(b.String())
}

var lookalikePairs = strings.NewReplacer("rn", "m", "vv", "w")
