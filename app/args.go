package app

import (
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/ringlet/ringlet/app/checklist"
	"github.com/ringlet/ringlet/app/ring"
)

// maxRingFileBytes bounds what is read from a file given on the command
// line before the checklist parser checks it properly.
const maxRingFileBytes = checklist.MaxFileBytes + 1

// opening is what the program was started with: a link to fill in, and a
// helper's checklist if it came from a .ring file or a share link.
type opening struct {
	text      string
	checklist *checklist.Checklist
	err       error // why a given file or share link could not be used
}

// checklistOptions makes a checklist's ring link pass the same parser as a
// pasted link, so a checklist can never carry a link Ringlet would refuse.
var checklistOptions = checklist.Options{ValidateLink: func(s string) error { _, err := ring.Parse(s); return err }}

// initialLink reads the first command-line argument: a ring link, a
// ringlet:// link, a checklist share link, the path of a .ring file or a
// file:// URL of one (desktop entries pass %u). Nothing of it is
// remembered; it only fills in the link screen.
func initialLink(args []string) opening {
	if len(args) == 0 {
		return opening{}
	}
	arg := strings.TrimSpace(args[0])
	switch {
	case checklist.IsShareLink(arg):
		return openShareLink(arg)
	case isRingFileName(arg):
		path, ok := ringFilePath(arg)
		if !ok {
			return opening{err: errRingFileUnreadable}
		}
		data, err := readSmallFile(path)
		if err != nil {
			return opening{err: errRingFileUnreadable}
		}
		return openChecklistData(data)
	}
	return opening{text: arg}
}

// openShareLink decodes a checklist share link into what the link screen
// starts with.
func openShareLink(link string) opening {
	c, err := checklist.ParseShareLink(link, checklistOptions)
	if err != nil {
		return opening{err: err}
	}
	return opening{text: c.Ring.Link, checklist: c}
}

// openChecklistData parses the bytes of a .ring file.
func openChecklistData(data []byte) opening {
	c, err := checklist.Parse(data, checklistOptions)
	if err != nil {
		return opening{err: err}
	}
	return opening{text: c.Ring.Link, checklist: c}
}

// isRingFileName tells a .ring file (path or file:// URL) from a link.
func isRingFileName(arg string) bool {
	name := arg
	if u, err := url.Parse(arg); err == nil && strings.EqualFold(u.Scheme, "file") {
		name = u.Path
	}
	return strings.HasSuffix(strings.ToLower(name), ".ring")
}

// ringFilePath turns a file:// URL into a local path; anything else is
// taken as a path already. A file URL naming another computer is refused:
// Ringlet only opens files on this one.
func ringFilePath(arg string) (string, bool) {
	if len(arg) < 5 || !strings.EqualFold(arg[:5], "file:") {
		return arg, true
	}
	u, err := url.Parse(arg)
	if err != nil || u.Path == "" || (u.Host != "" && !strings.EqualFold(u.Host, "localhost")) {
		return "", false
	}
	return u.Path, true
}

func readSmallFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxRingFileBytes))
}

// uiError is an error of the GUI itself, carrying a message key like the
// errors of the UI-free packages.
type uiError struct{ key string }

func (e *uiError) Error() string               { return "app: " + e.key }
func (e *uiError) MessageKey() string          { return e.key }
func (e *uiError) MessageArgs() map[string]any { return nil }

var (
	errRingFileUnreadable = &uiError{"app.error.ring_file_unreadable"}
	errNoNativeJoin       = &uiError{"app.error.no_native_join"}
	errNoPrivateBrowser   = &uiError{"app.error.no_private_browser"}
)
