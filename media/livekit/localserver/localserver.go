// Package localserver runs a LiveKit server (livekit-server) as a
// private ring on this computer: for the LiveKit practice ring of
// "ringlet demo --engine livekit" and, through livekittest, for tests.
// Like media/janus/localring it runs inside a private network namespace
// (localring.Isolate), where nothing reaches any other network, and its
// config names a STUN server on a loopback port where nothing listens, so
// that it never hands clients LiveKit's default public STUN servers
// (Google's, Twilio's).
//
// It also stands in for a LiveKit Meet website (DetailsHandler) and mints
// the tokens such a website hands out (Token), by hand: LiveKit's own
// token library would bring its whole protocol package into the binary.
//
// It is product code: it imports no testing package.
package localserver

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ringlet/ringlet/media/janus/localring"
)

// Version is the LiveKit server Ringlet is tested with.
const Version = "v1.13.5"

// APIKey and APISecret are the local server's only key pair. They guard
// nothing: the server is reachable only inside the private namespace.
const (
	APIKey    = "devkey"
	APISecret = "ringlet-test-secret-0123456789abcdef"
)

// NowhereSTUN is the only STUN server the server names by default: a
// loopback port where nothing listens.
const NowhereSTUN = "127.0.0.1:9"

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

	proc localring.Process

	logMu sync.Mutex
	log   bytes.Buffer
}

// Start writes a config into dir and starts the server at bin.
func Start(bin string, opts Options, dir string) (*Server, error) {
	if !localring.Inside() {
		return nil, errors.New("localserver: not inside the private network namespace (use localring.Isolate)")
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
	if err := s.proc.Start(cmd, s.port, 30*time.Second); err != nil {
		return fmt.Errorf("livekit-server: %w:\n%s", err, s.LogTail(30))
	}
	return nil
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

// PID of the running server, 0 if stopped.
func (s *Server) PID() int { return s.proc.PID() }

// Kill ends the server abruptly, like a crash.
func (s *Server) Kill() { s.proc.Kill() }

// Restart starts the server again on the same ports (after Kill): its
// clients see a server that went away and came back, without their rooms.
func (s *Server) Restart() error {
	s.proc.Kill()
	return s.start()
}

// Stop ends the server gently.
func (s *Server) Stop() { s.proc.Stop() }

// LogTail is the end of the server's log (at level warn it names nobody).
func (s *Server) LogTail(n int) string {
	s.logMu.Lock()
	text := s.log.String()
	s.logMu.Unlock()
	return localring.Tail(strings.NewReader(text), n)
}

// vethName is localring's veth interface, which carries
// localring.ICEAddress (127.0.0.2): the second node offers media there.
const vethName = "jv0"

// clusterConfig makes a server a node of a Redis cluster. Rooms are
// placed by region, and a node's own region is the nearest: a room
// created through a node's API lives on that node, so a test can put
// rooms on both. The load limit is lifted: the test machine's load must
// not make the nodes refuse rooms.
func clusterConfig(redis, region string) string {
	return fmt.Sprintf(`redis:
  address: %s
region: %s
node_selector:
  kind: regionaware
  sysload_limit: 1000
  cpu_load_limit: 1000
  regions:
    - name: a
      lat: 0
      lon: 0
    - name: b
      lat: 40
      lon: 40
`, redis, region)
}
