package browser

import (
	"os/exec"
	"unsafe"

	"golang.org/x/sys/windows"
)

// ownProcessGroup has nothing to set on Windows: the browser's helper
// processes are found through their parent IDs when it is time to close.
func ownProcessGroup(*exec.Cmd) {}

// killProcessGroup ends the browser and every process it started (Chromium
// and Firefox run their tabs and GPU in child processes, which would keep
// the throwaway profile's files open and stop its removal).
func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	for _, pid := range descendants(uint32(cmd.Process.Pid)) {
		if h, err := windows.OpenProcess(windows.PROCESS_TERMINATE, false, pid); err == nil {
			_ = windows.TerminateProcess(h, 1)
			_ = windows.CloseHandle(h)
		}
	}
	_ = cmd.Process.Kill()
}

// descendants lists the processes below root, children before
// grandchildren, from one snapshot of the process table.
func descendants(root uint32) []uint32 {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return nil
	}
	defer windows.CloseHandle(snap)
	children := map[uint32][]uint32{}
	var e windows.ProcessEntry32
	e.Size = uint32(unsafe.Sizeof(e))
	for err = windows.Process32First(snap, &e); err == nil; err = windows.Process32Next(snap, &e) {
		if e.ProcessID != e.ParentProcessID {
			children[e.ParentProcessID] = append(children[e.ParentProcessID], e.ProcessID)
		}
	}
	var out []uint32
	queue := []uint32{root}
	seen := map[uint32]bool{root: true}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		for _, c := range children[pid] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
				queue = append(queue, c)
			}
		}
	}
	return out
}
