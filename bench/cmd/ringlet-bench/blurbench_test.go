package main

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFlagsBlurForms(t *testing.T) {
	c, ok := parseFlags([]string{"-forms", "ringlet-blur, chromium-blur", "-n", "1,4", "-clip", "bench/clip/person.y4m"})
	if !ok {
		t.Fatal("rejected")
	}
	if !slices.Equal(c.forms, []string{formRingletBlur, formChromiumBlur}) || !slices.Equal(c.ns, []int{1, 4}) {
		t.Fatalf("forms %q, n %v", c.forms, c.ns)
	}
	if !strings.HasSuffix(c.browserBlurModel, "/media/blur/model/selfie_segmentation_landscape.tflite") || !strings.HasPrefix(c.browserBlurModel, "/") {
		t.Errorf("model %q: not the landscape model as an absolute path", c.browserBlurModel)
	}
	if !strings.HasPrefix(c.clip, "/") {
		t.Errorf("clip %q not absolute", c.clip)
	}
	// The forms without blur still parse as before.
	if c, ok := parseFlags(nil); !ok || !slices.Equal(c.forms, []string{formRinglet, formChromium}) {
		t.Errorf("defaults: %v %q", ok, c.forms)
	}
	for _, bad := range [][]string{
		{"-forms", "chromium-blurry"},
		{"-n", "0"},
		{"-engine", "livekit", "-forms", "ringlet-blur,chromium-blur"},
	} {
		if _, ok := parseFlags(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBaselineOf(t *testing.T) {
	both := []string{formRinglet, formRingletBlur, formChromium, formChromiumBlur}
	if b := baselineOf(formRingletBlur, both); b != formChromiumBlur {
		t.Errorf("blur against %s", b)
	}
	if b := baselineOf(formRinglet, both); b != formChromium {
		t.Errorf("no blur against %s", b)
	}
	// Without the blurring page, Ringlet's blur is set against the plain one
	// (the older blur section).
	if b := baselineOf(formRingletBlur, []string{formRingletBlur, formChromium}); b != formChromium {
		t.Errorf("blur without chromium-blur against %s", b)
	}
}

// The blur-against-blur report: Ringlet's blur over the page's blur with
// the CPU goal, the page's blur rate, and a short page noted but counted.
func TestCompareReportBlurAgainstBlur(t *testing.T) {
	c := config{ns: []int{1}, rounds: 2, forms: []string{formRingletBlur, formChromiumBlur}, window: 30 * time.Second, warmup: 5 * time.Second, command: "make bench"}
	round := func(form string, i int, cpu, blurred float64) result {
		r := result{Form: form, N: 1, Round: i, CPU: cpu, Window: 30, FirstFrame: time.Second, Feeds: 1, FPS: 30, BlurredFPS: blurred}
		judgeRound(&r, 1)
		return r
	}
	results := []result{
		round(formRingletBlur, 1, 6, 0), round(formChromiumBlur, 1, 24, 30),
		round(formRingletBlur, 2, 6, 0), round(formChromiumBlur, 2, 24, 20),
	}
	if results[0].Err != "" || results[1].Err != "" {
		t.Fatalf("rounds that kept up judged: %q %q", results[0].Err, results[1].Err)
	}
	if !strings.HasPrefix(results[3].Err, "short:") {
		t.Fatalf("a page blurring 20 of 30 pictures/s: %q", results[3].Err)
	}
	md := compareReport(c, machine{Date: "2026-12-01 20:00"}, results)
	for _, want := range []string{
		"| Ringlet+blur/Chromium+blur | goal |",
		"| CPU, s per min of call | 12.0 (12.0–12.0) | 48.0 (48.0–48.0) | 0.25× | ≤ 0.50×: met |",
		"Chromium + blur segmented and composited 25.0 (20.0–30.0) pictures/s",
		"| 1 | 2 | chromium-blur | 1.00 | 48.0 |",
		"1 round(s) had problems",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

func TestWithBlurScript(t *testing.T) {
	html, err := os.ReadFile("/usr/share/janus/demos/videoroomtest.html")
	if err != nil {
		t.Skip("janus-demos not installed (scripts/deps.sh installs it)")
	}
	out, err := withBlurScript(string(html))
	if err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(out, `src="`+blurScript+`"`), strings.Index(out, demoScript); i < 0 || i > j {
		t.Errorf("blur.js not loaded before the demo's script")
	}
	if _, err := withBlurScript("<html></html>"); err == nil {
		t.Error("a page without the demo's script accepted")
	}
}

func TestJudgeRoundFrameRates(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fps       float64
		wantValid bool
	}{
		{"all frames", 120, true},
		{"95 %", 114, true},
		{"too few", 100, false},
		{"105 %", 126, true},
		{"a backlog caught up", 154, false},
	} {
		r := result{Form: formRingletBlur, N: 4, Feeds: 4, FPS: tc.fps}
		judgeRound(&r, 4)
		if valid := !strings.HasPrefix(r.Err, invalidRound); valid != tc.wantValid {
			t.Errorf("%s: %.0f of 120 frames/s judged %q", tc.name, tc.fps, r.Err)
		}
	}
}
