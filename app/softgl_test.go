package app

import (
	"os"
	"testing"
)

func TestOneSoftwareRasterThreadUnlessTheUserSaysOtherwise(t *testing.T) {
	for _, tc := range []struct {
		name, user, want string
		userSet          bool
	}{
		{name: "not set", want: "0"},
		{name: "the user's own", user: "4", userSet: true, want: "4"},
		{name: "set empty by the user", user: "", userSet: true, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(softwareRasterThreads, tc.user) // restored after the test
			if !tc.userSet {
				os.Unsetenv(softwareRasterThreads)
			}
			useOneSoftwareRasterThread()
			if got := os.Getenv(softwareRasterThreads); got != tc.want {
				t.Errorf("LP_NUM_THREADS = %q, want %q", got, tc.want)
			}
		})
	}
}
