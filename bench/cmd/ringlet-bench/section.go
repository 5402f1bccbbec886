package main

import (
	"fmt"
	"io"
	"os"
)

// runSection is the "section" subcommand: `ringlet-bench section NAME FILE`
// puts what it reads (a report another script printed, such as
// scripts/bench-gui.sh's window figures) into FILE as the generated section
// NAME, in place of the old one, as the comparisons do with theirs.
func runSection(args []string, in io.Reader) int {
	if len(args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ringlet-bench section NAME FILE < report")
		return 2
	}
	report, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ringlet-bench section:", err)
		return 1
	}
	begin, end := compareMarkers(args[0])
	if err := replaceSection(args[1], begin, end, begin+"\n\n"+string(report)+"\n"+end); err != nil {
		fmt.Fprintln(os.Stderr, "ringlet-bench section:", err)
		return 1
	}
	return 0
}
