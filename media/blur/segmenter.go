package blur

import "image"

// NewDefaultSegmenter returns the segmenter a Stage uses when none is given.
func NewDefaultSegmenter() (Segmenter, error) {
	face, err := NewFaceSegmenter()
	if err != nil {
		return nil, err
	}
	return face, nil
}

var _ Segmenter = (*FaceSegmenter)(nil)
var _ = image.YCbCr{}
