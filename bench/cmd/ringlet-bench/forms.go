package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ringlet/ringlet/bench/measure"
	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/livekit/livekittest"
)

// The forms of the participant under test.
const (
	formRinglet     = "ringlet"      // bin/ringlet join --video-test-pattern [--video-file CLIP] --no-blur
	formRingletBlur = "ringlet-blur" // this program's participant: app/session + blur, as the GUI
	formChromium    = "chromium"     // headless Chromium on janus-demos' VideoRoom page
	// formChromiumBlur is the same page blurring its camera as Jitsi's web
	// client does (blurpage.go).
	formChromiumBlur = "chromium-blur"
)

// isBrowser says whether a form runs Chromium.
func isBrowser(form string) bool { return form == formChromium || form == formChromiumBlur }

// baselineOf is the browser form a Ringlet form is compared with: blur
// against blur when the run has both, else the page without blur.
func baselineOf(form string, forms []string) string {
	if form == formRingletBlur && slices.Contains(forms, formChromiumBlur) {
		return formChromiumBlur
	}
	return formChromium
}

// publisherFPS is what each publisher sends: `ringlet join`'s test pattern
// and bench/clip/person.y4m are both 30 frames a second.
const publisherFPS = 30

// invalidRound starts the note of a round that is left out of the medians.
const invalidRound = "invalid"

// result is one measured round of one form.
type result struct {
	Form  string
	N     int
	Round int
	Err   string

	FirstFrame time.Duration // from starting the client to the first remote frame decoded
	CPU        float64       // seconds used in the window
	Window     float64       // seconds of the window
	Steady     measure.Mem   // median over the window's samples
	Peak       measure.Mem   // maximum from start to end of the window (PSS and RSS peak separately)
	Procs      int
	Feeds      int     // remote videos decoding at the end
	FPS        float64 // remote frames decoded per second, all feeds together
	Background float64 // CPU seconds of Janus and the publishers in the same window
	SentFPS    float64 // Chromium's own outgoing frame rate (0: not read)
	SentSize   string  // Chromium's outgoing picture size
	BlurredFPS float64 // chromium-blur: pictures segmented and composited per second
}

// CPUPerMin is CPU seconds per minute of call.
func (r result) CPUPerMin() float64 {
	if r.Window == 0 {
		return 0
	}
	return r.CPU / r.Window * 60
}

// subject is a running participant under test.
type subject interface {
	// frames returns the remote frames decoded so far and from how many
	// feeds; ok is false when they cannot be read now.
	frames(ctx context.Context) (total uint64, feeds int, ok bool)
	pids() []int
	stop()
}

// measureRound runs one form once: start, wait for the first remote
// frame, warm up, measure a window, stop.
func measureRound(ctx context.Context, c config, r *ringSetup, form string, n, round int) result {
	res := result{Form: form, N: n, Round: round}
	bg := measure.NewGroup(func() []int {
		t, _ := measure.Tree(append(r.pubPIDs(), r.serverPID())...)
		return t
	})
	var peak measure.Mem
	track := func(m measure.Mem) {
		peak.PSS = max(peak.PSS, m.PSS)
		peak.RSS = max(peak.RSS, m.RSS)
	}
	s, firstFrame, start, err := startSubject(ctx, c, r, form, track, func() { peak = measure.Mem{} })
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer s.stop()
	g := measure.NewGroup(s.pids)
	if err := waitFirstFrame(ctx, g, firstFrame, track); err != nil {
		res.Err = err.Error()
		return res
	}
	res.FirstFrame = time.Since(start)
	warm := time.Now().Add(c.warmup)
	for time.Now().Before(warm) {
		track(g.Poll().Mem)
		time.Sleep(500 * time.Millisecond) // a memory sample every half second
	}
	if err := measureWindow(ctx, c.window, s, g, bg, track, &res); err != nil {
		res.Err = err.Error()
		return res
	}
	res.Peak = peak
	if bs, ok := s.(*browserSubject); ok {
		res.SentFPS, res.SentSize = bs.sent(ctx)
	}
	judgeRound(&res, n)
	return res
}

// blurCounter is a subject that counts the pictures it blurred.
type blurCounter interface {
	blurred(ctx context.Context) (frames uint64, ok bool)
}

