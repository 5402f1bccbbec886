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

// BrowserStats is what the page's PeerConnections report (getStats).
type BrowserStats struct {
	FramesDecoded, AudioPackets, FramesSent int
	Names                                   []string // of the others, as the page knows them
}

// BrowserChat is one chat line the page received.
type BrowserChat struct{ From, Topic, Message string }

// StartBrowserT joins room as name from a browser for one test.
func (s *Server) StartBrowserT(tb testing.TB, ctx context.Context, room, identity, name string) *Browser {
	tb.Helper()
	b, err := StartBrowser(ctx, janustest.BrowserOptions{}, tb.TempDir(), s.URL(), s.TokenT(tb, room, identity, name))
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
	bundle, err := clientBundle()
	if err != nil {
		return nil, fmt.Errorf("livekit-client: %w", err)
	}
	index, _ := page.ReadFile("page/index.html")
	js, err := os.ReadFile(bundle)
	if err != nil {
		return nil, err
	}
	for name, data := range map[string][]byte{"index.html": index, "livekit-client.umd.js": js} {
		if err := os.WriteFile(filepath.Join(site, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	b, err := o.OpenPage(ctx, site, "index.html")
	if err != nil {
		return nil, err
	}
	if err := joinFromPage(ctx, b, serverURL, token); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func joinFromPage(ctx context.Context, b *janustest.Browser, serverURL, token string) error {
	if err := b.WaitTrue(ctx, `typeof start === 'function'`); err != nil {
		return fmt.Errorf("the page did not load: %w", err)
	}
	if _, err := b.Eval(ctx, fmt.Sprintf("start(%q, %q); true", serverURL, token)); err != nil {
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
