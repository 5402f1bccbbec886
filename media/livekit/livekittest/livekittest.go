// Package livekittest runs a real LiveKit server (livekit-server v1.13.5,
// built once by scripts/livekit-server.sh into a cache, and run by
// media/livekit/localserver) for the tests of media/livekit and of
// everything above it, and mints its tokens with LiveKit's own
// github.com/livekit/protocol/auth. It adds a cluster (two nodes and
// Redis), a stand-in for LiveKit Meet's website and a browser running
// LiveKit's own SDK.
//
// The server runs inside the same private network namespace as the Janus
// tests (media/janus/localring): it cannot reach, or be reached from, any
// other network, and its config names a STUN server on a loopback port
// where nothing listens, so that it never hands clients LiveKit's default
// public STUN servers (Google's, Twilio's).
//
// A test package uses it from TestMain:
//
//	func TestMain(m *testing.M) { livekittest.Main(m) }
//
// and then starts a server per test with StartT.
package livekittest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"

	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit/localserver"
)

// The local server's version, keys and STUN entry (see localserver).
const (
	Version     = localserver.Version
	APIKey      = localserver.APIKey
	APISecret   = localserver.APISecret
	NowhereSTUN = localserver.NowhereSTUN
)

// Options configure one server.
type Options = localserver.Options

// Server is a running livekit-server, with the tests' helpers.
type Server struct{ *localserver.Server }

// Main is TestMain for packages that talk to a real LiveKit server: the
// same private network namespace as janustest's (see janustest.Main).
// Where none can be made, tests that need a server are skipped with the
// reason; under CI=true that fails instead, so that CI never passes
// having tested nothing.
func Main(m *testing.M) { janustest.Main(m) }

// Binary finds the cached server, building it on first use (minutes).
func Binary() (string, error) {
	if p := os.Getenv("RINGLET_LIVEKIT_SERVER"); p != "" {
		return p, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	out, err := exec.Command(filepath.Join(root, "scripts", "livekit-server.sh")).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("scripts/livekit-server.sh: %v: %s", err, exit.Stderr)
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("livekittest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// StartT starts a server for one test and stops it when the test ends;
// on failure the end of its log is printed.
func StartT(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if err := janustest.NoNamespace(); err != nil {
		tb.Skipf("livekittest: no private network namespace, so no LiveKit server: %v", err)
	}
	bin, err := Binary()
	if err != nil {
		tb.Fatalf("livekittest: %v", err)
	}
	ls, err := localserver.Start(bin, opts, tb.TempDir())
	if err != nil {
		tb.Fatalf("livekittest: %v", err)
	}
	s := &Server{ls}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("livekit-server log tail:\n%s", s.LogTail(30))
		}
		s.Stop()
	})
	return s
}

// Token mints a token for room, with identity and the name the person is
// shown under, with LiveKit's own token library (localserver mints its
// own by hand; TestHandMintedToken checks the two agree).
func (s *Server) Token(room, identity, name string) (string, error) {
	return TokenWith(APIKey, APISecret, room, identity, name)
}

// TokenWith mints a token with any key pair (a wrong one, for tests of
// refusal).
func TokenWith(key, secret, room, identity, name string) (string, error) {
	at := auth.NewAccessToken(key, secret)
	at.SetVideoGrant(&auth.VideoGrant{RoomJoin: true, Room: room}).
		SetIdentity(identity).SetName(name).SetValidFor(time.Hour)
	return at.ToJWT()
}

// TokenT is Token for a test.
func (s *Server) TokenT(tb testing.TB, room, identity, name string) string {
	tb.Helper()
	tok, err := s.Token(room, identity, name)
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}