// startSubject starts the form's participant; firstFrame closes when it
// decodes its first remote frame, and start is when its (last) try began.
// A browser that does not join gets one more try, after resetPeak.
func startSubject(ctx context.Context, c config, r *ringSetup, form string, track func(measure.Mem), resetPeak func()) (s subject, firstFrame <-chan struct{}, start time.Time, err error) {
	start = time.Now()
	if !isBrowser(form) {
		rs, err := startRinglet(c, r, form)
		if err != nil {
			return nil, nil, start, err
		}
		return rs, rs.first, start, nil
	}
	bs, err := startChromium(ctx, c, r, form, track)
	if err != nil && ctx.Err() == nil {
		// About one demo page load in 20 stalls (notes/janus.md):
		// one fresh try, timed from its own start.
		fmt.Fprintln(os.Stderr, "ringlet-bench: browser did not join, trying once more:", err)
		time.Sleep(2 * time.Second) // a pause before the retry, not a wait for something
		resetPeak()
		start = time.Now()
		bs, err = startChromium(ctx, c, r, form, track)
	}
	if err != nil {
		return nil, nil, start, err
	}
	return bs, bs.waitFirst(ctx), start, nil
}

// waitFirstFrame waits up to a minute for firstFrame, sampling memory
// often meanwhile: the startup peak counts.
func waitFirstFrame(ctx context.Context, g *measure.Group, firstFrame <-chan struct{}, track func(measure.Mem)) error {
	timeout := time.After(60 * time.Second)
	for {
		select {
		case <-firstFrame:
			return nil
		case <-timeout:
			return errors.New("no remote frame within 60 s")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
			track(g.Poll().Mem)
		}
	}
}

// measureWindow measures the subject (g) and the rest of the ring (bg)
// for window: CPU, memory every second, and the frames decoded.
func measureWindow(ctx context.Context, window time.Duration, s subject, g, bg *measure.Group, track func(measure.Mem), res *result) error {
	// Counters are read at the midpoint of each read: a busy page answers
	// late, and dividing by the window alone would overstate its rate.
	f0, f0At, ok0 := readFrames(ctx, s)
	bc, counts := s.(blurCounter)
	var b0 uint64
	var b0At time.Time
	if counts {
		b0, b0At, counts = readBlurred(ctx, bc)
	}
	g.Mark()
	bg.Mark()
	t0 := time.Now()
	var pss, rss []float64
	end := t0.Add(window)
	for time.Now().Before(end) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(time.Second, time.Until(end))):
		}
		smp := g.Poll()
		bg.Poll()
		track(smp.Mem)
		pss = append(pss, float64(smp.Mem.PSS))
		rss = append(rss, float64(smp.Mem.RSS))
		res.Procs = max(res.Procs, smp.Procs)
	}
	res.Window = time.Since(t0).Seconds()
	res.CPU = g.CPU()
	res.Background = bg.CPU()
	before := time.Now()
	f1, feeds, ok1 := s.frames(ctx)
	f1At := before.Add(time.Since(before) / 2)
	if ok0 && ok1 && f1 >= f0 {
		res.FPS = float64(f1-f0) / f1At.Sub(f0At).Seconds()
	}
	if counts {
		if b1, b1At, ok := readBlurred(ctx, bc); ok && b1 >= b0 {
			res.BlurredFPS = float64(b1-b0) / b1At.Sub(b0At).Seconds()
		}
	}
	res.Feeds = feeds
	res.Steady = measure.Mem{PSS: uint64(median(pss)), RSS: uint64(median(rss))}
	return nil
}

// readFrames reads the subject's decoded frames and when: the midpoint
// of the read.
func readFrames(ctx context.Context, s subject) (uint64, time.Time, bool) {
	before := time.Now()
	n, _, ok := s.frames(ctx)
	return n, before.Add(time.Since(before) / 2), ok
}

// readBlurred is readFrames for the pictures a page blurred.
func readBlurred(ctx context.Context, bc blurCounter) (uint64, time.Time, bool) {
	before := time.Now()
	n, ok := bc.blurred(ctx)
	return n, before.Add(time.Since(before) / 2), ok
}

