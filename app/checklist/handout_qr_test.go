package checklist

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// decodeQRs renders page 1 at a resolution a phone camera would roughly
// see and returns what zbarimg (zbar-tools) reads from it: nil when it
// finds no code at all.
func decodeQRs(t *testing.T, pdf []byte) []string {
	t.Helper()
	needTool(t, "pdftoppm")
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Fatalf("zbarimg (zbar-tools, see scripts/deps.sh) is needed to read the QR code back: %v", err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "h.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "page")
	if out, err := exec.Command("pdftoppm", "-f", "1", "-l", "1", "-r", "150", "-png", "-singlefile", in, page).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	cmd := exec.Command("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page+".png")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 4 {
		return nil // zbarimg's "no symbol found"
	}
	if err != nil {
		t.Fatalf("zbarimg: %v %s", err, stderr.String())
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// TestHandoutQRCodeIsTheRingLink reads the printed QR code back: it must
// hold exactly the ring link, PIN included (the sheet's caption says it is
// the link to the meeting), and a sheet without a link or with --no-qr
// must carry no code at all.
func TestHandoutQRCodeIsTheRingLink(t *testing.T) {
	links := []string{
		"ringlet://ring.example.org/janus?room=1234&pin=4711&title=Angeh%C3%B6rige",
		"ringlet://ring.example.org/janus?room=1234#key=Mond+und+Sterne",
		"https://meet.jit.si/SelbsthilfeGiessenDienstag#config.prejoinConfig.enabled=true",
	}
	for _, link := range links {
		c := fromTemplate(t, "self-help", "Selbsthilfegruppe Gießen", link)
		var pdf bytes.Buffer
		if err := WriteHandout(&pdf, c, HandoutOptions{Lang: "de", Translate: translator(t, "de")}); err != nil {
			t.Fatal(err)
		}
		got := decodeQRs(t, pdf.Bytes())
		if len(got) != 1 || got[0] != link {
			t.Errorf("QR code reads %q, want %q", got, link)
		}
	}
	for name, c := range map[string]*Checklist{
		"no link": fromTemplate(t, "counselling", "Beratung", ""),
		"no-qr":   fromTemplate(t, "self-help", "Gruppe", links[0]),
	} {
		var pdf bytes.Buffer
		if err := WriteHandout(&pdf, c, HandoutOptions{Lang: "en", Translate: translator(t, "en"), NoQR: name == "no-qr"}); err != nil {
			t.Fatal(err)
		}
		if got := decodeQRs(t, pdf.Bytes()); got != nil {
			t.Errorf("%s: the sheet carries a code: %q", name, got)
		}
	}
}
