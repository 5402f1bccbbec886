package privacy

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRealChromiumProfile lets Debian's real Chromium build the profile:
// it visits accounts.google.com, which --host-resolver-rules sends to a
// local TLS server here (nothing leaves the machine), and that server sets
// a SAPISID cookie for .google.com as Google does at sign-in. The check-up
// must then find the web session in Chromium's own Local State and cookie
// database.
func TestRealChromiumProfile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real browser")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed")
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "SAPISID=dummy; Domain=.google.com; Path=/; Max-Age=3600; Secure")
		fmt.Fprint(w, "<html><body>signed in</body></html>")
	}))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}

	home := t.TempDir()
	userData := filepath.Join(home, ".config", "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+userData, "--ignore-certificate-errors",
		"--host-resolver-rules=MAP accounts.google.com 127.0.0.1:"+port+", EXCLUDE localhost",
		"--dump-dom", "--", "https://accounts.google.com:"+port+"/")
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "signed in") {
		t.Fatalf("chromium: %v, page %q", err, out)
	}

	opts := Options{GOOS: "linux", Home: home, Now: time.Now}
	f, ok := find(Run(context.Background(), opts), "google.chromium")
	if !ok {
		t.Fatal("Chromium's own profile was not found")
	}
	if f.Status != StatusWarn || !slices.Equal(evidenceKeys(f), []string{"privacy.evidence.web_signed_in"}) {
		t.Errorf("status %v, evidence %v", f.Status, evidenceKeys(f))
	}
	assertNoCopiesLeft(t, home)
}