// judgeRound marks a round that does not count: one that decoded fewer
// feeds than there are publishers, or too few or too many of their frames.
func judgeRound(res *result, n int) {
	if res.Feeds < n {
		res.Err = fmt.Sprintf("decoding %d of %d feeds", res.Feeds, n)
	} else if offered := float64(n * publisherFPS); res.FPS < 0.95*offered {
		// A side that cannot keep up does less work, and its CPU looks
		// cheaper than it is: such a round does not count.
		res.Err = fmt.Sprintf("%s: decoded %.0f of %.0f frames/s offered (< 95 %%)", invalidRound, res.FPS, offered)
	} else if res.FPS > 1.05*offered {
		// More frames than the publishers send: a decoder that stalled
		// before the window is working off its backlog, so the window
		// does not show the steady state either.
		res.Err = fmt.Sprintf("%s: decoded %.0f of %.0f frames/s offered (> 105 %%: a backlog caught up)", invalidRound, res.FPS, offered)
	} else if res.Form == formChromiumBlur && res.BlurredFPS < 0.95*browserBlurFPS {
		// A page that blurs fewer pictures than its canvas rate does less
		// work, so its CPU is under-measured. That only errs in the
		// browser's favour against Ringlet, so the round counts, with a note.
		res.Err = fmt.Sprintf("short: blurred %.1f of %d pictures/s (< 95 %%; the browser's CPU is under-measured)", res.BlurredFPS, browserBlurFPS)
	}
}

// browserBlurFPS is the blurring page's canvas rate (blurpage/blur.js).
const browserBlurFPS = 30

// ringletSubject is `ringlet join` or this program's participant.
type ringletSubject struct {
	cmd   *exec.Cmd
	first chan struct{}

	last chan [2]uint64 // latest (frames, feeds), size 1
}

// statsLine is join's English stats line for a video track.
var statsLine = regexp.MustCompile(`^\s+(.+): picture \d+×\d+, \d+ packets, (\d+) pictures shown`)

func startRinglet(c config, r *ringSetup, form string) (*ringletSubject, error) {
	var cmd *exec.Cmd
	if form == formRinglet {
		// --stats 100ms: the first frame is seen within 0.1 s. The lines
		// cost join a little CPU, which is counted against it.
		// --no-blur: like for like with the demo page, which cannot blur;
		// the form "ringlet-blur" measures the blur on top.
		cmd = exec.Command(c.ringlet, append(append([]string{"join", "--video-test-pattern"}, c.clipArgs()...),
			"--no-sound", "--no-blur", "--stats", "100ms", "--name", "Subject", r.link)...)
	} else {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		args := []string{"participant", "--blur", "--stats", "100ms", "--name", "Subject"}
		if c.clip != "" {
			args = append(args, "--video-file", c.clip)
		}
		cmd = exec.Command(exe, append(args, r.link)...)
	}
	cmd.Env = r.childEnv()
	cmd.Stderr = os.Stderr
	lines, err := startLines(cmd)
	if err != nil {
		return nil, err
	}
	s := &ringletSubject{cmd: cmd, first: make(chan struct{}), last: make(chan [2]uint64, 1)}
	go func() {
		perFeed := map[string]uint64{}
		firstSeen := false
		publish := func(total uint64, feeds int) {
			select {
			case <-s.last:
			default:
			}
			s.last <- [2]uint64{total, uint64(feeds)}
		}
		for l := range lines {
			if m := statsLine.FindStringSubmatch(l); m != nil {
				v, _ := strconv.ParseUint(m[2], 10, 64)
				perFeed[m[1]] = v
				var total uint64
				feeds := 0
				for _, f := range perFeed {
					total += f
					if f > 0 {
						feeds++
					}
				}
				publish(total, feeds)
				if v > 0 && !firstSeen {
					firstSeen = true
					close(s.first)
				}
				continue
			}
			if l == "first-frame" && !firstSeen {
				firstSeen = true
				close(s.first)
				continue
			}
			var total uint64
			var feeds int
			if _, err := fmt.Sscanf(l, "frames %d %d", &total, &feeds); err == nil {
				publish(total, feeds)
			}
		}
	}()
	return s, nil
}

