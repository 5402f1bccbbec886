// Package notrace holds the no-trace test: the promise on Ringlet's package
// ("nothing is left behind") checked against a real call. It has no code of
// its own; see notrace_test.go.
package notrace
