package janus

import "strings"

// publishJSEP is the publisher's offer as configure carries it. In an
// end-to-end encrypted ring (Options.E2EE) it says "e2ee": true, where
// janus.js puts it for insertable streams: a room made with require_e2ee
// refuses a publisher without it, and Janus passes it on in the offers of
// the subscribers, so that they know the frames are encrypted. Janus
// cannot check it: the frames look like media to it either way. The key
// itself never goes to Janus.
func publishJSEP(sdp string, e2ee bool) map[string]any {
	jsep := map[string]any{"type": "offer", "sdp": sdp}
	if e2ee {
		jsep["e2ee"] = true
	}
	return jsep
}

// refusedForE2EE tells a room's refusal of a publisher without "e2ee"
// from a wrong PIN: both are error 433, only Janus' reason ("Room
// requires end-to-end encrypted media") tells them apart.
func refusedForE2EE(reason string) bool {
	return strings.Contains(strings.ToLower(reason), "end-to-end")
}
