package app

import "os"

// On a computer without a GPU driver the window is drawn by Mesa's
// software rasteriser, llvmpipe, which splits each repaint over one thread
// per core. A call window repaints a small, mostly unchanged 820×600 at 10
// to 15 pictures a second, and handing each repaint to two threads and
// back costs more than it saves. With none (0: llvmpipe draws in the
// thread that asks, as it does on a one-core computer) the window in a call
// took 3 points less of a core (22.8 → 19.7 % with one picture;
// docs/bench/window.md). Drivers for a real GPU ignore the variable, and a
// user's own setting wins.
const softwareRasterThreads = "LP_NUM_THREADS"

// useOneSoftwareRasterThread must run before the window (and so GL) starts.
func useOneSoftwareRasterThread() {
	if _, set := os.LookupEnv(softwareRasterThreads); !set {
		_ = os.Setenv(softwareRasterThreads, "0")
	}
}
