package browser

import (
	"golang.org/x/sys/windows/registry"
)

// browserExes are the App Paths names of the browsers in candidates.
var browserExes = []string{"chrome.exe", "msedge.exe", "brave.exe", "vivaldi.exe", "firefox.exe"}

// registeredBrowsers lists the executables Windows knows as browsers, for
// this user first and then for the machine: the App Paths entries of the
// known browser executables and every StartMenuInternet client's open
// command. Browsers installed per user or on another drive are found this
// way; the registry is only read.
func registeredBrowsers() []string {
	var out []string
	for _, root := range []registry.Key{registry.CURRENT_USER, registry.LOCAL_MACHINE} {
		for _, exe := range browserExes {
			if v := defaultValue(root, `SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\`+exe); v != "" {
				out = append(out, exeFromCommand(`"`+trimQuotes(v)+`"`))
			}
		}
		clients, err := registry.OpenKey(root, `SOFTWARE\Clients\StartMenuInternet`, registry.ENUMERATE_SUB_KEYS)
		if err != nil {
			continue
		}
		names, _ := clients.ReadSubKeyNames(-1)
		clients.Close()
		for _, name := range names {
			if v := defaultValue(root, `SOFTWARE\Clients\StartMenuInternet\`+name+`\shell\open\command`); v != "" {
				out = append(out, exeFromCommand(v))
			}
		}
	}
	return out
}

// defaultValue reads a key's unnamed string value; "" when absent.
func defaultValue(root registry.Key, path string) string {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return ""
	}
	defer k.Close()
	v, _, err := k.GetStringValue("")
	if err != nil {
		return ""
	}
	v, err = registry.ExpandString(v)
	if err != nil {
		return ""
	}
	return v
}

// trimQuotes removes the quotes some installers put around App Paths values.
func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
