package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ringlet/ringlet/internal/poll"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// TestHostileLinkNotInProcCmdline runs the real binary's join against a
// real Janus room with a PIN, the link and the PIN on its command line as
// a user (or a script) would give them, and reads /proc/PID/cmdline and
// /proc/PID/environ of the running process once it is in the ring: any
// local user can read both, for the whole call. Neither may hold the
// link, its host and port, the room or the PIN.
func TestHostileLinkNotInProcCmdline(t *testing.T) {
	const room, pin = 662233, "reiher-5150"
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: room, PIN: pin}}})
	link := srv.LinkWithoutPIN(room)
	bin := buildBinary(t)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out syncBuffer
	cmd := exec.CommandContext(ctx, bin, "join", "--lang", "en", "--name", "Stille Eule", "--audio-only", "--no-sound",
		"--duration", "30s", "--pin", pin, link)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	poll.Until(t, "the binary did not get into the ring (with the PIN)", func() bool {
		return strings.Contains(out.String(), "You are in the ring")
	})
	// The process that is in the ring is the one that was started: the
	// hand-over keeps the PID.
	proc := filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid))
	secrets := []string{link, pin, "Stille Eule", strconv.Itoa(room), "127.0.0.1:" + strconv.Itoa(srv.Port()), "ringlet://"}
	for _, file := range []string{"cmdline", "environ"} {
		data, err := os.ReadFile(filepath.Join(proc, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("/proc/PID/%s holds %q: %q", file, s, data)
			}
		}
	}
	// And the check can fail: the arguments were really given.
	if args := cmd.Args; !slices.Contains(args, pin) || !slices.Contains(args, link) {
		t.Fatalf("the test did not pass the link and PIN: %q", args)
	}
}

// FuzzHostileArgsHandOver: arguments written into the pipe come back the
// same, whatever bytes they hold (NUL cannot be in an argument), and any
// bytes read back decode without a panic.
func FuzzHostileArgsHandOver(f *testing.F) {
	f.Add("ringlet://127.0.0.1:8188/janus?room=1&pin=4711", "--pin", "")
	f.Add("join", "Stille Eule", "ä\nö --x=y")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		_ = decodeArgs([]byte(a + "\x00" + b))
		args := []string{a, b, c}
		for _, s := range args {
			if strings.Contains(s, "\x00") {
				return
			}
		}
		if got := decodeArgs(encodeArgs(args)); !slices.Equal(got, args) {
			t.Errorf("%q came back as %q", args, got)
		}
	})
}

// buildBinary builds the real binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ringlet")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
