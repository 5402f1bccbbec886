package ring

import (
	"strings"
	"testing"
)

// BenchmarkParse measures Parse on typical links and on the worst inputs
// it accepts to read (a 64 KiB paste), which must stay linear.
func BenchmarkParse(b *testing.B) {
	cases := []struct{ name, in string }{
		{"ringlet", "ringlet://janus.example.org:8989/janus?room=1234&pin=geheim&title=Mittwochsrunde"},
		{"fragment", "https://gruppe.example.org/beitreten#janus=wss://janus.example.org/ws&room=42&pin=x"},
		{"demo_page", "https://janus.example.org/demos/videoroomtest.html?room=1234"},
		{"zoom_email", "Thomas lädt Sie zu einem Zoom-Meeting ein.\n\nZoom-Meeting beitreten\nhttps://us06web.zoom.us/j/81234567890?pwd=QWERTY.1&utm_source=mail\n\nMeeting-ID: 812 3456 7890\nKenncode: 123456"},
		{"teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjEzNTQ4YjAtZTRiYS00%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22b2%22%7d"},
		{"idn_host", "https://selbsthilfe-münchen.de/runde"},
		{"lookalike_reject", "https://zооm.us/j/85512345678"},
		{"paste_64KiB_no_link", strings.Repeat("Hallo ", MaxTextBytes/6)},
		{"token_4KiB_brackets", "https://a.example.org/" + strings.Repeat(")", MaxLinkBytes-30)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.in)))
			for b.Loop() {
				_, _ = Parse(c.in)
			}
		})
	}
}
