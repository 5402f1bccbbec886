package privacy

import (
	"strings"

	"golang.org/x/sys/windows"
)

// windowsDisplayName is the name Windows shows for the signed-in account
// (GetUserNameExW NameDisplay: the directory's display name for domain and
// Entra accounts). Local and Microsoft accounts often have none there; then
// fallback, the account's full name as Go's os/user reads it, is used.
func windowsDisplayName(fallback string) (string, error) {
	buf := make([]uint16, 256)
	n := uint32(len(buf))
	if err := windows.GetUserNameEx(windows.NameDisplay, &buf[0], &n); err == nil && n > 0 {
		if name := strings.TrimSpace(windows.UTF16ToString(buf[:n])); name != "" {
			return name, nil
		}
	}
	return fallback, nil
}

// loginName drops the computer or domain part Windows puts before the
// account name (DESKTOP-4F2K\maria → maria): it is no one's name.
func loginName(username string) string {
	if _, after, ok := strings.Cut(username, `\`); ok {
		return after
	}
	return username
}
