package checklist

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// HandoutOptions says how to print a checklist.
type HandoutOptions struct {
	// Lang picks the helper's texts (privacy notice, custom steps) by
	// language code; Translate must answer in the same language.
	Lang string
	// Translate turns a message key into text; the CLI passes the i18n
	// catalog. It is required: this package holds no prose of its own.
	Translate func(key string, args map[string]any) string
	// NoQR leaves the ring link off the sheet even when the checklist
	// has one, for helpers who hand the link over separately.
	NoQR bool
}

// The page is calm on purpose: large type, one accent colour, lots of
// white space, no red. Its readers are often anxious.
var (
	colourText   = [3]int{33, 37, 41}
	colourMuted  = [3]int{96, 104, 112}
	colourAccent = [3]int{22, 101, 104}
	colourSoft   = [3]int{225, 240, 239}
	colourPaper  = [3]int{246, 248, 248}
)

const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	margin       = 16.0
	contentWidth = pageWidth - 2*margin
	qrSide       = 42.0
	iconRadius   = 7.0
	font         = "go"
)

// fixedDate replaces the PDF's creation time so that a handout does not
// reveal when the helper made it, and equal checklists give equal files.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteHandout prints c as a one- or two-page A4 PDF for newcomers. The
// ring link appears only as a QR code, never as readable text, because it
// may contain the room's PIN; the sheet says so and asks not to pass it on.
func WriteHandout(w io.Writer, c *Checklist, opts HandoutOptions) error {
	if err := c.Validate(Options{}); err != nil {
		return err
	}
	if opts.Translate == nil {
		return fail(KeyHandout, nil)
	}
	h := &handout{c: c, opts: opts, pdf: fpdf.New("P", "mm", "A4", "")}
	h.setup()
	if err := h.render(); err != nil {
		return err
	}
	if err := h.pdf.Output(w); err != nil {
		return &Error{Key: KeyHandout, Err: err}
	}
	return nil
}

type handout struct {
	c    *Checklist
	opts HandoutOptions
	pdf  *fpdf.Fpdf
	// qrPrinted is set once the link's QR code is on the sheet; the way
	// into the ring then starts with a phone's camera.
	qrPrinted bool
}

func (h *handout) t(key string) string { return h.opts.Translate(key, nil) }

func (h *handout) setup() {
	p := h.pdf
	p.SetCreationDate(fixedDate)
	p.SetModificationDate(fixedDate)
	p.SetCatalogSort(true)
	p.SetTitle(pdfText(h.c.Ring.Name), true)
	p.SetProducer("Ringlet", false)
	p.AddUTF8FontFromBytes(font, "", goregular.TTF)
	p.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.SetCellMargin(0)
	p.SetLineCapStyle("round")
	p.SetLineJoinStyle("round")
	// Later pages repeat the group's name, so a loose second sheet still
	// says where it belongs.
	p.SetHeaderFunc(func() {
		if p.PageNo() < 2 {
			return
		}
		p.SetFont(font, "B", 10)
		setText(p, colourAccent)
		p.SetXY(margin, margin)
		lines := h.wrap(h.t("checklist.handout.kicker")+" · "+h.c.Ring.Name, contentWidth-5)
		if len(lines) > 1 {
			lines[0] += " …"
		}
		p.CellFormat(contentWidth, 5, lines[0], "", 1, "L", false, 0, "")
		p.SetY(margin + 10)
	})
	p.SetFooterFunc(func() {
		p.SetFont(font, "", 8.5)
		setText(p, colourMuted)
		p.SetXY(margin, pageHeight-margin+4)
		p.CellFormat(contentWidth, 4, pdfText(h.t("checklist.handout.footer")), "", 0, "L", false, 0, "")
	})
}

func (h *handout) render() error {
	p := h.pdf
	p.AddPage()
	h.header()
	h.wayIn()
	h.steps()
	h.reassurance()
	h.privacy()
	if p.Err() {
		return &Error{Key: KeyHandout, Err: p.Error()}
	}
	return nil
}

