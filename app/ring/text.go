package ring

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// linkSchemes are the schemes FirstLink looks for in pasted text.
var linkSchemes = []string{"https", "http", "ringlet"}

// FirstLink takes the first http, https or ringlet URL out of pasted text
// such as an invitation e-mail. The URL starts at its scheme, even when
// glued to the word before it, and ends at whitespace or at <, > or ";
// wrapping brackets, quotes and trailing sentence punctuation are dropped.
// It does not check the URL: Parse does.
func FirstLink(text string) (string, bool) {
	from := 0
	for {
		i := strings.Index(text[from:], "://")
		if i < 0 {
			return "", false
		}
		sep := from + i
		letters := sep
		for letters > 0 && isASCIILetter(text[letters-1]) {
			letters--
		}
		// Text converted from HTML mail often glues a link to the word
		// before it ("beitretenhttps://…"): the scheme is what the letters
		// end with.
		if scheme, ok := knownSchemeSuffix(text[letters:sep]); ok {
			start := sep - len(scheme)
			end := sep + len("://")
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' {
					break
				}
				end += size
			}
			link := trimWrapping(text[start:end])
			if len(link) > sep-start+len("://") {
				return link, true
			}
		}
		from = sep + len("://")
	}
}

func knownSchemeSuffix(s string) (string, bool) {
	for _, k := range linkSchemes {
		if len(s) >= len(k) && strings.EqualFold(s[len(s)-len(k):], k) {
			return k, true
		}
	}
	return "", false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// LooksLikeRingLink reports whether text holds a ring link: its first link
// parses and is native or belongs to a known platform. The app uses it to
// offer "join from clipboard" and to clear a clipboard that still holds a
// ring link. Links to unknown services do not count, so that clearing the
// clipboard never throws away an unrelated link someone copied.
func LooksLikeRingLink(text string) bool {
	l, err := Parse(text)
	return err == nil && (l.Kind == KindNative || l.Platform != PlatformUnknown)
}

const (
	openers = "<([{\"'„“”‚‘’«»‹›"
	closers = ">\"'.,;:!?“”‘’«»‹›"
)

// trimWrapping removes what text around a link adds to it: leading
// brackets and quotes, trailing quotes and punctuation, and a closing
// bracket that has no opening one inside the link (Markdown's
// "[text](https://…)", or "(https://…)" in a sentence).
func trimWrapping(s string) string {
	s = strings.TrimLeft(s, openers)
	const pairs = "()[]{}"
	var opened, closed [3]int
	for i := 0; i < len(s); i++ {
		if j := strings.IndexByte(pairs, s[i]); j >= 0 {
			if j%2 == 0 {
				opened[j/2]++
			} else {
				closed[j/2]++
			}
		}
	}
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if j := strings.IndexRune(pairs, r); j >= 0 && j%2 == 1 && opened[j/2] < closed[j/2] {
			closed[j/2]--
		} else if !strings.ContainsRune(closers, r) {
			return s
		}
		s = s[:len(s)-size]
	}
	return s
}

// hasControl reports characters that have no business in a link or a
// title: invalid UTF-8, control characters and invisible format characters
// (zero-width spaces, bidirectional overrides that reorder what is shown).
func hasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}

// protectEnd %-encodes a last character that trimWrapping would cut off
// ("…/Kreis." or "…title=Runde!"), so a link Ringlet writes reads back the
// same when pasted into a sentence and parsed again.
func protectEnd(s string) string {
	if s == "" || trimWrapping(s) == s {
		return s
	}
	const hex = "0123456789ABCDEF"
	c := s[len(s)-1]
	return s[:len(s)-1] + "%" + string(hex[c>>4]) + string(hex[c&15])
}
