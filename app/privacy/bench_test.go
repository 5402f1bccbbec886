package privacy

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// tenProfiles lays out ten browser profiles with real cookie databases:
// four in Chrome, two each in Edge and Brave, two in Firefox.
func tenProfiles(b *testing.B) string {
	home := b.TempDir()
	live := chromeTime(testNow.Add(time.Hour))
	chromeProfiles := func(n int, signedIn bool) []chromeProfile {
		var ps []chromeProfile
		for i := 0; i < n; i++ {
			info := signedOutInfo(fmt.Sprintf("Person %d", i+1))
			if signedIn && i == 0 {
				info = signedInInfo("Arbeit", "max.mustermann@gmail.com", "Max Mustermann")
			}
			dir := "Default"
			if i > 0 {
				dir = fmt.Sprintf("Profile %d", i)
			}
			cookies := []cookie{{".example.org", "session", live}, {".google.com", "NID", live}}
			if i%2 == 1 {
				cookies = append(cookies, cookie{".google.com", "SAPISID", live})
			}
			ps = append(ps, chromeProfile{dir: dir, info: info, cookies: cookies,
				prefs: map[string]any{"account_info": []any{}}})
		}
		return ps
	}
	writeChrome(b, filepath.Join(home, ".config", "google-chrome"), chromeProfiles(4, true)...)
	writeChrome(b, filepath.Join(home, ".config", "microsoft-edge"), chromeProfiles(2, false)...)
	writeChrome(b, filepath.Join(home, ".config", "BraveSoftware", "Brave-Browser"), chromeProfiles(2, false)...)
	ff := filepath.Join(home, ".mozilla", "firefox")
	writeFile(b, filepath.Join(ff, "profiles.ini"), "[Profile0]\nName=a\nIsRelative=1\nPath=a.default\n[Profile1]\nName=b\nIsRelative=1\nPath=b.default\n")
	writeFirefoxCookies(b, filepath.Join(ff, "a.default", "cookies.sqlite"), 16, cookie{".google.com", "SAPISID", testNow.Add(time.Hour).UnixMilli()})
	writeFirefoxCookies(b, filepath.Join(ff, "b.default", "cookies.sqlite"), 15, cookie{".example.org", "x", testNow.Add(time.Hour).Unix()})
	return home
}

// BenchmarkCheckUpTenProfiles measures the wall time of a whole check-up
// over ten browser profiles (goal: under 150 ms). Results and the command
// are in docs/bench/privacy.md.
func BenchmarkCheckUpTenProfiles(b *testing.B) {
	home := tenProfiles(b)
	opts := linuxOptions(home)
	opts.Pseudonym = "Stille Eule"
	opts.Login = "max"
	opts.ReadFile = func(string) ([]byte, error) {
		return []byte("max:x:1000:1000:Max Mustermann,,,:/home/max:/bin/sh\n"), nil
	}
	r := Run(context.Background(), opts)
	if len(r.Findings) < 5 || r.Worst() != StatusWarn {
		b.Fatalf("fixture not seen: %+v", r.Findings)
	}
	b.ResetTimer()
	for b.Loop() {
		Run(context.Background(), opts)
	}
}
