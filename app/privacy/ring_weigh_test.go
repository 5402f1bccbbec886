package privacy

import (
	"testing"

	"github.com/ringlet/ringlet/app/ring"
)

// A Google sign-in warns for a Meet hand-off, and is information only on
// a native Ringlet ring, where what matters there is said instead.
func TestAccountWarningsDependOnTheRing(t *testing.T) {
	found := func() []Finding {
		return []Finding{
			{Check: "google.chrome", Status: StatusWarn, Fix: Fix{Kind: FixOpenPrivateWindow}},
			{Check: "zoom", Status: StatusWarn},
			{Check: "name", Status: StatusWarn},
		}
	}
	status := func(fs []Finding, check string) Status {
		for _, f := range fs {
			if f.Check == check {
				return f.Status
			}
		}
		return -1
	}
	meet := weighForRing(&RingFacts{Kind: ring.KindPlatform, Platform: ring.PlatformMeet}, found())
	if status(meet, "google.chrome") != StatusWarn || status(meet, "zoom") != StatusInfo || status(meet, "name") != StatusWarn {
		t.Errorf("Meet hand-off: %+v", meet)
	}
	native := weighForRing(&RingFacts{Kind: ring.KindNative, Platform: ring.PlatformJanus}, found())
	if status(native, "google.chrome") != StatusInfo || status(native, "zoom") != StatusInfo || status(native, "name") != StatusWarn {
		t.Errorf("native ring: %+v", native)
	}
	if status(native, "native_matters") != StatusInfo {
		t.Error("a native ring does not say what matters there")
	}
	for _, f := range native {
		if f.Check == "google.chrome" && (f.Fix.Kind != FixNone || f.Text.Key != "privacy.account.native.text") {
			t.Errorf("native Google finding still offers a fix or the Meet text: %+v", f)
		}
	}
	if unknown := weighForRing(&RingFacts{}, found()); status(unknown, "google.chrome") != StatusWarn {
		t.Error("an unknown ring must be weighed as before")
	}
}