// header prints the ring's name and times, with the QR code (or the note
// that the link comes separately) on the right.
func (h *handout) header() {
	p := h.pdf
	textWidth := contentWidth - qrSide - 8
	p.SetFont(font, "B", 10)
	setText(p, colourAccent)
	p.SetXY(margin, margin)
	p.CellFormat(textWidth, 5, pdfText(h.t("checklist.handout.kicker")), "", 1, "L", false, 0, "")

	p.SetY(margin + 8)
	p.SetFont(font, "B", 22)
	setText(p, colourText)
	h.paragraph(margin, textWidth, 9.5, h.c.Ring.Name)

	if h.c.Ring.Times != "" {
		y := p.GetY() + 3
		clockIcon(p, margin+3, y+3, 3)
		p.SetY(y)
		p.SetFont(font, "", 13)
		setText(p, colourText)
		h.paragraph(margin+9, textWidth-9, 6, h.c.Ring.Times)
	}
	p.SetY(p.GetY() + 4)
	p.SetFont(font, "", 11.5)
	setText(p, colourMuted)
	h.paragraph(margin, textWidth, 5.5, h.t("checklist.handout.intro"))
	textBottom := p.GetY()

	boxBottom := h.linkBox(pageWidth - margin - qrSide)
	p.SetY(math.Max(textBottom, boxBottom) + 6)
}

