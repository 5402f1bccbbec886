//go:build !windows

package privacy

// windowsDisplayName is only asked for on Windows (see osNames); elsewhere
// the full name comes from /etc/passwd or id -F.
func windowsDisplayName(fallback string) (string, error) { return fallback, nil }

// loginName is the login as the system gives it outside Windows.
func loginName(username string) string { return username }
