package notrace

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ringlet/ringlet/i18n"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

func TestMain(m *testing.M) { janustest.Main(m) }

// traceEnv is a fresh home for one run: HOME, every XDG folder and TMPDIR
// point below root, so every file Ringlet could write lands where the scan
// looks.
func traceEnv(t *testing.T, root string) []string {
	t.Helper()
	dirs := map[string]string{
		"HOME":            "home",
		"XDG_CONFIG_HOME": "home/.config",
		"XDG_DATA_HOME":   "home/.local/share",
		"XDG_CACHE_HOME":  "home/.cache",
		"XDG_STATE_HOME":  "home/.local/state",
		"XDG_RUNTIME_DIR": "run",
		"TMPDIR":          "tmp",
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "LANG=de_DE.UTF-8"}
	for k, rel := range dirs {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
		env = append(env, k+"="+p)
	}
	return env
}

// buildRinglet builds the real binary once per test run.
func buildRinglet(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ringlet")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/ringlet/ringlet/cmd/ringlet")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// scan returns every file below root that contains one of the secrets,
// compared case-insensitively, and also inside gzip-free binary files
// such as SQLite databases, since those store text as it is.
func scan(t *testing.T, root string, secrets []string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(data)
		for _, s := range secrets {
			if bytes.Contains(lower, []byte(strings.ToLower(s))) {
				hits = append(hits, fmt.Sprintf("%s contains %q", path, s))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// TestScanFindsPlantedSecrets keeps the real test honest: a scanner that
// finds nothing would make it pass for the wrong reason.
func TestScanFindsPlantedSecrets(t *testing.T) {
	root := t.TempDir()
	_ = os.MkdirAll(filepath.Join(root, "a", "b"), 0o700)
	_ = os.WriteFile(filepath.Join(root, "a", "b", "prefs.json"), []byte(`{"last":"STILLE eule"}`), 0o600)
	hits := scan(t, root, []string{"Stille Eule", "nothing-like-this"})
	if len(hits) != 1 {
		t.Fatalf("want exactly one hit, got %v", hits)
	}
}

// TestNoTraceAfterCall runs two real participants through a real Janus ring
// with a PIN, lets them see each other, chat and leave, then scans every
// file under their HOME, XDG folders and TMPDIR for the pseudonyms, the
// room, the PIN, the ring's host and port and the chat text.
func TestNoTraceAfterCall(t *testing.T) { noTraceAfterCall(t, "") }

// TestNoTraceAfterEncryptedCall is the same in an end-to-end encrypted
// ring: the key is in the link, and it is nowhere on disk afterwards.
func TestNoTraceAfterEncryptedCall(t *testing.T) { noTraceAfterCall(t, "Zaunkoenig-Morgenrot-4471") }

// TestNoTraceAfterEncryptedLiveKitCall is the same on a LiveKit server,
// joined through a LiveKit Meet link whose fragment is the passphrase:
// neither the passphrase, nor the room, the website or the server is
// anywhere on disk afterwards.
func TestNoTraceAfterEncryptedLiveKitCall(t *testing.T) {
	const (
		room = "kraniche-am-see"
		key  = "Zaunkoenig-Morgenrot-4471"
	)
	srv := livekittest.StartT(t, livekittest.Options{})
	meet := srv.MeetT(t)
	link := meet.RoomLink(room) + "#" + key
	site := strings.TrimPrefix(meet.RoomLink(room), "http://")
	site = site[:strings.IndexByte(site, '/')]
	callAndScan(t, link, key, room, site, "127.0.0.1:"+strconv.Itoa(srv.Port()))
}

func noTraceAfterCall(t *testing.T, key string) {
	const (
		room = 48151623
		pin  = "kranich7319"
	)
	srv := janustest.StartT(t, janustest.Options{Rooms: []janustest.Room{{ID: room, PIN: pin, Description: "Ring", RequireE2EE: key != ""}}})
	link := srv.Link(room)
	if key != "" {
		link += "#key=" + key
	}
	callAndScan(t, link, key, pin, strconv.Itoa(room), "127.0.0.1:"+strconv.Itoa(srv.Port()))
}

// callAndScan runs two real participants through the ring of link (with
// its end-to-end key, "" for none), lets them see each other, chat and
// leave, then scans every file under their HOME, XDG folders and TMPDIR
// for the pseudonyms, the chat text, the link, the key and the ring's
// other secrets, and checks that no file at all was added there.
func callAndScan(t *testing.T, link, key string, secrets ...string) {
	const (
		alice = "Stille Eule"
		bob   = "Graue Reiherin"
		chat  = "Heute geht es mir besser, danke euch"
	)
	bin := buildRinglet(t)
	root := t.TempDir()
	envA := traceEnv(t, filepath.Join(root, "a"))
	envB := traceEnv(t, filepath.Join(root, "b"))
	before := entries(t, filepath.Join(root, "a"))

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// "You are in the ring", in whichever language the process chose.
	cat := i18n.MustLoad()
	var joinedLines []string
	for _, l := range i18n.Languages {
		joinedLines = append(joinedLines, cat.T(l, "session.join.joined"))
	}
	// join starts a participant. joined closes when it says it is in the
	// ring; wait waits for it to end and for all of its output.
	join := func(env []string, name, duration string, extra ...string) (joined <-chan struct{}, wait func() error, out *bytes.Buffer) {
		args := append([]string{"join", "--name", name, "--video-test-pattern", "--duration", duration}, extra...)
		args = append(args, link)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = env
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = cmd.Stdout // the same pipe
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		out = &bytes.Buffer{}
		in, read := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(read)
			saidIn := sync.OnceFunc(func() { close(in) })
			defer saidIn() // it ended without: the checks below say so
			lines := bufio.NewScanner(pipe)
			for lines.Scan() {
				out.WriteString(lines.Text() + "\n")
				if slices.Contains(joinedLines, lines.Text()) {
					saidIn()
				}
			}
		}()
		return in, func() error { <-read; return cmd.Wait() }, out
	}
	joinedA, waitA, outA := join(envA, alice, "14s", "--chat", chat)
	// Bob comes once Alice is in, so that each one sees the other arrive.
	select {
	case <-joinedA:
	case <-ctx.Done():
		t.Fatal("Alice never got into the ring")
	}
	_, waitB, outB := join(envB, bob, "12s")
	errA, errB := waitA(), waitB()
	if errA != nil || errB != nil {
		t.Fatalf("join failed: %v / %v\n--- a:\n%s\n--- b:\n%s", errA, errB, outA, outB)
	}
	// The call must really have happened, or the scan proves nothing.
	if !strings.Contains(outA.String(), bob) || !strings.Contains(outB.String(), alice) {
		t.Fatalf("the participants did not see each other\n--- a:\n%s\n--- b:\n%s", outA, outB)
	}
	// The encrypted variant is about the key; whether the chat line beats
	// the other's subscription (Janus keeps nothing for who subscribes
	// later) is the plain variant's to check.
	if key == "" && !strings.Contains(outB.String(), chat) {
		t.Fatalf("the chat message did not arrive\n--- b:\n%s", outB)
	}

	if key != "" && !regexp.MustCompile(alice+`: (picture|Bild) \d+×\d+, \d+ (packets|Pakete), [1-9]\d* (pictures shown|Bilder gezeigt)`).MatchString(outB.String()) {
		t.Fatalf("no picture was opened and shown in the encrypted ring\n--- b:\n%s", outB)
	}
	secrets = append(secrets, alice, bob, chat, link)
	if key != "" {
		secrets = append(secrets, key)
	}
	if hits := scan(t, root, secrets); len(hits) > 0 {
		t.Fatalf("Ringlet left traces:\n%s", strings.Join(hits, "\n"))
	}
	// Not even a file without secrets: none tells that Ringlet ran.
	for _, who := range []string{"a", "b"} {
		for _, path := range leftBehind(t, filepath.Join(root, who), before) {
			t.Errorf("left behind by %s: %s", who, path)
		}
	}
}
