// Package janustest runs Debian's Janus WebRTC Server as a private SFU for
// tests and benchmarks, on top of media/janus/localring (which the demo
// ring uses too): a Janus in a private network namespace, test media, and
// a real browser participant.
//
// A test package uses it from TestMain:
//
//	func TestMain(m *testing.M) { janustest.Main(m) }
//
// and then starts a server per test with StartT.
package janustest

import (
	"fmt"
	"os"
	"testing"

	"github.com/ringlet/ringlet/media/janus/localring"
)

// The private ring's parts, under the names tests have always used.
type (
	// Room is one VideoRoom of the test server.
	Room = localring.Room
	// Options configure one Janus instance.
	Options = localring.Options
	// Server is a running Janus.
	Server = localring.Server
)

// InsideEnv marks a process that already runs in the private namespace.
const InsideEnv = localring.InsideEnv

// ICEAddress is the only address Janus offers as an ICE candidate.
const ICEAddress = localring.ICEAddress

// Start starts a Janus (localring.Start).
func Start(opts Options) (*Server, error) { return localring.Start(opts) }

// Isolate re-executes this program in a private network namespace
// (localring.Isolate).
func Isolate() (inside bool, code int, err error) { return localring.Isolate() }

// SetupNetwork sets up the namespace's network (localring.SetupNetwork).
func SetupNetwork() error { return localring.SetupNetwork() }

// Main is TestMain for packages that talk to a real Janus: it re-executes
// the test binary inside a private network namespace and runs the tests
// there. Where no namespace can be made (no root, no user namespaces, no
// iproute2), the tests run here and every one that needs Janus is skipped
// with the reason, so that a package's pure unit tests still run. In CI
// (CI=true) that fails loudly instead: a silent skip there would hide that
// nothing was tested.
func Main(m *testing.M) {
	inside, code, err := Isolate()
	if err != nil {
		msg := fmt.Sprintf("janustest: cannot make a private network namespace (need root or unprivileged user namespaces, and iproute2): %v", err)
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, msg)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, msg+"; tests that need Janus are skipped")
		noNamespace = err
		os.Exit(m.Run())
	}
	if !inside {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// noNamespace is why Main could not isolate the tests, if it could not.
var noNamespace error

// NoNamespace is why Main could not isolate the tests, nil when it did:
// other harnesses that run in the same namespace (livekittest) skip by it.
func NoNamespace() error { return noNamespace }

// StartT starts Janus for one test and stops it when the test ends. On
// failure the end of Janus' log is printed (at -d 4 it holds no names).
func StartT(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if noNamespace != nil {
		tb.Skipf("janustest: no private network namespace, so no Janus: %v", noNamespace)
	}
	s, err := Start(opts)
	if err != nil {
		tb.Fatalf("janustest: %v", err)
	}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("janus log tail:\n%s", s.LogTail(40))
		}
		s.Stop()
	})
	return s
}
