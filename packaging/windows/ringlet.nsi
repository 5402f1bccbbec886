; Ringlet's Windows installer (NSIS 3, built by scripts/windows-installer.sh).
;
; Per user, no admin: everything goes under %LOCALAPPDATA%\Programs\Ringlet
; and HKCU, so people on a shared family laptop or a locked-down work
; account can install it. German or English, following the Windows display
; language (NSIS picks the inserted language that matches it; English when
; none does). The uninstaller removes everything the installer wrote and
; Ringlet's own preferences.
;
; Defined on the command line: VERSION, EXE (ringlet.exe to ship), ICON,
; OUTFILE.

Unicode true
; A 64-bit stub: the default 32-bit one fails silently on 64-bit-only Wine,
; and ringlet.exe is 64-bit anyway.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define APP "Ringlet"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Ringlet"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Ringlet"
Icon "${ICON}"
UninstallIcon "${ICON}"
BrandingText " "
ShowInstDetails nevershow
ShowUninstDetails nevershow

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\ringlet.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback for display languages not listed.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "German"

LangString WelcomeTitle ${LANG_ENGLISH} "Install Ringlet"
LangString WelcomeTitle ${LANG_GERMAN} "Ringlet installieren"
LangString WelcomeText ${LANG_ENGLISH} "Ringlet lets you join your group's video call with a name of your choice, after a short privacy check-up.$\r$\n$\r$\nIt is installed for you only and needs no administrator password."
LangString WelcomeText ${LANG_GERMAN} "Mit Ringlet nehmen Sie mit einem selbst gewählten Namen am Videotreffen Ihrer Gruppe teil, nach einem kurzen Privatsphäre-Check.$\r$\n$\r$\nEs wird nur für Sie installiert und braucht kein Administrator-Passwort."
LangString LinkName ${LANG_ENGLISH} "Ringlet link"
LangString LinkName ${LANG_GERMAN} "Ringlet-Link"
LangString FileName ${LANG_ENGLISH} "Ringlet checklist"
LangString FileName ${LANG_GERMAN} "Ringlet-Checkliste"

!define MUI_WELCOMEPAGE_TITLE "$(WelcomeTitle)"
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} Setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Ringlet"

Section "Ringlet"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=ringlet.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\Ringlet.lnk" "$INSTDIR\ringlet.exe" "" "$INSTDIR\ringlet.exe" 0

  ; ringlet:// links, for this user only. The link is passed as one quoted
  ; argument; Ringlet parses it like a pasted link.
  WriteRegStr HKCU "Software\Classes\ringlet" "" "URL:$(LinkName)"
  WriteRegStr HKCU "Software\Classes\ringlet" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\ringlet\DefaultIcon" "" "$INSTDIR\ringlet.exe,0"
  WriteRegStr HKCU "Software\Classes\ringlet\shell\open\command" "" '"$INSTDIR\ringlet.exe" "%1"'

  ; .ring checklist files.
  WriteRegStr HKCU "Software\Classes\.ring" "" "Ringlet.Checklist"
  WriteRegStr HKCU "Software\Classes\Ringlet.Checklist" "" "$(FileName)"
  WriteRegStr HKCU "Software\Classes\Ringlet.Checklist\DefaultIcon" "" "$INSTDIR\ringlet.exe,0"
  WriteRegStr HKCU "Software\Classes\Ringlet.Checklist\shell\open\command" "" '"$INSTDIR\ringlet.exe" "%1"'

  ; Apps & features.
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Ringlet"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\ringlet.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" ${SIZE_KB}

  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\ringlet.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Ringlet.lnk"

  DeleteRegKey HKCU "Software\Classes\ringlet"
  ; Only our own .ring association: another program may have taken it over.
  ReadRegStr $0 HKCU "Software\Classes\.ring" ""
  StrCmp $0 "Ringlet.Checklist" 0 +2
    DeleteRegKey HKCU "Software\Classes\.ring"
  DeleteRegKey HKCU "Software\Classes\Ringlet.Checklist"
  DeleteRegKey HKCU "${UNINSTKEY}"

  ; Ringlet's preferences (the whitelisted settings Fyne keeps under
  ; %APPDATA%\fyne\org.ringlet.Ringlet), so nothing says Ringlet was here.
  RMDir /r "$APPDATA\fyne\org.ringlet.Ringlet"
  RMDir "$APPDATA\fyne"

  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
