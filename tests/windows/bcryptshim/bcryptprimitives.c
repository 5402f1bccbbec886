/*
 * Test scaffolding for Wine 8 only, never shipped: Go 1.24+ asks
 * bcryptprimitives.dll for ProcessPrng, which real Windows 10 and later have
 * and Wine 8.0 lacks ("bcryptprimitives.dll not found"). This DLL exports
 * ProcessPrng by asking Wine's BCryptGenRandom for the system RNG, so the
 * randomness is as real as Wine's. The tests build it with mingw and copy it
 * into the temporary Wine prefix's system32.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
