// Package nocache keeps the libraries under Ringlet's window from leaving
// caches on disk. Started with a fresh home, the window used to leave two
// kinds of file that hold no secret but tell anyone who looks at the
// computer that a Fyne/OpenGL program ran, and when, since both are made on
// first use:
//   - the GL driver's shader cache: Mesa's (Intel, AMD, software rendering)
//     $XDG_CACHE_HOME/mesa_shader_cache, NVIDIA's ~/.cache/nvidia/GLCache;
//   - go-text's index of the system fonts (font_index_v5.cache), which
//     Fyne lets fontscan write to the user's cache folder (os.UserCacheDir:
//     $XDG_CACHE_HOME or ~/.cache, %LocalAppData% on Windows).
//
// Both must be dealt with before Fyne starts its window: DisableShaderCaches
// and IndexSystemFonts, at the top of app.Run. Nothing here imports Fyne.
package nocache

import (
	"os"
	"path/filepath"

	"github.com/go-text/typesetting/fontscan"
)

// shaderCacheSwitches turn the GL drivers' on-disk shader caches off.
// Mesa reads MESA_SHADER_CACHE_DISABLE (Debian 12's Mesa 22.3 does), Mesa
// before 22.1 (Ubuntu 22.04's first) only MESA_GLSL_CACHE_DISABLE, which
// newer Mesa still reads, with a deprecation warning on the terminal, when
// the first is not set (with both set it warns not: measured); NVIDIA's
// driver reads __GL_SHADER_DISK_CACHE (documented; no NVIDIA GPU here).
var shaderCacheSwitches = [][2]string{
	{"MESA_SHADER_CACHE_DISABLE", "true"},
	{"MESA_GLSL_CACHE_DISABLE", "true"},
	{"__GL_SHADER_DISK_CACHE", "0"},
}

// DisableShaderCaches turns the GL drivers' shader caches off for this
// process. The driver reads the switches when the first GL context is
// made, so this must run before Fyne opens its window. Processes Ringlet
// starts inherit them; for the private browser that is wanted (its GPU
// process then leaves no shader cache beside its throwaway profile
// either), and elsewhere it only means shaders are compiled anew.
func DisableShaderCaches() error {
	for _, s := range shaderCacheSwitches {
		if err := os.Setenv(s[0], s[1]); err != nil {
			return err
		}
	}
	return nil
}

// FontIndexPrefix begins the name of the folder that holds the font
// index's file while IndexSystemFonts makes it. A folder left behind by a
// crash during those moments is swept at the next start (app/browser's
// Sweep).
const FontIndexPrefix = "ringlet-fonts-"

// IndexSystemFonts makes go-text's index of the system fonts, from which
// Fyne takes a font for characters its own fonts lack, with the index's
// file in a new folder under tempDir ("" for the system's temp folder)
// that only this user can enter, and deletes the folder once the index is
// in memory.
//
// fontscan makes the index once for the whole process, in the folder its
// first caller names (UseSystemFonts: "Multiple font maps may call this
// method concurrently, without duplicating the work"): Fyne's own call
// later, which names no folder and so the user's cache folder, finds the
// index made and writes nothing. So this must run before Fyne measures any
// text. Since no index is kept from one start to the next, every start
// reads the font files anew.
func IndexSystemFonts(tempDir string) error {
	dir, err := os.MkdirTemp(tempDir, FontIndexPrefix)
	if err != nil {
		// The index is made all the same, in a folder that cannot be
		// made: fontscan then gives Fyne no system fonts, and Fyne draws
		// with its own, rather than write to the user's cache folder.
		return fontscan.NewFontMap(quiet{}).UseSystemFonts(filepath.Join(os.DevNull, FontIndexPrefix))
	}
	defer os.RemoveAll(dir)
	return fontscan.NewFontMap(quiet{}).UseSystemFonts(dir)
}

// quiet drops fontscan's log lines (the font folders it reads, fonts it
// could not parse): the terminal is not for them, as in Fyne.
type quiet struct{}

func (quiet) Printf(string, ...any) {}

// RemoveEmptyPulseFolder removes $XDG_RUNTIME_DIR/pulse if it is empty.
// libpulse makes that folder when a program asks for the sound devices
// (mediadevices does as Ringlet starts, whatever the command) and leaves
// it behind, empty when no sound server runs. A running sound server keeps
// its socket and pid file there, so its folder is never empty, and an
// empty one is only a trace that some program ran: os.Remove refuses a
// folder that is not empty.
func RemoveEmptyPulseFolder() {
	if runtimeDir := os.Getenv("XDG_RUNTIME_DIR"); runtimeDir != "" {
		_ = os.Remove(filepath.Join(runtimeDir, "pulse"))
	}
}
