package localeenv

import "testing"

// The real proof is cmd/ringlet's TestNoFyneNoiseOnStderr, which runs the
// binary; this table pins down which environments are touched at all.
func TestSettleTouchesOnlyWhatFyneCannotParse(t *testing.T) {
	cases := []struct {
		env          map[string]string
		wantLanguage string // "" means LANGUAGE is left alone
	}{
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LANG": "POSIX.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "de_DE.UTF-8", "LANGUAGE": "C"}, "de"},
		{map[string]string{"LANG": "de_DE@euro"}, "de"},
		{map[string]string{"LANG": "C.UTF-8", "RINGLET_LANG": "de"}, "de"},
		{map[string]string{"LANG": "C"}, ""},
		{map[string]string{"LANG": "POSIX"}, ""},
		{map[string]string{}, ""},
		{map[string]string{"LANG": "de_DE.UTF-8"}, ""},
		{map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "fr:de"}, ""},
	}
	for _, c := range cases {
		var set string
		Settle(func(k string) string { return c.env[k] }, func(k, v string) error {
			if k != "LANGUAGE" {
				t.Errorf("%v: Settle set %s", c.env, k)
			}
			set = v
			return nil
		})
		if set != c.wantLanguage {
			t.Errorf("%v: LANGUAGE set to %q, want %q", c.env, set, c.wantLanguage)
		}
	}
}
