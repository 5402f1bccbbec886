package privacy

import (
	"strings"
	"testing"
)

// FuzzParseProfilesINI feeds odd profiles.ini files: the parser must never
// panic, and every profile it returns must have a folder.
func FuzzParseProfilesINI(f *testing.F) {
	f.Add([]byte(profilesINI))
	f.Add([]byte("[Profile0]\nPath=/abs\nIsRelative=0\n"))
	f.Add([]byte("[Install]\nDefault=\x00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range parseProfilesINI(data) {
			if p.Dir == "" || strings.ContainsRune(p.Dir, 0) {
				t.Fatalf("bad profile %+v", p)
			}
		}
	})
}

// FuzzParseLocalState feeds odd Local State JSON: errors are fine, panics
// and profiles that would leave the browser folder are not.
func FuzzParseLocalState(f *testing.F) {
	f.Add([]byte(`{"profile":{"info_cache":{"Default":{"name":"x","user_name":"a@b.c","gaia_id":"1"}}}}`))
	f.Add([]byte(`{"profile":{"info_cache":{"../x":{"user_name":7}}}}`))
	f.Add([]byte(`{"profile":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cache, err := parseLocalState(data)
		if err != nil {
			return
		}
		for dir := range cache {
			if safeProfileDir(dir) && (strings.Contains(dir, "/") || dir == "..") {
				t.Fatalf("unsafe profile folder %q accepted", dir)
			}
		}
	})
}
