package app

import (
	"io"
	"math/big"
	"os/user"
	"strings"
	"unicode"

	"crypto/rand"
)

// German nouns carry their grammatical gender, because the adjective's
// ending follows it without an article: "Stiller Fuchs", "Stille Eule",
// "Stilles Reh".
type gender byte

const (
	masculine gender = 'm'
	feminine  gender = 'f'
	neuter    gender = 'n'
)

type germanNoun struct {
	word string
	g    gender
}

// Word lists: friendly, calm, unremarkable words that do not hint at any
// illness, age, gender or place.
var (
	germanAdjectiveStems = []string{
		"Still", "Sanft", "Ruhig", "Freundlich", "Mutig", "Klug", "Leis", "Hell",
		"Warm", "Heiter", "Wach", "Treu", "Frei", "Zart", "Klar", "Froh",
		"Geduldig", "Behutsam", "Gelassen", "Tapfer", "Munter", "Weis", "Gütig", "Sacht",
	}
	germanNouns = []germanNoun{
		{"Eule", feminine}, {"Fuchs", masculine}, {"Reh", neuter}, {"Igel", masculine},
		{"Amsel", feminine}, {"Dachs", masculine}, {"Otter", masculine}, {"Biber", masculine},
		{"Kranich", masculine}, {"Möwe", feminine}, {"Schwalbe", feminine}, {"Lerche", feminine},
		{"Meise", feminine}, {"Hummel", feminine}, {"Libelle", feminine}, {"Robbe", feminine},
		{"Wal", masculine}, {"Delfin", masculine}, {"Bär", masculine}, {"Luchs", masculine},
		{"Falke", masculine}, {"Rabe", masculine}, {"Specht", masculine}, {"Schwan", masculine},
		{"Reiher", masculine}, {"Birke", feminine}, {"Linde", feminine}, {"Eiche", feminine},
		{"Ahorn", masculine}, {"Stern", masculine}, {"Mond", masculine}, {"Komet", masculine},
		{"Bach", masculine}, {"Wolke", feminine}, {"Welle", feminine}, {"Quelle", feminine},
		{"Insel", feminine}, {"Lamm", neuter}, {"Pony", neuter}, {"Zebra", neuter},
		{"Eichhörnchen", neuter}, {"Rotkehlchen", neuter}, {"Murmeltier", neuter}, {"Kätzchen", neuter},
	}
	englishAdjectives = []string{
		"Quiet", "Gentle", "Calm", "Kind", "Brave", "Wise", "Bright", "Warm",
		"Cheerful", "Steady", "Patient", "Clear", "Soft", "Bold", "Careful", "Hopeful",
		"Merry", "Tender", "Easy", "Friendly", "Still", "Mellow", "Sunny", "Keen",
	}
	englishNouns = []string{
		"Owl", "Fox", "Deer", "Hedgehog", "Blackbird", "Badger", "Otter", "Beaver",
		"Crane", "Gull", "Swallow", "Lark", "Wren", "Bumblebee", "Dragonfly", "Seal",
		"Whale", "Dolphin", "Bear", "Lynx", "Falcon", "Raven", "Woodpecker", "Swan",
		"Heron", "Birch", "Linden", "Oak", "Maple", "Star", "Moon", "Comet",
		"Brook", "Cloud", "Wave", "Island", "Lamb", "Pony", "Zebra", "Squirrel",
		"Robin", "Marmot", "Kitten", "Sparrow",
	}
)

var germanEndings = map[gender]string{masculine: "er", feminine: "e", neuter: "es"}

// newPseudonym makes a friendly two-word name in language l ("de" or
// "en"), with the randomness from r (crypto/rand in the app), so names
// cannot be predicted from the time or from earlier names.
func newPseudonym(r io.Reader, l string) string {
	if r == nil {
		r = rand.Reader
	}
	if l == "de" {
		stem := germanAdjectiveStems[pick(r, len(germanAdjectiveStems))]
		n := germanNouns[pick(r, len(germanNouns))]
		return stem + germanEndings[n.g] + " " + n.word
	}
	return englishAdjectives[pick(r, len(englishAdjectives))] + " " + englishNouns[pick(r, len(englishNouns))]
}

// pick returns a uniform random index below n. If the random source fails
// (it does not for crypto/rand) it falls back to the first word rather
// than failing the screen.
func pick(r io.Reader, n int) int {
	v, err := rand.Int(r, big.NewInt(int64(n)))
	if err != nil {
		return 0
	}
	return int(v.Int64())
}

// osRealNames returns the names of the operating system account: the full
// name from the account database and the login name. They are compared
// with the pseudonym only in memory.
func osRealNames() []string {
	u, err := user.Current()
	if err != nil {
		return nil
	}
	full := u.Name
	if i := strings.IndexByte(full, ','); i >= 0 { // GECOS: "Full Name,room,phone"
		full = full[:i]
	}
	return []string{full, u.Username}
}

// looksLikeRealName reports whether pseudonym shares a word of at least
// three letters with one of the real names, or contains a real name whole.
// Case and accents are ignored, so "anna" matches "Anna" and "Jose"
// matches "José".
func looksLikeRealName(pseudonym string, realNames []string) bool {
	p := fold(pseudonym)
	if p == "" {
		return false
	}
	pwords := words(p)
	for _, real := range realNames {
		r := fold(real)
		if len(r) >= 3 && strings.Contains(p, r) {
			return true
		}
		for _, rw := range words(r) {
			if len([]rune(rw)) < 3 {
				continue
			}
			for _, pw := range pwords {
				if pw == rw {
					return true
				}
			}
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// fold lower-cases and drops common accents, so that look-alike spellings
// of a name still match.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case 'á', 'à', 'â', 'ä', 'ã', 'å':
			r = 'a'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'í', 'ì', 'î', 'ï':
			r = 'i'
		case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø':
			r = 'o'
		case 'ú', 'ù', 'û', 'ü':
			r = 'u'
		case 'ç':
			r = 'c'
		case 'ñ':
			r = 'n'
		case 'ß':
			b.WriteString("ss")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
