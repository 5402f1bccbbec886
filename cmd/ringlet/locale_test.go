package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyneNoiseOnStderr runs the real binary under the locales a terminal
// may have (Debian's container and SSH default C.UTF-8, plain C and POSIX,
// none at all, German) and requires that commands which succeed write
// nothing to stderr: Fyne's lang package, initialised at import time, used to
// log "Fyne error: Error parsing user locale C" three lines at a time.
func TestNoFyneNoiseOnStderr(t *testing.T) {
	bin := buildBinary(t)
	link := "ringlet://ring.example.org/janus?room=1234&title=Mittwochsgruppe"
	commands := [][]string{{"parse", link}, {"check", "--help"}, {"parse", "--help"}}
	for _, locale := range []string{"C.UTF-8", "C", "POSIX", "", "de_DE.UTF-8", "POSIX.UTF-8"} {
		for _, args := range commands {
			cmd := exec.Command(bin, args...)
			cmd.Env = localeEnv(locale)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Errorf("LANG=%q ringlet %s: %v\n%s", locale, strings.Join(args, " "), err, stderr.String())
				continue
			}
			if stderr.Len() != 0 {
				t.Errorf("LANG=%q ringlet %s wrote to stderr:\n%s", locale, strings.Join(args, " "), stderr.String())
			}
			if stdout.Len() == 0 {
				t.Errorf("LANG=%q ringlet %s printed nothing", locale, strings.Join(args, " "))
			}
		}
	}
}

// localeEnv is this process's environment with every locale variable
// removed and LANG set to locale ("" leaves it unset).
func localeEnv(locale string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "LANG" || name == "LANGUAGE" || name == "RINGLET_LANG" || strings.HasPrefix(name, "LC_") {
			continue
		}
		env = append(env, kv)
	}
	if locale != "" {
		env = append(env, "LANG="+locale)
	}
	return env
}
