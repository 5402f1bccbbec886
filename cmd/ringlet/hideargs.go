package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
)

// A ring link on the command line (ringlet LINK, ringlet join --pin PIN
// LINK, a ringlet:// link from the desktop entry's "Exec=ringlet %u")
// would stay readable in /proc/PID/cmdline, to every process of every
// user, for the whole call. So Ringlet hands its arguments over to itself:
// it writes them into a pipe, and re-executes itself in the same process
// (same PID, same terminal, same environment) with only the pipe's file
// descriptor on its command line. The new image reads the arguments back
// and closes the pipe. Nothing goes into the environment either, which
// /proc/PID/environ shows.

// argsFromFD is the only argument of a re-executed Ringlet: the file
// descriptor that holds the real arguments follows the "=".
const argsFromFD = "--ringlet-args-from-fd="

// maxHandedArgs bounds what is handed over: a pipe holds at least 64 KiB
// on Linux, and the arguments are written before exec, with nobody reading
// yet. Longer command lines (no ring link is that long) stay as they are.
const maxHandedArgs = 60 << 10

// errBadHandover is a re-executed Ringlet that could not read its
// arguments back.
var errBadHandover = errors.New("ringlet: cannot read the handed-over arguments")

// programArgs returns the arguments after the program name. A first start
// with arguments hands them over and re-executes (see above) and does not
// return when that works; if it cannot (no exec on this system, a pipe
// that cannot be made), Ringlet runs with its arguments visible, as
// before, rather than not at all.
func programArgs(argv []string) ([]string, error) {
	if len(argv) == 2 && strings.HasPrefix(argv[1], argsFromFD) {
		return readHandedArgs(argv[1])
	}
	args := argv[1:]
	if len(args) > 0 && encodedLen(args) <= maxHandedArgs {
		_ = reexecWithHiddenArgs(argv[0], args) // returns only when it failed
	}
	return args, nil
}

// readHandedArgs reads the NUL-terminated arguments from the descriptor
// named in marker, and closes it.
func readHandedArgs(marker string) ([]string, error) {
	fd, err := strconv.Atoi(strings.TrimPrefix(marker, argsFromFD))
	if err != nil || fd < 3 {
		return nil, errBadHandover
	}
	f := os.NewFile(uintptr(fd), "ringlet-args")
	if f == nil {
		return nil, errBadHandover
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxHandedArgs+1))
	if err != nil || len(data) > maxHandedArgs {
		return nil, errBadHandover
	}
	return decodeArgs(data), nil
}

// encodeArgs writes each argument followed by a NUL, which no argument
// can contain.
func encodeArgs(args []string) []byte {
	var b bytes.Buffer
	for _, a := range args {
		b.WriteString(a)
		b.WriteByte(0)
	}
	return b.Bytes()
}

func encodedLen(args []string) int {
	n := 0
	for _, a := range args {
		n += len(a) + 1
	}
	return n
}

func decodeArgs(data []byte) []string {
	if len(data) == 0 {
		return []string{}
	}
	parts := strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
	return parts
}