func (s *ringletSubject) frames(ctx context.Context) (uint64, int, bool) {
	// Wait for the next report so the count is at most 0.1 s old.
	select {
	case <-s.last:
	case <-time.After(time.Second):
	}
	select {
	case v := <-s.last:
		return v[0], int(v[1]), true
	case <-time.After(time.Second):
		return 0, 0, false
	case <-ctx.Done():
		return 0, 0, false
	}
}

func (s *ringletSubject) pids() []int {
	t, _ := measure.Tree(s.cmd.Process.Pid)
	return t
}

func (s *ringletSubject) stop() { stopProcess(s.cmd, 10*time.Second) }

// browserSubject is headless Chromium on Janus' demo page, or on a page
// with LiveKit's own browser SDK (livekittest).
type browserSubject struct {
	b       *janustest.Browser
	liveKit bool
	others  func() []int // processes that are not the browser
	ctx     context.Context
	cancel  context.CancelFunc // ends the polling when the round ends
}

// chromiumFor is the browser the round runs: Debian's chromium, or a
// wrapper around it that changes its fake camera or shows its window.
func chromiumFor(c config, r *ringSetup, form string) (janustest.BrowserOptions, error) {
	o, err := chromiumBinary(c, r)
	if err != nil || form != formChromiumBlur {
		return o, err
	}
	o.DemosDir, err = r.blurDemos(c)
	return o, err
}

// chromiumBinary is Debian's chromium, or a wrapper around it that changes
// its fake camera or shows its window.
func chromiumBinary(c config, r *ringSetup) (janustest.BrowserOptions, error) {
	if c.browserFPS > 0 || c.clip != "" || c.headed {
		// Chromium's fake camera runs at 20 fps unless told. janustest
		// passes the bare flag; a wrapper gives it the frame rate (a
		// second copy of the flag would not override the first), or the
		// clip that Ringlet sends too, played at the clip's own rate.
		fake := fmt.Sprintf("--use-fake-device-for-media-stream=fps=%d", c.browserFPS)
		extra := ""
		if c.clip != "" {
			fake = "--use-fake-device-for-media-stream"
			extra = "--use-file-for-fake-video-capture=" + c.clip
		}
		headless := "--headless=new"
		if c.headed {
			// A window on $DISPLAY, the size of Ringlet's, showing the
			// remote pictures; --disable-gpu (janustest) keeps it on
			// Mesa's software GL like Ringlet's window there.
			headless = "--window-size=" + windowSize
			extra += " --window-position=0,0"
		}
		wrapper := filepath.Join(r.tmp, "chromium-wrapper")
		script := fmt.Sprintf(`#!/bin/sh
for a do
  shift
  [ "$a" = --use-fake-device-for-media-stream ] && a=%s
  [ "$a" = --headless=new ] && a=%s
  set -- "$@" "$a"
done
exec %s %s "$@"
`, fake, headless, chromiumPath(), extra)
		if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
			return janustest.BrowserOptions{}, err
		}
		return janustest.BrowserOptions{Chromium: wrapper}, nil
	}
	return janustest.BrowserOptions{Chromium: chromiumPath()}, nil
}

// startChromium starts the browser and joins. While the page loads, the
// browser's processes are found as this program's descendants that are
// neither Janus nor a publisher, so the startup memory peak is seen too.
func startChromium(ctx context.Context, c config, r *ringSetup, form string, track func(measure.Mem)) (*browserSubject, error) {
	others := func() []int {
		t, _ := measure.Tree(append(r.pubPIDs(), r.serverPID())...)
		return append(t, os.Getpid())
	}
	s := &browserSubject{others: others}
	browser, err := chromiumFor(c, r, form)
	if err != nil {
		return nil, err
	}
	g := measure.NewGroup(s.pids)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(200 * time.Millisecond):
				track(g.Poll().Mem)
			}
		}
	}()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	b, err := startPage(sctx, c, r, browser)
	close(done)
	if err != nil {
		return nil, err
	}
	s.b, s.liveKit = b, r.lk != nil
	s.ctx, s.cancel = context.WithCancel(ctx)
	if c.tile != "" {
		if err := s.showLikeRinglet(ctx, c.tile); err != nil {
			s.stop()
			return nil, err
		}
	}
	return s, nil
}

