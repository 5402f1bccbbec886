//go:build amd64

#include "textflag.h"

// func compositeRowAVX2(row *uint8, n int, b0, b1, a0, a1 *uint16, fy uint32)
// Eight pixels at a time, in 32-bit lanes so the result equals the
// portable loop's bit for bit:
//   b = (b0·(256−fy) + b1·fy + 2^15) >> 16
//   a = (a0·(256−fy) + a1·fy + 2^15) >> 16
//   row = b + (((row − b)·a·257 + 2^15) >> 16)   (arithmetic shift)
// n is a multiple of 8. Runs of eight pixels that both alpha rows mark as
// sure person (255·256) are skipped: the formula leaves them unchanged.
TEXT ·compositeRowAVX2(SB), NOSPLIT, $0-52
	MOVQ row+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ b0+16(FP), R8
	MOVQ b1+24(FP), R9
	MOVQ a0+32(FP), R10
	MOVQ a1+40(FP), R11
	SHRQ $3, CX
	JZ   done

	MOVL         fy+48(FP), AX
	MOVL         $256, BX
	SUBL         AX, BX
	MOVL         AX, X0
	VPBROADCASTD X0, Y14     // fy
	MOVL         BX, X0
	VPBROADCASTD X0, Y13     // 256 − fy
	MOVL         $32768, AX
	MOVL         AX, X0
	VPBROADCASTD X0, Y12     // rounding
	MOVL         $257, AX
	MOVL         AX, X0
	VPBROADCASTD X0, Y11     // 257
	MOVL         $0xff00, AX
	MOVL         AX, X0
	VPBROADCASTW X0, X10     // 255·256: alpha of sure person

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
	MOVQ         X4, (DI)

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
