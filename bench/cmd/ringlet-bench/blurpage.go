package main

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// tasksVisionVersion is the @mediapipe/tasks-vision scripts/tasks-vision.sh
// fetches.
const tasksVisionVersion = "1.1.0"

//go:embed blurpage/blur.js
var blurPage embed.FS

// demoScript is the line of janus-demos' VideoRoom page that loads its
// logic; the blur goes in just before it.
const demoScript = `<script type="text/javascript" src="videoroomtest.js"></script>`

// blurDemos makes (once per run, under r.tmp) a copy of janus-demos whose
// VideoRoom page sends its camera through blurpage/blur.js: MediaPipe's
// ImageSegmenter from npm and a canvas, as Jitsi's web client blurs. The
// model is Ringlet's own file (c.browserBlurModel) with the input scaling
// the tasks API asks for (tasksmodel.go). Everything is served from
// loopback by janustest's page server.
func (r *ringSetup) blurDemos(c config) (string, error) {
	if r.blurDemosDir != "" {
		return r.blurDemosDir, nil
	}
	dir := filepath.Join(r.tmp, "blur-demos")
	if out, err := exec.Command("cp", "-rL", "/usr/share/janus/demos", dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("copy demos: %v: %s", err, out)
	}
	if err := addBlurPage(dir, c.tasksVision, c.browserBlurModel); err != nil {
		return "", err
	}
	r.blurDemosDir = dir
	return dir, nil
}

// addBlurPage puts the blur script, the tasks-vision files it loads and the
// model into the demo folder dir and makes the VideoRoom page load it.
func addBlurPage(dir, pkg, modelPath string) error {
	mp := filepath.Join(dir, "blur", "tasks-vision")
	if err := os.MkdirAll(filepath.Join(mp, "wasm"), 0o755); err != nil {
		return err
	}
	// Chromium has WASM SIMD, so the bundle loads the SIMD runtime only.
	for _, f := range []string{"vision_bundle.mjs", "wasm/vision_wasm_internal.js", "wasm/vision_wasm_internal.wasm"} {
		if err := copyFile(filepath.Join(pkg, f), filepath.Join(mp, f)); err != nil {
			return err
		}
	}
	model, err := os.ReadFile(modelPath)
	if err != nil {
		return err
	}
	model, err = withNormalization(model, strings.TrimSuffix(filepath.Base(modelPath), ".tflite"))
	if err != nil {
		return fmt.Errorf("%s: %w", modelPath, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "blur", "model.tflite"), model, 0o644); err != nil {
		return err
	}
	js, _ := blurPage.ReadFile("blurpage/blur.js")
	if err := os.WriteFile(filepath.Join(dir, blurScript), js, 0o644); err != nil {
		return err
	}
	page := filepath.Join(dir, "videoroomtest.html")
	html, err := os.ReadFile(page)
	if err != nil {
		return err
	}
	patched, err := withBlurScript(string(html))
	if err != nil {
		return err
	}
	return os.WriteFile(page, []byte(patched), 0o644)
}

// blurScript is the name the page loads blurpage/blur.js under (not
// "blur.js", which reads like a message key of the blur area to the
// i18n check).
const blurScript = "ringlet-blur.js"

// withBlurScript loads blur.js (a module, so it runs before the page's
// own logic can ask for the camera) ahead of the demo's script.
func withBlurScript(html string) (string, error) {
	if strings.Count(html, demoScript) != 1 {
		return "", errors.New("janus-demos' videoroomtest.html changed: cannot find where its script is loaded")
	}
	return strings.Replace(html, demoScript, `<script type="module" src="`+blurScript+`"></script>`+"\n"+demoScript, 1), nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

// tasksVisionPackage runs scripts/tasks-vision.sh (fetching the package
// once) and returns the package's folder. It runs before the benchmark
// enters its private network namespace, where npm cannot reach anything.
func tasksVisionPackage() (string, error) {
	out, err := exec.Command("scripts/tasks-vision.sh").Output()
	if err != nil {
		return "", fmt.Errorf("scripts/tasks-vision.sh (run from the repository root): %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
