package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/ringlet/ringlet/media/janus/janustest"
)

// runRing is the "ring" subcommand: the benchmark's room on a real Janus in
// a private network namespace, and nothing else, until SIGINT or SIGTERM.
// scripts/bench-gui.sh puts the window and its publishers into that
// namespace with nsenter. (`ringlet demo` would do, but it cannot re-enter
// its namespace since the command line is handed over through a pipe.)
// It prints one line: "ring LINK netns /proc/PID/ns/net".
func runRing() int {
	inside, code, err := janustest.Isolate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ringlet-bench ring: no private network namespace:", err)
		return 1
	}
	if !inside {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := startRing("janus")
	if err != nil {
		fmt.Fprintln(os.Stderr, "ringlet-bench ring:", err)
		return 1
	}
	defer r.stop()
	fmt.Printf("ring %s netns /proc/%d/ns/net\n", r.link, os.Getpid())
	<-ctx.Done()
	return 0
}
