package app

// trayAvailable: Windows always has a notification area (Shell_NotifyIcon,
// which Fyne's systray uses); there is no DBus to ask.
func trayAvailable() bool { return true }
