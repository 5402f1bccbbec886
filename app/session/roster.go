package session

import (
	"strconv"

	"github.com/ringlet/ringlet/internal/peertext"
)

// reservedNames are the words the user's own tile and lines are shown
// under, in every language Ringlet speaks; nobody else may appear as
// them. They are compared folded (see peertext.Fold).
var reservedNames = []string{"You", "Sie", "Du", "Ich", "Me", "Ringlet"}

// roster gives every participant the name they are shown under: their
// own display name, cleaned, unless that would pass for someone else's.
// Two people whose names a reader cannot tell apart ("Quiet Owl" and
// "Quiet 0wl") are told apart with a number, "Quiet 0wl (2)", and names
// that pass for the user's own pseudonym or for "You" are numbered too.
// The first to arrive keeps the plain name. Not safe for concurrent use.
type roster struct {
	reserved map[string]bool   // folded names only the user may have
	labels   map[string]string // participant ID → name shown
	taken    map[string]int    // folded name shown → how many show it
}

func newRoster(pseudonym string) *roster {
	r := &roster{reserved: map[string]bool{}, labels: map[string]string{}, taken: map[string]int{}}
	self := peertext.Fold(pseudonym)
	if self != "" {
		r.reserved[self] = true
	}
	for _, w := range reservedNames {
		r.reserved[peertext.Fold(w)] = true
		// The own tile reads "You (Quiet Owl)" and the like.
		r.reserved[peertext.Fold(w+pseudonym)] = true
	}
	return r
}

// add names a participant (again, on a new display name) and returns the
// name to show.
func (r *roster) add(id, display string) string {
	r.remove(id)
	name := peertext.Name(display)
	if name == "" {
		name = "?"
	}
	label := name
	for n := 2; r.clash(peertext.Fold(label)); n++ {
		label = name + " (" + strconv.Itoa(n) + ")"
	}
	r.labels[id] = label
	r.taken[peertext.Fold(label)]++
	return label
}

func (r *roster) clash(folded string) bool { return r.reserved[folded] || r.taken[folded] > 0 }

func (r *roster) remove(id string) {
	label, ok := r.labels[id]
	if !ok {
		return
	}
	delete(r.labels, id)
	key := peertext.Fold(label)
	if r.taken[key]--; r.taken[key] <= 0 {
		delete(r.taken, key)
	}
}

// name is the name participant id is shown under, if present.
func (r *roster) name(id string) (string, bool) {
	l, ok := r.labels[id]
	return l, ok
}

// all returns a copy: participant ID → name shown.
func (r *roster) all() map[string]string {
	out := make(map[string]string, len(r.labels))
	for k, v := range r.labels {
		out[k] = v
	}
	return out
}
