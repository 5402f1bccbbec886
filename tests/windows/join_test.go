//go:build wine

package windows

import "testing"

// TestJoinUnderWine would run `ringlet.exe join --video-test-pattern` against
// a real Janus in a private network namespace (media/janus/janustest), with a
// Linux `ringlet join` in the same ring decoding its picture and sound, and
// the reverse. It is not done, and it is skipped rather than faked:
//
//   - The probe of 2026-12-01 reached the room from Wine and then failed at
//     ICE ("could not connect sound and picture"): Janus got no usable
//     candidate from the Wine side.
//   - Not verified in this session, but where to look first: since Wine 7
//     a Windows program's sockets are created by wineserver (the AFD device
//     lives in the server), and the interface list pion gathers from
//     (GetAdaptersAddresses) comes from nsiproxy.sys in a winedevice.exe
//     process. Both belong to the network namespace in which the prefix's
//     wineserver was started, not the one the program was started in. A
//     wineserver started outside janustest's namespace (as the shared test
//     prefix is) lists and binds the host's interfaces, where 127.0.0.2 on
//     jv0 does not exist. The test therefore needs its own prefix whose
//     wineserver is started inside the namespace, then to check which host
//     candidates pion offers (loopback is included for a loopback ring) and
//     whether mDNS (on by default) works on Wine's sockets.
func TestJoinUnderWine(t *testing.T) {
	t.Skip("not done: joining under Wine failed at ICE in the probe; see this test's comment for what is known and what to check")
}
