package remember

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// listingKeyring records the user names written, as a keyring viewer would
// list them.
type listingKeyring struct {
	entries map[string]string
}

func newListing() *listingKeyring { return &listingKeyring{entries: map[string]string{}} }

func (k *listingKeyring) Get(s, u string) (string, error) {
	v, ok := k.entries[s+"/"+u]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}
func (k *listingKeyring) Set(s, u, v string) error { k.entries[s+"/"+u] = v; return nil }
func (k *listingKeyring) Delete(s, u string) error {
	if _, ok := k.entries[s+"/"+u]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.entries, s+"/"+u)
	return nil
}

const ring = "native|wss://selbsthilfe.example/janus|1234"

func TestSaveLoadForgetWithMock(t *testing.T) {
	keyring.MockInit()
	s := New(OSKeyring())
	if _, ok, err := s.Load(ring); ok || err != nil {
		t.Fatalf("empty keyring: ok=%v err=%v", ok, err)
	}
	if err := s.Forget(ring); err != nil {
		t.Fatalf("forgetting nothing: %v", err)
	}
	want := Secret{Pseudonym: "Stille Eule", PIN: "4711"}
	if err := s.Save(ring, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Load(ring)
	if err != nil || !ok || got != want {
		t.Fatalf("Load = %+v, %v, %v", got, ok, err)
	}
	if _, ok, _ := s.Load(ring + "5"); ok {
		t.Fatal("another ring found the same entry")
	}
	if err := s.Forget(ring); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Load(ring); ok {
		t.Fatal("still there after Forget")
	}
}

func TestEntryNamesDoNotRevealTheRing(t *testing.T) {
	kr := newListing()
	s := New(kr)
	if err := s.Save(ring, Secret{Pseudonym: "Quiet Owl"}); err != nil {
		t.Fatal(err)
	}
	for name := range kr.entries {
		for _, part := range []string{"selbsthilfe", "janus", "1234", "wss"} {
			if strings.Contains(name, part) {
				t.Errorf("keyring entry %q names the ring (%q)", name, part)
			}
		}
	}
	if len(kr.entries) != 2 {
		t.Errorf("want a salt and one entry, got %d entries", len(kr.entries))
	}
	// The same ring in another keyring (another salt) gets another name.
	kr2 := newListing()
	if err := New(kr2).Save(ring, Secret{Pseudonym: "Quiet Owl"}); err != nil {
		t.Fatal(err)
	}
	for name := range kr.entries {
		if strings.Contains(name, entryPrefix) {
			if _, same := kr2.entries[name]; same {
				t.Error("the entry name does not depend on the salt")
			}
		}
	}
}

func TestEmptySecretForgets(t *testing.T) {
	kr := newListing()
	s := New(kr)
	_ = s.Save(ring, Secret{Pseudonym: "Quiet Owl"})
	if err := s.Save(ring, Secret{}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Load(ring); ok {
		t.Fatal("an empty secret should forget the ring")
	}
}

type brokenKeyring struct{}

var errLocked = errors.New("collection is locked")

func (brokenKeyring) Get(string, string) (string, error) { return "", errLocked }
func (brokenKeyring) Set(string, string, string) error   { return errLocked }
func (brokenKeyring) Delete(string, string) error        { return errLocked }

func TestErrorsCarryMessageKeys(t *testing.T) {
	s := New(brokenKeyring{})
	err := s.Save(ring, Secret{Pseudonym: "Quiet Owl"})
	var e *Error
	if !errors.As(err, &e) || e.MessageKey() != KeyUnavailable {
		t.Fatalf("got %v", err)
	}
	if !errors.Is(err, errLocked) {
		t.Error("the keyring's error should be kept for errors.Is")
	}
	if _, _, err := s.Load(""); !errors.As(err, &e) || e.MessageKey() != KeyEmptyRing {
		t.Fatalf("empty ring id: %v", err)
	}
}

// TestRealKeyring runs against a real Secret Service; scripts/keyring-test.sh
// starts one with dbus-run-session and gnome-keyring.
func TestRealKeyring(t *testing.T) {
	if os.Getenv("RINGLET_REAL_KEYRING") != "1" {
		t.Skip("set RINGLET_REAL_KEYRING=1 (see scripts/keyring-test.sh) to test against a real Secret Service")
	}
	s := New(OSKeyring())
	id := "test|real-keyring|" + t.Name()
	t.Cleanup(func() { _ = s.Forget(id) })
	want := Secret{Pseudonym: "Stille Eule", PIN: "0815"}
	if err := s.Save(id, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Load(id)
	if err != nil || !ok || got != want {
		t.Fatalf("Load = %+v, %v, %v", got, ok, err)
	}
	if err := s.Forget(id); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Load(id); ok || err != nil {
		t.Fatalf("after Forget: ok=%v err=%v", ok, err)
	}

	// A remembered ring, and forgetting everything, on the real keyring.
	r := Ring{Label: "Mittwochsgruppe", Link: "ringlet://a.example/janus?room=1", Pseudonym: "Stille Eule", PIN: "0815"}
	if err := s.KeepRing(r); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.Rings(); err != nil || len(rs) != 1 || rs[0] != r {
		t.Fatalf("Rings = %+v, %v", rs, err)
	}
	if err := s.ForgetAll(); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.Rings(); err != nil || len(rs) != 0 {
		t.Fatalf("after ForgetAll: %+v, %v", rs, err)
	}
}

// Remembered rings live in one entry whose name says nothing; labels and
// links are only inside the secret. Forget and forget-all are one call.
func TestRememberedRings(t *testing.T) {
	keyring.MockInit()
	s := New(OSKeyring())
	if rs, err := s.Rings(); err != nil || len(rs) != 0 {
		t.Fatalf("fresh keyring: %v %v", rs, err)
	}
	wed := Ring{Label: "Mittwochsgruppe", Link: "ringlet://a.example/janus?room=1", Pseudonym: "Stille Eule"}
	fri := Ring{Label: "Freitag", Link: "ringlet://a.example/janus?room=2", PIN: "4711"}
	for _, r := range []Ring{wed, fri, {Label: "Mittwoch neu", Link: wed.Link}} {
		if err := s.KeepRing(r); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := s.Rings()
	if err != nil || len(rs) != 2 || rs[0] != fri || rs[1].Label != "Mittwoch neu" {
		t.Fatalf("rings %+v, %v", rs, err)
	}
	if err := s.KeepRing(Ring{Label: "", Link: "x"}); err == nil {
		t.Error("a ring without a label was kept")
	}
	if err := s.ForgetRing(fri.Link); err != nil {
		t.Fatal(err)
	}
	if rs, _ := s.Rings(); len(rs) != 1 || rs[0].Link != wed.Link {
		t.Fatalf("after forgetting one: %+v", rs)
	}
	if err := s.Save(ring, Secret{Pseudonym: "Stille Eule"}); err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetAll(); err != nil {
		t.Fatal(err)
	}
	if rs, _ := s.Rings(); len(rs) != 0 {
		t.Fatalf("forget all kept %+v", rs)
	}
	if _, ok, _ := s.Load(ring); ok {
		t.Error("forget all left a name that can still be found")
	}

	// What a keyring viewer lists names no ring.
	kr := newListing()
	l := New(kr)
	if err := l.KeepRing(wed); err != nil {
		t.Fatal(err)
	}
	for k := range kr.entries {
		if strings.Contains(k, "Mittwoch") || strings.Contains(k, "a.example") {
			t.Errorf("entry name %q reveals the ring", k)
		}
	}
}
