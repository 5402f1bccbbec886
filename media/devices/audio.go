package devices

import (
	"sort"

	"github.com/gen2brain/malgo"
)

// ListMicrophones lists the capture devices miniaudio sees. It opens none.
func ListMicrophones() ([]Device, error) { return listAudio(malgo.Capture, Microphone) }

// ListSpeakers lists the playback devices miniaudio sees. It opens none.
func ListSpeakers() ([]Device, error) { return listAudio(malgo.Playback, Speaker) }

func listAudio(t malgo.DeviceType, kind Kind) ([]Device, error) {
	// miniaudio's log lines carry device names: drop them.
	ctx, err := malgo.InitContext(nil, malgo.ContextConfig{}, func(string) {})
	if err != nil {
		return nil, &Error{Key: ErrAudioSystem.Key, Err: err}
	}
	defer func() {
		_ = ctx.Uninit()
		ctx.Free()
	}()
	infos, err := ctx.Devices(t)
	if err != nil {
		return nil, &Error{Key: ErrAudioSystem.Key, Err: err}
	}
	devs := make([]Device, 0, len(infos))
	for i := range infos {
		devs = append(devs, Device{
			Kind:    kind,
			ID:      infos[i].ID.String(),
			Label:   infos[i].Name(),
			Default: infos[i].IsDefault != 0,
		})
	}
	sort.SliceStable(devs, func(i, j int) bool { return devs[i].ID < devs[j].ID })
	return devs, nil
}
