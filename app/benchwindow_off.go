//go:build !benchwindow

package app

import "github.com/ringlet/ringlet/app/session"

// The product build: no bench camera, no counters (see benchwindow.go).

func benchVideoFile() string { return "" }

func benchWatch(*session.Options) func(*session.Session) { return func(*session.Session) {} }
