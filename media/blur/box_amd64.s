//go:build amd64

#include "textflag.h"

// func slideRowAVX2(sums *uint16, in, gone *uint8, n int)
// sums[x] += in[x] − gone[x], sixteen columns at a time; n is a multiple
// of 16.
TEXT ·slideRowAVX2(SB), NOSPLIT, $0-32
	MOVQ sums+0(FP), DI
	MOVQ in+8(FP), SI
	MOVQ gone+16(FP), BX
	MOVQ n+24(FP), CX
	SHRQ $4, CX
	JZ   slidedone

slideloop:
	VPMOVZXBW (SI), Y1
	VPMOVZXBW (BX), Y2
	VMOVDQU   (DI), Y0
	VPADDW    Y1, Y0, Y0
	VPSUBW    Y2, Y0, Y0
	VMOVDQU   Y0, (DI)
	ADDQ      $32, DI
	ADDQ      $16, SI
	ADDQ      $16, BX
	DECQ      CX
	JNZ       slideloop

slidedone:
	VZEROUPPER
	RET

// func emitRowAVX2(out *uint8, sums *uint16, n int, half, recip uint16)
// out[x] = (sums[x] + half)·recip >> 16, sixteen columns at a time; n is a
// multiple of 16.
TEXT ·emitRowAVX2(SB), NOSPLIT, $0-28
	MOVQ out+0(FP), DI
	MOVQ sums+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	JZ   emitdone
	VPBROADCASTW half+24(FP), Y3
	VPBROADCASTW recip+26(FP), Y4

emitloop:
	VMOVDQU      (SI), Y0
	VPADDW       Y3, Y0, Y0
	VPMULHUW     Y4, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPACKUSWB    X1, X0, X0
	VMOVDQU      X0, (DI)
	ADDQ         $32, SI
	ADDQ         $16, DI
	DECQ         CX
	JNZ          emitloop

emitdone:
	VZEROUPPER
	RET
