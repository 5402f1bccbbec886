package checklist

import (
	"bytes"
	"errors"
	"testing"
)

func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, c := range []*Checklist{
		fromTemplate(f, "self-help", "Gruppe Gießen", "ringlet://h.example/janus?room=1&pin=2"),
		fromTemplate(f, "counselling", "Beratung", ""),
		richChecklist(f),
	} {
		b, err := c.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

// mustBeTyped fails unless err is one of this package's typed errors: no
// raw library error may reach a person.
func mustBeTyped(t *testing.T, err error) {
	var ce *Error
	if !errors.As(err, &ce) || ce.Key == "" {
		t.Fatalf("untyped error %T: %v", err, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Add([]byte("format = 1\nx = [[[[[[1]]]]]]"))
	f.Add([]byte("format = 2"))
	f.Add([]byte("format = 1\n[ring]\nname = \"a\"\nlink = \"javascript:x\"\n[[step]]\nlevel = \"required\"\ntitle.de = \"<b>\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, Options{})
		if err != nil {
			mustBeTyped(t, err)
			return
		}
		// Whatever parses must survive the canonical round trip unchanged.
		canonical, err := c.Marshal()
		if err != nil {
			t.Fatalf("parsed but cannot marshal: %v", err)
		}
		again, err := Parse(canonical, Options{})
		if err != nil {
			t.Fatalf("own output refused: %v\n%s", err, canonical)
		}
		second, err := again.Marshal()
		if err != nil || !bytes.Equal(canonical, second) {
			t.Fatalf("not canonical: %v\n%s\n---\n%s", err, canonical, second)
		}
	})
}

func FuzzParseShareLink(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		c, err := Parse(s, Options{})
		if err != nil {
			f.Fatal(err)
		}
		for _, base := range []string{"", "https://g.example/x"} {
			link, err := ShareLink(c, base)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(link)
		}
	}
	f.Add(AppSharePrefix + "AAAA")
	f.Add("https://g.example/#a=b&" + WebShareParam + "-_-_")
	f.Fuzz(func(t *testing.T, link string) {
		c, err := ParseShareLink(link, Options{})
		if err != nil {
			mustBeTyped(t, err)
			return
		}
		file, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		again, err := ShareLink(c, "")
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseShareLink(again, Options{})
		if err != nil {
			t.Fatalf("own link refused: %v", err)
		}
		if second, _ := back.Marshal(); !bytes.Equal(file, second) {
			t.Fatal("share link round trip changed the checklist")
		}
	})
}
