package checklist

import (
	"net/url"
	"strings"
)

// LinkHoldsKey reports whether a ring link carries an end-to-end key in
// its fragment ("#key=…", or key= beside janus= there), as app/ring reads
// it. Whoever has such a link can not only join but also see and hear
// everyone, so the handout says so beside its QR code.
func LinkHoldsKey(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	for _, part := range strings.Split(u.EscapedFragment(), "&") {
		name, value, _ := strings.Cut(part, "=")
		if key, err := url.QueryUnescape(name); err == nil && strings.EqualFold(key, "key") && value != "" {
			return true
		}
	}
	return false
}
