//go:build wine

package windows

import (
	"debug/pe"
	"slices"
	"strings"
	"testing"
)

// systemDLLs are the DLLs every Windows 10 and 11 has. ringlet.exe must need
// nothing else: no libwinpthread, libgcc or libstdc++ DLL from mingw, no
// libvpx or opus DLL.
var systemDLLs = []string{
	"advapi32.dll", "bcrypt.dll", "bcryptprimitives.dll", "comdlg32.dll", "crypt32.dll", "dnsapi.dll", "dwmapi.dll",
	"gdi32.dll", "imm32.dll", "iphlpapi.dll", "kernel32.dll", "msvcrt.dll", "mswsock.dll", "netapi32.dll",
	"ntdll.dll", "ole32.dll", "oleaut32.dll", "opengl32.dll", "powrprof.dll", "secur32.dll", "setupapi.dll",
	"shell32.dll", "shlwapi.dll", "user32.dll", "userenv.dll", "uxtheme.dll", "version.dll", "winmm.dll",
	"ws2_32.dll", "avrt.dll", "ksuser.dll", "mfplat.dll", "propsys.dll",
}

func TestExeIsPE32PlusGUI(t *testing.T) {
	f, err := pe.Open(exePath(t))
	if err != nil {
		t.Fatalf("not a PE file: %v", err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("machine %#x, want AMD64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		t.Fatalf("optional header %T: not PE32+", f.OptionalHeader)
	}
	// GUI, so that a double click or a ringlet:// link opens no console.
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want Windows GUI (%d)", oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	// debug/pe's ImportedLibraries is empty for PE files; the DLLs are
	// named in every imported symbol ("CreateFileW:KERNEL32.dll").
	syms, err := f.ImportedSymbols()
	if err != nil || len(syms) == 0 {
		t.Fatalf("no imports read: %v", err)
	}
	var libs []string
	for _, s := range syms {
		if _, dll, ok := strings.Cut(s, ":"); ok && !slices.Contains(libs, dll) {
			libs = append(libs, dll)
		}
	}
	for _, l := range libs {
		if !slices.Contains(systemDLLs, strings.ToLower(l)) {
			t.Errorf("ringlet.exe needs %s, which Windows does not have", l)
		}
	}
	t.Logf("imports: %v", libs)
	if f.Section(".rsrc") == nil {
		t.Error("no resource section: the icon is missing")
	}
}
