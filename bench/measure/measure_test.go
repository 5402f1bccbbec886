package measure

import (
	"os"
	"os/exec"
	"runtime"
	"slices"
	"syscall"
	"testing"

	"github.com/ringlet/ringlet/internal/poll"
)

// The parsers are checked on the real /proc files of this test process,
// because their layout is the kernel's and not ours to invent.

func TestReadStatSelf(t *testing.T) {
	s, err := ReadStat(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if s.PID != os.Getpid() || s.PPID != os.Getppid() {
		t.Errorf("pid %d ppid %d, want %d %d", s.PID, s.PPID, os.Getpid(), os.Getppid())
	}
	if s.PGRP != syscall.Getpgrp() {
		t.Errorf("pgrp %d, want %d", s.PGRP, syscall.Getpgrp())
	}
	// The kernel cuts comm to 15 bytes.
	exe, _ := os.Executable()
	base := []byte(exe)
	for i := len(base) - 1; i >= 0; i-- {
		if base[i] == '/' {
			base = base[i+1:]
			break
		}
	}
	if len(base) > 15 {
		base = base[:15]
	}
	if s.Comm != string(base) {
		t.Errorf("comm %q, want %q", s.Comm, base)
	}
	if s.State != 'R' && s.State != 'S' {
		t.Errorf("state %q", s.State)
	}
	if s.StartTime == 0 {
		t.Error("no start time")
	}
}

func TestCPUGrowsWithWork(t *testing.T) {
	before, err := ReadStat(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Spin until the kernel has charged at least two more ticks; no
	// duration is assumed, only that work is counted.
	x := 0
	for {
		for i := 0; i < 1_000_000; i++ {
			x += i ^ x
		}
		after, err := ReadStat(os.Getpid())
		if err != nil {
			t.Fatal(err)
		}
		if after.CPU() < before.CPU() {
			t.Fatalf("CPU went back: %d → %d", before.CPU(), after.CPU())
		}
		if after.CPU() >= before.CPU()+2 {
			break
		}
	}
	runtime.KeepAlive(x)
}

func TestParseStatOddName(t *testing.T) {
	// A process may call itself anything, including ") R 1 (".
	line := "4242 (a) R 1 (x) S 17 4242 4242 0 -1 4194560 100 0 0 0 12 34 5 6 20 0 3 0 987654 1000000 250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
	s, err := ParseStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	want := Stat{PID: 4242, Comm: "a) R 1 (x", State: 'S', PPID: 17, PGRP: 4242, UTime: 12, STime: 34, CUTime: 5, CSTime: 6, StartTime: 987654}
	if s != want {
		t.Errorf("got %+v\nwant %+v", s, want)
	}
	for _, bad := range []string{"", "12", "12 (x) S 1", "x (y) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"} {
		if _, err := ParseStat([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestReadMemSelf(t *testing.T) {
	m, err := ReadMem(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS == 0 || m.PSS == 0 || m.PSS > m.RSS {
		t.Fatalf("rss %d pss %d", m.RSS, m.PSS)
	}
	// 64 MiB of touched private memory must show in both.
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	m2, err := ReadMem(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m2.PSS < m.PSS+48<<20 || m2.RSS < m.RSS+48<<20 {
		t.Errorf("after 64 MiB: pss %d → %d, rss %d → %d", m.PSS, m2.PSS, m.RSS, m2.RSS)
	}
	runtime.KeepAlive(buf)
}

func TestParseRollupRejects(t *testing.T) {
	for _, bad := range []string{"", "Rss: 12 kB\n", "Rss: 12 MB\nPss: 1 kB\n", "Rss: x kB\nPss: 1 kB\n"} {
		if _, err := ParseRollup([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestTreeAndGroup(t *testing.T) {
	// A shell that runs a child: both must be in the tree of the shell.
	cmd := exec.Command("sh", "-c", "sleep 30 & wait")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	var tree []int
	poll.Until(t, "the shell's child never showed in its tree", func() bool {
		var err error
		if tree, err = Tree(cmd.Process.Pid); err != nil {
			t.Fatal(err)
		}
		return len(tree) >= 2
	})
	if !slices.Contains(tree, cmd.Process.Pid) {
		t.Fatalf("tree of %d: %v", cmd.Process.Pid, tree)
	}
	self, _ := Tree(os.Getpid())
	if !slices.Contains(self, cmd.Process.Pid) {
		t.Errorf("own tree %v lacks child %d", self, cmd.Process.Pid)
	}

	g := NewGroup(TreeOf(os.Getpid()))
	g.Mark()
	x := 0
	for g.CPU() < 0.02 {
		for i := 0; i < 1_000_000; i++ {
			x += i ^ x
		}
		smp := g.Poll()
		if smp.Procs < 3 || smp.Mem.PSS == 0 {
			t.Fatalf("poll: %+v", smp)
		}
	}
	runtime.KeepAlive(x)
}

func TestTicksPerSecond(t *testing.T) {
	if v := TicksPerSecond(); v <= 0 {
		t.Fatal(v)
	}
}
