// Package screens checks Ringlet's real window, under Xvfb with Fyne's GL
// driver, where the test driver cannot see: how big each screen makes the
// window on a laptop's 1366×768 screen. Only its tests exist.
package screens
