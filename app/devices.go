package app

import (
	"crypto/sha256"
	"encoding/hex"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// DeviceKind names a kind of media device.
type DeviceKind string

const (
	DeviceCamera     DeviceKind = "camera"
	DeviceMicrophone DeviceKind = "microphone"
	DeviceSpeaker    DeviceKind = "speaker"
)

// DeviceInfo is one device for the device menus. The ID is what the media
// engine needs; the label is only shown.
type DeviceInfo struct {
	ID, Label string
	Default   bool
}

// deviceToken is what the preferences keep of a chosen device: a hash of
// its ID, because camera IDs carry the camera's serial number and audio
// labels can carry a person's name ("Anna's headphones"). It is enough to
// find the device again among the ones present.
func deviceToken(id string) string {
	sum := sha256.Sum256([]byte("ringlet-device|" + id))
	return hex.EncodeToString(sum[:8])
}

func devicePref(k DeviceKind) prefKey {
	switch k {
	case DeviceCamera:
		return prefCamera
	case DeviceMicrophone:
		return prefMicrophone
	}
	return prefSpeaker
}

// deviceChooser is one device menu.
type deviceChooser struct {
	kind    DeviceKind
	sel     *widget.Select
	devices []DeviceInfo
	// onChange, when set, hears of every change of the chosen device:
	// the user's, and the saved choice taking effect once the list is in.
	onChange func()
	// onNamed, when set, hears the chosen device's name whenever the
	// list comes in or the choice changes.
	onNamed func(name string)
}

// name is the chosen device's name; for the system's default, the name
// of the device the system uses when it is known.
func (d *deviceChooser) name() string {
	id := d.chosen()
	for _, dev := range d.devices {
		if (id == "" && dev.Default) || (id != "" && dev.ID == id) {
			return dev.Label
		}
	}
	return lang.L("app.devices.default")
}

// named tells onNamed the current name.
func (d *deviceChooser) named() {
	if d.onNamed != nil {
		d.onNamed(d.name())
	}
}

// chosen returns the chosen device's ID, "" for the system's default.
func (d *deviceChooser) chosen() string {
	i := d.sel.SelectedIndex()
	if i <= 0 || i > len(d.devices) {
		return ""
	}
	return d.devices[i-1].ID
}

// newDeviceChooser lists devices of kind (off the UI thread) into a menu
// whose first entry is the system's default, and remembers the choice as
// a token in the preferences.
func (u *ui) newDeviceChooser(kind DeviceKind) *deviceChooser {
	d := &deviceChooser{kind: kind}
	d.sel = widget.NewSelect([]string{lang.L("app.devices.default")}, nil)
	d.sel.SetSelectedIndex(0)
	if u.opts.ListDevices == nil {
		d.sel.Disable()
		return d
	}
	u.async(func() {
		devs := u.opts.ListDevices(kind)
		u.onUI(func() {
			before := d.chosen()
			d.devices = devs
			options := []string{lang.L("app.devices.default")}
			selected := 0
			want := u.prefs.get(devicePref(kind))
			for i, dev := range devs {
				options = append(options, dev.Label)
				if want != "" && deviceToken(dev.ID) == want {
					selected = i + 1
				}
			}
			d.sel.SetOptions(options)
			d.sel.SetSelectedIndex(selected)
			d.sel.OnChanged = func(string) {
				token := ""
				if id := d.chosen(); id != "" {
					token = deviceToken(id)
				}
				u.prefs.set(devicePref(kind), token)
				if d.onChange != nil {
					d.onChange()
				}
				d.named()
			}
			d.named()
			// The list comes after the screen: a saved choice other than
			// the default changes the device now.
			if d.chosen() != before && d.onChange != nil {
				d.onChange()
			}
		})
	})
	return d
}

// devicesSection is the folded-away device menus of the preview. The
// camera menu exists only with the camera chosen: in voice-only mode the
// cameras are not even listed.
func (u *ui) devicesSection(s *previewScreen) fyne.CanvasObject {
	s.microphone = u.newDeviceChooser(DeviceMicrophone)
	s.speaker = u.newDeviceChooser(DeviceSpeaker)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("app.devices.microphone"), s.microphone.sel),
		widget.NewFormItem(lang.L("app.devices.speaker"), s.speaker.sel),
	)
	s.deviceForm = form
	acc := widget.NewAccordion(widget.NewAccordionItem(lang.L("app.devices.title"), container.NewVBox(form)))
	return acc
}

// addCameraChooser adds the camera menu once the camera is chosen.
func (u *ui) addCameraChooser(s *previewScreen) {
	if s.camera != nil || s.deviceForm == nil {
		return
	}
	s.camera = u.newDeviceChooser(DeviceCamera)
	s.deviceForm.Append(lang.L("app.devices.camera"), s.camera.sel)
}
