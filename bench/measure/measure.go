// Package measure reads what a group of processes costs from Linux' /proc:
// CPU time from /proc/PID/stat and memory from /proc/PID/smaps_rollup. The
// side-by-side benchmark (bench/cmd/ringlet-bench) uses it to compare
// Ringlet, one process, with Chromium, a dozen, on equal terms.
//
// Memory is compared as PSS (proportional set size): a page shared by k
// processes counts 1/k in each, so the sum over a process group counts every
// page once. Summed RSS would count Chromium's shared libraries and shared
// memory once per process and overstate it about 2.5×, which would flatter
// Ringlet. RSS is read as well, only for reference.
package measure

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Stat is the part of /proc/PID/stat the benchmark needs. Times are in
// clock ticks (see TicksPerSecond).
type Stat struct {
	PID, PPID, PGRP int
	Comm            string
	State           byte
	UTime, STime    uint64 // this process
	CUTime, CSTime  uint64 // its waited-for children
	StartTime       uint64 // ticks after boot; with PID it names a process uniquely
}

// CPU is user plus system time of the process itself, in ticks.
func (s Stat) CPU() uint64 { return s.UTime + s.STime }

// ParseStat parses the contents of /proc/PID/stat. The command name may
// hold spaces and parentheses, so fields are counted from the last ')'.
func ParseStat(b []byte) (Stat, error) {
	var s Stat
	open := bytes.IndexByte(b, '(')
	end := bytes.LastIndexByte(b, ')')
	if open < 1 || end < open {
		return s, errors.New("measure: stat: no command name")
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil {
		return s, fmt.Errorf("measure: stat: pid: %w", err)
	}
	s.PID, s.Comm = pid, string(b[open+1:end])
	// After ")": state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8)
	// flags(9) minflt(10) cminflt(11) majflt(12) cmajflt(13) utime(14)
	// stime(15) cutime(16) cstime(17) … starttime(22), see proc(5).
	f := strings.Fields(string(b[end+1:]))
	const need = 22 - 2 // fields from state to starttime
	if len(f) < need {
		return s, fmt.Errorf("measure: stat: %d fields after the name, want ≥ %d", len(f), need)
	}
	field := func(n int) string { return f[n-3] } // proc(5) numbering
	if len(field(3)) != 1 {
		return s, fmt.Errorf("measure: stat: state %q", field(3))
	}
	s.State = field(3)[0]
	ints := []struct {
		n   int
		dst *int
	}{{4, &s.PPID}, {5, &s.PGRP}}
	for _, x := range ints {
		v, err := strconv.Atoi(field(x.n))
		if err != nil {
			return s, fmt.Errorf("measure: stat: field %d: %w", x.n, err)
		}
		*x.dst = v
	}
	// cutime and cstime are signed in proc(5) ("long") but never negative
	// in practice; a negative value is rejected rather than wrapped.
	uints := []struct {
		n   int
		dst *uint64
	}{{14, &s.UTime}, {15, &s.STime}, {16, &s.CUTime}, {17, &s.CSTime}, {22, &s.StartTime}}
	for _, x := range uints {
		v, err := strconv.ParseUint(field(x.n), 10, 64)
		if err != nil {
			return s, fmt.Errorf("measure: stat: field %d: %w", x.n, err)
		}
		*x.dst = v
	}
	return s, nil
}

// ReadStat reads /proc/PID/stat.
func ReadStat(pid int) (Stat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Stat{}, err
	}
	return ParseStat(b)
}

// Mem is a process' memory from smaps_rollup, in bytes.
type Mem struct {
	RSS, PSS uint64
}

// Add sums memory of several processes.
func (m Mem) Add(o Mem) Mem { return Mem{RSS: m.RSS + o.RSS, PSS: m.PSS + o.PSS} }

// ParseRollup parses the contents of /proc/PID/smaps_rollup.
func ParseRollup(b []byte) (Mem, error) {
	var m Mem
	var haveRSS, havePSS bool
	for _, line := range strings.Split(string(b), "\n") {
		key, rest, ok := strings.Cut(line, ":")
		if !ok || (key != "Rss" && key != "Pss") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return m, fmt.Errorf("measure: smaps_rollup: %q", line)
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return m, fmt.Errorf("measure: smaps_rollup: %q: %w", line, err)
		}
		if key == "Rss" {
			m.RSS, haveRSS = kb*1024, true
		} else {
			m.PSS, havePSS = kb*1024, true
		}
	}
	if !haveRSS || !havePSS {
		return m, errors.New("measure: smaps_rollup: no Rss or Pss line")
	}
	return m, nil
}

