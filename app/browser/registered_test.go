package browser

import (
	"slices"
	"strings"
	"testing"
)

func TestExeFromCommand(t *testing.T) {
	tests := map[string]string{
		`"C:\Program Files\Google\Chrome\Application\chrome.exe" -- "%1"`: `C:\Program Files\Google\Chrome\Application\chrome.exe`,
		`"C:\Program Files\Mozilla Firefox\firefox.exe"`:                  `C:\Program Files\Mozilla Firefox\firefox.exe`,
		`C:\Program Files\Mozilla Firefox\firefox.exe -osint -url "%1"`:   `C:\Program Files\Mozilla Firefox\firefox.exe`,
		`  D:\Apps\Vivaldi\Application\VIVALDI.EXE`:                       `D:\Apps\Vivaldi\Application\VIVALDI.EXE`,
		`"C:\unterminated\chrome.exe`:                                     "",
		`"C:\Tools\browser.bat" %1`:                                       "",
		`rundll32.exe url.dll,FileProtocolHandler %1`:                     "rundll32.exe",
		``: "",
	}
	for in, want := range tests {
		if got := exeFromCommand(in); got != want {
			t.Errorf("exeFromCommand(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzExeFromCommand: whatever the registry holds, the result is "" or a
// path ending in .exe with no quote, NUL or line break in it, and it is part
// of the input.
func FuzzExeFromCommand(f *testing.F) {
	f.Add(`"C:\Program Files\Google\Chrome\Application\chrome.exe" -- "%1"`)
	f.Add(`C:\Program Files\Mozilla Firefox\firefox.exe -osint -url "%1"`)
	f.Add(`"`)
	f.Add(`.exe`)
	f.Fuzz(func(t *testing.T, command string) {
		got := exeFromCommand(command)
		if got == "" {
			return
		}
		if !strings.HasSuffix(strings.ToLower(got), ".exe") || strings.ContainsAny(got, "\"\x00\r\n") || !strings.Contains(command, got) {
			t.Fatalf("exeFromCommand(%q) = %q", command, got)
		}
	})
}

// The registry is faked here (there is none on Linux); under Wine the real
// one is read by the Windows build.
func TestDetectUsesWindowsRegistry(t *testing.T) {
	chromePerUser := `C:\Users\u\AppData\Local\Google\Chrome\Application\chrome.exe`
	firefoxOnD := `D:\Programme\Mozilla Firefox\firefox.exe`
	uninstalled := `C:\Program Files\BraveSoftware\Brave-Browser\Application\brave.exe`
	o := Options{
		GOOS:       "windows",
		Env:        func(string) string { return "" },
		Registered: func() []string { return []string{"", uninstalled, chromePerUser, firefoxOnD} },
		Exists:     func(p string) bool { return p == chromePerUser || p == firefoxOnD },
	}
	var names, paths []string
	for _, b := range Detect(o) {
		names = append(names, b.Name)
		paths = append(paths, b.Path)
	}
	if want := []string{"Google Chrome", "Firefox"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v (a registered but missing Brave must not count)", names, want)
	}
	if want := []string{chromePerUser, firefoxOnD}; !slices.Equal(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
}

func TestEdgeOpensInPrivate(t *testing.T) {
	url := "https://meet.jit.si/x"
	got, err := Args(Browser{Name: "Microsoft Edge", Family: FamilyChromium}, "/p", url)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"--user-data-dir=/p", "--inprivate", "--no-first-run", "--no-default-browser-check", "--disable-sync", "--", url}
	if !slices.Equal(got, want) {
		t.Errorf("edge %q, want %q", got, want)
	}
}
