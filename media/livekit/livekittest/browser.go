package livekittest

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// ClientVersion is the livekit-client scripts/livekit-client.sh fetches.
const ClientVersion = "2.23.0"

//go:embed page/index.html
var page embed.FS

// Browser is a real, independent LiveKit participant: Debian's Chromium
// with its fake camera and microphone, running LiveKit's own browser SDK
// (npm livekit-client, fetched once by scripts/livekit-client.sh), served
// from loopback inside the namespace.
type Browser struct {
	*janustest.Browser
	Identity string
}

// BrowserStats is what the page's PeerConnections report (getStats), and
// what its LiveKit SDK says about end-to-end encryption.
type BrowserStats struct {
	FramesDecoded, AudioPackets, FramesSent int
	AudioEnergy                             float64  // of the sound received (totalAudioEnergy)
	Names                                   []string // of the others, as the page knows them
	Encrypted                               []string // the others whose tracks say they are encrypted
	DecryptionErrors                        int      // frames the SDK could not decrypt (EncryptionError)
}

// BrowserChat is one chat line the page received.
type BrowserChat struct{ From, Topic, Message string }

// StartBrowserT joins room as name from a browser for one test.
func (s *Server) StartBrowserT(tb testing.TB, ctx context.Context, room, identity, name string) *Browser {
	tb.Helper()
	return s.StartEncryptedBrowserT(tb, ctx, room, identity, name, "")
}

// StartEncryptedBrowserT is StartBrowserT with LiveKit's end-to-end
// encryption on, keyed with passphrase as LiveKit Meet keys it ("" for
// none).
func (s *Server) StartEncryptedBrowserT(tb testing.TB, ctx context.Context, room, identity, name, passphrase string) *Browser {
	tb.Helper()
	return s.startBrowserT(tb, ctx, room, identity, name, pageOptions{passphrase: passphrase})
}

// StartMeetBrowserT is StartEncryptedBrowserT publishing as LiveKit
// Meet's room page does: simulcast in two layers, dynacast, adaptive
// stream.
func (s *Server) StartMeetBrowserT(tb testing.TB, ctx context.Context, room, identity, name, passphrase string) *Browser {
	tb.Helper()
	return s.startBrowserT(tb, ctx, room, identity, name, pageOptions{passphrase: passphrase, asMeet: true})
}

func (s *Server) startBrowserT(tb testing.TB, ctx context.Context, room, identity, name string, p pageOptions) *Browser {
	tb.Helper()
	b, err := startPage(ctx, janustest.BrowserOptions{}, tb.TempDir(), s.URL(), s.TokenT(tb, room, identity, name), p)
	if err != nil {
		tb.Fatalf("livekittest: %v", err)
	}
	tb.Cleanup(b.Close)
	return &Browser{Browser: b, Identity: identity}
}

// StartBrowser opens the page (written into site) in the browser o names
// and joins the server at serverURL with token; the caller closes the
// browser. The benchmark uses it too.
func StartBrowser(ctx context.Context, o janustest.BrowserOptions, site, serverURL, token string) (*janustest.Browser, error) {
	return StartEncryptedBrowser(ctx, o, site, serverURL, token, "")
}

// StartEncryptedBrowser is StartBrowser with LiveKit's end-to-end
// encryption keyed with passphrase, as LiveKit Meet keys it ("" for
// none). The benchmark's encrypted form uses it.
func StartEncryptedBrowser(ctx context.Context, o janustest.BrowserOptions, site, serverURL, token, passphrase string) (*janustest.Browser, error) {
	return startPage(ctx, o, site, serverURL, token, pageOptions{passphrase: passphrase})
}

// pageOptions are how the page joins: its E2EE passphrase ("" for none),
// and whether it publishes as LiveKit Meet does (see start in the page).
type pageOptions struct {
	passphrase string
	asMeet     bool
}

func startPage(ctx context.Context, o janustest.BrowserOptions, site, serverURL, token string, p pageOptions) (*janustest.Browser, error) {
	bundle, err := clientBundle()
	if err != nil {
		return nil, fmt.Errorf("livekit-client: %w", err)
	}
	index, _ := page.ReadFile("page/index.html")
	files := map[string][]byte{"index.html": index}
	// The SDK and, beside it in the package, its E2EE worker.
	for name, path := range map[string]string{"livekit-client.umd.js": bundle,
		"livekit-client.e2ee.worker.js": filepath.Join(filepath.Dir(bundle), "livekit-client.e2ee.worker.js")} {
		if files[name], err = os.ReadFile(path); err != nil {
			return nil, err
		}
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(site, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	b, err := o.OpenPage(ctx, site, "index.html")
	if err != nil {
		return nil, err
	}
	if err := joinFromPage(ctx, b, serverURL, token, p); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func joinFromPage(ctx context.Context, b *janustest.Browser, serverURL, token string, p pageOptions) error {
	if err := b.WaitTrue(ctx, `typeof start === 'function'`); err != nil {
		return fmt.Errorf("the page did not load: %w", err)
	}
	if _, err := b.Eval(ctx, fmt.Sprintf("start(%q, %q, %q, %t); true", serverURL, token, p.passphrase, p.asMeet)); err != nil {
		return err
	}
	if err := b.WaitTrue(ctx, `lk.joined || lk.error !== null`); err != nil {
		return fmt.Errorf("the browser did not join: %w", err)
	}
	if v, _ := b.Eval(ctx, `lk.error`); string(v) != "null" {
		return fmt.Errorf("the browser could not join: %s", v)
	}
	return nil
}

func clientBundle() (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	out, err := exec.Command(filepath.Join(root, "scripts", "livekit-client.sh")).Output()
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Stats reads getStats() of the page's tracks.
func (b *Browser) Stats(ctx context.Context) (BrowserStats, error) {
	var st BrowserStats
	v, err := b.Eval(ctx, "stats()")
	if err == nil {
		err = json.Unmarshal(v, &st)
	}
	return st, err
}

// Chat sends a chat line the way LiveKit Meet does.
func (b *Browser) Chat(ctx context.Context, text string) error {
	_, err := b.Eval(ctx, fmt.Sprintf("chat(%q)", text))
	return err
}

// Received is the chat the page got.
func (b *Browser) Received(ctx context.Context) ([]BrowserChat, error) {
	var out []BrowserChat
	v, err := b.Eval(ctx, "lk.chat")
	if err == nil {
		err = json.Unmarshal(v, &out)
	}
	return out, err
}
