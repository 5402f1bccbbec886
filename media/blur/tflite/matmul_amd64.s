//go:build amd64

#include "textflag.h"

// func tile4x8(x *float32, xStride uintptr, w *float32, wStride uintptr, k int, bias *float32, out *float32, outStride uintptr)
TEXT ·tile4x8(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), SI
	MOVQ xStride+8(FP), R8
	MOVQ w+16(FP), DI
	MOVQ wStride+24(FP), R9
	MOVQ k+32(FP), CX
	MOVQ bias+40(FP), BX
	MOVQ out+48(FP), DX
	MOVQ outStride+56(FP), R10

	// Four accumulators start at the bias.
	VMOVUPS (BX), Y0
	VMOVAPS Y0, Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y0, Y3

	// Row pointers of x.
	LEAQ (SI)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	LEAQ (R12)(R8*1), R13

loop:
	VMOVUPS      (DI), Y4
	VBROADCASTSS (SI), Y5
	VFMADD231PS  Y4, Y5, Y0
	VBROADCASTSS (R11), Y6
	VFMADD231PS  Y4, Y6, Y1
	VBROADCASTSS (R12), Y7
	VFMADD231PS  Y4, Y7, Y2
	VBROADCASTSS (R13), Y8
	VFMADD231PS  Y4, Y8, Y3
	ADDQ $4, SI
	ADDQ $4, R11
	ADDQ $4, R12
	ADDQ $4, R13
	ADDQ R9, DI
	DECQ CX
	JNZ  loop

	VMOVUPS Y0, (DX)
	ADDQ    R10, DX
	VMOVUPS Y1, (DX)
	ADDQ    R10, DX
	VMOVUPS Y2, (DX)
	ADDQ    R10, DX
	VMOVUPS Y3, (DX)
	VZEROUPPER
	RET
