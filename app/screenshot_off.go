//go:build !screenshots

package app

// showScreenshotHook does nothing in the product: only a documentation
// build (go build -tags screenshots) jumps to a screen with made-up
// content (screenshot.go).
func showScreenshotHook(*ui) {}
