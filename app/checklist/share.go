package checklist

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"io"
	"net/url"
	"strings"
)

// Share links carry the canonical file, deflated and base64url-encoded, in
// the URL fragment. Browsers never send a fragment to the web server, so
// an https share link can point at the group's homepage without the
// homepage learning the ring link or its PIN.
const (
	// AppSharePrefix starts a share link that Ringlet opens directly.
	AppSharePrefix = "ringlet://checklist#"
	// WebShareParam names the fragment parameter of an https share link.
	WebShareParam = "ringlet-checklist="
)

// ShareLink turns c into a link. With an empty base it is a ringlet://
// link; otherwise base must be an https URL without a fragment (the
// group's page) and the data goes into its fragment.
func ShareLink(c *Checklist, base string) (string, error) {
	data, err := c.Marshal()
	if err != nil {
		return "", err
	}
	var packed bytes.Buffer
	w, err := flate.NewWriter(&packed, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(data); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	payload := base64.RawURLEncoding.EncodeToString(packed.Bytes())
	if base == "" {
		return AppSharePrefix + payload, nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || strings.Contains(base, "#") || strings.ContainsAny(base, " \t\r\n") {
		return "", fail(KeyBadBase, nil)
	}
	return base + "#" + WebShareParam + payload, nil
}

// ParseShareLink decodes a share link back into a checklist. It limits
// the link's length before decoding and the inflated size while reading,
// so a small link cannot unpack into a memory-filling "zip bomb"; the
// result then goes through Parse with all its checks.
func ParseShareLink(link string, opts Options) (*Checklist, error) {
	link = strings.TrimSpace(link)
	if link == "" {
		return nil, fail(KeyEmpty, nil)
	}
	if len(link) > MaxShareLinkLen {
		return nil, fail(KeyTooLarge, map[string]any{"MaxKB": MaxShareLinkLen >> 10})
	}
	payload, ok := sharePayload(link)
	if !ok {
		return nil, fail(KeyNotShareLink, nil)
	}
	packed, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil || len(packed) == 0 {
		return nil, fail(KeyShareDamaged, nil)
	}
	r := flate.NewReader(bytes.NewReader(packed))
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fail(KeyShareDamaged, nil)
	}
	if len(data) > MaxFileBytes {
		return nil, fail(KeyTooLarge, map[string]any{"MaxKB": MaxFileBytes >> 10})
	}
	return Parse(data, opts)
}

// IsShareLink reports whether s looks like a checklist share link, so the
// GUI can tell it apart from a ring link before parsing either.
func IsShareLink(s string) bool {
	_, ok := sharePayload(strings.TrimSpace(s))
	return ok
}

func sharePayload(link string) (string, bool) {
	if len(link) >= len(AppSharePrefix) && strings.EqualFold(link[:len(AppSharePrefix)], AppSharePrefix) {
		return link[len(AppSharePrefix):], true
	}
	if len(link) < 8 || !strings.EqualFold(link[:8], "https://") {
		return "", false
	}
	_, fragment, found := strings.Cut(link, "#")
	if !found {
		return "", false
	}
	for _, part := range strings.Split(fragment, "&") {
		if payload, ok := strings.CutPrefix(part, WebShareParam); ok {
			return payload, true
		}
	}
	return "", false
}
