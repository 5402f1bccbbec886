//go:build wine

package windows

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// shownPictures finds how many pictures of who a `ringlet join --stats`
// output reports as shown (the last report counts).
func shownPictures(out, who string) int {
	re := regexp.MustCompile(regexp.QuoteMeta(who) + `: picture \d+×\d+, \d+ packets, (\d+) pictures shown`)
	m := re.FindAllStringSubmatch(out, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

// TestJoinUnderWine: `ringlet.exe join --video-test-pattern` under Wine and
// the Linux `ringlet join` meet in a real Janus ring in this package's
// private network namespace, and each decodes the other's picture and
// receives its sound.
//
// It does not pass yet and is skipped unless RINGLET_WINE_JOIN=1. What is
// known (2026-12-01):
//   - A Windows program's sockets and interface list come from the network
//     namespace of the prefix's wineserver, not its own (checked with
//     ipconfig: started outside, it lists the host's eth0 and no jv0). That
//     alone broke the first probe; TestMain now starts everything, the
//     wineserver included, inside the namespace, and Wine then lists jv0
//     with 127.0.0.2.
//   - Even so, the Wine side ends with "could not connect sound and
//     picture", while the Linux side in the same ring connects. pion's own
//     log under Wine (a debug build, 2026-12-01) says why: every UDP socket
//     fails to open ("Failed to listen udp 127.0.0.2", and for mDNS
//     "listen udp4 224.0.0.0:5353: wsaioctl: winapi error #10045"). Go's
//     runtime turns off SIO_UDP_CONNRESET on every UDP socket it opens on
//     Windows and fails when WSAIoctl does; Debian 12's Wine 8.0 answers
//     that ioctl with WSAEOPNOTSUPP. So no Go program can open a UDP socket
//     under this Wine, and the client has no local candidate at all ("Failed
//     to ping without candidate pairs"). Real Windows supports the ioctl.
//     This is where Wine cannot stand in for Windows: the join needs a
//     Wine that implements SIO_UDP_CONNRESET (or a real Windows).
func TestJoinUnderWine(t *testing.T) {
	if os.Getenv("RINGLET_WINE_JOIN") != "1" {
		t.Skip("Debian 12's Wine 8.0 cannot give a Go program a UDP socket (SIO_UDP_CONNRESET unsupported; see this test's comment); RINGLET_WINE_JOIN=1 runs it")
	}
	p := winePrefix(t)
	exe := exePath(t)
	linux := linuxRinglet(t)
	srv := janustest.StartT(t, janustest.Options{})
	link := srv.Link(1234)
	dir := t.TempDir()

	var wg sync.WaitGroup
	var wineOut, wineErr string
	var wineCode int
	wg.Add(1)
	go func() {
		defer wg.Done()
		wineOut, wineErr, wineCode = p.wine(t, []string{"RINGLET_LANG=en"}, exe, "join", "--name", "Wine Owl",
			"--video-test-pattern", "--stats", "500ms", "--duration", "40s", link)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, linux, "join", "--name", "Linux Fox", "--video-test-pattern", "--stats", "500ms", "--duration", "40s", link)
	cmd.Env = append(os.Environ(), "RINGLET_LANG=en", "LANG=en_US.UTF-8")
	linuxOutFile := filepath.Join(dir, "linux.out")
	f, err := os.Create(linuxOutFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	linuxErr := cmd.Run()
	f.Close()
	wg.Wait()
	linuxOut, _ := os.ReadFile(linuxOutFile)

	if n := shownPictures(string(linuxOut), "Wine Owl"); n < 5 {
		t.Errorf("Linux showed %d pictures of Wine Owl (exit %v):\n%s", n, linuxErr, linuxOut)
	}
	if n := shownPictures(wineOut, "Linux Fox"); n < 5 {
		t.Errorf("Wine showed %d pictures of Linux Fox (exit %d):\n%s\n%s", n, wineCode, wineOut, wineStderrNoise(wineErr))
	}
	for _, c := range []struct{ out, who string }{{string(linuxOut), "Wine Owl: sound,"}, {wineOut, "Linux Fox: sound,"}} {
		if !regexp.MustCompile(regexp.QuoteMeta(c.who)).MatchString(c.out) {
			t.Errorf("no sound from %q in:\n%s", c.who, c.out)
		}
	}
}
