package app

import (
	"image"
	"time"

	xdraw "golang.org/x/image/draw"
)

// Pictures are made at the size their tile shows them, in the media
// goroutine that decoded them. Handed a full 640×480 YCbCr frame, Fyne
// converts it to RGBA on the UI thread and uploads all of it for the GL
// (Mesa's software rasteriser on most old laptops) to shrink again, for
// every picture. An RGBA picture of the tile's own size is uploaded as it
// is.

// defaultPictureBox is the size pictures are made at until their tile has
// been laid out once: about a tile of a four-person call.
var defaultPictureBox = image.Pt(320, 240)

// smallTileWidth is the tile width in pixels under which a tile gets
// smallTilePictureRate pictures a second instead of tilePictureRate: on a
// small picture fewer changes a second are not seen, and each costs a
// whole window repaint.
const (
	smallTileWidth       = 320
	smallTilePictureRate = 10
)

// fitInside is the largest size of src's aspect within box, as
// canvas.ImageFillContain shows it, and never larger than src.
func fitInside(src, box image.Point) image.Point {
	if src.X <= 0 || src.Y <= 0 || box.X <= 0 || box.Y <= 0 {
		return image.Point{}
	}
	if src.X <= box.X && src.Y <= box.Y {
		return src
	}
	w, h := box.X, src.Y*box.X/src.X
	if h > box.Y {
		w, h = src.X*box.Y/src.Y, box.Y
	}
	return image.Pt(max(w, 1), max(h, 1))
}

// scaleForTile converts frame to RGBA at the size it is shown in a box of
// box pixels. Bilinear: a nearest-neighbour picture shimmers when shrunk.
// For YCbCr frames x/image/draw converts and scales in one pass.
func scaleForTile(frame image.Image, box image.Point) image.Image {
	if frame == nil {
		return nil
	}
	size := fitInside(frame.Bounds().Size(), box)
	if size == (image.Point{}) {
		return frame
	}
	dst := image.NewRGBA(image.Rectangle{Max: size})
	xdraw.ApproxBiLinear.Scale(dst, dst.Rect, frame, frame.Bounds(), xdraw.Src, nil)
	return dst
}

// pictureInterval is the time between two pictures of a tile of this many
// pixels: the picture rate by tile size.
func pictureInterval(box image.Point) time.Duration {
	if box.X > 0 && box.X < smallTileWidth {
		return time.Second / smallTilePictureRate
	}
	return time.Second / tilePictureRate
}
