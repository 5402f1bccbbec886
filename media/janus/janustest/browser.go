package janustest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"

	"github.com/ringlet/ringlet/media/janus/localring"
)

// BrowserOptions choose the browser and the demo pages a Browser runs.
// The zero value is Debian's: chromium from PATH and janus-demos' pages.
type BrowserOptions struct {
	// Chromium is the browser binary (or a wrapper script around it, as
	// the benchmarks use to change its fake devices); "" is "chromium".
	Chromium string
	// DemosDir is where the demo pages are; "" is where Debian's
	// janus-demos puts them.
	DemosDir string
}

func (o BrowserOptions) chromium() string {
	if o.Chromium == "" {
		return "chromium"
	}
	return o.Chromium
}

func (o BrowserOptions) demosDir() string {
	if o.DemosDir == "" {
		return "/usr/share/janus/demos"
	}
	return o.DemosDir
}

// Browser is a real, independent VideoRoom participant: headless Chromium
// with its fake camera and microphone on janus-demos' videoroomtest.html,
// served from loopback inside the namespace and driven over the DevTools
// protocol.
type Browser struct {
	dir    string
	http   *http.Server
	cmd    *exec.Cmd
	exited chan struct{}
	cdp    *websocket.Conn

	mu     sync.Mutex
	nextID int
	wait   map[int]chan cdpReply
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// BrowserStats is what the page's PeerConnections report (getStats).
type BrowserStats struct {
	// Received from remote feeds.
	FramesDecoded, AudioPackets int
	// Sent by the page's publisher.
	FramesSent int
	// Displays of the feeds the page subscribed to.
	Feeds []string
}

// StartBrowserRetrying is StartBrowser with up to attempts tries of a
// minute each: about one demo page load in twenty stalls in the page's own
// start-up, and a new browser gets past it. Each failed try is passed to
// logf.
func StartBrowserRetrying(s *Server, room uint64, name string, attempts int, logf func(format string, args ...any)) (*Browser, error) {
	return BrowserOptions{}.StartRetrying(s, room, name, attempts, logf)
}

// StartRetrying is StartBrowserRetrying with these options.
func (o BrowserOptions) StartRetrying(s *Server, room uint64, name string, attempts int, logf func(format string, args ...any)) (*Browser, error) {
	var err error
	for attempt := 1; attempt <= attempts; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		var b *Browser
		b, err = o.Start(ctx, s, room, name)
		cancel()
		if err == nil {
			return b, nil
		}
		logf("browser attempt %d: %v", attempt, err)
	}
	return nil, err
}

// StartBrowser opens the demo page on room and joins it as name (letters
// and digits only: the demo page refuses anything else).
func StartBrowser(ctx context.Context, s *Server, room uint64, name string) (*Browser, error) {
	return BrowserOptions{}.Start(ctx, s, room, name)
}

// Start is StartBrowser with these options.
func (o BrowserOptions) Start(ctx context.Context, s *Server, room uint64, name string) (*Browser, error) {
	if regexp.MustCompile(`[^a-zA-Z0-9]`).MatchString(name) {
		return nil, fmt.Errorf("janustest: the demo page only takes letters and digits as a name")
	}
	dir, err := os.MkdirTemp("", "janustest-browser-")
	if err != nil {
		return nil, err
	}
	site := filepath.Join(dir, "site")
	// The demo folder links into /usr/share/javascript: copy what the
	// links point to.
	if out, err := exec.Command("cp", "-rL", o.demosDir(), site).CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("janustest: copy demos: %v: %s", err, out)
	}
	settings := fmt.Sprintf("var server = %q;\nvar iceServers = [];\nvar token = null;\nvar apisecret = null;\n", s.URL())
	if err := os.WriteFile(filepath.Join(site, "settings.js"), []byte(settings), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	b, err := o.openPage(ctx, dir, site, fmt.Sprintf("videoroomtest.html?room=%d", room))
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			b.Close()
		}
	}()

	// Clicks before janus.js has set up the Start button are lost.
	if err := b.waitTrue(ctx, `typeof jQuery !== 'undefined' && !!jQuery._data(document.getElementById('start'), 'events')`); err != nil {
		return nil, fmt.Errorf("janustest: demo page not ready: %w", err)
	}
	if _, err := b.Eval(ctx, `$('#start').click(); true`); err != nil {
		return nil, err
	}
	if err := b.waitTrue(ctx, `typeof sfutest !== 'undefined' && sfutest !== null && $('#username').is(':visible')`); err != nil {
		return nil, fmt.Errorf("janustest: demo did not attach: %w", err)
	}
	if _, err := b.Eval(ctx, fmt.Sprintf(`$('#username').val(%q); $('#register').click(); true`, name)); err != nil {
		return nil, err
	}
	ok = true
	return b, nil
}

