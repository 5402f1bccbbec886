package browser

import (
	"path/filepath"
	"strings"
)

// exeFromCommand takes the program out of a Windows command line as the
// registry stores it for a browser (StartMenuInternet's shell\open\command,
// App Paths' default value): `"C:\Program Files\…\chrome.exe" --flag` or an
// unquoted path. Only a path ending in .exe counts; anything else is "".
// The result is only ever compared with known browser locations, never run
// as it is.
func exeFromCommand(command string) string {
	command = strings.TrimSpace(command)
	var path string
	if rest, ok := strings.CutPrefix(command, `"`); ok {
		end := strings.IndexByte(rest, '"')
		if end < 0 {
			return ""
		}
		path = rest[:end]
	} else {
		end := indexFold(command, ".exe")
		if end < 0 {
			return ""
		}
		path = command[:end+len(".exe")]
	}
	if !strings.EqualFold(filepath.Ext(path), ".exe") || strings.ContainsAny(path, "\"\x00\r\n") {
		return ""
	}
	return path
}

// indexFold is strings.Index ignoring ASCII case. (Lower-casing the whole
// string first would shift byte offsets where a rune changes length.)
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// matchesInstall reports whether a registered executable is the browser
// whose install ends in one of rels (`Google\Chrome\Application\chrome.exe`),
// wherever it was installed: Windows paths ignore case, and the registry may
// name a drive or folder the defaults do not know.
func matchesInstall(path string, rels []string) bool {
	p := strings.ToLower(strings.ReplaceAll(path, "/", `\`))
	for _, rel := range rels {
		if strings.HasSuffix(p, `\`+strings.ToLower(rel)) {
			return true
		}
	}
	return false
}
