// Package peertext cleans text that other people, or their server, chose
// before Ringlet shows it: display names, chat lines and the like. Rings
// are open to strangers, so such text may carry terminal escapes, bidi
// overrides that turn "evil.exe" into "exe.live", invisible characters
// that make two names look alike, or simply 50 kilobytes of letters.
//
// Everything here is pure and allocation-light; it imports no UI and no
// media code, so the engines clean at decode time and the UI and CLI
// clean again at the edge.
package peertext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameRunes bounds a display name: enough for any pseudonym, short
// enough that a tile and a chat line stay readable.
const MaxNameRunes = 64

// MaxChatRunes bounds one chat message.
const MaxChatRunes = 2000

// MaxChatLines bounds the line breaks one chat message may keep; further
// breaks become spaces, so nobody can push the log off the screen with
// one message of empty lines.
const MaxChatLines = 20

// invisible reports runes that change how text around them is shown or
// compared without being seen themselves: control characters (C0, DEL,
// C1), bidi embeddings, overrides, isolates and marks, line and paragraph
// separators, zero-width spaces and joiners outside emoji, the BOM, and
// the invisible tag characters.
func invisible(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separator
		return true
	case r == 0x200b, r == 0x2060, r == 0xfeff: // zero-width space, word joiner, BOM
		return true
	case r >= 0xe0000 && r <= 0xe007f: // tags
		return true
	}
	return false
}

// Name cleans a display name or any other single-line field: invalid
// UTF-8 is replaced, invisible characters are dropped, every kind of
// space or line break becomes one plain space, the result is NFC and at
// most MaxNameRunes long.
func Name(s string) string { return line(s, MaxNameRunes) }

// Line is Name with another length bound (room titles, descriptions).
func Line(s string, maxRunes int) string { return line(s, maxRunes) }

func line(s string, maxRunes int) string {
	s = prepare(s, maxRunes)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\t' || r == '\n' || r == '\r' {
			space = b.Len() > 0
			continue
		}
		if invisible(r) {
			continue
		}
		if n >= maxRunes {
			break
		}
		if space {
			// A space needs a letter after it within the bound.
			if n+1 >= maxRunes {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Chat cleans one chat message: like Name, but line breaks survive (at
// most MaxChatLines of them) and the bound is MaxChatRunes. Leading and
// trailing space is trimmed.
func Chat(s string) string {
	s = prepare(s, MaxChatRunes)
	var b strings.Builder
	b.Grow(len(s))
	n, breaks := 0, 0
	for _, r := range s {
		if n >= MaxChatRunes {
			break
		}
		switch {
		case r == '\n' && breaks < MaxChatLines:
			breaks++
			b.WriteByte('\n')
		case r == '\n', r == '\t', r == 0x2028, r == 0x2029, unicode.IsSpace(r):
			b.WriteByte(' ')
		case invisible(r):
			continue
		default:
			b.WriteRune(r)
		}
		n++
	}
	return strings.TrimSpace(b.String())
}

// prepare makes s valid UTF-8 and NFC, looking at no more than a few
// times the runes that can survive, so a huge input costs little.
func prepare(s string, maxRunes int) string {
	// Invisible characters are dropped later, so keep some slack for
	// them; beyond that nothing can reach the output.
	if limit := maxRunes * 4 * utf8.UTFMax; len(s) > limit {
		s = s[:limit]
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return norm.NFC.String(s)
}

// Terminal makes text safe to print on a terminal: every control
// character (ESC above all, which starts clipboard writes, screen clears
// and title changes), every bidi control and the line separators are
// shown as a visible \x.. or \u.... escape instead of acting. Newlines
// are kept only with keepNewlines.
func Terminal(s string, keepNewlines bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r <= 0xff && invisible(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case invisible(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
