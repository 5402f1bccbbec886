package app

// wireEngines fills Options with the real engines of this build: the call
// session, the check-up and the private browser. They live in their own
// packages; this file is the one seam that connects them to the GUI.
func wireEngines(opts *Options) {
}