// linkBox draws the QR code of the ring link, or says the link comes
// separately, and returns where it ends.
func (h *handout) linkBox(x float64) float64 {
	p := h.pdf
	y := margin
	if h.c.Ring.Link != "" && !h.opts.NoQR {
		png, err := qrcode.Encode(h.c.Ring.Link, qrcode.Medium, 600)
		if err == nil {
			p.RegisterImageOptionsReader("ring-link-qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
			p.ImageOptions("ring-link-qr", x, y, qrSide, qrSide, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
			h.qrPrinted = true
			p.SetY(y + qrSide + 1)
			p.SetFont(font, "B", 8.5)
			setText(p, colourText)
			h.paragraph(x, qrSide, 3.8, h.t("checklist.handout.qr_caption"))
			p.SetFont(font, "", 7.5)
			setText(p, colourMuted)
			h.paragraph(x, qrSide, 3.4, h.t(h.qrWarning()))
			return p.GetY()
		}
		// A link too long for a QR code is treated like no link at all:
		// the helper gets the same "send it separately" sheet.
	}
	p.SetFont(font, "", 10)
	lines := h.wrap(h.t("checklist.handout.link_separately"), qrSide-8)
	boxHeight := float64(len(lines))*4.8 + 20
	setFill(p, colourPaper)
	setDraw(p, colourAccent)
	p.SetLineWidth(0.4)
	p.SetDashPattern([]float64{1.5, 1.2}, 0)
	p.RoundedRect(x, y, qrSide, boxHeight, 3, "1234", "DF")
	p.SetDashPattern(nil, 0)
	envelopeIcon(p, x+qrSide/2, y+8)
	setText(p, colourText)
	p.SetY(y + 15)
	for _, line := range lines {
		p.SetX(x + 4)
		p.CellFormat(qrSide-8, 4.8, line, "", 1, "C", false, 0, "")
	}
	return y + boxHeight
}

// qrWarning is what is printed under the QR code: with an end-to-end key
// in the link the code is not only the way in but the key to everything
// said in the ring, and the sheet says so.
func (h *handout) qrWarning() string {
	if LinkHoldsKey(h.c.Ring.Link) {
		return "checklist.handout.qr_holds_key"
	}
	return "checklist.handout.do_not_pass_on"
}

// buttonLabels are the app's own labels, through the app's keys, so that
// the sheet names exactly the buttons a newcomer will see.
func (h *handout) buttonLabels() map[string]any {
	return map[string]any{
		"Paste":     h.t("app.link.paste"),
		"Next":      h.t("app.link.next"),
		"SoundOnly": h.t("app.preview.voice_only"),
		"Join":      h.t("app.preview.join"),
	}
}

// wayInKeys are the numbered steps from a printed sheet to the ring:
// install Ringlet, bring the link to the computer (from the QR code by
// phone, or from the group's message), paste it, join.
func (h *handout) wayInKeys() []string {
	keys := []string{"checklist.handout.way.install"}
	if h.qrPrinted {
		keys = append(keys, "checklist.handout.way.scan", "checklist.handout.way.send")
	} else {
		keys = append(keys, "checklist.handout.way.link")
	}
	return append(keys, "checklist.handout.way.paste", "checklist.handout.way.join")
}

// sectionHeading prints a section's heading in the accent colour, then
// gap millimetres of space.
func (h *handout) sectionHeading(key string, gap float64) {
	p := h.pdf
	p.SetFont(font, "B", 16)
	setText(p, colourAccent)
	p.SetX(margin)
	p.CellFormat(contentWidth, 8, pdfText(h.t(key)), "", 1, "L", false, 0, "")
	p.SetY(p.GetY() + gap)
}

// wayIn prints how to get from this sheet into the ring, numbered.
func (h *handout) wayIn() {
	p := h.pdf
	h.sectionHeading("checklist.handout.way_heading", 1)
	labels := h.buttonLabels()
	textX := margin + 9
	for i, key := range h.wayInKeys() {
		top := p.GetY()
		setFill(p, colourAccent)
		p.Circle(margin+3, top+2.9, 2.9, "F")
		p.SetFont(font, "B", 9.5)
		setText(p, [3]int{255, 255, 255})
		p.SetXY(margin, top+0.4)
		p.CellFormat(6, 5, fmt.Sprint(i+1), "", 0, "C", false, 0, "")
		p.SetFont(font, "", 11)
		setText(p, colourText)
		p.SetY(top)
		h.paragraph(textX, contentWidth-9, 5.4, h.opts.Translate(key, labels))
		p.SetY(p.GetY() + 1.6)
	}
	p.SetY(p.GetY() + 4)
}

func (h *handout) steps() {
	p := h.pdf
	h.sectionHeading("checklist.handout.steps_heading", 2)

	textX := margin + 8 + 2*iconRadius + 6
	textWidth := pageWidth - margin - textX
	for i, s := range h.c.Steps {
		title, why, how := h.stepTexts(s)
		// Measure first, so a step is never split across pages.
		p.SetFont(font, "B", 13.5)
		height := float64(len(h.wrap(title, textWidth-28))) * 6.2
		p.SetFont(font, "", 11)
		height += float64(len(h.wrap(why, textWidth))) * 5
		p.SetFont(font, "", 10.5)
		if how != "" {
			height += float64(len(h.wrap(how, textWidth))) * 4.7
		}
		height = math.Max(height, 2*iconRadius+2) + 4
		if p.GetY()+height > pageHeight-margin-4 {
			p.AddPage()
		}
		top := p.GetY()

		// A box to tick on paper, then the step's picture.
		setDraw(p, colourAccent)
		p.SetLineWidth(0.5)
		p.RoundedRect(margin, top+4, 6, 6, 1, "1234", "D")
		h.stepIcon(s, i, margin+8+iconRadius+1, top+iconRadius)
		h.levelTag(s.Level, top+0.3)

		p.SetFont(font, "B", 13.5)
		setText(p, colourText)
		p.SetY(top)
		h.paragraph(textX, textWidth-28, 6.2, title)
		p.SetFont(font, "", 11)
		h.paragraph(textX, textWidth, 5, why)
		if how != "" {
			p.SetFont(font, "", 10.5)
			setText(p, colourMuted)
			h.paragraph(textX, textWidth, 4.7, how)
		}
		p.SetY(math.Max(p.GetY(), top+2*iconRadius+2) + 4)
	}
}

// reassurance tells the reader that nothing here is a test: the people
// this sheet is for are often afraid of doing something wrong.
func (h *handout) reassurance() {
	p := h.pdf
	p.SetFont(font, "B", 11.5)
	lines := h.wrap(h.t("checklist.handout.reassurance"), contentWidth)
	if p.GetY()+float64(len(lines))*5.5+2 > pageHeight-margin-4 {
		p.AddPage()
	}
	setText(p, colourAccent)
	h.paragraph(margin, contentWidth, 5.5, h.t("checklist.handout.reassurance"))
	p.SetY(p.GetY() + 3)
}

// stepTexts returns what the newcomer reads for one step: built-in checks
// come from the translations, custom ones from the helper.
func (h *handout) stepTexts(s Step) (title, why, how string) {
	if t, ok := s.Check.Text(); ok {
		return h.t(t.TitleKey), h.t(t.WhyKey), h.t(t.HowKey)
	}
	return Localized(s.Title, h.opts.Lang), Localized(s.Text, h.opts.Lang), ""
}

func (h *handout) levelTag(l Level, y float64) {
	p := h.pdf
	p.SetFont(font, "B", 8.5)
	label := pdfText(h.opts.Translate(l.MessageKey(), nil))
	w := p.GetStringWidth(label) + 5
	x := pageWidth - margin - w
	p.SetLineWidth(0.4)
	setDraw(p, colourAccent)
	if l == Required {
		setFill(p, colourAccent)
		setText(p, [3]int{255, 255, 255})
		p.RoundedRect(x, y, w, 5.5, 2.7, "1234", "DF")
	} else {
		setText(p, colourAccent)
		p.RoundedRect(x, y, w, 5.5, 2.7, "1234", "D")
	}
	p.SetXY(x, y)
	p.CellFormat(w, 5.5, label, "", 0, "CM", false, 0, "")
}

func (h *handout) privacy() {
	notice := Localized(h.c.Privacy, h.opts.Lang)
	if notice == "" {
		return
	}
	p := h.pdf
	const lineHeight, boxChrome = 5.6, 18.0
	p.SetFont(font, "", 11.5)
	lines := h.wrap(notice, contentWidth-10)
	bottom := pageHeight - margin - 4
	// Keep the notice whole when it fits on a fresh page; a very long one
	// continues in a second box, each with the heading, on the next pages.
	height := float64(len(lines))*lineHeight + boxChrome
	freshPage := bottom - (margin + 10)
	if p.GetY()+height > bottom && height <= freshPage {
		p.AddPage()
	}
	for len(lines) > 0 {
		fits := int((bottom - p.GetY() - boxChrome) / lineHeight)
		if fits < 3 {
			p.AddPage()
			continue
		}
		chunk := lines[:min(fits, len(lines))]
		lines = lines[len(chunk):]
		h.privacyBox(chunk, lineHeight, boxChrome)
		if len(lines) > 0 {
			p.AddPage()
		}
	}
}

func (h *handout) privacyBox(lines []string, lineHeight, boxChrome float64) {
	p := h.pdf
	top := p.GetY() + 2
	setFill(p, colourSoft)
	p.RoundedRect(margin, top, contentWidth, float64(len(lines))*lineHeight+boxChrome, 3, "1234", "F")
	shieldIcon(p, margin+8, top+7)
	p.SetFont(font, "B", 13)
	setText(p, colourAccent)
	p.SetXY(margin+14, top+4)
	p.CellFormat(contentWidth-20, 6, pdfText(h.t("checklist.handout.privacy_heading")), "", 1, "L", false, 0, "")
	p.SetFont(font, "", 11.5)
	setText(p, colourText)
	p.SetY(top + 13)
	for _, line := range lines {
		p.SetX(margin + 5)
		p.CellFormat(contentWidth-10, lineHeight, line, "", 1, "L", false, 0, "")
	}
	p.SetY(top + float64(len(lines))*lineHeight + boxChrome + 2)
}

// paragraph writes wrapped text at x and moves below it.
func (h *handout) paragraph(x, width, lineHeight float64, text string) {
	p := h.pdf
	for _, line := range h.wrap(text, width) {
		p.SetX(x)
		p.CellFormat(width, lineHeight, line, "", 1, "L", false, 0, "")
	}
}

// wrap breaks text into lines that fit width in the current font. It
// measures rune by rune itself because the helper's text may hold
// characters outside the font.
func (h *handout) wrap(text string, width float64) []string {
	p := h.pdf
	var lines []string
	for _, para := range strings.Split(pdfText(text), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			candidate := word
			if line != "" {
				candidate = line + " " + word
			}
			if p.GetStringWidth(candidate) <= width {
				line = candidate
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			line = ""
			// A word longer than the line is cut where it must be.
			for _, r := range word {
				if p.GetStringWidth(line+string(r)) > width && line != "" {
					lines = append(lines, line)
					line = ""
				}
				line += string(r)
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// pdfText keeps only what the embedded font tables can index: the PDF
// library's UTF-8 support stops at the Basic Multilingual Plane, so
// emoji and the like become a plain placeholder instead of a crash.
func pdfText(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xfffe || r == '\t' {
			if r == '\t' {
				return ' '
			}
			return '?'
		}
		return r
	}, s)
}

func setText(p *fpdf.Fpdf, c [3]int) { p.SetTextColor(c[0], c[1], c[2]) }
func setFill(p *fpdf.Fpdf, c [3]int) { p.SetFillColor(c[0], c[1], c[2]) }
func setDraw(p *fpdf.Fpdf, c [3]int) { p.SetDrawColor(c[0], c[1], c[2]) }

// stepIcon draws a step's picture in a soft circle: the helper's own image
// for a custom step that has one, otherwise a simple line drawing.
func (h *handout) stepIcon(s Step, index int, cx, cy float64) {
	p := h.pdf
	setFill(p, colourSoft)
	p.Circle(cx, cy, iconRadius, "F")
	if s.IsCustom() && len(s.Image) > 0 {
		name := fmt.Sprintf("step-image-%d", index)
		kind := "JPG"
		if ImageIsPNG(s.Image) {
			kind = "PNG"
		}
		info := p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(s.Image))
		if info != nil && !p.Err() {
			side := 2 * iconRadius
			w, ht := info.Width(), info.Height()
			dw, dh := side, side*ht/w
			if ht > w {
				dw, dh = side*w/ht, side
			}
			p.ImageOptions(name, cx-dw/2, cy-dh/2, dw, dh, false, fpdf.ImageOptions{ImageType: kind}, 0, "")
			return
		}
	}
	setDraw(p, colourAccent)
	p.SetLineWidth(0.6)
	switch s.Check {
	case NoGoogleSignin:
		doorIcon(p, cx, cy)
	case NoZoomAccount:
		personIcon(p, cx, cy)
		strike(p, cx, cy)
	case PseudonymNotRealName:
		nameTagIcon(p, cx, cy)
	case AudioOnly:
		cameraIcon(p, cx, cy)
		strike(p, cx, cy)
	case CameraBlurred:
		cameraIcon(p, cx, cy)
		blurDots(p, cx, cy)
	case Headphones:
		headphonesIcon(p, cx, cy)
	case StartMuted:
		microphoneIcon(p, cx, cy)
		strike(p, cx, cy)
	default:
		tickIcon(p, cx, cy)
	}
}

func strike(p *fpdf.Fpdf, cx, cy float64) {
	p.SetLineWidth(0.8)
	p.Line(cx-4.2, cy-4.2, cx+4.2, cy+4.2)
	p.SetLineWidth(0.6)
}

func doorIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.Rect(cx-4, cy-4.2, 4.5, 8.4, "D")
	p.Circle(cx-0.8, cy, 0.35, "F")
	p.Line(cx-0.5, cy, cx+4.2, cy)
	p.Line(cx+2.6, cy-1.6, cx+4.2, cy)
	p.Line(cx+2.6, cy+1.6, cx+4.2, cy)
}

func personIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.Circle(cx, cy-2, 1.9, "D")
	p.Arc(cx, cy+4.2, 3.8, 3.6, 0, 0, 180, "D")
}

func nameTagIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.RoundedRect(cx-4.5, cy-3, 9, 6.2, 1, "1234", "D")
	p.Circle(cx-2.6, cy-0.2, 1, "D")
	p.Line(cx-0.6, cy-1, cx+3.2, cy-1)
	p.Line(cx-0.6, cy+0.8, cx+2, cy+0.8)
}

func cameraIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.RoundedRect(cx-4.4, cy-2.4, 6, 4.8, 0.8, "1234", "D")
	p.Polygon([]fpdf.PointType{{X: cx + 1.6, Y: cy - 0.6}, {X: cx + 4.4, Y: cy - 2.2}, {X: cx + 4.4, Y: cy + 2.2}, {X: cx + 1.6, Y: cy + 0.6}}, "D")
}

func blurDots(p *fpdf.Fpdf, cx, cy float64) {
	setFill(p, colourAccent)
	for _, d := range [][2]float64{{-4.6, -4.2}, {-2, -4.6}, {1, -4.4}, {3.8, -3.8}, {-4.4, 4}, {-1.4, 4.4}, {1.6, 4.3}, {4.2, 3.8}} {
		p.Circle(cx+d[0], cy+d[1], 0.45, "F")
	}
}

func headphonesIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.Arc(cx, cy+0.8, 4, 4.2, 0, 180, 360, "D")
	setFill(p, colourAccent)
	p.RoundedRect(cx-4.8, cy+0.2, 2, 3.8, 0.7, "1234", "F")
	p.RoundedRect(cx+2.8, cy+0.2, 2, 3.8, 0.7, "1234", "F")
}

func microphoneIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.RoundedRect(cx-1.4, cy-4.3, 2.8, 5.6, 1.4, "1234", "D")
	p.Arc(cx, cy-0.3, 3, 3, 0, 0, 180, "D")
	p.Line(cx, cy+2.7, cx, cy+4.3)
	p.Line(cx-1.8, cy+4.3, cx+1.8, cy+4.3)
}

