//go:build !linux

package devices

// CameraOptions: see the Linux version. Only Linux cameras (V4L2) are
// supported so far; elsewhere no camera is listed and calls go audio-only.
type CameraOptions struct {
	Root  string
	Probe func(path string) (label string, ok bool)
}

// ProbeV4L2 finds nothing outside Linux.
func ProbeV4L2(string) (string, bool) { return "", false }

// ListCameras lists nothing outside Linux.
func ListCameras(CameraOptions) []Device { return nil }

// RegisterCameras registers nothing outside Linux.
func RegisterCameras(CameraOptions) error { return nil }