// ReadMem reads /proc/PID/smaps_rollup (needs the right to ptrace-read the
// process: the same user or root). A zombie has none and reads as zero.
func ReadMem(pid int) (Mem, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return Mem{}, err
	}
	if len(b) == 0 {
		return Mem{}, nil
	}
	return ParseRollup(b)
}

// All returns the stat of every process in /proc. Processes that end
// while it reads are left out.
func All() ([]Stat, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	var out []Stat
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if s, err := ReadStat(pid); err == nil {
			out = append(out, s)
		}
	}
	return out, nil
}

// Tree returns the roots and all their living descendants, sorted, each
// PID once. A root that has ended is left out.
func Tree(roots ...int) ([]int, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	children := map[int][]int{}
	alive := map[int]bool{}
	for _, s := range all {
		children[s.PPID] = append(children[s.PPID], s.PID)
		alive[s.PID] = true
	}
	seen := map[int]bool{}
	var walk func(int)
	walk = func(p int) {
		if seen[p] || !alive[p] {
			return
		}
		seen[p] = true
		for _, c := range children[p] {
			walk(c)
		}
	}
	for _, r := range roots {
		walk(r)
	}
	out := make([]int, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Ints(out)
	return out, nil
}

var (
	ticksOnce sync.Once
	ticks     = 100.0
)

// TicksPerSecond is the kernel's USER_HZ (getconf CLK_TCK), by which
// /proc/PID/stat counts time; 100 on every common Linux when getconf is
// missing.
func TicksPerSecond() float64 {
	ticksOnce.Do(func() {
		out, err := exec.Command("getconf", "CLK_TCK").Output()
		if err != nil {
			return
		}
		if v, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil && v > 0 {
			ticks = float64(v)
		}
	})
	return ticks
}

// procKey names a process uniquely even when its PID is reused.
type procKey struct {
	pid   int
	start uint64
}

// Group follows the CPU time and memory of a changing set of processes
// (a browser starts and ends helpers during a call). Poll it regularly:
// the CPU time a process used between its last poll and its end is lost,
// and so is the time of processes that lived only between two polls. In a
// call's steady state processes neither come nor go, so both are rare.
type Group struct {
	pids func() []int

	mu   sync.Mutex
	last map[procKey]uint64 // CPU ticks at the latest poll
	base map[procKey]uint64 // CPU ticks at Mark; processes born later start at 0
}

// NewGroup follows the processes pids returns at each poll.
func NewGroup(pids func() []int) *Group {
	return &Group{pids: pids, last: map[procKey]uint64{}, base: map[procKey]uint64{}}
}

// TreeOf is a pids function: the roots and their descendants.
func TreeOf(roots ...int) func() []int {
	return func() []int {
		t, _ := Tree(roots...)
		return t
	}
}

// Sample is one poll of a group.
type Sample struct {
	Procs int
	Mem   Mem
}

// Poll reads every process of the group now: it updates CPU times and
// returns the summed memory.
func (g *Group) Poll() Sample {
	var smp Sample
	pids := g.pids()
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, p := range pids {
		st, err := ReadStat(p)
		if err != nil {
			continue // ended meanwhile
		}
		g.last[procKey{p, st.StartTime}] = st.CPU()
		if m, err := ReadMem(p); err == nil {
			smp.Mem = smp.Mem.Add(m)
		}
		smp.Procs++
	}
	return smp
}

// Mark starts a CPU window: CPU counts what the group uses from now on.
func (g *Group) Mark() {
	g.Poll()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.base = make(map[procKey]uint64, len(g.last))
	for k, v := range g.last {
		g.base[k] = v
	}
}

// CPU is the CPU time in seconds the group used from Mark to the latest
// Poll, summed over its processes.
func (g *Group) CPU() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	var t uint64
	for k, v := range g.last {
		if b := g.base[k]; v > b {
			t += v - b
		}
	}
	return float64(t) / TicksPerSecond()
}
