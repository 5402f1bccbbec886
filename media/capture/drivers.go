package capture

import (
	"math"
	"sort"
	"strings"

	"github.com/pion/mediadevices/pkg/driver"
	_ "github.com/pion/mediadevices/pkg/driver/audiotest"  // test tone, opens nothing
	_ "github.com/pion/mediadevices/pkg/driver/microphone" // real microphones via miniaudio; its init lists, opens none
	_ "github.com/pion/mediadevices/pkg/driver/videotest"  // test pattern, opens nothing
	"github.com/pion/mediadevices/pkg/prop"
)

// pickDriver chooses one driver among those the filter lets through: the one
// whose label is id, or (id empty) the highest priority one, label order
// breaking ties so the choice is the same every time. Only Info() is read:
// nothing is opened.
func pickDriver(filter driver.FilterFn, id string) driver.Driver {
	if ds := candidateDrivers(filter, id); len(ds) > 0 {
		return ds[0]
	}
	return nil
}

// candidateDrivers lists the drivers that may serve id, best first: the
// system's default device, then by label. With id "" that is every device
// of the kind; JACK's devices come last, because a JACK client library is
// often installed (Wine pulls it in) with no JACK server running, and then
// they list fine but cannot be opened.
func candidateDrivers(filter driver.FilterFn, id string) []driver.Driver {
	ds := driver.GetManager().Query(filter)
	sort.Slice(ds, func(i, j int) bool {
		a, b := ds[i].Info(), ds[j].Info()
		if ja, jb := isJACK(a), isJACK(b); ja != jb {
			return jb
		}
		if a.Priority != b.Priority {
			return a.Priority > b.Priority
		}
		return a.Label < b.Label
	})
	out := ds[:0]
	for _, d := range ds {
		if id == "" || d.Info().Label == id {
			out = append(out, d)
		}
	}
	return out
}

// isJACK reports whether a device goes through JACK (miniaudio's JACK
// backend, or ALSA's jack plugin, which names itself so).
func isJACK(info driver.Info) bool {
	return strings.Contains(info.Name, "JACK") || strings.EqualFold(info.Label, "jack")
}

func isTestDriver(d driver.Driver) bool {
	l := d.Info().Label
	return l == TestVideoLabel || l == TestAudioLabel
}

// kindFilter keeps the drivers that may be chosen: with test set only the
// test drivers; otherwise the hardware ones, plus a test driver named
// explicitly by id (tests mix a fake camera with the test tone that way).
func kindFilter(kind driver.FilterFn, test bool, id string) driver.FilterFn {
	return driver.FilterAnd(kind, func(d driver.Driver) bool {
		if test {
			return isTestDriver(d)
		}
		return !isTestDriver(d) || (id != "" && d.Info().Label == id)
	})
}

func audioFilter(test bool, id string) driver.FilterFn {
	return kindFilter(driver.FilterAudioRecorder(), test, id)
}

func videoFilter(test bool, id string) driver.FilterFn {
	return kindFilter(driver.FilterAnd(driver.FilterVideoRecorder(), driver.FilterDeviceType(driver.Camera)), test, id)
}

// bestProp opens nothing itself: d must be open. It returns the driver's
// property closest to the wanted one, merged with it.
func bestProp(d driver.Driver, want prop.MediaConstraints) (prop.Media, bool) {
	var best prop.Media
	bestDist := math.Inf(1)
	found := false
	for _, p := range d.Properties() {
		dist, ok := want.FitnessDistance(p)
		if ok && dist < bestDist {
			best, bestDist, found = p, dist, true
		}
	}
	var selected prop.Media
	selected.MergeConstraints(want)
	selected.Merge(best)
	return selected, found
}