// startPage opens the browser's page and joins the ring as "Subject".
func startPage(ctx context.Context, c config, r *ringSetup, browser janustest.BrowserOptions) (*janustest.Browser, error) {
	if r.lk == nil {
		return browser.Start(ctx, r.srv, room, "Subject")
	}
	if c.tile != "" {
		return nil, errors.New("-tile works on Janus' demo page only")
	}
	site, err := os.MkdirTemp(r.tmp, "page-")
	if err != nil {
		return nil, err
	}
	token, err := r.lk.Token(liveKitRoom, "subject", "Subject")
	if err != nil {
		return nil, err
	}
	return livekittest.StartEncryptedBrowser(ctx, browser, site, r.lk.URL(), token, r.passphrase)
}

// showLikeRinglet makes the page look like Ringlet's sound-only window in
// a call: it stops sending its picture and sound (Unpublish, the demo's own
// button), hides its own video and shows each remote picture in view at
// Ringlet's tile size (tile: "WxH" CSS pixels), in a grid of 200×130 cells
// like Ringlet's, so both windows scale and draw the same pixels.
func (s *browserSubject) showLikeRinglet(ctx context.Context, tile string) error {
	w, h, _ := strings.Cut(tile, "x")
	var css strings.Builder
	css.WriteString("#videolocal video{display:none!important}")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&css, "#videoremote%d video{position:fixed!important;left:%dpx!important;top:%dpx!important;width:%spx!important;height:%spx!important;object-fit:contain;z-index:1000}",
			i, 20+(i-1)%4*200, 20+(i-1)/4*130, w, h)
	}
	js := fmt.Sprintf(`(() => { const st = document.createElement('style'); st.textContent = %q; document.head.appendChild(st); return true; })()`, css.String())
	if _, err := s.b.Eval(ctx, js); err != nil {
		return err
	}
	// The demo offers Unpublish as soon as its own camera shows, which can
	// be before Janus has taken the publisher; a click then is refused and
	// the button is gone, and the page goes on sending (11 processes
	// instead of 10, three times the CPU). So ask again, the way the button
	// does, until the page shows its Publish button: it is unpublished.
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for wctx.Err() == nil {
		v, err := s.b.Eval(wctx, unpublishStep)
		if err == nil && string(v) == `"unpublished"` {
			return nil
		}
		time.Sleep(time.Second)
	}
	return errors.New("the page never unpublished")
}

func chromiumPath() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return "chromium"
}

func (s *browserSubject) pids() []int {
	all, _ := measure.Tree(os.Getpid())
	skip := s.others()
	var out []int
	for _, p := range all {
		if !slices.Contains(skip, p) {
			out = append(out, p)
		}
	}
	return out
}

