package privacy

import "path/filepath"

// browserRoot is one place a browser keeps its profiles. Variant names
// the packaging (snap, flatpak) so the user knows which copy was meant.
type browserRoot struct {
	Dir     string
	Variant string
}

// chromiumBrowser is one member of the Chromium family.
type chromiumBrowser struct {
	ID    string // stable, used in Finding.Check
	Name  string // product name; not translated
	Roots []browserRoot
}

// env resolves paths from the injected operating system, home and
// environment, so tests can lay out a Windows or macOS home in a temp dir.
type env struct {
	goos string
	home string
	get  func(string) string
}

func (e env) join(parts ...string) string { return filepath.Join(parts...) }

// localAppData and roamingAppData follow the Windows environment, with the
// usual defaults under the home folder when a variable is missing.
func (e env) localAppData() string {
	if v := e.get("LOCALAPPDATA"); v != "" {
		return v
	}
	return e.join(e.home, "AppData", "Local")
}

func (e env) roamingAppData() string {
	if v := e.get("APPDATA"); v != "" {
		return v
	}
	return e.join(e.home, "AppData", "Roaming")
}

func (e env) xdgConfig() string {
	if v := e.get("XDG_CONFIG_HOME"); v != "" && filepath.IsAbs(v) {
		return v
	}
	return e.join(e.home, ".config")
}

func (e env) macSupport(parts ...string) string {
	return e.join(append([]string{e.home, "Library", "Application Support"}, parts...)...)
}

// chromiumBrowsers lists where each Chromium-family browser keeps its
// "User Data" folder (the one holding Local State) on this OS.
func (e env) chromiumBrowsers() []chromiumBrowser {
	type layout struct {
		id, name         string
		linux, flatpakID string // linux: path under ~/.config
		flatpakSub       string // path under the flatpak's config dir
		snap             string // path under ~/snap, if any
		mac              []string
		windows          []string
	}
	layouts := []layout{
		{id: "chrome", name: "Google Chrome", linux: "google-chrome", flatpakID: "com.google.Chrome", flatpakSub: "google-chrome",
			mac: []string{"Google", "Chrome"}, windows: []string{"Google", "Chrome", "User Data"}},
		{id: "chromium", name: "Chromium", linux: "chromium", flatpakID: "org.chromium.Chromium", flatpakSub: "chromium",
			snap: filepath.Join("chromium", "common", "chromium"),
			mac:  []string{"Chromium"}, windows: []string{"Chromium", "User Data"}},
		{id: "edge", name: "Microsoft Edge", linux: "microsoft-edge", flatpakID: "com.microsoft.Edge", flatpakSub: "microsoft-edge",
			mac: []string{"Microsoft Edge"}, windows: []string{"Microsoft", "Edge", "User Data"}},
		{id: "brave", name: "Brave", linux: filepath.Join("BraveSoftware", "Brave-Browser"), flatpakID: "com.brave.Browser",
			flatpakSub: filepath.Join("BraveSoftware", "Brave-Browser"),
			snap:       filepath.Join("brave", "current", ".config", "BraveSoftware", "Brave-Browser"),
			mac:        []string{"BraveSoftware", "Brave-Browser"}, windows: []string{"BraveSoftware", "Brave-Browser", "User Data"}},
		{id: "vivaldi", name: "Vivaldi", linux: "vivaldi", flatpakID: "com.vivaldi.Vivaldi", flatpakSub: "vivaldi",
			mac: []string{"Vivaldi"}, windows: []string{"Vivaldi", "User Data"}},
	}
	var out []chromiumBrowser
	for _, l := range layouts {
		b := chromiumBrowser{ID: l.id, Name: l.name}
		switch e.goos {
		case "windows":
			b.Roots = []browserRoot{{Dir: e.join(append([]string{e.localAppData()}, l.windows...)...)}}
		case "darwin":
			b.Roots = []browserRoot{{Dir: e.macSupport(l.mac...)}}
		default:
			b.Roots = []browserRoot{{Dir: e.join(e.xdgConfig(), l.linux)}}
			if l.snap != "" {
				b.Roots = append(b.Roots, browserRoot{Dir: e.join(e.home, "snap", l.snap), Variant: "snap"})
			}
			b.Roots = append(b.Roots, browserRoot{Dir: e.join(e.home, ".var", "app", l.flatpakID, "config", l.flatpakSub), Variant: "flatpak"})
		}
		out = append(out, b)
	}
	return out
}

// firefoxRoots lists folders that may hold a Firefox profiles.ini.
func (e env) firefoxRoots() []browserRoot {
	switch e.goos {
	case "windows":
		return []browserRoot{{Dir: e.join(e.roamingAppData(), "Mozilla", "Firefox")}}
	case "darwin":
		return []browserRoot{{Dir: e.macSupport("Firefox")}}
	}
	return []browserRoot{
		{Dir: e.join(e.home, ".mozilla", "firefox")},
		{Dir: e.join(e.xdgConfig(), "mozilla", "firefox")},
		{Dir: e.join(e.home, "snap", "firefox", "common", ".mozilla", "firefox"), Variant: "snap"},
		{Dir: e.join(e.home, ".var", "app", "org.mozilla.firefox", ".mozilla", "firefox"), Variant: "flatpak"},
	}
}

// zoomDataDirs lists where the Zoom desktop client keeps its data folder.
func (e env) zoomDataDirs() []browserRoot {
	switch e.goos {
	case "windows":
		return []browserRoot{{Dir: e.join(e.roamingAppData(), "Zoom", "data")}}
	case "darwin":
		return []browserRoot{{Dir: e.macSupport("zoom.us", "data")}}
	}
	return []browserRoot{
		{Dir: e.join(e.home, ".zoom", "data")},
		{Dir: e.join(e.home, ".var", "app", "us.zoom.Zoom", ".zoom", "data"), Variant: "flatpak"},
	}
}
