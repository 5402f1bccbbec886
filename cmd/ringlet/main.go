// Command ringlet is Ringlet's single binary: the GUI by default, and
// headless subcommands (parse, join, check, checklist) for power users,
// tests and benchmarks.
package main

import "os"

func main() {
	attachConsole(os.Args[1:])
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
