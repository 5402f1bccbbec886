//go:build profile

package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// A benchmarking build only (go build -tags profile): with
// RINGLET_CPUPROFILE=FILE the program records a CPU profile for
// RINGLET_CPUPROFILE_SECONDS (default 30) after RINGLET_CPUPROFILE_DELAY
// seconds, and a heap profile at its end to FILE.heap. The product binary
// has none of this: it writes no files.
func init() {
	path := os.Getenv("RINGLET_CPUPROFILE")
	if path == "" {
		return
	}
	delay, _ := time.ParseDuration(os.Getenv("RINGLET_CPUPROFILE_DELAY") + "s")
	length, err := time.ParseDuration(os.Getenv("RINGLET_CPUPROFILE_SECONDS") + "s")
	if err != nil || length <= 0 {
		length = 30 * time.Second
	}
	go func() {
		time.Sleep(delay)
		f, err := os.Create(path)
		if err != nil {
			return
		}
		defer f.Close()
		if pprof.StartCPUProfile(f) != nil {
			return
		}
		time.Sleep(length)
		pprof.StopCPUProfile()
		writeHeapProfile(path + ".heap")
	}()
}

// writeHeapProfile writes what the heap holds at the end of the CPU
// profile, next to it (go tool pprof -sample_index=inuse_space).
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	_ = pprof.Lookup("heap").WriteTo(f, 0)
}
