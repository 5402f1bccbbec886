package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		status   int
		stdout   []string // every one must appear
		stderr   []string
		hidden   []string // must appear nowhere
		noStdout bool
	}{
		{
			name:   "native link in English",
			args:   []string{"parse", "--lang", "en", "ringlet://janus.example.org:8989/ws?room=1234&pin=Geheim42&title=Mittwochsrunde"},
			stdout: []string{"Ringlet joins this ring itself.", "Ringlet ring", "wss://janus.example.org:8989/ws", "Ring:     1234", "PIN:      set (not shown)", "Title:    Mittwochsrunde"},
			hidden: []string{"Geheim42"},
		},
		{
			name:   "native link in German",
			args:   []string{"parse", "--lang", "de", "ringlet://janus.example.org:8989/ws?room=1234&pin=Geheim42"},
			stdout: []string{"Ringlet verbindet Sie selbst", "Ringlet-Runde", "Runde:    1234", "PIN:      vorhanden (wird nicht angezeigt)"},
			hidden: []string{"Geheim42"},
		},
		{
			name: "LiveKit Meet room page",
			args: []string{"parse", "--lang", "en", "https://meet.example.org/rooms/abcd-1234"},
			stdout: []string{"Ringlet joins this ring itself.", "Engine:   LiveKit", "Ring:     abcd-1234",
				"https://meet.example.org/api/connection-details", "Ringlet asks meet.example.org for a way in"},
		},
		{
			name:   "LiveKit's hosted demo stays in the browser",
			args:   []string{"parse", "--lang", "en", "https://meet.livekit.io/rooms/abcd-1234"},
			stdout: []string{"private browser window", "Service:  LiveKit Meet"},
		},
		{
			name:   "end-to-end encrypted ring",
			args:   []string{"parse", "--lang", "en", "ringlet://janus.example.org/ws?room=1234#key=Zitronenfalter"},
			stdout: []string{"E2EE:     encrypted end to end (the key is in the link, not shown)", "PIN:      none"},
			hidden: []string{"Zitronenfalter"},
		},
		{
			name:   "loopback test ring",
			args:   []string{"parse", "--lang", "en", "http://127.0.0.2:8000/videoroomtest.html?room=1234"},
			stdout: []string{"ws://127.0.0.2:8188/", "PIN:      none", "E2EE:     not encrypted end to end", "runs on this computer"},
		},
		{
			name: "zoom invitation pasted as words, German",
			args: []string{"parse", "--lang", "de", "Zoom-Meeting", "beitreten", "https://us06web.zoom.us/j/81234567890?pwd=ZoomPass99&utm_source=mail", "Kenncode:", "123456"},
			stdout: []string{"privaten Browserfenster", "Dienst:   Zoom", "https://us06web.zoom.us/j/81234567890?pwd=***",
				"Passwörter und PINs werden als *** angezeigt."},
			hidden: []string{"ZoomPass99", "utm_source"},
		},
		{
			name:   "platform link in English",
			args:   []string{"parse", "--lang", "en", "https://meet.jit.si/SelbsthilfeKreis"},
			stdout: []string{"private browser window", "Service:  Jitsi Meet", "Link:     https://meet.jit.si/SelbsthilfeKreis"},
			hidden: []string{"shown as ***"},
		},
		{
			name:     "look-alike host in English",
			args:     []string{"parse", "--lang", "en", "https://zооm.us/j/1?pwd=Secret1"},
			status:   1,
			stderr:   []string{"only looks like a known address", "ask the group"},
			hidden:   []string{"Secret1"},
			noStdout: true,
		},
		{
			name:     "look-alike host in German",
			args:     []string{"parse", "--lang", "de", "https://zооm.us/j/1?pwd=Secret1"},
			status:   1,
			stderr:   []string{"sieht nur aus wie eine bekannte Adresse", "öffnet Ringlet ihn nicht"},
			hidden:   []string{"Secret1"},
			noStdout: true,
		},
		{
			name:     "javascript link in German names the scheme",
			args:     []string{"parse", "--lang", "de", "javascript:alert(1)"},
			status:   1,
			stderr:   []string{"„javascript:“", "https://"},
			noStdout: true,
		},
		{
			name:     "missing room in English",
			args:     []string{"parse", "--lang", "en", "ringlet://janus.example.org/ws?pin=Geheim42"},
			status:   1,
			stderr:   []string{"ring's number is missing"},
			hidden:   []string{"Geheim42"},
			noStdout: true,
		},
		{
			name:     "option-like link after --",
			args:     []string{"parse", "--lang", "de", "--", "--remote-debugging-port=9222"},
			status:   1,
			stderr:   []string{"beginnt mit einem Strich"},
			noStdout: true,
		},
		{
			name:     "no link",
			args:     []string{"parse", "--lang", "en"},
			status:   2,
			stderr:   []string{"Usage: ringlet parse"},
			noStdout: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			status := run(tt.args, &out, &errOut)
			if status != tt.status {
				t.Errorf("status %d, want %d\nstdout: %s\nstderr: %s", status, tt.status, out.String(), errOut.String())
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, out.String())
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
				}
			}
			for _, secret := range tt.hidden {
				if strings.Contains(out.String()+errOut.String(), secret) {
					t.Errorf("output shows %q:\n%s%s", secret, out.String(), errOut.String())
				}
			}
			if tt.noStdout && out.Len() > 0 {
				t.Errorf("stdout on failure: %s", out.String())
			}
			if strings.Contains(out.String()+errOut.String(), "ring.") {
				t.Errorf("untranslated key in output:\n%s%s", out.String(), errOut.String())
			}
		})
	}
}
