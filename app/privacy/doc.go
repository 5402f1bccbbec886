// Package privacy runs the local check-up before a join: browser and Zoom
// sign-ins, the real-name guard, camera and blur. It only reads local files,
// sends nothing and stores nothing; findings carry i18n message keys.
package privacy