// waitFirst polls getStats every 0.1 s until a remote frame is decoded.
func (s *browserSubject) waitFirst(context.Context) <-chan struct{} {
	ch := make(chan struct{})
	ctx := s.ctx
	go func() {
		for ctx.Err() == nil {
			if n, _, ok := s.frames(ctx); ok && n > 0 {
				close(ch)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	return ch
}

func (s *browserSubject) frames(ctx context.Context) (uint64, int, bool) {
	if s.liveKit {
		return s.liveKitFrames(ctx)
	}
	st, err := s.b.Stats(ctx)
	if err != nil {
		return 0, 0, false
	}
	// Feeds lists subscriptions; count those whose frames are decoding by
	// asking per feed.
	v, err := s.b.Eval(ctx, `(async () => {
	  let n = 0;
	  for (const f of feeds) {
	    const pc = f && f.webrtcStuff && f.webrtcStuff.pc;
	    if (!pc) continue;
	    let d = 0;
	    (await pc.getStats()).forEach(x => { if (x.type === 'inbound-rtp' && x.kind === 'video') d += x.framesDecoded || 0; });
	    if (d > 0) n++;
	  }
	  return n;
	})()`)
	feeds := len(st.Feeds)
	if err == nil {
		if n, e := strconv.Atoi(string(v)); e == nil {
			feeds = n
		}
	}
	return uint64(st.FramesDecoded), feeds, true
}

// blurred reads how many pictures the blurring page composited (0 on the
// page that does not blur).
func (s *browserSubject) blurred(ctx context.Context) (uint64, bool) {
	v, err := s.b.Eval(ctx, `window.blurBench ? window.blurBench.frames : 0`)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	return n, err == nil
}

// sent reads the page's own outgoing video: frame rate and size, to show
// that both sides send alike.
func (s *browserSubject) sent(ctx context.Context) (float64, string) {
	js := janusSent
	if s.liveKit {
		js = "sentVideo()"
	}
	v, err := s.b.Eval(ctx, js)
	if err != nil {
		return 0, ""
	}
	var r struct {
		FPS    float64 `json:"fps"`
		W, H   int
		CamFPS float64 `json:"camfps"`
		Limit  string  `json:"limit"`
	}
	if json.Unmarshal(v, &r) != nil {
		return 0, ""
	}
	desc := fmt.Sprintf("%d×%d (camera set to %.0f fps", r.W, r.H, r.CamFPS)
	if r.Limit != "" && r.Limit != "none" {
		desc += ", encoder limited by " + r.Limit
	}
	return r.FPS, desc + ")"
}

// liveKitFrames reads the LiveKit page's decoded frames and how many
// others' pictures are decoding.
func (s *browserSubject) liveKitFrames(ctx context.Context) (uint64, int, bool) {
	v, err := s.b.Eval(ctx, `stats()`)
	var st struct{ FramesDecoded uint64 }
	if err != nil || json.Unmarshal(v, &st) != nil {
		return 0, 0, false
	}
	feeds := 0
	if v, err := s.b.Eval(ctx, `feedsDecoding()`); err == nil {
		feeds, _ = strconv.Atoi(string(v))
	}
	return st.FramesDecoded, feeds, true
}

// janusSent reads the demo page's own outgoing video.
const janusSent = `(async () => {
	  const pc = sfutest && sfutest.webrtcStuff && sfutest.webrtcStuff.pc;
	  let r = {fps: 0, w: 0, h: 0, camfps: 0, limit: ""};
	  if (pc) (await pc.getStats()).forEach(x => {
	    if (x.type === 'outbound-rtp' && x.kind === 'video') { r.fps = x.framesPerSecond || 0; r.w = x.frameWidth || 0; r.h = x.frameHeight || 0; r.limit = x.qualityLimitationReason || ""; }
	  });
	  const st = sfutest && sfutest.webrtcStuff && sfutest.webrtcStuff.myStream;
	  const vt = st && st.getVideoTracks()[0];
	  if (vt) r.camfps = vt.getSettings().frameRate || 0;
	  return r;
	})()`

func (s *browserSubject) stop() {
	s.cancel()
	s.b.Close()
}

// startLines starts cmd and delivers its stdout line by line; the channel
// closes when the process closes its output.
func startLines(cmd *exec.Cmd) (<-chan string, error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ch := make(chan string, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			ch <- sc.Text()
		}
	}()
	return ch, nil
}

func waitLine(ctx context.Context, lines <-chan string, want string, timeout time.Duration) error {
	t := time.After(timeout)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return errors.New("exited before joining")
			}
			if strings.Contains(l, want) {
				return nil
			}
		case <-t:
			return errors.New("did not join in time")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// stopProcess asks a Ringlet process to leave (SIGINT, as Ctrl-C) and
// kills it if it does not end in time.
func stopProcess(cmd *exec.Cmd, grace time.Duration) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case <-done:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
		<-done
	}
}

// unpublishStep is one try of janus-demos' VideoRoom page at no longer
// sending: "unpublished" once the page shows its Publish button again,
// otherwise it clicks Unpublish, or sends the page's own unpublish request
// when the button has already been used up.
const unpublishStep = `(() => {
	if ($('#publish').length) return "unpublished";
	const b = $('#unpublish');
	if (b.length && !b.attr('disabled')) { b.click(); return "clicked"; }
	if (typeof sfutest !== 'undefined' && sfutest) { sfutest.send({ message: { request: "unpublish" } }); return "asked"; }
	return "waiting";
})()`
