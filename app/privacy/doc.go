// Package privacy runs the local check-up before a join: browser and Zoom
// sign-ins, the real-name guard, camera and blur. It only reads local files,
// sends nothing and stores nothing; findings carry i18n message keys.
//
// # What is checked
//
//   - Google sign-in in the Chromium family (Chrome, Chromium, Edge, Brave,
//     Vivaldi), on Linux (also snap and flatpak), macOS and Windows. Every
//     profile listed in "Local State" (profile.info_cache) is looked at; a
//     profile counts as signed in to the browser when gaia_id or user_name
//     is set. google.services.last_username in Preferences survives a
//     sign-out and is ignored. A web-only session is found in the cookie
//     database (Network/Cookies, before Chromium 96 Cookies): a SAPISID or
//     companion cookie on .google.com that has not expired (expires_utc is
//     microseconds since 1601; 0 is a session cookie, alive while stored).
//   - Google sessions in Firefox: every profile of profiles.ini ([ProfileN]
//     and [Install…] defaults), cookies.sqlite's moz_cookies, whose expiry
//     is seconds, or milliseconds from PRAGMA user_version 16 (Firefox
//     142) on.
//   - The Zoom desktop client: per-account folders <22-char id>@xmpp.zoom.us
//     or an account section in client.config. These outlive a sign-out, so
//     the finding says the app "has been used with an account", never
//     "is signed in". Zoom's encrypted databases are not touched.
//   - Teams on Windows and macOS: classic Teams' desktop-config.json
//     (isLoggedOut); new Teams only by its data folder, again worded as
//     "has been used".
//   - The real-name guard (RealNameMatch): the pseudonym against the OS
//     account's full name (GECOS from /etc/passwd, macOS id -F, the Windows
//     display name), the login name and every account name the browser
//     checks saw.
//   - The camera (on/off, audio-only, and media/blur's verdict passed in as
//     a plain string) and the ring's own facts (privacy notice, recording).
//
// # How files are read
//
// Cookie databases are never opened in place and never copied: the file
// and its -wal companion are read into memory and SQLite
// (modernc.org/sqlite) opens that snapshot read-only through its fs.FS
// VFS, rebuilding the WAL index in memory (locking_mode=EXCLUSIVE) so rows
// still in the WAL count. Only host, name and expiry are selected (never
// values), and nothing, not even a temp file, reaches a disk: Firefox
// keeps cookie values in clear text. So a running browser's locks and
// unwritten WAL rows are no obstacle, and the original files stay
// byte-for-byte the same. A file that cannot be read
// (in use, as with Chrome on Windows, damaged, or not a file) turns into a
// "could not check" finding with the reason as evidence; nothing panics.
//
// Findings may name accounts (e-mail addresses are masked, MaskEmail) and
// are for the user's eyes only: nothing here logs, caches or writes them.
// Everything taken from the computer (OS, home, environment, clock, user
// names, /etc/passwd, commands) is injected through Options, so tests build
// Linux, macOS and Windows homes in temp folders.
package privacy
