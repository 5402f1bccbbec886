package session

import (
	"bytes"
	"testing"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/e2ee"
)

func keyedLink(key string) ring.Link {
	return ring.Link{Kind: ring.KindNative, Platform: ring.PlatformJanus, Endpoint: "wss://janus.example.org/", Room: 1, Key: key}
}

func TestEndToEndOnlyWithAKey(t *testing.T) {
	e, err := NewEndToEnd(keyedLink(""), nil)
	if e != nil || err != nil {
		t.Fatalf("a link without a key gave %v, %v", e, err)
	}
	if SafetyCode(keyedLink("")) != "" {
		t.Fatal("a safety code without a key")
	}
	e, err = NewEndToEnd(keyedLink("Mond"), nil)
	if err != nil || e == nil {
		t.Fatal(err)
	}
	if code := SafetyCode(keyedLink("Mond")); code == "" || code == SafetyCode(keyedLink("Sonne")) {
		t.Fatalf("safety codes: %q, %q", code, SafetyCode(keyedLink("Sonne")))
	}
}

// A participant whose frames keep failing (another key, or no key at all)
// is named once; one who sends under the same key is never named.
func TestKeyMismatchIsToldOncePerParticipant(t *testing.T) {
	var told []call.KeyMismatch
	ours, err := NewEndToEnd(keyedLink("Mond"), func(k call.KeyMismatch) { told = append(told, k) })
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := NewEndToEnd(keyedLink("Sonne"), nil)
	if err != nil {
		t.Fatal(err)
	}
	frame := append([]byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00}, bytes.Repeat([]byte{7}, 300)...)
	seal := func(e *EndToEnd) []byte {
		out, err := e2ee.NewEncryptor(e.keys).Encrypt(nil, frame, e2ee.VP8Kind(frame), 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	fromCarl := ours.VideoOpener("7")
	fromDora := ours.AudioOpener("8")
	fromAnna := ours.VideoOpener("9")
	for i := range 3 * mismatchesToTell {
		if _, err := fromCarl(nil, seal(theirs)); err == nil {
			t.Fatal("a frame under another key opened")
		}
		if _, err := fromDora(nil, []byte{0x78, 1, 2, 3, 4}); err == nil {
			t.Fatal("a plain Opus frame opened")
		}
		plain, err := fromAnna(nil, seal(ours))
		if err != nil || !bytes.Equal(plain, frame) {
			t.Fatalf("frame %d under our key: %v", i, err)
		}
	}
	if len(told) != 2 || told[0] != (call.KeyMismatch{ParticipantID: "7"}) || told[1] != (call.KeyMismatch{ParticipantID: "8"}) {
		t.Fatalf("told %v", told)
	}
}
