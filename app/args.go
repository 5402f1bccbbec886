package app

import (
	"io"
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

// initialLink reads the first command-line argument: a ring link, a
// ringlet:// link, a checklist share link or the path of a .ring file.
// Nothing of it is remembered; it only fills in the link screen.
func initialLink(args []string) opening {
	if len(args) == 0 {
		return opening{}
	}
	arg := strings.TrimSpace(args[0])
	opts := checklist.Options{ValidateLink: func(s string) error { _, err := ring.Parse(s); return err }}
	switch {
	case checklist.IsShareLink(arg):
		c, err := checklist.ParseShareLink(arg, opts)
		if err != nil {
			return opening{err: err}
		}
		return opening{text: c.Ring.Link, checklist: c}
	case strings.HasSuffix(strings.ToLower(arg), ".ring"):
		data, err := readSmallFile(arg)
		if err != nil {
			return opening{err: errRingFileUnreadable}
		}
		c, err := checklist.Parse(data, opts)
		if err != nil {
			return opening{err: err}
		}
		return opening{text: c.Ring.Link, checklist: c}
	}
	return opening{text: arg}
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
