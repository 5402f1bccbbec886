package ring_test

import (
	"errors"
	"fmt"

	"github.com/ringlet/ringlet/app/ring"
)

func ExampleParse() {
	l, err := ring.Parse("ringlet://janus.example.org:8989/janus?room=1234&pin=4711&title=Mittwochsrunde")
	if err != nil {
		panic(err)
	}
	fmt.Println(l.Endpoint, l.Room, l.Title)
	fmt.Println(l) // the PIN never shows
	// Output:
	// wss://janus.example.org:8989/janus 1234 Mittwochsrunde
	// ringlet://janus.example.org:8989/janus?room=1234&pin=***&title=Mittwochsrunde
}

func ExampleParse_invitation() {
	mail := `Thomas lädt Sie zu einem Zoom-Meeting ein.
Zoom-Meeting beitreten
https://us06web.zoom.us/j/81234567890?pwd=QWERTY1&utm_source=newsletter
Kenncode: 123456`
	l, _ := ring.Parse(mail)
	fmt.Println(l.Platform.MessageKey(), l.Canonical())
	fmt.Println(l)
	// Output:
	// ring.platform.zoom https://us06web.zoom.us/j/81234567890?pwd=QWERTY1
	// https://us06web.zoom.us/j/81234567890?pwd=***
}

func ExampleParse_rejected() {
	_, err := ring.Parse("https://zооm.us/j/81234567890") // Cyrillic о
	var e *ring.Error
	if errors.As(err, &e) {
		fmt.Println(e.MessageKey())
	}
	// Output: ring.error.lookalike_host
}

func ExampleLink_Canonical() {
	l, _ := ring.Parse("http://127.0.0.2:8000/demos/videoroomtest.html?room=1234")
	fmt.Println(l.Endpoint, l.Loopback())
	fmt.Println(l.Canonical())
	// Output:
	// ws://127.0.0.2:8188/ true
	// ringlet://127.0.0.2:8188/?room=1234&tls=0
}