func tickIcon(p *fpdf.Fpdf, cx, cy float64) {
	p.SetLineWidth(1)
	p.Line(cx-3.2, cy+0.2, cx-0.9, cy+2.6)
	p.Line(cx-0.9, cy+2.6, cx+3.6, cy-2.6)
	p.SetLineWidth(0.6)
}

func clockIcon(p *fpdf.Fpdf, cx, cy, r float64) {
	setDraw(p, colourAccent)
	p.SetLineWidth(0.5)
	p.Circle(cx, cy, r, "D")
	p.Line(cx, cy, cx, cy-r*0.65)
	p.Line(cx, cy, cx+r*0.5, cy+r*0.2)
}

func envelopeIcon(p *fpdf.Fpdf, cx, cy float64) {
	setDraw(p, colourAccent)
	p.SetLineWidth(0.5)
	p.Rect(cx-5, cy-3.2, 10, 6.4, "D")
	p.Line(cx-5, cy-3.2, cx, cy+0.6)
	p.Line(cx, cy+0.6, cx+5, cy-3.2)
}

func shieldIcon(p *fpdf.Fpdf, cx, cy float64) {
	setFill(p, colourAccent)
	p.Polygon([]fpdf.PointType{
		{X: cx - 3, Y: cy - 3}, {X: cx, Y: cy - 4}, {X: cx + 3, Y: cy - 3},
		{X: cx + 3, Y: cy}, {X: cx, Y: cy + 3.6}, {X: cx - 3, Y: cy},
	}, "F")
}
