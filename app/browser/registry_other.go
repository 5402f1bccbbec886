//go:build !windows

package browser

// registeredBrowsers has no registry to read outside Windows.
func registeredBrowsers() []string { return nil }
