// Package checklist is the helpers' setup checklist for newcomers: the .ring
// file format, its share-link form, validation and the printable handout.
//
// A helper (a group organiser or peer supporter) builds a Checklist once,
// usually from a Template, and hands it to newcomers as a .ring file, as a
// share link (the same bytes deflated into a URL fragment, which browsers
// never send to a web server) or as a printed one-page Handout. Ringlet then
// walks the newcomer through each Step.
//
// The package is a UI-free leaf: it imports nothing else of Ringlet. Where it
// needs a ring-link parser or translated text it takes functions through
// Options and HandoutOptions, so the CLI and GUI inject ring.Parse and the
// i18n catalog. Failures are *Error values carrying an i18n message key, and
// their Error strings never contain the checklist's content, because a
// checklist may carry a ring link with a PIN.
//
// The file format is specified in docs/CHECKLIST-FORMAT.md.
package checklist
