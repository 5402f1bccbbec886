package session

import "testing"

func TestHostileLookalikeNamesAreToldApart(t *testing.T) {
	r := newRoster("Stille Eule")
	steps := []struct {
		id, display, want string
	}{
		{"1", "Quiet Owl", "Quiet Owl"},
		{"2", "Quiet Owl", "Quiet Owl (2)"},
		{"3", "quiet 0wl", "quiet 0wl (3)"}, // a zero, and lower case: passes for the same
		{"4", "Quiet Оwl", "Quiet Оwl (4)"}, // Cyrillic О
		{"5", "Stille Eule", "Stille Eule (2)"},
		{"6", "St1lle\u200bEule", "St1lleEule (3)"},
		{"7", "You", "You (2)"},
		{"8", "Sie (Stille Eule)", "Sie (Stille Eule) (2)"},
		{"9", "", "?"},
		{"10", "\u202eBlue Heron\x1b[2J", "Blue Heron[2J"},
		{"11", "Blue Heron", "Blue Heron"},
	}
	for _, s := range steps {
		if got := r.add(s.id, s.display); got != s.want {
			t.Errorf("%s joins as %q: shown as %q, want %q", s.id, s.display, got, s.want)
		}
	}
	// When the first Quiet Owl leaves, a newcomer of that name takes a
	// number that is free, not one still shown.
	r.remove("1")
	if got := r.add("12", "Quiet Owl"); got != "Quiet Owl" {
		t.Errorf("after the first left: %q", got)
	}
	if got := r.add("13", "Quiet Owl"); got == "Quiet Owl (2)" || got == "Quiet Owl" {
		t.Errorf("a second newcomer shows as %q, which is taken", got)
	}
	if name, ok := r.name("2"); !ok || name != "Quiet Owl (2)" {
		t.Errorf("name(2) = %q, %v", name, ok)
	}
}
