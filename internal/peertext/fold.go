package peertext

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Fold is the key under which two names count as the same to a reader:
// compatibility-normalised (NFKD), without accents, case-folded, with
// Cyrillic and Greek letters that look Latin mapped to them, a few
// digits that pass for letters mapped too, and everything that is not a
// letter or digit left out. "Quiet Owl", "quiet  owl", "Qu1et Оwl" (with
// a Cyrillic О) and "Quiet\u200bOwl" all fold to the same key.
func Fold(s string) string {
	s = norm.NFKD.String(strings.ToValidUTF8(s, ""))
	s = cases.Fold().String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if l, ok := lookalike[r]; ok {
			r = l
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lookalike maps letters and digits that a reader takes for a Latin
// letter (after case folding) to that letter. It is deliberately short:
// the common homoglyphs of Cyrillic and Greek, and the digits people use
// for letters. Unicode's full confusables table would be the complete
// answer; this covers what a troll can type on an ordinary keyboard.
var lookalike = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p',
	'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'l', 'ї': 'l', 'ј': 'j', 'һ': 'h',
	'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'l', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x', 'ω': 'w', 'ς': 'c', 'σ': 'o', 'μ': 'u',
	// digits and signs used as letters
	'0': 'o', '1': 'l', '3': 'e', '5': 's', '|': 'l', 'ı': 'l',
	// i and l look alike in many fonts: both fold to l
	'i': 'l',
}
