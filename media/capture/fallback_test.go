package capture

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/prop"
)

// unopenableMicrophone is listed but cannot be started, as JACK's devices
// are when the JACK client library is installed (Wine pulls it in) and no
// JACK server runs. Installing JACK here would break the other engineers'
// sound on this shared machine, so this stands in for it; the rest of the
// path (the real drivers behind it) is real.
type unopenableMicrophone struct {
	tried, closed atomic.Int64
}

func (m *unopenableMicrophone) Open() error              { return nil }
func (m *unopenableMicrophone) Close() error             { m.closed.Add(1); return nil }
func (m *unopenableMicrophone) Properties() []prop.Media { return nil }
func (m *unopenableMicrophone) AudioRecord(prop.Media) (audio.Reader, error) {
	m.tried.Add(1)
	return nil, errors.New("cannot connect to server socket")
}

func registerMicrophone(t *testing.T, d driver.Adapter, info driver.Info) {
	t.Helper()
	m := driver.GetManager()
	info.DeviceType = driver.Microphone
	if err := m.Register(d, info); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, q := range m.Query(driver.FilterDeviceType(driver.Microphone)) {
			if q.Info().Label == info.Label {
				m.Delete(q.ID())
			}
		}
	})
}

// TestDefaultMicrophoneSkipsDevicesThatCannotOpen: the default microphone is
// the first that really opens. A broken device listed first (highest
// priority, first label) is tried and closed again; JACK is not tried while
// another device works; a device the user chose by name is not swapped for
// another one behind their back.
func TestDefaultMicrophoneSkipsDevicesThatCannotOpen(t *testing.T) {
	broken := &unopenableMicrophone{}
	jack := &unopenableMicrophone{}
	registerMicrophone(t, broken, driver.Info{Label: "0-broken", Name: "Broken headset", Priority: driver.PriorityHigh})
	registerMicrophone(t, jack, driver.Info{Label: "jack", Name: "JACK Audio Connection Kit", Priority: driver.PriorityHigh})
	working := &spyMicrophone{}
	registerMicrophone(t, working, driver.Info{Label: "spy-mic-working", Name: "Working headset"})

	s, err := Open(Options{AudioOnly: true})
	if err != nil {
		t.Fatalf("no microphone although one works: %v", err)
	}
	defer s.Close()
	if _, _, err := s.AudioTrack().(*mediadevices.AudioTrack).NewReader(false).Read(); err != nil {
		t.Fatalf("the microphone chosen delivers nothing: %v", err)
	}
	if broken.tried.Load() != 1 || broken.closed.Load() == 0 {
		t.Errorf("broken device tried %d times, closed %d times; want tried once and closed", broken.tried.Load(), broken.closed.Load())
	}
	if jack.tried.Load() != 0 {
		t.Error("JACK was tried although another microphone works")
	}

	if _, err := Open(Options{AudioOnly: true, AudioDevice: "0-broken"}); !errors.Is(err, ErrMicFailed) {
		t.Errorf("the chosen broken microphone: %v, want ErrMicFailed", err)
	}
}
