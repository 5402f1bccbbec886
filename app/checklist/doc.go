// Package checklist is the helpers' setup checklist for newcomers: the .ring
// file format, its share-link form, validation and the printable handout.
package checklist
