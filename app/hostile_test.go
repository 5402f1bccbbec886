package app

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/ringlet/ringlet/media/call"
)

// A flood of chat keeps the log to its last maxChatLines messages, and
// each new message adds one line without rebuilding the others (before,
// every message rebuilt the whole log: at 400 messages one took 170 ms).
func TestHostileChatFloodKeepsTheLogBounded(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	for i := range 1000 {
		u.apply(call.Chat{ParticipantID: "7", From: "Troll", Text: fmt.Sprintf("spam %d", i)})
	}
	if n := len(u.call.chatLog.Objects); n != maxChatLines {
		t.Fatalf("the log holds %d lines, want %d", n, maxChatLines)
	}
	if n := len(u.flow.chat); n != maxChatLines {
		t.Fatalf("the visit keeps %d messages, want %d", n, maxChatLines)
	}
	last := u.call.chatLog.Objects[len(u.call.chatLog.Objects)-1]
	u.apply(call.Chat{ParticipantID: "7", From: "Troll", Text: "one more"})
	objs := u.call.chatLog.Objects
	if objs[len(objs)-2] != last {
		t.Fatal("a new message rebuilt the lines before it")
	}
	if got := objs[len(objs)-1].(*widget.RichText).String(); got != "Troll: one more" {
		t.Fatalf("newest line %q", got)
	}
}

// Someone who talks, raises a hand or turns their camera on changes their
// own tile; the others' tiles and the grid stay as they are.
func TestHostileTalkingTouchesOneTile(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	u.apply(call.ParticipantJoined{ID: "1", Name: "Blue Heron"})
	u.apply(call.ParticipantJoined{ID: "2", Name: "Troll"})
	before := append([]fyne.CanvasObject(nil), u.call.tiles.Objects...)
	for i := range 50 {
		u.apply(call.Talking{ParticipantID: "2", On: i%2 == 0})
		u.apply(call.Hand{ParticipantID: "2", Up: i%2 == 0})
	}
	after := u.call.tiles.Objects
	if len(after) != 3 {
		t.Fatalf("%d tiles, want 3", len(after))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("tile %d was rebuilt by someone else's talking", i)
		}
	}
	u.apply(call.Talking{ParticipantID: "2", On: true})
	if !u.call.tileViews["2"].talking.Visible() || u.call.tileViews["1"].talking.Visible() {
		t.Fatal("talking is shown on the wrong tile")
	}
}

// Names from others are cleaned before they reach a tile or the chat:
// no terminal escapes, no bidi overrides, no 50 KB label.
func TestHostileNamesAreCleanedOnScreen(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	huge := "\u202eTroll\x1b[2J" + strings.Repeat("A", 50_000)
	u.apply(call.ParticipantJoined{ID: "9", Name: huge})
	u.apply(call.Chat{ParticipantID: "9", From: huge, Text: "hi\u202e\x1b]52;c;ZXZpbA==\x07"})
	name := u.call.tileViews["9"].name.Text
	if len([]rune(name)) > 64 || strings.ContainsAny(name, "\u202e\x1b") {
		t.Fatalf("tile shows %d letters: %.40q", len([]rune(name)), name)
	}
	line := u.call.chatLog.Objects[len(u.call.chatLog.Objects)-1].(*widget.RichText).String()
	if len([]rune(line)) > 100 || strings.ContainsAny(line, "\u202e\x1b\x07") {
		t.Fatalf("chat shows %.80q", line)
	}
}

// Events that arrive together are applied in one pass on the UI thread,
// so a flood of thousands of events takes a bounded number of passes and
// a tap on Leave waits for one pass at most.
func TestHostileEventFloodIsAppliedInBatches(t *testing.T) {
	u, _ := joinedUI(t, "en", Options{})
	// The session's adapter buffers its events as this channel does.
	c := &fakeCall{events: make(chan call.Event, 64)}
	var passes atomic.Int64
	queue := make(chan func(), 100_000)
	u.onUI = func(f func()) { passes.Add(1); queue <- f }
	u.listen(u.flow, c)
	const flood = 5000
	go func() {
		for i := range flood {
			c.events <- call.Chat{ParticipantID: "7", From: "Troll", Text: fmt.Sprint(i)}
		}
		// The last event marks the end of the flood.
		c.events <- call.Recording{On: true}
	}()
	for !u.flow.recording {
		(<-queue)()
	}
	if p := passes.Load(); p > flood/8 {
		t.Fatalf("%d events took %d passes on the UI thread", flood, p)
	}
	t.Logf("%d events in %d passes", flood, passes.Load())
}

// BenchmarkChatLineInAFullLog is what one more chat message costs the
// UI thread when the log is full (it cost 170 ms at 400 messages when
// every message rebuilt the log).
func BenchmarkChatLineInAFullLog(b *testing.B) {
	u, _ := joinedUI(b, "en", Options{})
	for i := range maxChatLines {
		u.apply(call.Chat{ParticipantID: "7", From: "Troll", Text: fmt.Sprint("spam ", i)})
	}
	b.ResetTimer()
	for i := range b.N {
		u.apply(call.Chat{ParticipantID: "7", From: "Troll", Text: fmt.Sprint("more ", i)})
	}
}