// OpenPage serves the folder site from loopback and opens page (a path
// under it, with its query) in headless Chromium with its fake camera and
// microphone, driven over the DevTools protocol: any browser participant,
// not only Janus' demo. Close ends it; site stays the caller's.
func OpenPage(ctx context.Context, site, page string) (*Browser, error) {
	return BrowserOptions{}.OpenPage(ctx, site, page)
}

// OpenPage is the package's OpenPage with these options.
func (o BrowserOptions) OpenPage(ctx context.Context, site, page string) (*Browser, error) {
	dir, err := os.MkdirTemp("", "janustest-browser-")
	if err != nil {
		return nil, err
	}
	return o.openPage(ctx, dir, site, page)
}

// openPage does OpenPage in dir (the browser's profile goes there; Close
// removes dir).
func (o BrowserOptions) openPage(ctx context.Context, dir, site, page string) (*Browser, error) {
	b := &Browser{wait: map[int]chan cdpReply{}, exited: make(chan struct{}), dir: dir}
	ok := false
	defer func() {
		if !ok {
			b.Close()
		}
	}()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b.http = &http.Server{Handler: http.FileServer(http.Dir(site)), ReadHeaderTimeout: 10 * time.Second}
	go b.http.Serve(l)
	pageURL := fmt.Sprintf("http://%s/%s", l.Addr(), page)

	debugPort, err := localring.FreePort()
	if err != nil {
		return nil, err
	}
	b.cmd = exec.Command(o.chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--disable-dev-shm-usage", "--mute-audio",
		"--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--remote-debugging-address=127.0.0.1", "--remote-debugging-port="+strconv.Itoa(debugPort), pageURL)
	b.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := b.cmd.Start(); err != nil {
		return nil, fmt.Errorf("janustest: start chromium: %w", err)
	}
	go func() { _ = b.cmd.Wait(); close(b.exited) }()

	name, _, _ := strings.Cut(page, "?")
	wsURL, err := pageTarget(ctx, debugPort, name, b.exited)
	if err != nil {
		return nil, err
	}
	b.cdp, _, err = websocket.Dial(ctx, wsURL, nil)
	if err != nil {
		return nil, fmt.Errorf("janustest: devtools: %w", err)
	}
	b.cdp.SetReadLimit(16 << 20)
	go b.readLoop()
	ok = true
	return b, nil
}

// WaitTrue waits until expr evaluates to true in the page.
func (b *Browser) WaitTrue(ctx context.Context, expr string) error { return b.waitTrue(ctx, expr) }

