// Package livekittest runs a real LiveKit server (livekit-server v1.13.5,
// built once by scripts/livekit-server.sh into a cache) for the tests of
// media/livekit and of everything above it, and mints its tokens with
// LiveKit's own github.com/livekit/protocol/auth.
//
// The server runs inside the same kind of private network namespace as
// the Janus tests (media/janus/localring): it cannot reach, or be reached
// from, any other network, and its config names a STUN server on a
// loopback port where nothing listens, so that it never hands clients
// LiveKit's default public STUN servers (Google's, Twilio's).
//
// A test package uses it from TestMain:
//
//	func TestMain(m *testing.M) { livekittest.Main(m) }
//
// and then starts a server per test with StartT.
package livekittest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"

	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/janus/localring"
)

// Version is the LiveKit server the tests run.
const Version = "v1.13.5"

// APIKey and APISecret are the test server's only key pair.
const (
	APIKey    = "devkey"
	APISecret = "ringlet-test-secret-0123456789abcdef"
)

// NowhereSTUN is the only STUN server the test server names: a loopback
// port where nothing listens.
const NowhereSTUN = "127.0.0.1:9"

// Main is TestMain for packages that talk to a real LiveKit server: the
// same private network namespace as janustest's (see janustest.Main).
// Where none can be made, tests that need a server are skipped with the
// reason; under CI=true that fails instead, so that CI never passes
// having tested nothing.
func Main(m *testing.M) { janustest.Main(m) }

// Options configure one server.
type Options struct {
	// MaxParticipants per room; 0 is unlimited.
	MaxParticipants int
	// STUN is the one STUN server the server names to clients, host:port;
	// empty means NowhereSTUN. A test that listens there sees whether a
	// client used it.
	STUN string
	// Redis makes the server a node of a cluster (host:port); Region
	// names its region there (see Cluster).
	Redis, Region string
	// NodeIP is the address the server offers for media; empty means
	// 127.0.0.1.
	NodeIP string
}

// Server is a running livekit-server.
type Server struct {
	opts                   Options
	bin, dir               string
	port, rtcPort, tcpPort int

	mu   sync.Mutex // guards cmd and done
	cmd  *exec.Cmd
	done chan struct{}

	logMu sync.Mutex
	log   bytes.Buffer
}

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
	s, err := Start(bin, opts, tb.TempDir())
	if err != nil {
		tb.Fatalf("livekittest: %v", err)
	}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("livekit-server log tail:\n%s", s.LogTail(30))
		}
		s.Stop()
	})
	return s
}

// Start writes a config into dir and starts the server at bin.
func Start(bin string, opts Options, dir string) (*Server, error) {
	if !localring.Inside() {
		return nil, errors.New("livekittest: not inside the private network namespace (use Main)")
	}
	s := &Server{opts: opts, bin: bin, dir: dir}
	for _, p := range []*int{&s.port, &s.rtcPort, &s.tcpPort} {
		port, err := localring.FreePort()
		if err != nil {
			return nil, err
		}
		*p = port
	}
	if err := os.WriteFile(filepath.Join(dir, "livekit.yaml"), []byte(s.config()), 0o600); err != nil {
		return nil, err
	}
	return s, s.start()
}

// config is the note's loopback config (docs: shared notes on LiveKit).
func (s *Server) config() string {
	stun := s.opts.STUN
	if stun == "" {
		stun = NowhereSTUN
	}
	// Media is offered, and its sockets bound, on one interface only: lo
	// for 127.0.0.1, localring's veth for its address.
	nodeIP, iface := s.opts.NodeIP, "lo"
	if nodeIP == "" {
		nodeIP = "127.0.0.1"
	}
	if nodeIP == localring.ICEAddress {
		iface = vethName
	}
	config := fmt.Sprintf(`port: %d
bind_addresses: ["127.0.0.1"]
rtc:
  udp_port: %d
  tcp_port: %d
  node_ip: %s
  use_external_ip: false
  enable_loopback_candidate: true
  interfaces:
    includes: [%s]
  stun_servers: [%q]
room:
  max_participants: %d
  empty_timeout: 30
keys:
  %s: %s
logging:
  level: warn
`, s.port, s.rtcPort, s.tcpPort, nodeIP, iface, stun, s.opts.MaxParticipants, APIKey, APISecret)
	if s.opts.Redis != "" {
		config += clusterConfig(s.opts.Redis, s.opts.Region)
	}
	return config
}

func (s *Server) start() error {
	cmd := exec.Command(s.bin, "--config", filepath.Join(s.dir, "livekit.yaml"))
	cmd.Dir = s.dir
	logTo := &lockedWriter{w: &s.log, mu: &s.logMu}
	cmd.Stdout, cmd.Stderr = logTo, logTo
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start livekit-server: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("livekit-server exited at start:\n%s", s.LogTail(30))
		default:
		}
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(30 * time.Millisecond)
	}
	s.Kill()
	return fmt.Errorf("livekit-server did not listen on %d", s.port)
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// URL is the server's signalling address.
func (s *Server) URL() string { return fmt.Sprintf("ws://127.0.0.1:%d", s.port) }

// Port is the signalling port.
func (s *Server) Port() int { return s.port }

// Token mints a token for room, with identity and the name the person is
// shown under, the way a ring's own token endpoint would.
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

// Kill ends the server abruptly, like a crash.
func (s *Server) Kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// Restart starts the server again on the same ports (after Kill): its
// clients see a server that went away and came back, without their rooms.
func (s *Server) Restart() error {
	s.Kill()
	return s.start()
}

// Stop ends the server gently.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}

// LogTail is the end of the server's log (at level warn it names nobody).
func (s *Server) LogTail(n int) string {
	s.logMu.Lock()
	text := s.log.String()
	s.logMu.Unlock()
	return localring.Tail(strings.NewReader(text), n)
}
