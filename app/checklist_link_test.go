package app

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/app/checklist"
)

func writeRingFile(t *testing.T, dir, name string, c *checklist.Checklist) string {
	t.Helper()
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestShareLinksInTheLinkField: both share link forms, typed, pasted from
// an invitation or taken from the clipboard by the tray, open the
// checklist instead of being taken for a ring.
func TestShareLinksInTheLinkField(t *testing.T) {
	c := walkChecklist(t, nativeLink)
	app, err := checklist.ShareLink(c, "")
	if err != nil {
		t.Fatal(err)
	}
	web, err := checklist.ShareLink(c, "https://gruppe.example.org/neu")
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	for name, enter := range map[string]func(link string){
		"typed": func(link string) { u.link.entry.SetText(link) },
		"pasted": func(link string) {
			u.clip.SetContent("Hallo! Hier ist unsere Checkliste:\n" + link + "\nBis Mittwoch")
			u.pasteLink()
		},
		"tray": func(link string) { u.clip.SetContent(link); u.joinFromClipboard() },
	} {
		for _, link := range []string{app, web} {
			u.showLinkStep(opening{})
			enter(link)
			s := u.link
			if s.checklist == nil || s.checklist.Ring.Name != "Mittwochsgruppe" || s.entry.Text != nativeLink || s.join.Disabled() {
				t.Errorf("%s %.30s…: checklist %v, field %q", name, link, s.checklist != nil, s.entry.Text)
				continue
			}
			if !strings.Contains(screenTexts(u), "Checkliste Ihrer Gruppe: Mittwochsgruppe") {
				t.Errorf("%s: the link screen does not say whose checklist it is", name)
			}
			test.Tap(s.join)
			if u.check == nil || u.check.walk == nil {
				t.Errorf("%s: no walkthrough after Next", name)
			}
		}
	}

	// A damaged share link is a checklist link that cannot be read, not
	// an unknown video service.
	u.showLinkStep(opening{})
	broken := web[:len(web)-12] + "!!!"
	u.link.entry.SetText(broken)
	if s := u.link; !s.join.Disabled() || s.kind.Text != translate("app.link.checklist_broken", nil) || s.reason.Text == "" || s.entry.Text != broken {
		t.Errorf("damaged share link: kind %q, reason %q, join disabled %v", s.kind.Text, s.reason.Text, s.join.Disabled())
	}
}

func TestChecklistWithoutLinkAsksForIt(t *testing.T) {
	c := walkChecklist(t, "")
	share, err := checklist.ShareLink(c, "")
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "en", Options{Random: zeroReader{}})
	u.link.entry.SetText(share)
	if u.link.checklist == nil || u.link.entry.Text != "" || !u.link.join.Disabled() {
		t.Fatalf("checklist without link: field %q", u.link.entry.Text)
	}
	if !strings.Contains(screenTexts(u), translate("app.link.checklist_without_link", nil)) {
		t.Error("the newcomer is not told to paste the ring link")
	}
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	if u.flow == nil || u.flow.checklist == nil || u.check.walk == nil {
		t.Error("the checklist got lost when the link was pasted")
	}
}

// TestRingFileURLs: desktop entries pass %u, a file:// URL, whose path may
// be escaped; a file URL naming another computer is refused.
func TestRingFileURLs(t *testing.T) {
	c := walkChecklist(t, nativeLink)
	dir := t.TempDir()
	path := writeRingFile(t, dir, "Mittwoch Gruppe.ring", c)
	fileURL := (&url.URL{Scheme: "file", Path: path}).String()
	if !strings.Contains(fileURL, "%20") {
		t.Fatalf("test URL not escaped: %s", fileURL)
	}
	for _, arg := range []string{path, fileURL, "file://localhost" + (&url.URL{Path: path}).EscapedPath()} {
		o := initialLink([]string{arg})
		if o.err != nil || o.checklist == nil || o.text != nativeLink {
			t.Errorf("%s: %+v", arg, o)
		}
	}
	for _, arg := range []string{"file://elsewhere.example" + path, "file:///nonexistent/x.ring"} {
		o := initialLink([]string{arg})
		if o.checklist != nil || !errors.Is(o.err, errRingFileUnreadable) {
			t.Errorf("%s: want unreadable, got %+v", arg, o)
		}
	}
}

// TestOpenChecklistFileButton: the button offers a file dialog, and a
// chosen file starts over with its checklist; a broken one is refused
// with the checklist's reason and keeps the link typed so far.
func TestOpenChecklistFileButton(t *testing.T) {
	c := walkChecklist(t, nativeLink)
	dir := t.TempDir()
	good := writeRingFile(t, dir, "gut.ring", c)
	bad := filepath.Join(dir, "kaputt.ring")
	if err := os.WriteFile(bad, []byte("format = 9\n[ring]\nname = \"x\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("an overlay before anything was tapped")
	}
	test.Tap(u.link.openFile)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no file dialog")
	}
	u.win.Canvas().Overlays().Remove(u.win.Canvas().Overlays().Top())

	open := func(path string) {
		r, err := storage.Reader(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		u.openChecklistFile(r)
	}
	u.link.entry.SetText("https://meet.jit.si/Getippt")
	open(bad)
	if u.link.checklist != nil || u.link.entry.Text != "https://meet.jit.si/Getippt" {
		t.Errorf("a broken file replaced the link: %q", u.link.entry.Text)
	}
	if !strings.Contains(screenTexts(u), translate("checklist.error.too_new", map[string]any{"Version": 9, "Supported": 1})) {
		t.Error("the broken file's reason is not shown")
	}
	open(good)
	if u.link.checklist == nil || u.link.entry.Text != nativeLink {
		t.Fatalf("good file not opened: %q", u.link.entry.Text)
	}
	test.Tap(u.link.join)
	if u.check == nil || u.check.walk == nil {
		t.Error("no walkthrough for the opened file")
	}
}
