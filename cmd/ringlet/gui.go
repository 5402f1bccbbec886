package main

import "github.com/ringlet/ringlet/app"

func init() {
	gui = func(args []string) int { return app.Run(args) }
}
