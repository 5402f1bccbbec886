//go:build amd64

#include "textflag.h"

// func compositeRowAVX2(row *uint8, n int, b0, b1, a0, a1 *uint16, fy, fy0 uint32)
// Eight pixels at a time, in 32-bit lanes so the result equals the
// portable loop's bit for bit:
//   b = (b0·(256−fy) + b1·fy + 2^15) >> 16
//   a = (a0·(256−fy) + a1·fy + 2^15) >> 16
//   row = b + (((row − b)·a·257 + 2^15) >> 16)   (arithmetic shift)
// fy0 is 256 − fy. n is a multiple of 8. Runs of eight pixels that both
// alpha rows mark as sure person (255·256) are skipped: the formula leaves
// them unchanged.
TEXT ·compositeRowAVX2(SB), NOSPLIT, $0-56
	MOVQ row+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ b0+16(FP), R8
	MOVQ b1+24(FP), R9
	MOVQ a0+32(FP), R10
	MOVQ a1+40(FP), R11
	SHRQ $3, CX
	JZ   done

	// Constants without legacy SSE moves: mixing those with AVX code
	// costs a state transition each time (it made this loop 4× slower).
	VBROADCASTSS fy+48(FP), Y14  // fy (the bits; a float broadcast is a 32-bit one)
	VBROADCASTSS fy0+52(FP), Y13 // 256 − fy
	VPCMPEQD     Y12, Y12, Y12
	VPSRLD       $31, Y12, Y12   // 1
	VPSLLD       $8, Y12, Y11
	VPADDD       Y12, Y11, Y11   // 257
	VPSLLD       $15, Y12, Y12   // rounding: 2^15
	VPCMPEQW     X10, X10, X10
	VPSLLW       $8, X10, X10    // 255·256: alpha of sure person

loop:
	// Eight pixels that both alpha rows mark as sure person stay as they
	// are (the formula would give them back unchanged): skip them.
	VMOVDQU   (R10), X2
	VMOVDQU   (R11), X3
	VPAND     X2, X3, X4
	VPCMPEQW  X10, X4, X4
	VPMOVMSKB X4, AX
	CMPL      AX, $0xffff
	JEQ       next

	VPMOVZXWD (R8), Y0
	VPMOVZXWD (R9), Y1
	VPMULLD   Y13, Y0, Y0
	VPMULLD   Y14, Y1, Y1
	VPADDD    Y1, Y0, Y0
	VPADDD    Y12, Y0, Y0
	VPSRLD    $16, Y0, Y0    // b

	VPMOVZXWD X2, Y2
	VPMOVZXWD X3, Y3
	VPMULLD   Y13, Y2, Y2
	VPMULLD   Y14, Y3, Y3
	VPADDD    Y3, Y2, Y2
	VPADDD    Y12, Y2, Y2
	VPSRLD    $16, Y2, Y2    // a

	VPMOVZXBD (DI), Y4       // pixel
	VPSUBD    Y0, Y4, Y4     // pixel − b
	VPMULLD   Y2, Y4, Y4
	VPMULLD   Y11, Y4, Y4
	VPADDD    Y12, Y4, Y4
	VPSRAD    $16, Y4, Y4
	VPADDD    Y0, Y4, Y4     // b + …, in 0…255

	VEXTRACTI128 $1, Y4, X5
	VPACKUSDW    X5, X4, X4
	VPACKUSWB    X4, X4, X4
	VMOVQ        X4, (DI)

next:
	ADDQ $8, DI
	ADDQ $16, R8
	ADDQ $16, R9
	ADDQ $16, R10
	ADDQ $16, R11
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET
