// Package e2ee holds the tests of end-to-end encrypted rings on a real
// Janus: Ringlet participants whose frames the server forwards without
// being able to read them. It has no code of its own; see janus_test.go.
// (The frame format itself is tested in media/e2ee.)
package e2ee
