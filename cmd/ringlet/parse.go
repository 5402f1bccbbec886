package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ringlet/ringlet/app/ring"
)

// runParse tells in plain words what kind of ring a link is. It never
// prints the PIN or a platform link's passwords and tokens, so its output
// can be pasted into a help request.
func runParse(_ context.Context, c *cli, args []string) int {
	fs := c.flags("parse")
	if err := c.parse(fs, args); err != nil {
		return parseFailed(err)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, c.T("ring.summary.usage"))
		return 2
	}
	// The shell splits a pasted invitation into words: put them back
	// together and let Parse find the link in them.
	link, err := ring.Parse(strings.Join(fs.Args(), " "))
	if err != nil {
		return c.fail(err)
	}
	line := func(key, value string) {
		fmt.Fprintln(c.stdout, c.T(key, map[string]any{"Value": value}))
	}
	line("ring.summary.kind", c.T(link.Kind.MessageKey()))
	line("ring.summary.platform", c.T(link.Platform.MessageKey()))
	if link.Kind == ring.KindNative {
		line("ring.summary.engine", c.T(link.EngineKey()))
		line("ring.summary.endpoint", link.Endpoint)
		line("ring.summary.room", link.RoomLabel())
		switch {
		case link.Platform == ring.PlatformLiveKit:
			line("ring.summary.details_sent", link.DetailsHost())
		case link.PIN != "":
			fmt.Fprintln(c.stdout, c.T("ring.summary.pin_set"))
		default:
			fmt.Fprintln(c.stdout, c.T("ring.summary.pin_none"))
		}
		if link.Title != "" {
			line("ring.summary.title", link.Title)
		}
		if link.Encrypted() {
			fmt.Fprintln(c.stdout, c.T("ring.summary.e2ee_on"))
		} else {
			fmt.Fprintln(c.stdout, c.T("ring.summary.e2ee_off"))
		}
		if link.Loopback() {
			fmt.Fprintln(c.stdout, c.T("ring.summary.loopback"))
		}
		return 0
	}
	shown := link.String()
	line("ring.summary.link", shown)
	if shown != link.URL {
		fmt.Fprintln(c.stdout, c.T("ring.summary.secrets_hidden"))
	}
	return 0
}