func pageTarget(ctx context.Context, port int, want string, exited <-chan struct{}) (string, error) {
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/json/list", port), nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			var targets []struct {
				Type, URL            string
				WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
			}
			err = json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
			for _, t := range targets {
				if t.Type == "page" && strings.Contains(t.URL, want) && t.WebSocketDebuggerURL != "" {
					return t.WebSocketDebuggerURL, nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("janustest: no devtools page target: %w", ctx.Err())
		case <-exited:
			return "", errors.New("janustest: chromium exited")
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (b *Browser) readLoop() {
	for {
		_, data, err := b.cdp.Read(context.Background())
		if err != nil {
			b.mu.Lock()
			for id, ch := range b.wait {
				close(ch)
				delete(b.wait, id)
			}
			b.mu.Unlock()
			return
		}
		var m struct {
			ID int `json:"id"`
			cdpReply
		}
		if json.Unmarshal(data, &m) != nil || m.ID == 0 {
			continue // an event
		}
		b.mu.Lock()
		ch := b.wait[m.ID]
		delete(b.wait, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m.cdpReply
		}
	}
}

// Eval runs JavaScript in the page (promises are awaited) and returns the
// value as JSON.
func (b *Browser) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpReply, 1)
	b.wait[id] = ch
	b.mu.Unlock()
	msg, _ := json.Marshal(map[string]any{"id": id, "method": "Runtime.evaluate",
		"params": map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true}})
	if err := b.cdp.Write(ctx, websocket.MessageText, msg); err != nil {
		return nil, err
	}
	select {
	case r, ok := <-ch:
		if !ok {
			return nil, errors.New("janustest: devtools connection closed")
		}
		if r.Error != nil {
			return nil, errors.New(r.Error.Message)
		}
		var res struct {
			Result struct {
				Value json.RawMessage `json:"value"`
			} `json:"result"`
			ExceptionDetails *struct {
				Text string `json:"text"`
			} `json:"exceptionDetails"`
		}
		if err := json.Unmarshal(r.Result, &res); err != nil {
			return nil, err
		}
		if res.ExceptionDetails != nil {
			return nil, fmt.Errorf("janustest: page: %s", res.ExceptionDetails.Text)
		}
		return res.Result.Value, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (b *Browser) waitTrue(ctx context.Context, expr string) error {
	for {
		v, err := b.Eval(ctx, expr)
		if err == nil && string(v) == "true" {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return err
			}
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Stats reads getStats() of the page's PeerConnections.
func (b *Browser) Stats(ctx context.Context) (BrowserStats, error) {
	const js = `(async () => {
	  const r = {FramesDecoded: 0, AudioPackets: 0, FramesSent: 0, Feeds: []};
	  for (const f of feeds) {
	    if (!f) continue;
	    r.Feeds.push(f.rfdisplay || "");
	    const pc = f.webrtcStuff && f.webrtcStuff.pc;
	    if (!pc) continue;
	    (await pc.getStats()).forEach(x => {
	      if (x.type === 'inbound-rtp' && x.kind === 'video') r.FramesDecoded += x.framesDecoded || 0;
	      if (x.type === 'inbound-rtp' && x.kind === 'audio') r.AudioPackets += x.packetsReceived || 0;
	    });
	  }
	  const pub = sfutest && sfutest.webrtcStuff && sfutest.webrtcStuff.pc;
	  if (pub) (await pub.getStats()).forEach(x => {
	    if (x.type === 'outbound-rtp' && x.kind === 'video') r.FramesSent += x.framesSent || x.framesEncoded || 0;
	  });
	  return r;
	})()`
	v, err := b.Eval(ctx, js)
	if err != nil {
		return BrowserStats{}, err
	}
	var st BrowserStats
	err = json.Unmarshal(v, &st)
	return st, err
}

// PIDs of the browser's processes (for measuring CPU and memory).
func (b *Browser) PIDs() []int {
	if b.cmd == nil || b.cmd.Process == nil {
		return nil
	}
	out, _ := exec.Command("pgrep", "-g", strconv.Itoa(b.cmd.Process.Pid)).Output()
	var pids []int
	for _, f := range strings.Fields(string(out)) {
		if n, err := strconv.Atoi(f); err == nil {
			pids = append(pids, n)
		}
	}
	return pids
}

// Close ends the browser and removes its profile and page copy.
func (b *Browser) Close() {
	if b.cdp != nil {
		_ = b.cdp.CloseNow()
	}
	if b.cmd != nil && b.cmd.Process != nil {
		_ = syscall.Kill(-b.cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-b.exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
			<-b.exited
		}
	}
	if b.http != nil {
		_ = b.http.Close()
	}
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
}
