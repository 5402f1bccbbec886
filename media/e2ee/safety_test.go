package e2ee

import (
	"regexp"
	"testing"
)

func TestSafetyCodeIsSharedByTheSameKeyOnly(t *testing.T) {
	code := func(pass string) string {
		t.Helper()
		m, err := FromPassphrase(pass)
		if err != nil {
			t.Fatal(err)
		}
		c, err := SafetyCode(m)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, again, other := code("Mond und Sterne"), code("Mond und Sterne"), code("Mond und Sterne!")
	if !regexp.MustCompile(`^\d{3} \d{3} \d{3} \d{3}$`).MatchString(a) {
		t.Fatalf("code %q is not four groups of three digits", a)
	}
	if a != again || a == other {
		t.Fatalf("same key: %q and %q; other key: %q", a, again, other)
	}
	// Pinned, so that two versions of Ringlet show a group the same code;
	// computed independently with Python's hashlib (PBKDF2-SHA-256, 100,000
	// iterations, 32 bytes; then HKDF-SHA-256 by hand with hmac, salt
	// "LKFrameEncryptionKey", info "Ringlet E2EE safety code v1", 8 bytes,
	// big-endian modulo 10^12).
	if want := "566 633 089 894"; a != want {
		t.Fatalf("code %q, want %q", a, want)
	}
}
