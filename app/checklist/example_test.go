package checklist_test

import (
	"fmt"
	"strings"

	"github.com/ringlet/ringlet/app/checklist"
)

// A helper starts from a template, names the group and shares it as a
// link; the newcomer's Ringlet turns the link back into the same file.
func ExampleShareLink() {
	c, err := checklist.Template("counselling")
	if err != nil {
		panic(err)
	}
	c.Ring.Name = "Beratung am Donnerstag"
	link, err := checklist.ShareLink(c, "https://beratung.example.org/start")
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(link, "https://beratung.example.org/start#ringlet-checklist="))

	back, err := checklist.ParseShareLink(link, checklist.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(back.Ring.Name)
	for _, s := range back.Steps {
		t, _ := s.Check.Text()
		fmt.Println(s.Level, t.TitleKey)
	}
	// Output:
	// true
	// Beratung am Donnerstag
	// required checklist.step.no_google_signin.title
	// required checklist.step.no_zoom_account.title
	// required checklist.step.headphones.title
	// recommended checklist.step.pseudonym_not_real_name.title
	// recommended checklist.step.camera_blurred.title
}
