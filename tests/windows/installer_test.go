//go:build wine

package windows

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// installerPath is dist/Ringlet-Setup-VERSION.exe (make windows-installer).
func installerPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("RINGLET_WINDOWS_SETUP"); p != "" {
		return p
	}
	found, _ := filepath.Glob(filepath.Join(repo, "dist", "Ringlet-Setup-*.exe"))
	if len(found) != 1 {
		t.Fatalf("want one dist/Ringlet-Setup-*.exe, found %v: run `make windows-installer` first", found)
	}
	return found[0]
}

// regQuery returns `wine reg query KEY /ve` (the key's default value), or
// "" when the key is missing.
func (p *prefix) regQuery(t *testing.T, key string, value ...string) string {
	t.Helper()
	args := []string{"reg", "query", key}
	if len(value) > 0 {
		args = append(args, "/v", value[0])
	} else {
		args = append(args, "/ve")
	}
	out, _, code := p.wine(t, nil, args...)
	if code != 0 {
		return ""
	}
	return out
}

// TestInstallerPerUserSilent installs silently (/S) without admin rights,
// checks the files, the Start menu entry and the ringlet:// and .ring
// registrations under HKCU, then uninstalls silently and checks that all of
// it is gone. A click on a ringlet:// link cannot be tested: Wine 8's
// `start ringlet://…` does not look at per-user handlers, real Windows does.
func TestInstallerPerUserSilent(t *testing.T) {
	p := winePrefix(t)
	setup := installerPath(t)
	local := p.appData("Local")
	installDir := filepath.Join(local, "Programs", "Ringlet")
	startMenu := filepath.Join(p.appData("Roaming"), "Microsoft", "Windows", "Start Menu", "Programs", "Ringlet.lnk")

	if _, stderr, code := p.wine(t, nil, setup, "/S"); code != 0 {
		t.Fatalf("installer exit %d: %s", code, wineStderrNoise(stderr))
	}
	p.waitIdle()
	for _, f := range []string{filepath.Join(installDir, "ringlet.exe"), filepath.Join(installDir, "uninstall.exe"), startMenu} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("not installed: %v", err)
		}
	}
	var installedBytes int64
	for f := range listFiles(t, installDir) {
		if fi, err := os.Stat(f); err == nil {
			installedBytes += fi.Size()
		}
	}
	if fi, err := os.Stat(setup); err == nil {
		t.Logf("installer %.1f MB, installed %.1f MB", float64(fi.Size())/1e6, float64(installedBytes)/1e6)
	}
	command := p.regQuery(t, `HKCU\Software\Classes\ringlet\shell\open\command`)
	if !strings.Contains(command, `\Programs\Ringlet\ringlet.exe" "%1"`) {
		t.Errorf("ringlet:// handler: %q", command)
	}
	if p.regQuery(t, `HKCU\Software\Classes\ringlet`, "URL Protocol") == "" {
		t.Error("ringlet is not marked as a URL protocol")
	}
	if !strings.Contains(p.regQuery(t, `HKCU\Software\Classes\.ring`), "Ringlet.Checklist") {
		t.Error(".ring is not associated")
	}
	if !strings.Contains(p.regQuery(t, `HKCU\Software\Classes\Ringlet.Checklist\shell\open\command`), `ringlet.exe" "%1"`) {
		t.Error(".ring has no open command")
	}
	if !strings.Contains(p.regQuery(t, `HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Ringlet`, "UninstallString"), "uninstall.exe") {
		t.Error("no entry in Apps & features")
	}
	// Per user: nothing for all users.
	if out := p.regQuery(t, `HKLM\Software\Classes\ringlet`); out != "" {
		t.Errorf("registered machine-wide: %s", out)
	}

	// The installed copy runs (and is the build under test).
	installed, _, code := p.wine(t, []string{"RINGLET_LANG=en"}, filepath.Join(installDir, "ringlet.exe"), "parse", "https://meet.jit.si/SelbsthilfeMittwoch")
	if code != 0 || !strings.Contains(installed, "Jitsi") {
		t.Errorf("installed ringlet.exe parse: exit %d\n%s", code, installed)
	}

	if _, stderr, code := p.wine(t, nil, filepath.Join(installDir, "uninstall.exe"), "/S"); code != 0 {
		t.Fatalf("uninstaller exit %d: %s", code, wineStderrNoise(stderr))
	}
	p.waitIdle()
	for _, f := range []string{installDir, startMenu} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("left after uninstall: %s", f)
		}
	}
	for _, key := range []string{`HKCU\Software\Classes\ringlet`, `HKCU\Software\Classes\.ring`, `HKCU\Software\Classes\Ringlet.Checklist`,
		`HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Ringlet`} {
		if out := p.regQuery(t, key); out != "" {
			t.Errorf("registry key left after uninstall: %s\n%s", key, out)
		}
	}
}
